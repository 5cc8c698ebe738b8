import { describe, expect, it } from "vitest";
import { buildModel, loadModel, loadModelSync, type OpenApiDocument } from "@specgate/model";
import { buildModelPackage, fixture, problemsOf } from "./helpers";

/** A model whose one operation answers with `schema`, `schemas` beside it. */
function answering(schema: unknown, components: Record<string, unknown>): OpenApiDocument {
  return {
    openapi: "3.0.3",
    info: { title: "Cycles", version: "1.0.0" },
    paths: {
      "/a": {
        get: {
          operationId: "getA",
          responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
        },
      },
    },
    components,
  };
}

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const WHAT_TO_DO =
  "leads back to itself without passing through a property or an item, so it defines nothing: give one of them a definition of its own, or point its $ref elsewhere";

describe("$ref cycles", () => {
  it("that never pass through a property or an item are a model error naming every step", async () => {
    const document = answering(ref("A"), {
      schemas: {
        A: ref("B"),
        B: ref("A"),
        // An allOf that includes itself, and a oneOf: neither is anything but itself.
        Map: { allOf: [ref("Promise"), ref("Map")] },
        Promise: { type: "object" },
        Either: { oneOf: [{ type: "string" }, ref("Either")] },
        Self: ref("Self"),
      },
      responses: {
        R1: { $ref: "#/components/responses/R2" },
        R2: { $ref: "#/components/responses/R1" },
      },
    });
    expect(await problemsOf(() => loadModel(document))).toEqual([
      `api#/components/schemas/A: the $ref cycle api#/components/schemas/A → api#/components/schemas/B → api#/components/schemas/A ${WHAT_TO_DO}`,
      `api#/components/schemas/Map: the $ref cycle api#/components/schemas/Map → api#/components/schemas/Map/allOf/1 → api#/components/schemas/Map ${WHAT_TO_DO}`,
      `api#/components/schemas/Either: the $ref cycle api#/components/schemas/Either → api#/components/schemas/Either/oneOf/1 → api#/components/schemas/Either ${WHAT_TO_DO}`,
      `api#/components/schemas/Self: the $ref cycle api#/components/schemas/Self → api#/components/schemas/Self ${WHAT_TO_DO}`,
      `api#/components/responses/R1: the $ref cycle api#/components/responses/R1 → api#/components/responses/R2 → api#/components/responses/R1 ${WHAT_TO_DO}`,
    ]);
  });

  it("across files are named with the file of each step", async () => {
    const api = fixture("cycle-across-files/api.yaml");
    const node = fixture("cycle-across-files/node.yaml");
    const expected = [
      `${api}#/components/schemas/Node: the $ref cycle ${api}#/components/schemas/Node → ${node}#/Node → ${api}#/components/schemas/Node ${WHAT_TO_DO}`,
    ];
    expect(await problemsOf(() => loadModel(api))).toEqual(expected);
    buildModelPackage();
    expect(await problemsOf(() => loadModelSync(api))).toEqual(expected);
  });

  it("through a property or an item are recursive types, and load", () => {
    const model = buildModel(
      answering(ref("Tree"), {
        schemas: {
          Tree: {
            type: "object",
            properties: { children: { type: "array", items: ref("Tree") }, parent: ref("Tree") },
          },
          List: { type: "array", items: ref("List") },
          Both: { allOf: [ref("Tree"), { properties: { next: ref("Both") } }] },
          Nullable: { nullable: true, anyOf: [ref("Tree"), { properties: { up: ref("Nullable") } }] },
        },
      }),
    );
    expect(Object.keys(model.schemas)).toEqual(["Tree", "List", "Both", "Nullable"]);
  });

  it("are found without recursion however long the chain", () => {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) schemas[`S${i}`] = ref(`S${(i + 1) % 20_000}`);
    expect(() => buildModel(answering(ref("S0"), { schemas }))).toThrow(
      "api#/components/schemas/S0: the $ref cycle api#/components/schemas/S0 → api#/components/schemas/S1 → " +
        "api#/components/schemas/S2 → api#/components/schemas/S3 → api#/components/schemas/S4 → " +
        `api#/components/schemas/S5 → … 19994 more → api#/components/schemas/S0 ${WHAT_TO_DO}`,
    );
  });
});
