// A CDK app: one Lambda function behind every operation of a spec, with specgate's TypeSafeRestApi.
// Usage: node specgate-synth.cjs <spec.json> <operation-lookup.json> <outdir>; prints {"loadMs", "synthMs"}:
// time to load the libraries, then to construct and synthesize. The operation lookup is left to
// TypeSafeRestApi, which derives it from the spec (generated code would pass its own).
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const started = performance.now();
// The workspace's aws-cdk-lib: the instance @specgate/cdk is built against.
const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "package.json"));
const { App, Stack } = requireFromRoot("aws-cdk-lib");
const lambda = requireFromRoot("aws-cdk-lib/aws-lambda");
const { TypeSafeRestApi, Integrations } = requireFromRoot("@specgate/cdk");
const loaded = performance.now();

const [specPath, lookupPath, outdir] = process.argv.slice(2);
const operationIds = Object.keys(JSON.parse(require("node:fs").readFileSync(lookupPath, "utf8")));
const app = new App({ outdir });
const stack = new Stack(app, "Bench");
const handler = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "index.handler",
  code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
});
const integrations = Object.fromEntries(
  operationIds.map((operationId) => [operationId, { integration: Integrations.lambda(handler) }]),
);
new TypeSafeRestApi(stack, "Api", { spec: specPath, integrations });
app.synth();
process.stdout.write(
  JSON.stringify({ loadMs: loaded - started, synthMs: performance.now() - loaded }) + "\n",
);
