import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildModel, loadModel, loadModelSync, resolvePointer, type OpenApiDocument } from "@specgate/model";
import { buildModelPackage, fixture } from "./helpers";

beforeAll(buildModelPackage);

describe("loadModel", () => {
  it("loads an OpenAPI 3.0 YAML file", async () => {
    const model = await loadModel(fixture("petstore.yaml"));
    expect(model.openapiVersion).toBe("3.0.3");
    expect(model.title).toBe("Pet Store");
    expect(model.version).toBe("1.2.3");
    expect(model.source).toBe(fixture("petstore.yaml"));
    expect(model.operations.map((op) => [op.operationId, op.method, op.path])).toEqual([
      ["listPets", "get", "/pets"],
      ["createPet", "post", "/pets"],
      ["getPet", "get", "/pets/{petId}"],
    ]);
    expect(Object.keys(model.schemas)).toEqual(["Pet", "Error"]);
    expect(model.securitySchemes.ApiKey).toEqual({ type: "apiKey", in: "header", name: "x-api-key" });
  });

  it("loads an OpenAPI 3.1 JSON file with 3.1 schemas, webhooks and $ref siblings", async () => {
    const model = await loadModel(fixture("petstore-3.1.json"));
    expect(model.openapiVersion).toBe("3.1.0");
    expect(model.operations.map((op) => op.operationId)).toEqual(["getPet"]);
    expect(model.schemas.Pet).toMatchObject({ properties: { tag: { type: ["string", "null"] } } });
  });

  it("loads an already-parsed document and leaves it as the model's document", async () => {
    const document = parse(readFileSync(fixture("petstore.yaml"), "utf8")) as OpenApiDocument;
    const model = await loadModel(document);
    expect(model.document).toBe(document);
    expect(model.source).toBeUndefined();
    expect(model.operations).toHaveLength(3);
  });

  it("bundles $refs to other files into one document with internal $refs only", async () => {
    const model = await loadModel(fixture("multi/api.yaml"));
    const text = JSON.stringify(model.document);
    expect(text).not.toMatch(/"\$ref":"[^#]/);
    // The schema referenced from components.schemas is inlined there, so types keep its name.
    expect(model.schemas.Pet).toEqual({
      type: "object",
      required: ["name"],
      properties: { name: { type: "string" }, tag: { type: "string", maxLength: 20 } },
    });
    const [listPets, getPet] = model.operations;
    expect(listPets.responses[0].content[0].schema).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/Pet" },
    });
    expect(getPet.responses[0].content[0].schema).toEqual({ $ref: "#/components/schemas/Pet" });
    expect(getPet.parameters).toMatchObject([{ name: "petId", in: "path", required: true }]);
  });

  it("produces a bundled document that can be written as JSON and rebuilt with buildModel", async () => {
    const model = await loadModel(fixture("multi/api.yaml"));
    const rebuilt = buildModel(JSON.parse(JSON.stringify(model.document)) as OpenApiDocument, "bundled.json");
    expect(rebuilt.operations).toEqual(JSON.parse(JSON.stringify(model.operations)));
    for (const op of rebuilt.operations) {
      for (const response of op.responses) {
        for (const media of response.content) {
          const ref = JSON.stringify(media.schema).match(/"\$ref":"([^"]+)"/)?.[1];
          if (ref) expect(resolvePointer(rebuilt.document, ref)).toBeDefined();
        }
      }
    }
  });

  it("does not modify a parsed document that has $refs to other files", async () => {
    const document = parse(readFileSync(fixture("multi/api.yaml"), "utf8")) as OpenApiDocument;
    const before = JSON.stringify(document);
    // $refs of a parsed document are resolved against the working directory.
    await expect(loadModel(document)).rejects.toThrow(/points to a file that does not exist/);
    expect(JSON.stringify(document)).toBe(before);
  });
});

describe("loadModelSync", () => {
  const cases = ["petstore.yaml", "petstore-3.1.json", "multi/api.yaml"];

  it.each(cases)("gives the same model as loadModel for %s", async (name) => {
    const asynchronous = await loadModel(fixture(name));
    const synchronous = loadModelSync(fixture(name));
    expect(JSON.parse(JSON.stringify(synchronous))).toEqual(JSON.parse(JSON.stringify(asynchronous)));
  });

  it.each([
    "multi-broken/api.yaml",
    "multi-semantic/api.yaml",
    "multi-refs/api.yaml",
    "bad-yaml.yaml",
    "missing.yaml",
  ])("reports the same problems as loadModel for %s", async (name) => {
    const asynchronous = await loadModel(fixture(name)).catch((error: Error) => error);
    let synchronous: unknown;
    try {
      loadModelSync(fixture(name));
    } catch (error) {
      synchronous = error;
    }
    expect(asynchronous).toBeInstanceOf(Error);
    expect(synchronous).toEqual(asynchronous);
    expect((synchronous as Error).message).toBe((asynchronous as Error).message);
  });
});
