import { describe, expect, it } from "vitest";
import {
  apiGatewayProblems,
  buildModel,
  loadModel,
  operationLookupOf,
  type ApiOperation,
} from "@specgate/model";
import { fixture } from "./helpers";

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
  it("resolves security schemes that are references, so every reader sees the scheme itself", async () => {
    const partner = { type: "apiKey", in: "header", name: "x-api-key" };
    const model = await loadModel({
      ...document,
      components: {
        ...document.components,
        securitySchemes: { staff: { $ref: "#/components/securitySchemes/partner" }, partner },
      },
    });
    expect(model.securitySchemes.staff).toEqual(partner);
  });
});

describe("normalization of petstore.yaml", () => {
  const load = async () => {
    const model = await loadModel(fixture("petstore.yaml"));
    const operation = (id: string): ApiOperation => {
      const found = model.operations.find((op) => op.operationId === id);
      if (!found) throw new Error(`no operation ${id}`);
      return found;
    };
    return {
      model,
      listPets: operation("listPets"),
      createPet: operation("createPet"),
      getPet: operation("getPet"),
    };
  };

  it("merges path-item and operation parameters, the operation's winning", async () => {
    const { getPet } = await load();
    expect(getPet.parameters.map((p) => [p.in, p.name, p.description, p.schema, p.pointer])).toEqual([
      ["header", "X-Trace", undefined, { type: "string" }, "#/paths/~1pets~1{petId}/parameters/1"],
      [
        "path",
        "petId",
        "from the operation",
        { type: "integer" },
        "#/paths/~1pets~1{petId}/get/parameters/0",
      ],
    ]);
    expect(getPet.parameters.map((p) => p.required)).toEqual([false, true]);
  });

  it("resolves $ref'd parameters, request bodies, responses and headers", async () => {
    const { listPets, createPet } = await load();
    expect(listPets.parameters).toEqual([
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "integer", maximum: 100 },
        description: undefined,
        style: undefined,
        explode: undefined,
        deprecated: false,
        pointer: "#/paths/~1pets/get/parameters/0",
      },
    ]);
    expect(createPet.requestBody?.required).toBe(true);
    expect(createPet.requestBody?.content.map((m) => [m.contentType, m.schema])).toEqual([
      ["application/json", { $ref: "#/components/schemas/Pet" }],
      ["application/x-www-form-urlencoded", { $ref: "#/components/schemas/Pet" }],
    ]);
    expect(listPets.responses.map((r) => [r.statusCode, r.description])).toEqual([
      ["200", "The pets"],
      ["default", "An error"],
    ]);
    expect(listPets.responses[0].headers).toEqual([
      { name: "X-Next", required: true, schema: { type: "string" }, description: undefined },
    ]);
    expect(listPets.responses[1].content[0].schema).toEqual({ $ref: "#/components/schemas/Error" });
  });

  it("keeps status code ranges as written", async () => {
    const { getPet } = await load();
    expect(getPet.responses.map((r) => r.statusCode)).toEqual(["200", "4XX"]);
    expect(getPet.deprecated).toBe(true);
  });

  it("keeps vendor extensions of operations and of the document", async () => {
    const { model, listPets, createPet } = await load();
    expect(listPets.extensions).toEqual({ "x-handler": { language: "typescript" } });
    expect(createPet.extensions).toEqual({});
    expect(model.extensions).toEqual({ "x-api-owner": "pets-team" });
  });

  it("inherits the document's security unless the operation sets its own", async () => {
    const { listPets, createPet, getPet } = await load();
    expect(listPets.security).toEqual([{ ApiKey: [] }]);
    expect(getPet.security).toEqual([{ ApiKey: [] }]);
    expect(createPet.security).toEqual([]);
  });

  it("keeps tags and summaries", async () => {
    const { listPets, createPet } = await load();
    expect(listPets.tags).toEqual(["pets"]);
    expect(listPets.summary).toBe("List pets");
    expect(createPet.tags).toEqual([]);
  });

  it("derives the operation lookup with every request body content type", async () => {
    const { model } = await load();
    expect(operationLookupOf(model)).toEqual({
      listPets: { method: "GET", path: "/pets", contentTypes: ["application/json"] },
      createPet: {
        method: "POST",
        path: "/pets",
        contentTypes: ["application/json", "application/x-www-form-urlencoded"],
      },
      getPet: { method: "GET", path: "/pets/{petId}", contentTypes: ["application/json"] },
    });
  });
});

describe("apiGatewayProblems", () => {
  const servedElsewhere = {
    openapi: "3.0.3",
    info: { title: "Clashes", version: "1" },
    paths: {
      "/pets/{id}": { get: { operationId: "getPet", responses: { "200": { description: "ok" } } } },
      "/pets/{petId}/toys": { get: { operationId: "listToys", responses: { "200": { description: "ok" } } } },
      "/a//b": { get: { operationId: "doubleSlash", responses: { "200": { description: "ok" } } } },
      "/debug": { trace: { operationId: "traceDebug", responses: { "200": { description: "ok" } } } },
    },
  };
  const withPathParameters = (doc: typeof servedElsewhere) => {
    const copy = structuredClone(doc) as unknown as {
      paths: { [path: string]: { get?: { parameters?: unknown[] } } };
    };
    copy.paths["/pets/{id}"].get!.parameters = [{ name: "id", in: "path", required: true, schema: {} }];
    copy.paths["/pets/{petId}/toys"].get!.parameters = [
      { name: "petId", in: "path", required: true, schema: {} },
    ];
    return copy;
  };

  it("lists, for a model built past them, the problems buildModel rejects by default", () => {
    const doc = withPathParameters(servedElsewhere);
    let rejected: unknown;
    try {
      buildModel(doc, "api/clashes.yaml");
    } catch (error) {
      rejected = error;
    }
    const expected = (rejected as { problems: unknown[] }).problems;
    expect(expected).toHaveLength(3);
    const model = buildModel(doc, "api/clashes.yaml", { apiGateway: false });
    expect(apiGatewayProblems(model)).toEqual(expected);
  });

  it("is empty for a model API Gateway can serve", () => {
    expect(apiGatewayProblems(buildModel(document, "api/pets.yaml"))).toEqual([]);
  });
});
