#!/usr/bin/env node
// Runs every benchmark and writes bench/RESULTS.md (a --smoke run writes bench/results/RESULTS.smoke.md).
//
//   node bench/run.mjs                 the full run (what `npm run bench` at the root does)
//   node bench/run.mjs --smoke         tiny sizes, one iteration: checks the scripts work
//   options: --only=generation,typecheck,synth,gateway,inner-loop   --no-build   --keep (keep the scratch folder)
//            --corpus-limit=N (first N specs of the dev sample)   --out=FILE
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_DIR, REPO_ROOT } from "./harness/paths.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const smoke = flag("smoke");
const only = option("only")?.split(",") ?? ["generation", "typecheck", "synth", "gateway", "inner-loop"];
const log = (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * bench/ is not a workspace: its dependencies (the PDK among them) are installed here, on demand, from
 * its lockfile. `npm install` rather than `npm ci`: npm ci rejects the lockfile over the PDK's bundled
 * dependencies ("Missing: ... from lock file"), while npm install installs exactly what it pins.
 */
function installBenchDependencies() {
  const marker = path.join(BENCH_DIR, "node_modules", ".package-lock.json");
  const lock = path.join(BENCH_DIR, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return undefined;
  log("installing bench/ dependencies (npm install from bench/package-lock.json) ...");
  const started = performance.now();
  const committed = readFileSync(lock);
  const { atime, mtime } = statSync(lock);
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: BENCH_DIR,
    stdio: ["ignore", "ignore", "inherit"],
  });
  // npm install drops the PDK's bundled dependencies from the lockfile, and the next install adds them
  // back: the lockfile stays as committed (and as old), so that a run leaves the checkout clean.
  if (!readFileSync(lock).equals(committed)) {
    writeFileSync(lock, committed);
    utimesSync(lock, atime, mtime);
  }
  if (result.status !== 0) throw new Error("npm install in bench/ failed");
  return performance.now() - started;
}

const installMs = installBenchDependencies();
// Imported only now: they resolve packages from bench/node_modules.
const { formatMs } = await import("./harness/stats.mjs");
const { table } = await import("./harness/markdown.mjs");
const { MEMORY_METHOD } = await import("./harness/proc.mjs");
const { createWorkspace } = await import("./harness/workspace.mjs");
const { pdkAvailable, pdkVersion } = await import("./harness/pdk.mjs");
const specgate = await import("./harness/specgate.mjs");

const startedAt = new Date();
const loadSamples = [os.loadavg()[0]];
const sampler = setInterval(() => loadSamples.push(os.loadavg()[0]), 10_000).unref();
const workspace = createWorkspace({ keep: flag("keep") });
const SMALL_SPEC = path.join(BENCH_DIR, "specs", "small.yaml");

async function availability() {
  const notes = [];
  if (!flag("no-build")) {
    log("building the workspace (tsc -b) ...");
    const build = await specgate.buildSpecgate();
    if (!build.ok)
      notes.push(
        `the workspace build (tsc -b) failed: ${build.error}; specgate's figures use the last build`,
      );
  }
  const generate = await specgate.specgateGenerate(SMALL_SPEC, workspace.dir("specgate", "probe"));
  const available = {
    pdk: pdkAvailable() ? { ok: true } : { ok: false, reason: "@aws/pdk is not installed in bench/" },
    generate: generate.ok
      ? { ok: true }
      : {
          ok: false,
          reason: generate.notAvailable
            ? "`specgate generate` is not available yet"
            : `\`specgate generate\` fails on the small spec: ${generate.error}`,
        },
    cdk: specgate.packageExports("@specgate/cdk", ["TypeSafeRestApi", "Integrations"]),
    local: specgate.packageExports("@specgate/local", ["startLocalGateway"]),
  };
  return { available, notes };
}

function gitDescription() {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    }).trim();
    return `${commit}${dirty ? " (with uncommitted changes)" : ""}`;
  } catch {
    return "unknown";
  }
}

function versionOf(name, from) {
  try {
    return JSON.parse(readFileSync(path.join(from, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
}

function javaVersion() {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  return result.status === 0 ? result.stderr.split("\n")[0] : "not installed";
}

const { available, notes } = await availability();
log(
  `available: ${Object.entries(available)
    .map(([k, v]) => `${k}=${v.ok ? "yes" : v.reason}`)
    .join("; ")}`,
);

const sections = [];
const summaries = [];
const targets = [];
async function section(name, body) {
  if (!only.includes(name)) return;
  const started = performance.now();
  try {
    const result = await body();
    sections.push(result.markdown);
    summaries.push(...result.summary);
    targets.push(...(result.targets ?? []));
    log(`${name} done in ${formatMs(performance.now() - started)}`);
    return result;
  } catch (error) {
    sections.push(`## ${name}\n\nThe benchmark failed: ${error.message}`);
    summaries.push(`${name}: failed: ${error.message}`);
    log(`${name} failed: ${error.stack}`);
  }
}

let cases;
if (only.includes("generation") || only.includes("typecheck")) {
  cases = [
    {
      id: "small",
      label: "small spec (5 operations)",
      specs: [{ name: "small", file: SMALL_SPEC }],
      iterations: smoke ? 1 : 10,
    },
  ];
  if (!smoke) {
    const { ensureCorpus } = await import("./harness/corpus.mjs");
    const corpus = ensureCorpus();
    const limit = Number(option("corpus-limit") ?? corpus.devSample.length);
    const sample = corpus.devSample.slice(0, limit);
    const { writeGithubSubset } = await import("./harness/github-subset.mjs");
    const subsetFile = path.join(workspace.dir("specs", "github"), "api.github.com.routable.json");
    const subset = writeGithubSubset(corpus.github, subsetFile);
    cases.unshift(
      {
        id: "github",
        label: "GitHub REST API (13 MB, as published)",
        specs: [{ name: "github", file: corpus.github }],
        iterations: 3,
      },
      {
        id: "github-routable",
        label: `GitHub REST API, routable subset (${subset.kept} of ${subset.kept + subset.dropped} operations)`,
        specs: [{ name: "github-routable", file: subsetFile }],
        iterations: 3,
      },
    );
    cases.push({
      id: "dev-sample",
      label:
        sample.length === corpus.devSample.length
          ? `dev sample (${sample.length} specs)`
          : `dev sample (first ${sample.length} of ${corpus.devSample.length} specs)`,
      specs: sample,
      iterations: 3,
    });
  }
}
const generationAvailable = { specgate: available.generate, pdk: available.pdk };
const generation = await section("generation", () =>
  // The type-checking benchmark needs generated code: generation runs for it even when not reported.
  (async () => {
    const { runGeneration } = await import("./generation.mjs");
    return runGeneration({ cases, workspace, available: generationAvailable, log });
  })(),
);
await section("typecheck", async () => {
  const { runGeneration } = await import("./generation.mjs");
  const { runTypecheck } = await import("./typecheck.mjs");
  const generated =
    generation?.generated ??
    (await runGeneration({ cases, workspace, available: generationAvailable, log })).generated;
  // One type-check of each of the 124 specs takes long (aws-cdk-lib's declarations every time): once is enough.
  const typecheckCases = cases.map((c) => ({ ...c, iterations: smoke ? 1 : c.specs.length > 1 ? 1 : 3 }));
  return runTypecheck({
    cases: typecheckCases,
    generated,
    available: generationAvailable,
    workspace,
    floors: !smoke,
    log,
  });
});
await section("synth", async () => {
  const { runSynth } = await import("./synth.mjs");
  return runSynth({
    sizes: smoke ? [10] : [10, 100, 1000],
    iterations: smoke ? 1 : 3,
    workspace,
    available: { specgate: available.cdk, pdk: available.pdk },
    floors: !smoke,
    log,
  });
});
await section("gateway", async () => {
  const { runGateway } = await import("./gateway.mjs");
  return runGateway({
    connections: smoke ? [1] : [1, 16, 64],
    seconds: smoke ? 1 : 5,
    iterations: smoke ? 1 : 3,
    workspace,
    available: { specgate: available.local },
    log,
  });
});
await section("inner-loop", async () => {
  const { runInnerLoop } = await import("./inner-loop.mjs");
  return runInnerLoop({ iterations: smoke ? 1 : 3, workspace, available: { local: available.local }, log });
});
clearInterval(sampler);
loadSamples.push(os.loadavg()[0]);

const finishedAt = new Date();
const cpus = os.cpus();
const peakLoad = Math.max(...loadSamples);
const meanLoad = loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length;
const header = [
  `# specgate benchmarks${smoke ? " (smoke run: tiny sizes, one iteration; not figures to quote)" : ""}`,
  "",
  `Written by \`node bench/run.mjs${args.length ? ` ${args.join(" ")}` : ""}\` (\`npm run bench\` at the root). ` +
    "Every figure is from this one run: specgate and its anchors measured side by side, alternating, on the same machine.",
  "",
  table(
    ["", ""],
    [
      [
        "date",
        `${startedAt.toISOString()} to ${finishedAt.toISOString()} (${formatMs(finishedAt - startedAt)})`,
      ],
      [
        "machine",
        `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
      ],
      [
        "machine load",
        `1-minute load average ${loadSamples[0].toFixed(2)} at the start, mean ${meanLoad.toFixed(2)}, peak ${peakLoad.toFixed(2)} ` +
          `(sampled every 10 s) on ${cpus.length} cores, the benchmark's own processes included (type-checks and ` +
          "autocannon keep every core busy)" +
          (loadSamples[0] > cpus.length * 0.5
            ? ": the machine was already busy when the run started, figures are noisy"
            : ""),
      ],
      ["Node.js", process.version],
      ["specgate", `${specgate.specgateVersion()} at ${gitDescription()}`],
      ["@aws/pdk", versionOf("@aws/pdk", BENCH_DIR)],
      [
        "aws-cdk-lib",
        `${versionOf("aws-cdk-lib", REPO_ROOT)} (workspace), ${versionOf("aws-cdk-lib", BENCH_DIR)} (bench/, for the PDK)`,
      ],
      ["TypeScript", versionOf("typescript", BENCH_DIR)],
      ["autocannon", versionOf("autocannon", BENCH_DIR)],
      ["Java", `${javaVersion()} (not used: the PDK's TypeScript generators run on Node.js)`],
      ["peak memory", MEMORY_METHOD],
      ...(installMs !== undefined
        ? [["bench/ install", `npm install took ${formatMs(installMs)} in this run`]]
        : []),
    ],
  ),
  ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
];
const targetSection = [
  "## Targets",
  "",
  targets.length
    ? table(
        ["target", "input", "figure", "status", "what bounds it"],
        targets.map((t) => [
          t.target,
          t.input,
          t.figure,
          t.met === undefined ? "not measurable" : t.met ? "met" : "missed",
          t.met ? "" : (t.note ?? ""),
        ]),
      )
    : "No target could be checked: no side-by-side figures in this run.",
];
const output =
  option("out") ??
  (smoke ? path.join(BENCH_DIR, "results", "RESULTS.smoke.md") : path.join(BENCH_DIR, "RESULTS.md"));
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, [...header, "", ...targetSection, "", ...sections.flatMap((s) => [s, ""])].join("\n"));
console.log(
  [
    "specgate benchmarks",
    ...summaries.map((line) => `  ${line}`),
    `written to ${path.relative(process.cwd(), output)}`,
  ].join("\n"),
);
