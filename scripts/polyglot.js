"use strict";
/**
 * What the Python and Java test runners share: where the jsii bindings are, the environment that
 * keeps their Node.js process quiet, and running a command with its time printed.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.join(__dirname, "..");
const CDK_DIST = path.join(REPO, "packages", "cdk", "dist");

/** The jsii runtime of Java and Python apps runs on Node.js, which warns at length on Node.js 20. */
const ENV = {
  ...process.env,
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1",
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "1",
};

function fail(script, message) {
  console.error(`${script}: ${message}`);
  process.exit(1);
}

/** Runs a command, its output shown; exits with its status when it fails. */
function run(script, label, command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: ENV, ...options });
  if (result.error) fail(script, `${label}: ${result.error.message}`);
  if (result.status !== 0) fail(script, `${label} failed (exit code ${result.status})`);
  console.log(`${script}: ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The one file of `dir` whose name ends with `suffix`, or an error saying to build the bindings. */
function built(script, dir, suffix) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith(suffix)) : [];
  if (files.length !== 1)
    fail(script, `no ${suffix} in ${path.relative(REPO, dir)}: run \`npm run jsii\` first`);
  return path.join(dir, files[0]);
}

module.exports = { CDK_DIST, ENV, REPO, built, fail, run };
