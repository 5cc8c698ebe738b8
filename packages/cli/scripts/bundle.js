#!/usr/bin/env node
"use strict";
/**
 * Bundles the built CLI (lib/main.js and the packages `generate` runs) into lib/bundle/specgate.js with
 * esbuild, then writes a V8 code cache of it, taken after one `specgate generate` of a small model.
 * bin/specgate.js loads the bundle while no file it was built from is newer, else lib/main.js.
 * Run after `tsc -b` (the root `npm run build` does both). `--out-dir <dir>` writes it elsewhere (tests).
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const entry = path.join(root, "lib", "main.js");
const loaderFile = path.join(root, "lib", "bundle-loader.js");

/**
 * commander loads node:child_process (milliseconds) for executable subcommands, which specgate has
 * none of: in the bundle it gets the module on first use instead.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`)
        ? { path: "child_process", namespace: "lazy-builtin" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents:
        'let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require("node:child_process"))[key] });',
      loader: "js",
    }));
  },
};

/**
 * The file whose change makes the bundle out of date, for one of its inputs: the input itself (tsc
 * rewrites only the outputs that change), but for dependencies npm's record of node_modules, which npm
 * rewrites on every install: statting a hundred files of node_modules would cost each run a millisecond.
 */
function markerOf(file) {
  if (!file.includes(`${path.sep}node_modules${path.sep}`)) return file;
  for (let folder = path.dirname(file); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const record = path.join(folder, "node_modules", ".package-lock.json");
    if (fs.existsSync(record)) return record;
  }
  return file;
}

/** Runs the bundle once, in a fresh process, and writes the code cache of what that run compiled. */
function warmUp(dir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-warm-up-"));
  const script = `
const bundle = require(${JSON.stringify(loaderFile)}).loadBundle(${JSON.stringify(dir)});
if (!bundle) throw new Error("the bundle just written is not current");
const argv = ["node", "specgate", "generate", "--spec", ${JSON.stringify(path.join(__dirname, "warm-up.yaml"))},
  "--out", ${JSON.stringify(path.join(scratch, "generated"))}, "--all-handlers"];
bundle.main(argv).then((code) => {
  if (code !== 0) throw new Error("specgate generate failed on scripts/warm-up.yaml: " + code);
  bundle.writeCodeCache();
});
`;
  // Without NODE_OPTIONS: V8 rejects a cache taken under other flags than the runs that load it.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  try {
    return spawnSync(process.execPath, ["-e", script], { cwd: scratch, env, encoding: "utf8" });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const outDirFlag = process.argv.indexOf("--out-dir");
  const dir = outDirFlag > 0 ? path.resolve(process.argv[outDirFlag + 1]) : path.join(root, "lib", "bundle");
  if (!fs.existsSync(entry) || !fs.existsSync(loaderFile)) {
    throw new Error(`${entry} is missing: run \`npx tsc -b packages/cli\` first`);
  }
  const { BUILT_FROM_FILE, BUNDLE_FILE, CACHE_FILE } = require(loaderFile);

  // Nothing of the previous bundle may outlive this build: a cache must never meet another bundle.
  for (const file of [BUNDLE_FILE, CACHE_FILE, BUILT_FROM_FILE]) {
    fs.rmSync(path.join(dir, file), { force: true });
  }
  fs.mkdirSync(dir, { recursive: true });

  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // `serve` loads the local gateway from node_modules when it runs: it is large and `generate` never needs
    // it. The Swagger 2.0 converter, too, is loaded from node_modules only for a Swagger document.
    external: ["@specgate/local", "swagger2openapi"],
    // Without comments the bundle is ASCII and half the size: faster to read and to check against its
    // cache. Names are kept, for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [lazyChildProcessForCommander],
    outfile: path.join(dir, BUNDLE_FILE),
    write: false,
    metafile: true,
    logLevel: "warning",
    absWorkingDir: root,
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes(":"));
  const markers = new Set(inputs.map((input) => markerOf(path.resolve(root, input))));
  const builtFrom = [...markers].map((file) => path.relative(dir, file).split(path.sep).join("/")).sort();
  fs.writeFileSync(path.join(dir, BUILT_FROM_FILE), `${JSON.stringify(builtFrom, null, 2)}\n`);
  const [bundle] = result.outputFiles;
  fs.writeFileSync(bundle.path, bundle.contents);

  const run = warmUp(dir);
  if (run.status !== 0 || !fs.existsSync(path.join(dir, CACHE_FILE))) {
    throw new Error(`warming up the bundle failed:\n${run.stderr}${run.stdout}`);
  }
  const size = (file) => `${Math.round(fs.statSync(path.join(dir, file)).size / 1024)} KiB`;
  console.log(
    `wrote ${path.relative(process.cwd(), path.join(dir, BUNDLE_FILE))} (${size(BUNDLE_FILE)}, from ${inputs.length} files) and its code cache (${size(CACHE_FILE)})`,
  );
}

main().catch((error) => {
  console.error(`scripts/bundle.js: ${error.message}`);
  process.exitCode = 1;
});
