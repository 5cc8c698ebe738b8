// A CDK app: one Lambda function behind every operation of a spec, with the PDK's TypeSafeRestApi.
// Usage: node pdk-synth.cjs <spec.json> <operation-lookup.json> <outdir>; prints {"loadMs", "synthMs"}:
// time to load the libraries, then to construct and synthesize.
"use strict";
const fs = require("node:fs");
const { performance } = require("node:perf_hooks");
const started = performance.now();
const { App, Stack } = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const { TypeSafeRestApi, Integrations } = require("@aws/pdk/type-safe-api");
const loaded = performance.now();

const [specPath, lookupPath, outdir] = process.argv.slice(2);
const operationLookup = JSON.parse(fs.readFileSync(lookupPath, "utf8"));
const app = new App({ outdir });
const stack = new Stack(app, "Bench");
const handler = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "index.handler",
  code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
});
const integrations = Object.fromEntries(
  Object.keys(operationLookup).map((operationId) => [
    operationId,
    { integration: Integrations.lambda(handler) },
  ]),
);
new TypeSafeRestApi(stack, "Api", { specPath, operationLookup, integrations });
app.synth();
process.stdout.write(
  JSON.stringify({ loadMs: loaded - started, synthMs: performance.now() - loaded }) + "\n",
);
