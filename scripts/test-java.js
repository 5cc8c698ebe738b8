#!/usr/bin/env node
"use strict";
/**
 * Runs the Java tests: `mvn test` in every Maven project of the repository, against the specgate-cdk
 * artifact `npm run jsii` built (it installs it into Maven's own repository too).
 */
const path = require("node:path");
const { CDK_DIST, REPO, built, run } = require("./polyglot");

const SCRIPT = "scripts/test-java.js";
const PROJECTS = ["packages/cdk/test/java", "examples/say-hello-java"];

built(SCRIPT, path.join(CDK_DIST, "java", "dev", "specgate", "specgate-cdk", "0.1.0"), "0.1.0.jar");
// The example compiles the package generated beside it, as a user's app does.
run(
  SCRIPT,
  "specgate generate --language java (say-hello)",
  process.execPath,
  [
    ...[path.join(REPO, "packages", "cli", "bin", "specgate.js"), "generate", "--language", "java"],
    ...["--package", "myapi.infra", "--spec", "packages/codegen/test/fixtures/say-hello.yaml"],
    ...["--out", "examples/say-hello-java/generated"],
  ],
  { cwd: REPO },
);
for (const project of PROJECTS) {
  run(SCRIPT, `mvn test (${project})`, "mvn", ["--batch-mode", "--no-transfer-progress", "test"], {
    cwd: path.join(REPO, project),
  });
}
