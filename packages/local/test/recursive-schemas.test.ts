import { Stack } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalGatewayError, startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, specApi, synth } from "./helpers";

/** A spec whose one POST is validated against `schema`, with `schemas` beside it, and answered by a mock. */
function validated(schema: unknown, schemas: Record<string, unknown>): Record<string, unknown> {
  return {
    openapi: "3.0.3",
    info: { title: "Recursive", version: "1" },
    "x-amazon-apigateway-request-validators": {
      all: { validateRequestBody: true, validateRequestParameters: true },
    },
    "x-amazon-apigateway-request-validator": "all",
    paths: {
      "/trees": {
        post: {
          requestBody: { required: true, content: { "application/json": { schema } } },
          responses: { "200": { description: "ok" } },
          "x-amazon-apigateway-integration": {
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 200}' },
            responses: {
              default: { statusCode: "200", responseTemplates: { "application/json": '{"ok":true}' } },
            },
          },
        },
      },
    },
    components: { schemas },
  };
}

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/** A tree `depth` levels deep, its innermost name `name`. */
function tree(depth: number, name = "leaf"): unknown {
  let node: unknown = { name };
  for (let i = 1; i < depth; i++) node = { name: "n", children: [node] };
  return node;
}

describe("specgate serve's request validator and recursive schemas", () => {
  let gateway: LocalGateway;
  const post = (body: unknown): Promise<{ status: number; text: string }> =>
    call(`${gateway.url}/trees`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const assembly = synth((app) =>
      specApi(
        new Stack(app, "Recursive"),
        "Api",
        validated(ref("Tree"), {
          Tree: {
            type: "object",
            required: ["name"],
            properties: {
              name: { type: "string", maxLength: 5 },
              children: { type: "array", items: ref("Tree") },
              parent: ref("Tree"),
            },
          },
        }),
      ),
    );
    gateway = await startLocalGateway({ assembly, port: 0, log: false });
  });
  afterAll(() => gateway?.close());

  it("validate a body through a schema that refers to itself, at every depth", async () => {
    expect((await post(tree(3))).status).toBe(200);
    expect((await post(tree(3, "waytoolong"))).status).toBe(400);
    expect((await post({ name: "a", parent: { name: "b", parent: {} } })).status).toBe(400);
    // As deep as API Gateway reads JSON: validated to the bottom, the stack holds.
    expect((await post(tree(490))).status).toBe(200);
    expect((await post(tree(490, "waytoolong"))).status).toBe(400);
    expect((await post(tree(2000))).status).toBe(400);
  });

  it("refuse a schema that is only itself, naming the cycle, instead of exhausting the stack", async () => {
    const assembly = synth((app) =>
      specApi(new Stack(app, "Cycle"), "Api", validated(ref("A"), { A: ref("B"), B: { allOf: [ref("A")] } })),
    );
    const started = startLocalGateway({ assembly, port: 0, log: false });
    await expect(started).rejects.toThrow(LocalGatewayError);
    await expect(started).rejects.toThrow(
      "Cycle/Api: the $ref cycle #/components/schemas/A → #/components/schemas/B → #/components/schemas/B/allOf/0 → #/components/schemas/A leads back to itself",
    );
  });
});
