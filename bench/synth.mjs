// 3. Synth: a CDK app with one Lambda function behind every operation of an N-operation API,
// specgate's TypeSafeRestApi vs the PDK's, each in its own process.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./harness/paths.mjs";
import { firstErrorLine, run } from "./harness/proc.mjs";
import { list, table } from "./harness/markdown.mjs";
import { writeSyntheticSpec } from "./harness/specs.mjs";
import { formatBytes, formatMs, formatNumber, formatSummary, ratio, summarize } from "./harness/stats.mjs";

const TOOLS = {
  floor: { label: "(floor) the Lambda function alone", app: path.join(BENCH_DIR, "apps", "floor-synth.cjs") },
  specgate: { label: "specgate", app: path.join(BENCH_DIR, "apps", "specgate-synth.cjs") },
  pdk: { label: "PDK", app: path.join(BENCH_DIR, "apps", "pdk-synth.cjs") },
};

/** sizes: operation counts; iterations per size. */
export async function runSynth({ sizes, iterations, workspace, available: given, floors = true, log }) {
  const available = { ...given, floor: floors ? { ok: true } : { ok: false, reason: "skipped" } };
  const rows = [];
  const summary = [];
  const failures = [];
  const resourceRows = [];
  const targets = [];
  let floor;
  for (const size of sizes) {
    const specDir = workspace.dir("specs", `synth-${size}`);
    const { specFile, lookupFile } = writeSyntheticSpec(specDir, size);
    // The floor is measured beside every size, so that it sees the same machine load.
    const tools = Object.keys(TOOLS).filter((tool) => available[tool].ok);
    const byTool = Object.fromEntries(
      tools.map((tool) => [tool, { wall: [], synth: [], load: [], rss: [] }]),
    );
    for (let iteration = 0; iteration < iterations; iteration++) {
      for (const tool of iteration % 2 === 0 ? tools : [...tools].reverse()) {
        const outdir = path.join(workspace.dir(tool, `synth-${size}`), "cdk.out");
        const result = await run(process.execPath, [TOOLS[tool].app, specFile, lookupFile, outdir], {
          cwd: path.dirname(outdir),
        });
        const entry = byTool[tool];
        if (!result.ok) {
          entry.error = firstErrorLine(result);
          log(`synth ${size} ${tool} #${iteration + 1}: failed: ${entry.error}`);
          continue;
        }
        const reported = JSON.parse(result.stdout.trim().split("\n").pop());
        entry.wall.push(result.wallMs);
        entry.synth.push(reported.synthMs);
        entry.load.push(reported.loadMs);
        entry.rss.push(result.peakRssKb);
        entry.template = inspectAssembly(outdir);
        log(`synth ${size} ${tool} #${iteration + 1}: ${formatMs(result.wallMs)}`);
      }
    }
    for (const tool of Object.keys(TOOLS)) {
      if (tool === "floor" && !tools.includes(tool)) continue;
      if (!available[tool].ok) {
        rows.push([size, TOOLS[tool].label, `not available: ${available[tool].reason}`, "", "", "", "", ""]);
        continue;
      }
      const entry = byTool[tool];
      if (entry.wall.length === 0) {
        rows.push([size, TOOLS[tool].label, "failed", "", "", "", "", ""]);
        failures.push(`${TOOLS[tool].label}, ${size} operations: ${entry.error}`);
        continue;
      }
      entry.wallSummary = summarize(entry.wall);
      entry.synthSummary = summarize(entry.synth);
      rows.push([
        size,
        TOOLS[tool].label,
        formatSummary(entry.wallSummary),
        formatSummary(entry.synthSummary),
        formatBytes(summarize(entry.rss)?.median * 1024),
        formatBytes(entry.template.templateBytes),
        formatBytes(entry.template.assetBytes),
        formatNumber(entry.template.resourceCount),
      ]);
      resourceRows.push([
        size,
        TOOLS[tool].label,
        Object.entries(entry.template.byType)
          .sort((a, b) => b[1] - a[1])
          .map(([type, count]) => `${type.replace(/^AWS::/, "")} ${count}`)
          .join(", "),
      ]);
    }
    floor = byTool.floor?.wallSummary ? byTool.floor : undefined;
    if (available.specgate.ok && available.pdk.ok && !byTool.specgate.wallSummary && byTool.pdk.wallSummary) {
      summary.push(`${size} operations: specgate did not synthesize (${byTool.specgate.error}); the PDK did`);
      targets.push({
        target: "synth no slower than the PDK",
        input: `${size} operations`,
        figure: "specgate failed",
        met: false,
        note:
          `specgate: ${byTool.specgate.error} The spec goes inline into the template (no deploy-time custom ` +
          "resource), so one API is bounded by CloudFormation's template size; the PDK uploads it as an S3 asset. " +
          "What would move it: taking the spec out of the template body above the limit (an `AWS::Include` " +
          "transform of an S3-hosted spec, which the local gateway already reads), or one API per stack",
      });
    }
    const [ours, theirs] = [byTool.specgate, byTool.pdk];
    if (ours?.wallSummary && theirs?.wallSummary) {
      summary.push(
        `${size} operations: specgate ${formatMs(ours.wallSummary.median)} vs PDK ${formatMs(theirs.wallSummary.median)} ` +
          `whole process (${ratio(theirs.wallSummary.median, ours.wallSummary.median)}), construct+synth ` +
          `${formatMs(ours.synthSummary.median)} vs ${formatMs(theirs.synthSummary.median)} ` +
          `(${ratio(theirs.synthSummary.median, ours.synthSummary.median)}); resources ${ours.template.resourceCount} vs ` +
          `${theirs.template.resourceCount}; template ${formatBytes(ours.template.templateBytes)} vs ` +
          `${formatBytes(theirs.template.templateBytes)}`,
      );
      targets.push({
        target: "synth no slower than the PDK",
        input: `${size} operations`,
        figure: `${formatMs(ours.wallSummary.median)} vs ${formatMs(theirs.wallSummary.median)}`,
        met: ours.wallSummary.median <= theirs.wallSummary.median,
        note:
          floor &&
          `an app with only the Lambda function takes ${formatMs(floor.wallSummary.min)} at its fastest ` +
            "(aws-cdk-lib's construction, synth and template validation), common to both; above it specgate takes " +
            `${formatMs(ours.wallSummary.median - floor.wallSummary.min)}, ` +
            `the PDK ${formatMs(theirs.wallSummary.median - floor.wallSummary.min)}. specgate loads and validates the ` +
            "spec and renders every integration into it at synth, where the PDK defers that to a custom resource at " +
            "deploy time; what would move it: less work in those two steps (`loadModelSync` validating the spec, " +
            "`prepareApiSpec` rendering it), which are specgate's only synth work beyond aws-cdk-lib's own",
      });
      targets.push({
        target: "fewer resources than the PDK",
        input: `${size} operations`,
        figure: `${ours.template.resourceCount} vs ${theirs.template.resourceCount}`,
        met: ours.template.resourceCount < theirs.template.resourceCount,
      });
    }
  }
  const markdown = [
    "## 3. Synth",
    "",
    "A CDK app (one stack) with an API of N operations (four per resource: list, create, get, update; JSON " +
      "bodies), every operation integrated with the same Lambda function (inline code, so no bundling is timed). " +
      "Whole process: `node app.cjs` start to exit (library loading, construction, `app.synth()`); construct+synth " +
      "starts after the top-level requires (aws-cdk-lib loads its modules lazily, so most of its loading still falls in it). " +
      "The floor row is the same app without an API. Template size is the stack's template file; assets are the other files " +
      "synth writes into cdk.out that deploy uploads (the PDK keeps the spec in an S3 asset and prepares it in a " +
      "custom resource at deploy time; specgate inlines it into the template). Both use the workspace's aws-cdk-lib version.",
    "",
    table(
      [
        "operations",
        "tool",
        "whole process",
        "construct+synth",
        "peak RSS",
        "template",
        "assets",
        "resources",
      ],
      rows,
    ),
    "",
    "Resources by type:",
    "",
    table(["operations", "tool", "resources"], resourceRows),
    "",
    summary.length
      ? summary.map((line) => `- ${line}`).join("\n")
      : "- no side-by-side figures (one side not available)",
    ...(failures.length ? ["", `Synth failures:\n\n${list(failures)}`] : []),
  ].join("\n");
  return { markdown, summary: summary.map((line) => `synth: ${line}`), targets };
}

/** Template size, resource counts and the size of everything else synth wrote (assets). */
function inspectAssembly(outdir) {
  const templateFile = readdirSync(outdir).find((name) => name.endsWith(".template.json"));
  const template = JSON.parse(readFileSync(path.join(outdir, templateFile), "utf8"));
  const byType = {};
  for (const resource of Object.values(template.Resources ?? {}))
    byType[resource.Type] = (byType[resource.Type] ?? 0) + 1;
  const assetBytes = readdirSync(outdir)
    .filter((name) => name.startsWith("asset."))
    .reduce((total, name) => total + sizeOf(path.join(outdir, name)), 0);
  return {
    templateBytes: statSync(path.join(outdir, templateFile)).size,
    assetBytes,
    resourceCount: Object.values(byType).reduce((a, b) => a + b, 0),
    byType,
  };
}

function sizeOf(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(file).reduce((total, name) => total + sizeOf(path.join(file, name)), 0);
}
