import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Integrations, TypeSafeRestApi, type TypeSafeApiIntegration } from "@specgate/cdk";
import { LocalGatewayError, startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, synth } from "./helpers";

const handlers = join(__dirname, "fixtures", "handlers");

/** A VTL template with a literal `${…}`: CloudFormation's Fn::Sub must leave it to API Gateway. */
const MOCK_BODY = '#set($price = "12"){"price": "${price}", "id": "$input.params(\'id\')"}';

/** Enough operations that TypeSafeRestApi writes the RestApi Body as one compact JSON string. */
const OPERATIONS = 1500;

function manyOperations(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < OPERATIONS; i++) {
    paths[`/items${i}/{id}`] = {
      get: {
        operationId: `getItem${i}`,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.3", info: { title: "Many", version: "1.0.0" }, paths };
}

describe("a TypeSafeRestApi whose body is one compact JSON string", () => {
  let gateway: LocalGateway;
  let assembly: string;

  beforeAll(async () => {
    assembly = synth((app) => {
      const stack = new Stack(app, "ManyStack");
      const fn = new lambda.Function(stack, "Hello", {
        runtime: lambda.Runtime.NODEJS_22_X,
        code: lambda.Code.fromAsset(handlers),
        handler: "index.hello",
      });
      const integrations: Record<string, TypeSafeApiIntegration> = {};
      for (let i = 0; i < OPERATIONS; i++) {
        integrations[`getItem${i}`] = {
          integration:
            i === 1 ? Integrations.mock({ statusCode: 200, body: MOCK_BODY }) : Integrations.lambda(fn),
        };
      }
      new TypeSafeRestApi(stack, "Api", { spec: manyOperations(), integrations });
    });
    gateway = await startLocalGateway({ assembly, port: 0, log: false });
  });
  afterAll(() => gateway?.close());

  it("is synthesized as a Fn::Sub of the spec's JSON text", () => {
    const template = JSON.parse(readFileSync(join(assembly, "ManyStack.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: { Body: unknown } }>;
    };
    const [restApi] = Object.values(template.Resources).filter((r) => r.Type === "AWS::ApiGateway::RestApi");
    expect(restApi.Properties.Body).toEqual({ "Fn::Sub": expect.stringMatching(/^\{"openapi":"3\.0\.3"/) });
  });

  it("serves every operation", () => {
    expect(gateway.apis).toHaveLength(1);
    expect(gateway.apis[0].routes).toHaveLength(OPERATIONS);
  });

  it("runs the Lambda function whose ARN CloudFormation substitutes", async () => {
    const result = await call(`${gateway.url}/items1499/42?name=Ada`);
    expect(result.status).toBe(200);
    expect(result.json()).toMatchObject({ message: "Hello, Ada!", path: "/items1499/42" });
  });

  it("answers a MOCK route with its template, the literal ${…} left to VTL", async () => {
    const result = await call(`${gateway.url}/items1/7`);
    expect([result.status, result.json()]).toEqual([200, { price: "12", id: "7" }]);
  });
});

describe("a RestApi Body given as a string", () => {
  const serve = async (body: unknown): Promise<LocalGateway> =>
    startLocalGateway({
      assembly: synth((app) => {
        const stack = new Stack(app, "StringStack");
        const api = new apigateway.CfnRestApi(stack, "Api", { name: "strings", body });
        const deployment = new apigateway.CfnDeployment(stack, "Deployment", { restApiId: api.ref });
        new apigateway.CfnStage(stack, "Stage", {
          restApiId: api.ref,
          deploymentId: deployment.ref,
          stageName: "v1",
        });
      }),
      port: 0,
      log: false,
    });
  const mockPaths = (name: string): Record<string, unknown> => ({
    "/thing": {
      get: {
        responses: { "200": { description: "ok" } },
        "x-amazon-apigateway-integration": {
          type: "mock",
          requestTemplates: { "application/json": '{"statusCode": 200}' },
          responses: {
            default: { statusCode: "200", responseTemplates: { "application/json": `{"name": "${name}"}` } },
          },
        },
      },
    },
  });

  it("reads YAML text, CloudFormation values substituted", async () => {
    const yaml = [
      "openapi: 3.0.3",
      "info: {title: Yaml, version: '1'}",
      `paths: ${JSON.stringify(mockPaths("in ${AWS::Region}"))}`,
    ].join("\n");
    const gateway = await serve(Fn.sub(yaml));
    try {
      const result = await call(`${gateway.url}/thing`);
      expect([result.status, result.json()]).toEqual([200, { name: "in us-east-1" }]);
    } finally {
      await gateway.close();
    }
  });

  it("says when the text is neither JSON nor YAML", async () => {
    await expect(serve(Fn.sub('{"openapi": "3.0.3", "paths": {'))).rejects.toThrow(
      /StringStack\/Api[0-9A-F]* \(AWS::ApiGateway::RestApi\): the Body is a string that is neither JSON \(.+\) nor YAML \(.+\): give it an OpenAPI document/,
    );
  });

  it("says when the text is not an OpenAPI document", async () => {
    const error = await serve(Fn.sub('{"swagger": "2.0", "definitions": {}}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalGatewayError);
    expect((error as Error).message).toMatch(
      /StringStack\/Api[0-9A-F]*: the RestApi Body is not an OpenAPI document: it is an object without paths \(keys: swagger, definitions\)\. Give it an OpenAPI document with paths/,
    );
  });
});
