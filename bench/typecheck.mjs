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
  // The floor is measured between the iterations of the single-spec cases, so that it sees the same load.
  const floorDir = floors ? prepareFloor(workspace) : undefined;
  const floorTimes = [];
  for (const testCase of cases) {
    const byTool = {};
    const tools = Object.keys(TOOLS).filter(
      (tool) => available[tool].ok && generated[testCase.id]?.[tool]?.length > 0,
    );
    for (const tool of tools) byTool[tool] = { totals: [], peakRssKb: 0, perSpec: new Map() };
    for (let iteration = 0; iteration < testCase.iterations; iteration++) {
      if (floorDir && testCase.specs.length === 1) {
        const result = await tsc(["-p", path.join(floorDir, "tsconfig.json")], { cwd: floorDir });
        if (result.ok) floorTimes.push(result.wallMs);
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
            `the PDK's infrastructure loads aws-cdk-lib's declarations, and so does specgate's code wherever it ` +
              `imports aws-cdk-lib: a file that only imports it takes ${formatMs(floor.min)} at its fastest, ` +
              `${formatMs(floor.min * names.length)} for these ${names.length} spec(s) against the PDK's ${formatMs(sum("pdk"))} ` +
              `and specgate's ${formatMs(sum("specgate"))}. What would move it: fewer declarations ` +
              "pulled in above the floor (generated infrastructure importing only the aws-cdk-lib modules it uses, " +
              "smaller declaration files of @specgate/runtime and @specgate/cdk), not the generated types themselves",
        });
      }
    }
  }
  const floor = summarize(floorTimes);
  if (floorDir) {
    log(`typecheck floor: ${formatMs(floor?.median)}`);
    rows.unshift(["(floor)", "a file that imports aws-cdk-lib", formatSummary(floor), "", "", "", ""]);
  }
  for (const target of targets) target.note = target.note(floor);
  const markdown = [
    "## 2. Type-checking",
    "",
    "The floor row is a one-line file importing aws-cdk-lib and constructs, checked under specgate's options " +
      "between the runs of the single-spec inputs: the part of every CDK type-check that neither generator controls.",
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

/** A file that only imports aws-cdk-lib, under specgate's options: what any generated CDK code pays first. */
function prepareFloor(workspace) {
  const dir = workspace.dir("specgate", "typecheck-floor");
  writeFileSync(
    path.join(dir, "index.ts"),
    'import { Stack } from "aws-cdk-lib";\nimport { Construct } from "constructs";\n' +
      'export const make = (scope: Construct): Stack => new Stack(scope, "Floor");\n',
  );
  writeTsconfig(dir, { compilerOptions: STRICT_OPTIONS, include: ["index.ts"] });
  return dir;
}
