// 1. Generation: TypeScript runtime + CDK infrastructure from the same specs, specgate vs the PDK.
import { pdkGenerate } from "./harness/pdk.mjs";
import { run } from "./harness/proc.mjs";
import { SPECGATE_BIN, specgateGenerate } from "./harness/specgate.mjs";
import { list, table } from "./harness/markdown.mjs";
import { formatBytes, formatMs, formatSummary, median, ratio, summarize } from "./harness/stats.mjs";

const TOOLS = {
  specgate: { label: "specgate", generate: specgateGenerate },
  pdk: { label: "PDK", generate: pdkGenerate },
};

/**
 * cases: [{ id, label, specs: [{ name, file }], iterations }]. Resolves the markdown section, summary
 * lines, and the folders generated per case and tool for the type-checking benchmark.
 */
export async function runGeneration({ cases, workspace, available, log }) {
  const startup = [];
  const specgateStartup = [];
  for (let i = 0; i < 5; i++) {
    startup.push((await run(process.execPath, ["-e", ""])).wallMs);
    // Loads every module `generate` uses, generates nothing.
    if (available.specgate.ok)
      specgateStartup.push((await run(process.execPath, [SPECGATE_BIN, "--version"])).wallMs);
  }
  const results = {};
  for (const testCase of cases) {
    results[testCase.id] = {};
    const tools = Object.keys(TOOLS).filter((tool) => available[tool].ok);
    for (const tool of tools) results[testCase.id][tool] = { totals: [], peakRssKb: 0, perSpec: new Map() };
    for (let iteration = 0; iteration < testCase.iterations; iteration++) {
      // Sides alternate within each iteration so drifting machine load hits both alike.
      for (const tool of iteration % 2 === 0 ? tools : [...tools].reverse()) {
        const result = results[testCase.id][tool];
        let total = 0;
        for (const spec of testCase.specs) {
          const dir = workspace.dir(tool, testCase.id, spec.name);
          const outcome = await TOOLS[tool].generate(spec.file, dir);
          total += outcome.wallMs;
          result.peakRssKb = Math.max(result.peakRssKb, outcome.peakRssKb ?? 0);
          const entry = result.perSpec.get(spec.name) ?? {
            times: [],
            dir,
            ok: outcome.ok,
            error: outcome.error,
          };
          entry.times.push(outcome.wallMs);
          Object.assign(entry, { ok: outcome.ok, error: outcome.error });
          result.perSpec.set(spec.name, entry);
        }
        result.totals.push(total);
        log(`generation ${testCase.id} ${tool} #${iteration + 1}: ${formatMs(total)}`);
      }
    }
  }
  return report(cases, results, available, summarize(startup), summarize(specgateStartup));
}

function report(cases, results, available, startup, specgateStartup) {
  const rows = [
    ["(floor)", '`node -e ""`: Node.js start-up', formatSummary(startup), "", "", ""],
    ...(specgateStartup
      ? [
          [
            "(floor)",
            "`specgate --version`: start-up, every module loaded",
            formatSummary(specgateStartup),
            "",
            "",
            "",
          ],
        ]
      : []),
  ];
  const failures = [];
  const summary = [];
  const generated = {};
  const targets = [];
  for (const testCase of cases) {
    const byTool = results[testCase.id];
    generated[testCase.id] = {};
    const totals = {};
    for (const [tool, result] of Object.entries(byTool)) {
      const entries = [...result.perSpec.entries()];
      const ok = entries.filter(([, entry]) => entry.ok);
      generated[testCase.id][tool] = ok.map(([name, entry]) => ({ name, dir: entry.dir }));
      totals[tool] = summarize(result.totals);
      rows.push([
        testCase.label,
        TOOLS[tool].label,
        formatSummary(totals[tool]),
        testCase.specs.length > 1 ? formatMs(median(entries.map(([, e]) => median(e.times)))) : "",
        `${ok.length}/${entries.length}`,
        formatBytes(result.peakRssKb * 1024),
      ]);
      for (const [name, entry] of entries.filter(([, e]) => !e.ok)) {
        failures.push(`${TOOLS[tool].label}, ${testCase.label}, ${name}: ${entry.error}`);
      }
    }
    for (const tool of Object.keys(TOOLS).filter((t) => !available[t].ok)) {
      rows.push([testCase.label, TOOLS[tool].label, `not available: ${available[tool].reason}`, "", "", ""]);
    }
    if (totals.specgate && totals.pdk) {
      // The fair comparison is over the specs both generate: a failure can be quicker than a success.
      const both = commonSuccesses(byTool);
      const sum = (tool) =>
        both.reduce((total, name) => total + median(byTool[tool].perSpec.get(name).times), 0);
      const counts = `specgate generated ${generated[testCase.id].specgate.length}/${testCase.specs.length}, the PDK ${generated[testCase.id].pdk.length}/${testCase.specs.length}`;
      if (both.length === 0) {
        summary.push(
          `${testCase.label}: ${counts}: no spec both generate, no ratio (total time specgate ` +
            `${formatMs(totals.specgate.median)}, PDK ${formatMs(totals.pdk.median)}, failures included)`,
        );
        targets.push({
          target: "generation 10× faster than the PDK",
          input: testCase.label,
          figure: counts,
          met: undefined,
        });
      } else {
        const factor = sum("pdk") / sum("specgate");
        const processes = startup ? startup.median * both.length : undefined;
        summary.push(
          `${testCase.label}: specgate ${formatMs(sum("specgate"))} vs PDK ${formatMs(sum("pdk"))} over the ` +
            `${both.length} spec(s) both generate: ${ratio(sum("pdk"), sum("specgate"))} faster (${counts})`,
        );
        targets.push({
          target: "generation 10× faster than the PDK",
          input: testCase.label,
          figure: ratio(sum("pdk"), sum("specgate")),
          met: factor >= 10,
          note:
            `each spec costs specgate one Node.js process and the PDK four; Node.js start-up alone is ` +
            `${formatMs(startup?.min)} a process at its fastest and specgate's (\`specgate --version\`, all modules ` +
            `loaded) ${formatMs(specgateStartup?.min)}, so ${formatMs(specgateStartup?.min * both.length)} of specgate's ` +
            `${formatMs(sum("specgate"))} here is start-up, the ratio bound ${ratio(sum("pdk"), specgateStartup?.min * both.length)}. ` +
            "What would move it: less fixed cost per run (module loading, compiling the OpenAPI schema validator), " +
            "which dominates small specs, then the per-operation cost on large ones",
        });
      }
    }
  }
  const markdown = [
    "## 1. Generation",
    "",
    "Time to generate the TypeScript runtime and the CDK infrastructure (with mock data) from one spec, " +
      "whole processes as a user runs them (Node.js start-up included). specgate: `specgate generate --spec S --out D`. " +
      "PDK: its four generate steps, as its projen tasks run them without the `npx` wrapper: `type-safe-api parse-openapi-spec`, " +
      "`type-safe-api generate --templateDirs typescript`, `... --templateDirs typescript-cdk-infrastructure`, " +
      "`type-safe-api generate-mock-data`. Times are the sum over a case's specs, failures included (median (min–max) " +
      "over runs); the comparison below each table counts only the specs both generate.",
    "",
    table(["input", "tool", "total time", "median per spec", "generated", "peak RSS"], rows),
    "",
    summary.length
      ? summary.map((line) => `- ${line}`).join("\n")
      : "- no side-by-side figures (one side not available)",
    "",
    failures.length
      ? `Generation failures (first error line):\n\n${list(failures, 40)}`
      : "No generation failures.",
  ].join("\n");
  return { markdown, summary: summary.map((line) => `generation: ${line}`), generated, targets };
}

function commonSuccesses(byTool) {
  const names = [...byTool.specgate.perSpec.keys()];
  return names.filter((name) => byTool.specgate.perSpec.get(name).ok && byTool.pdk.perSpec.get(name)?.ok);
}
