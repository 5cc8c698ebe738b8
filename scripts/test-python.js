#!/usr/bin/env node
"use strict";
/**
 * Runs the Python tests: makes .tmp/venv with the pinned requirements (again only when they change),
 * installs the specgate-cdk wheel `npm run jsii` built, and runs pytest on every Python test folder.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { CDK_DIST, REPO, built, run } = require("./polyglot");

const SCRIPT = "scripts/test-python.js";
const VENV = path.join(REPO, ".tmp", "venv");
const REQUIREMENTS = [
  "packages/cdk/test/python/requirements.txt",
  "examples/say-hello-python/requirements.txt",
];
const TESTS = ["packages/cdk/test/python", "packages/codegen/test/python", "examples/say-hello-python"];

const wheels = path.join(CDK_DIST, "python");
const wheel = built(SCRIPT, wheels, ".whl");
const python = path.join(VENV, "bin", "python");
const stamp = path.join(VENV, "requirements.sha256");
const hash = crypto.createHash("sha256");
for (const file of REQUIREMENTS) hash.update(fs.readFileSync(path.join(REPO, file)));
const wanted = hash.digest("hex");

if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== wanted) {
  fs.rmSync(VENV, { recursive: true, force: true });
  run(SCRIPT, "python3 -m venv", "python3", ["-m", "venv", VENV]);
  run(SCRIPT, "pip install (pinned requirements)", python, [
    ...["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--find-links", wheels],
    ...REQUIREMENTS.flatMap((file) => ["-r", path.join(REPO, file)]),
  ]);
  fs.writeFileSync(stamp, wanted);
}
// The wheel keeps its version from build to build: pip replaces it only when told to.
run(SCRIPT, "pip install specgate-cdk", python, [
  ...[
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--force-reinstall",
    "--no-deps",
    wheel,
  ],
]);
// The example imports the package generated beside it, as a user's app does.
run(
  SCRIPT,
  "specgate generate --language python (say-hello)",
  process.execPath,
  [
    ...[path.join(REPO, "packages", "cli", "bin", "specgate.js"), "generate", "--language", "python"],
    ...[
      "--spec",
      "packages/codegen/test/fixtures/say-hello.yaml",
      "--out",
      "examples/say-hello-python/myapi_infra",
    ],
  ],
  { cwd: REPO },
);
run(SCRIPT, "pytest", python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", ...TESTS], { cwd: REPO });
