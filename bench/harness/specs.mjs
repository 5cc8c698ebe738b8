// Specs made for the synth benchmark: N operations over collection and item resources.
import { writeFileSync } from "node:fs";
import path from "node:path";

const SHAPES = [
  { suffix: "", method: "get", body: false },
  { suffix: "", method: "post", body: true },
  { suffix: "/{id}", method: "get", body: false },
  { suffix: "/{id}", method: "put", body: true },
];

/** An OpenAPI 3.0 document with `operations` operations `op0`…, four per collection resource. */
export function syntheticSpec(operations) {
  const paths = {};
  for (let i = 0; i < operations; i++) {
    const shape = SHAPES[i % SHAPES.length];
    const route = `/resource${Math.floor(i / SHAPES.length)}${shape.suffix}`;
    const operation = {
      operationId: `op${i}`,
      ...(shape.suffix
        ? { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] }
        : {}),
      ...(shape.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: { $ref: "#/components/schemas/NewItem" } } },
            },
          }
        : {}),
      responses: {
        200: {
          description: "The item",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } },
        },
        400: {
          description: "Bad request",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
    paths[route] = { ...paths[route], [shape.method]: operation };
  }
  return {
    openapi: "3.0.3",
    info: { title: `Bench API with ${operations} operations`, version: "1.0.0" },
    paths,
    components: {
      schemas: {
        NewItem: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, count: { type: "integer" } },
        },
        Item: {
          type: "object",
          required: ["id", "name"],
          properties: { id: { type: "string" }, name: { type: "string" }, count: { type: "integer" } },
        },
        Error: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
      },
    },
  };
}

/** operationId → { path, method, contentTypes }: what the PDK's generated OperationLookup holds. */
export function operationLookupOf(spec) {
  const lookup = {};
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      lookup[operation.operationId] = { path: route, method, contentTypes: ["application/json"] };
    }
  }
  return lookup;
}

/** Writes the spec (JSON) and its operation lookup into `dir`; returns both paths. */
export function writeSyntheticSpec(dir, operations) {
  const spec = syntheticSpec(operations);
  const specFile = path.join(dir, "openapi.json");
  const lookupFile = path.join(dir, "operation-lookup.json");
  writeFileSync(specFile, JSON.stringify(spec, null, 2));
  writeFileSync(lookupFile, JSON.stringify(operationLookupOf(spec), null, 2));
  return { specFile, lookupFile };
}
