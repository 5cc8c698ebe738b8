// The floor under both synth figures: an app with just the Lambda function, no API.
// Usage: node floor-synth.cjs <ignored> <ignored> <outdir>; prints {"loadMs", "synthMs"}.
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const started = performance.now();
const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "package.json"));
const { App, Stack } = requireFromRoot("aws-cdk-lib");
const lambda = requireFromRoot("aws-cdk-lib/aws-lambda");
const loaded = performance.now();

const app = new App({ outdir: process.argv[4] });
const stack = new Stack(app, "Bench");
new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "index.handler",
  code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
});
app.synth();
process.stdout.write(
  JSON.stringify({ loadMs: loaded - started, synthMs: performance.now() - loaded }) + "\n",
);
