import { describe, expect, it } from "vitest";
import { buildModel, operationLookupOf } from "@specgate/model";

const document = {
  openapi: "3.0.3",
  info: { title: "Pets", version: "1.0.0" },
  paths: {
    "/pets/{petId}": {
      parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }],
      get: {
        operationId: "getPet",
        responses: { "200": { $ref: "#/components/responses/Pet" } },
      },
    },
  },
  components: {
    schemas: { Pet: { type: "object", properties: { name: { type: "string" } } } },
    responses: {
      Pet: {
        description: "a pet",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } },
      },
    },
  },
};

describe("buildModel", () => {
  it("merges path-item parameters into each operation and resolves response references", () => {
    const model = buildModel(document);
    const [op] = model.operations;
    expect(op.parameters.map((p) => [p.in, p.name, p.required])).toEqual([["path", "petId", true]]);
    expect(op.responses[0].content[0].schema).toEqual({ $ref: "#/components/schemas/Pet" });
  });

  it("derives the operation lookup with application/json for operations without a body", () => {
    expect(operationLookupOf(buildModel(document))).toEqual({
      getPet: { method: "GET", path: "/pets/{petId}", contentTypes: ["application/json"] },
    });
  });
});
