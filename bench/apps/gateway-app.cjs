// A CDK app with a REST API of two routes, GET /mock (a MOCK integration) and GET /lambda (a Lambda proxy
// integration), both answering {"message":"hello"}: what the local gateway benchmark serves.
// Usage: node gateway-app.cjs <outdir>. Loads aws-cdk-lib from the workspace (the one specgate's packages use).
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");
const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "package.json"));
const { App, Stack, Fn } = requireFromRoot("aws-cdk-lib");
const apigateway = requireFromRoot("aws-cdk-lib/aws-apigateway");
const lambda = requireFromRoot("aws-cdk-lib/aws-lambda");

const BODY = '{"message":"hello"}';
const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, "GatewayBench");
const handler = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "index.handler",
  code: lambda.Code.fromInline(
    `exports.handler = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: ${JSON.stringify(BODY)} });`,
  ),
});
const ok = { description: "OK", content: { "application/json": { schema: { type: "object" } } } };
const spec = {
  openapi: "3.0.3",
  info: { title: "Gateway bench", version: "1.0.0" },
  paths: {
    "/mock": {
      get: {
        operationId: "mock",
        responses: { 200: ok },
        "x-amazon-apigateway-integration": {
          type: "mock",
          requestTemplates: { "application/json": '{"statusCode": 200}' },
          responses: { default: { statusCode: "200", responseTemplates: { "application/json": BODY } } },
        },
      },
    },
    "/lambda": {
      get: {
        operationId: "lambda",
        responses: { 200: ok },
        "x-amazon-apigateway-integration": {
          type: "aws_proxy",
          httpMethod: "POST",
          uri: Fn.sub(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Arn}/invocations",
            { Arn: handler.functionArn },
          ),
        },
      },
    },
  },
};
const api = new apigateway.SpecRestApi(stack, "Api", {
  apiDefinition: apigateway.ApiDefinition.fromInline(spec),
});
handler.grantInvoke(
  new (requireFromRoot("aws-cdk-lib/aws-iam").ServicePrincipal)("apigateway.amazonaws.com"),
);
void api;
app.synth();
