// 2. Type-checking: `tsc --noEmit` time and peak memory on the code each generator wrote.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pdkTypecheck } from "./harness/pdk.mjs";
import { STRICT_OPTIONS, specgateTypecheck } from "./harness/specgate.mjs";
import { tsc, writeTsconfig } from "./harness/typescript.mjs";
import { list, table } from "./harness/markdown.mjs";
import { formatBytes, formatMs, formatSummary, median, ratio, summarize } from "./harness/stats.mjs";

const TOOLS = {
  specgate: { label: "specgate (strict)", check: specgateTypecheck },
  pdk: { label: "PDK (its own options)", check: pdkTypecheck },
};

/** cases: [{ id, label, iterations }]; generated: { [caseId]: { [tool]: [{ name, dir }] } } from generation. */
export async function runTypecheck({ cases, generated, available, workspace, floors = true, log }) {
  const rows = [];
  const failures = [];
  const summary = [];
  const targets = [];
  // The floors are measured between the iterations of the single-spec cases, so that they see the same load.
  const floorDirs = floors ? prepareFloors(workspace) : undefined;
  const floorTimes = Object.fromEntries(FLOORS.map((floor) => [floor.id, []]));
  for (const testCase of cases) {
    const byTool = {};
    const tools = Object.keys(TOOLS).filter(
      (tool) => available[tool].ok && generated[testCase.id]?.[tool]?.length > 0,
    );
    for (const tool of tools) byTool[tool] = { totals: [], peakRssKb: 0, perSpec: new Map() };
    for (let iteration = 0; iteration < testCase.iterations; iteration++) {
      if (floorDirs && testCase.specs.length === 1) {
        for (const floor of FLOORS) {
          const dir = floorDirs[floor.id];
          const result = await tsc(["-p", path.join(dir, "tsconfig.json")], { cwd: dir });
          if (result.ok) floorTimes[floor.id].push(result.wallMs);
        }
      }
      for (const tool of iteration % 2 === 0 ? tools : [...tools].reverse()) {
        const result = byTool[tool];
        let total = 0;
        for (const { name, dir } of generated[testCase.id][tool]) {
          const outcome = await TOOLS[tool].check(dir);
          total += outcome.wallMs;
          result.peakRssKb = Math.max(result.peakRssKb, outcome.peakRssKb ?? 0);
          const entry = result.perSpec.get(name) ?? { times: [] };
          entry.times.push(outcome.wallMs);
          Object.assign(entry, { ok: outcome.ok, error: outcome.error, peakRssKb: outcome.peakRssKb });
          result.perSpec.set(name, entry);
        }
        result.totals.push(total);
        log(`typecheck ${testCase.id} ${tool} #${iteration + 1}: ${formatMs(total)}`);
      }
    }
    const totals = {};
    for (const [tool, result] of Object.entries(byTool)) {
      const entries = [...result.perSpec.entries()];
      const passed = entries.filter(([, entry]) => entry.ok).length;
      totals[tool] = summarize(result.totals);
      rows.push([
        testCase.label,
        TOOLS[tool].label,
        formatSummary(totals[tool]),
        entries.length > 1 ? formatMs(median(entries.map(([, e]) => median(e.times)))) : "",
        `${passed}/${entries.length}`,
        formatBytes(result.peakRssKb * 1024),
        entries.length > 1 ? formatBytes(median(entries.map(([, e]) => e.peakRssKb ?? 0)) * 1024) : "",
      ]);
      for (const [name, entry] of entries.filter(([, e]) => !e.ok)) {
        failures.push(`${TOOLS[tool].label}, ${testCase.label}, ${name}: ${entry.error}`);
      }
    }
    for (const tool of Object.keys(TOOLS).filter((t) => !tools.includes(t))) {
      const reason = available[tool].ok ? "nothing generated" : `not available: ${available[tool].reason}`;
      rows.push([testCase.label, TOOLS[tool].label, reason, "", "", "", ""]);
    }
    if (byTool.specgate && byTool.pdk) {
      const names = [...byTool.specgate.perSpec.keys()].filter((name) => byTool.pdk.perSpec.has(name));
      const sum = (tool) =>
        names.reduce((total, name) => total + median(byTool[tool].perSpec.get(name).times), 0);
      if (names.length) {
        summary.push(
          `${testCase.label}: specgate ${formatMs(sum("specgate"))} vs PDK ${formatMs(sum("pdk"))} over the ` +
            `${names.length} spec(s) both generated (${ratio(sum("pdk"), sum("specgate"))} faster); peak RSS ` +
            `${formatBytes(byTool.specgate.peakRssKb * 1024)} vs ${formatBytes(byTool.pdk.peakRssKb * 1024)}`,
        );
        targets.push({
          target: "generated code type-checks 3× faster",
          input: testCase.label,
          figure: ratio(sum("pdk"), sum("specgate")),
          met: sum("pdk") / sum("specgate") >= 3,
          note: (floor) =>
            floor &&
            `both sides pay for aws-cdk-lib's declarations: the PDK's infrastructure imports aws-cdk-lib whole ` +
              `(a file that only does that: ${formatMs(floor.root.min)} at its fastest), specgate's declarations ` +
              `import aws-cdk-lib/aws-apigateway, whose SpecRestApi the generated Api extends (a file that only ` +
              `imports that module: ${formatMs(floor.apigateway.min)}). Over these ${names.length} spec(s) that ` +
              `floor is ${formatMs(floor.apigateway.min * names.length)} of specgate's ${formatMs(sum("specgate"))}, ` +
              `against the PDK's ${formatMs(sum("pdk"))}. What would move it: a public API of @specgate/cdk that ` +
              "does not expose aws-apigateway's types, which users of SpecRestApi expect; not the generated types",
        });
      }
    }
  }
  const floor = floorDirs
    ? Object.fromEntries(FLOORS.map(({ id }) => [id, summarize(floorTimes[id])]))
    : undefined;
  if (floor) {
    for (const { id, label } of [...FLOORS].reverse()) {
      log(`typecheck floor (${id}): ${formatMs(floor[id]?.median)}`);
      rows.unshift(["(floor)", label, formatSummary(floor[id]), "", "", "", ""]);
    }
  }
  const floorKnown = floor && FLOORS.every(({ id }) => floor[id]);
  for (const target of targets) target.note = target.note(floorKnown ? floor : undefined);
  const markdown = [
    "## 2. Type-checking",
    "",
    "The floor rows are one-line files, checked under specgate's options between the runs of the single-spec " +
      "inputs: one imports aws-cdk-lib whole (as the PDK's infrastructure does), one imports only " +
      "aws-cdk-lib/aws-apigateway (the one module specgate's declarations import). They are the part of a CDK " +
      "type-check that neither generator's own code controls.",
    "",
    "`tsc --noEmit` (TypeScript of bench/package.json for both) over the code generated in benchmark 1. specgate: " +
      "one program over its runtime, infrastructure and handler stubs under `strict`, resolving `@specgate/*` from " +
      "the built workspace. PDK: its runtime project under the runtime's relaxed options, then its infrastructure " +
      "project under projen's strict defaults against the runtime's declarations (emitted in between, not timed); " +
      "both with `skipLibCheck` as the PDK sets it. Times are sums over the case's generated specs.",
    "",
    table(
      [
        "input",
        "tool",
        "total time",
        "median per spec",
        "type-checks",
        "peak RSS (max)",
        "peak RSS (median)",
      ],
      rows,
    ),
    "",
    summary.length
      ? summary.map((line) => `- ${line}`).join("\n")
      : "- no side-by-side figures (one side not available)",
    "",
    failures.length ? `Type errors (first diagnostic):\n\n${list(failures, 40)}` : "No type errors.",
  ].join("\n");
  return { markdown, summary: summary.map((line) => `typecheck: ${line}`), targets };
}

const FLOORS = [
  {
    id: "root",
    label: "a file that imports aws-cdk-lib",
    source:
      'import { Stack } from "aws-cdk-lib";\nimport { Construct } from "constructs";\n' +
      'export const make = (scope: Construct): Stack => new Stack(scope, "Floor");\n',
  },
  {
    id: "apigateway",
    label: "a file that imports aws-cdk-lib/aws-apigateway",
    source:
      'import { SpecRestApi } from "aws-cdk-lib/aws-apigateway";\n' + "export type Floor = SpecRestApi;\n",
  },
];

/** One-file programs under specgate's options: what generated CDK code pays before any of its own types. */
function prepareFloors(workspace) {
  const dirs = {};
  for (const floor of FLOORS) {
    const dir = workspace.dir("specgate", `typecheck-floor-${floor.id}`);
    writeFileSync(path.join(dir, "index.ts"), floor.source);
    writeTsconfig(dir, { compilerOptions: STRICT_OPTIONS, include: ["index.ts"] });
    dirs[floor.id] = dir;
  }
  return dirs;
}
