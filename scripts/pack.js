#!/usr/bin/env node
"use strict";
/**
 * Packs specgate's six packages with `npm pack` into one folder (default: .tmp/packages), as npm would
 * publish them: `npx specgate init my-api --packages <folder>` then installs them from there.
 * Run after `npm run build`. Prints the folder, then one tarball a line.
 *
 *   node scripts/pack.js [<folder>]
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const PACKAGES = ["model", "runtime", "cdk", "codegen", "local", "cli"];

function pack(folder) {
  const out = path.resolve(folder);
  for (const name of PACKAGES) {
    const lib = path.join(root, "packages", name, "lib", "index.js");
    if (!fs.existsSync(lib)) throw new Error(`${lib} is missing: run \`npm run build\` first`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const workspaces = PACKAGES.flatMap((name) => ["--workspace", `packages/${name}`]);
  const output = execFileSync("npm", ["pack", ...workspaces, "--pack-destination", out, "--json"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output).map((entry) => path.join(out, entry.filename));
}

module.exports = { pack, PACKAGES };

if (require.main === module) {
  try {
    const tarballs = pack(process.argv[2] ?? path.join(root, ".tmp", "packages"));
    console.log(path.dirname(tarballs[0]));
    for (const tarball of tarballs) console.log(`  ${path.basename(tarball)}`);
  } catch (error) {
    console.error(`scripts/pack.js: ${error.message}`);
    process.exitCode = 1;
  }
}
