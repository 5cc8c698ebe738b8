import { Stack } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, specApi, synth } from "./helpers";

const mockGet = (body: string): Record<string, unknown> => ({
  get: {
    "x-amazon-apigateway-integration": {
      type: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      responses: { default: { statusCode: "200", responseTemplates: { "application/json": body } } },
    },
  },
});

describe("an API with a resource named after its stage", () => {
  let gateway: LocalGateway;

  beforeAll(async () => {
    const assembly = synth((app) =>
      specApi(new Stack(app, "StageStack"), "Api", {
        openapi: "3.0.3",
        info: { title: "Stage", version: "1" },
        paths: { "/prod/special": mockGet('{"at":"special"}'), "/pets": mockGet('{"at":"pets"}') },
      }),
    );
    gateway = await startLocalGateway({ assembly, port: 0, log: false });
  });
  afterAll(() => gateway?.close());

  it("says where its stage's URL is", () => {
    expect(gateway.apis[0].stageUrl).toBe(`${gateway.url}/prod`);
  });

  it("keeps the resource's path and warns that the stage's URL is not served", async () => {
    expect((await call(`${gateway.url}/prod/special`)).json()).toEqual({ at: "special" });
    expect((await call(`${gateway.url}/prod/pets`)).status).toBe(403);
    expect((await call(`${gateway.url}/pets`)).json()).toEqual({ at: "pets" });
    expect(gateway.apis[0].warnings.join("\n")).toMatch(/a resource is named after the stage \(\/prod\)/);
  });
});
