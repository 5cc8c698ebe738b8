import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3assets from "aws-cdk-lib/aws-s3-assets";
import { Construct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalGatewayError, startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, lambdaIntegration, specApi, synth, tempDir } from "./helpers";

const handlers = join(__dirname, "fixtures", "handlers");

const mockGet = (body: string): Record<string, unknown> => ({
  get: {
    operationId: "get",
    responses: {
      "200": {
        description: "ok",
        content: {
          "application/json": {
            schema: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
          },
        },
      },
    },
    "x-amazon-apigateway-integration": {
      type: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      responses: { default: { statusCode: "200", responseTemplates: { "application/json": body } } },
    },
  },
});

/** An app with two stacks: a Lambda API (no asset metadata: code found through the assets manifest), and an API whose spec is included from S3. */
function twoApiApp(): string {
  const specFolder = tempDir("spec");
  const specFile = join(specFolder, "included.json");
  writeFileSync(
    specFile,
    JSON.stringify({
      openapi: "3.0.3",
      info: { title: "Included", version: "1" },
      paths: { "/thing": mockGet('{"name":"included"}') },
    }),
  );
  return synth(
    (app) => {
      const pets = new Stack(app, "PetsStack");
      const fn = new lambda.Function(pets, "Hello", {
        runtime: lambda.Runtime.NODEJS_22_X,
        code: lambda.Code.fromAsset(handlers),
        handler: "index.hello",
        environment: { GREETING: Fn.join("-", ["from", pets.region]) },
      });
      specApi(pets, "PetsApi", {
        openapi: "3.0.3",
        info: { title: "Pets", version: "1" },
        paths: {
          "/hello": { get: { "x-amazon-apigateway-integration": lambdaIntegration(pets, fn.functionArn) } },
          "/good": mockGet('{"name":"Rex"}'),
          "/bad": mockGet('{"name":42}'),
        },
      });
      const other = new Stack(app, "OtherStack");
      const asset = new s3assets.Asset(other, "Spec", { path: specFile });
      const api = new apigateway.CfnRestApi(other, "IncludedApi", {
        name: "included",
        body: Fn.transform("AWS::Include", { Location: asset.s3ObjectUrl }),
      });
      const deployment = new apigateway.CfnDeployment(other, "Deployment", { restApiId: api.ref });
      new apigateway.CfnStage(other, "Stage", {
        restApiId: api.ref,
        deploymentId: deployment.ref,
        stageName: "v1",
      });
      // As TypeSafeRestApi builds it: the user's construct holds a SpecRestApi with the id Default.
      specApi(new Construct(other, "VetsApi"), "Default", {
        openapi: "3.0.3",
        info: { title: "Vets", version: "1" },
        paths: { "/vets": mockGet('{"name":"vet"}') },
      });
    },
    { "aws:cdk:enable-path-metadata": true },
  );
}

describe("an app with two APIs", () => {
  let gateway: LocalGateway;
  const log: string[] = [];

  beforeAll(async () => {
    gateway = await startLocalGateway({ assembly: twoApiApp(), port: 0, log: (line) => log.push(line) });
  });
  afterAll(() => gateway?.close());

  it("serves each API under its own prefix, named after the construct the app created", () => {
    expect(
      gateway.apis.map((api) => [api.name, api.constructPath, api.url.slice(gateway.url.length), api.stage]),
    ).toEqual([
      ["PetsApi", "PetsStack/PetsApi", "/PetsApi", "prod"],
      ["IncludedApi", "OtherStack/IncludedApi", "/IncludedApi", "v1"],
      ["VetsApi", "OtherStack/VetsApi", "/VetsApi", "prod"],
    ]);
  });

  it("runs a Lambda function found through the stack's assets manifest", async () => {
    const result = await call(`${gateway.apis[0].url}/hello?name=Bo`);
    expect(result.status).toBe(200);
    expect(result.json()).toMatchObject({
      message: "Hello, Bo!",
      path: "/hello",
      greeting: "from-us-east-1",
    });
  });

  it("serves a spec included with AWS::Include from an asset", async () => {
    const result = await call(`${gateway.apis[1].url}/thing`);
    expect([result.status, result.json()]).toEqual([200, { name: "included" }]);
  });

  it("answers 403 outside every API's prefix", async () => {
    const result = await call(`${gateway.url}/thing`);
    expect([result.status, result.json()]).toEqual([403, { message: "Missing Authentication Token" }]);
  });

  it("lets a response that keeps the contract through silently", async () => {
    const before = log.length;
    expect((await call(`${gateway.apis[0].url}/good`)).status).toBe(200);
    expect(log.slice(before).some((line) => line.startsWith("contract:"))).toBe(false);
  });

  it("warns, naming operation, status and schema path, when a response breaks the contract", async () => {
    const result = await call(`${gateway.apis[0].url}/bad`);
    expect(result.status).toBe(200);
    const warning = log.find((line) => line.startsWith("contract:"));
    expect(warning).toContain("GET /bad");
    expect(warning).toContain("status 200 body.name must be string (schema #/properties/name/type)");
  });
});

describe("cross-stack references", () => {
  it("runs a function of another stack, referenced through Fn::ImportValue", async () => {
    const assembly = synth((app) => {
      const functions = new Stack(app, "FunctionsStack");
      const fn = new lambda.Function(functions, "Hello", {
        runtime: lambda.Runtime.NODEJS_22_X,
        code: lambda.Code.fromAsset(handlers),
        handler: "index.hello",
      });
      const apiStack = new Stack(app, "ApiStack");
      specApi(apiStack, "Api", {
        openapi: "3.0.3",
        info: { title: "Cross", version: "1" },
        paths: {
          "/hello": {
            get: { "x-amazon-apigateway-integration": lambdaIntegration(apiStack, fn.functionArn) },
          },
        },
      });
    });
    const gateway = await startLocalGateway({ assembly, port: 0, log: false });
    try {
      expect(gateway.apis[0].warnings).toEqual([]);
      const result = await call(`${gateway.url}/hello?name=Di`);
      expect([result.status, result.json()]).toEqual([
        200,
        expect.objectContaining({ message: "Hello, Di!" }),
      ]);
    } finally {
      await gateway.close();
    }
  });
});

describe("strict contract checking", () => {
  it("answers 500 instead of a response that breaks the contract", async () => {
    const gateway = await startLocalGateway({ assembly: twoApiApp(), port: 0, log: false, strict: true });
    try {
      const bad = await call(`${gateway.apis[0].url}/bad`);
      expect(bad.status).toBe(500);
      expect(bad.text).toContain("body.name must be string");
      expect((await call(`${gateway.apis[0].url}/good`)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});

describe("bad input", () => {
  it("says a folder is not a cloud assembly", async () => {
    await expect(startLocalGateway({ assembly: tempDir("empty"), port: 0, log: false })).rejects.toThrow(
      /is not a cloud assembly \(no manifest\.json\)/,
    );
  });

  it("says when an app has no REST API with a body", async () => {
    const assembly = synth((app) => new Stack(app, "Empty"));
    await expect(startLocalGateway({ assembly, port: 0, log: false })).rejects.toThrow(LocalGatewayError);
  });

  it("names the template of a mapping template that does not parse", async () => {
    const assembly = synth((app) =>
      specApi(new Stack(app, "Broken"), "Api", {
        openapi: "3.0.3",
        info: { title: "Broken", version: "1" },
        paths: { "/x": mockGet("#if($oops") },
      }),
    );
    await expect(startLocalGateway({ assembly, port: 0, log: false })).rejects.toThrow(
      /GET \/x.*does not parse as VTL/,
    );
  });

  it("says which app command failed", async () => {
    await expect(
      startLocalGateway({ app: "node -e 'process.exit(3)'", port: 0, log: false }),
    ).rejects.toThrow(/the app command .* failed \(exit code 3\)/);
  });
});
