import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadModel, loadModelSync, type ApiOperation, type OpenApiDocument } from "@specgate/model";
import { convertSwagger, swaggerLocator } from "../src/swagger";
import { buildModelPackage, fixture, problemsOf } from "./helpers";

beforeAll(buildModelPackage);

const EXPORT = fixture("swagger/api-gateway-export.yaml");

const byId = (operations: readonly ApiOperation[], id: string): ApiOperation => {
  const found = operations.find((op) => op.operationId === id);
  if (!found) throw new Error(`no operation ${id} in ${operations.map((op) => op.operationId).join(", ")}`);
  return found;
};

describe("a Swagger 2.0 document", () => {
  it("is read as the OpenAPI 3.0 document swagger2openapi converts it to", async () => {
    const model = await loadModel(EXPORT);
    expect(model.openapiVersion).toBe("3.0.0");
    expect(model.title).toBe("Pet shelter");
    expect(model.source).toBe(EXPORT);
    // API Gateway exports have no operationIds: each is named from its method and path.
    expect(model.operations.map((op) => [op.operationId, op.method, op.path])).toEqual([
      ["getPets", "get", "/pets"],
      ["postPets", "post", "/pets"],
      ["getPetsByPetId", "get", "/pets/{petId}"],
      ["putPetsByPetIdPhoto", "put", "/pets/{petId}/photo"],
    ]);
    expect(model.document.servers).toEqual([
      { url: "https://abc123.execute-api.eu-west-1.amazonaws.com/prod" },
    ]);
    expect(Object.keys(model.schemas)).toEqual(["NewPet", "Pet", "PetList", "ErrorArray"]);
    expect(model.schemas.NewPet).toMatchObject({
      properties: { nickname: { type: "string", nullable: true } },
    });
  });

  it("turns body and formData parameters into request bodies, and schemas into content by produces", async () => {
    const { operations } = await loadModel(EXPORT);
    const post = byId(operations, "postPets");
    expect(post.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ["header", "x-request-id", true],
    ]);
    expect(post.requestBody).toEqual({
      required: true,
      description: undefined,
      content: [
        {
          contentType: "application/json",
          schema: { $ref: "#/components/schemas/NewPet" },
          example: undefined,
          examples: [],
        },
      ],
    });
    const photo = byId(operations, "putPetsByPetIdPhoto");
    expect(photo.requestBody?.content.map((m) => [m.contentType, m.schema])).toEqual([
      [
        "multipart/form-data",
        {
          type: "object",
          properties: { photo: { type: "string", format: "binary" }, caption: { type: "string" } },
          required: ["photo"],
        },
      ],
    ]);
    // The operation's own produces wins over the document's.
    expect(photo.responses.map((r) => [r.statusCode, r.content.map((m) => m.contentType)])).toEqual([
      ["200", ["image/png"]],
    ]);
    const list = byId(operations, "getPets");
    expect(list.parameters.map((p) => [p.name, p.style, p.explode, p.schema])).toEqual([
      ["tags", undefined, true, { type: "array", items: { type: "string" } }],
      ["limit", undefined, undefined, { type: "integer", minimum: 1, maximum: 100 }],
    ]);
    expect(list.responses[0].headers).toEqual([
      { name: "x-next-page", required: false, schema: { type: "string" }, description: undefined },
    ]);
  });

  it("keeps API Gateway's extensions, on operations and security schemes", async () => {
    const model = await loadModel(EXPORT);
    expect(byId(model.operations, "getPets").extensions["x-amazon-apigateway-integration"]).toMatchObject({
      type: "mock",
    });
    expect(model.securitySchemes["shelter-authorizer"]).toEqual({
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "custom",
    });
    expect(byId(model.operations, "postPets").security).toEqual([{ "shelter-authorizer": [] }]);
  });

  it("loads the same model synchronously, and from a parsed document, without changing it", async () => {
    const model = await loadModel(EXPORT);
    expect(loadModelSync(EXPORT).document).toEqual(model.document);
    const parsed = parse(readFileSync(EXPORT, "utf8")) as OpenApiDocument;
    const copy = structuredClone(parsed);
    expect((await loadModel(parsed)).document).toEqual(model.document);
    expect(parsed).toEqual(copy);
  });

  it("reports every problem at once, each where it is in the Swagger document", async () => {
    const file = fixture("swagger/broken.yaml");
    const problems = await problemsOf(() => loadModel(file));
    expect(problems).toEqual([
      // Parameter 3 of the Swagger document; the body parameter before it is no parameter in OpenAPI 3.
      `${file}#/paths/~1pets~1{petId}/put/parameters/3: cannot be converted from Swagger 2.0 to OpenAPI 3.0 as written (collectionFormat:tsv is no longer supported): change it in the Swagger document`,
      `${file}#/paths/~1pets~1{petId}/put/parameters/2: path parameter "petID" is not in the path /pets/{petId}: add {petID} to the path or remove the parameter`,
      `${file}#/paths/~1pets~1{petId}/put: operationId "updatePet" is also used by GET /owners: give each operation its own operationId`,
      `${file}#/paths/~1owners/get: operationId "updatePet" is also used by PUT /pets/{petId}: give each operation its own operationId`,
    ]);
    // loadModelSync converts in a child process and reports the same.
    expect(await problemsOf(() => loadModelSync(file))).toEqual(problems);
  });

  it("reports what breaks the Swagger 2.0 schema in the file it is in, for a document split over files", async () => {
    expect(await problemsOf(() => loadModel(fixture("swagger/multi/api.yaml")))).toEqual([
      `${fixture("swagger/multi/definitions.yaml")}#/Pet/properties/age/minimum: invalid OpenAPI: must be a number, not a string`,
    ]);
  });

  it("reports a $ref that points to nothing as the Swagger document writes it", async () => {
    const document = {
      swagger: "2.0",
      info: { title: "t", version: "1" },
      paths: {
        "/pets": {
          get: {
            operationId: "listPets",
            responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Nope" } } },
          },
        },
      },
    };
    expect(await problemsOf(() => loadModel(document))).toEqual([
      'api#/paths/~1pets/get/responses/200/schema: $ref "#/definitions/Nope" points to nothing in the document: define it or fix the reference',
    ]);
  });
});

describe("swaggerLocator", () => {
  const swagger: OpenApiDocument = {
    swagger: "2.0",
    info: { title: "t", version: "1" },
    host: "example.com",
    paths: {
      "/pets/{id}": {
        parameters: [
          { name: "x-trace", in: "header", type: "string" },
          { name: "id", in: "path", required: true, type: "string" },
        ],
        put: {
          parameters: [
            { name: "pet", in: "body", schema: { type: "object", properties: { name: { type: "string" } } } },
            { name: "dryRun", in: "query", type: "boolean" },
          ],
          responses: {
            "200": {
              description: "ok",
              schema: { $ref: "#/definitions/Pet List" },
              headers: { "x-rate": { type: "integer" } },
            },
          },
        },
        post: {
          consumes: ["multipart/form-data"],
          parameters: [
            { name: "caption", in: "formData", type: "string", maxLength: 10 },
            { name: "photo", in: "formData", type: "file" },
          ],
          responses: { "201": { description: "ok" } },
        },
      },
    },
    definitions: {
      "Pet List": { type: "array", items: { type: "string" } },
      Pet: { type: "object", properties: { name: { type: "string" } } },
    },
  };
  let locate: (pointer: string) => string;
  beforeAll(async () => {
    const { document } = await convertSwagger(swagger);
    if (!document) throw new Error("not converted");
    locate = swaggerLocator(swagger, document);
  });

  it.each([
    ["#/components/schemas/Pet_List/items", "#/definitions/Pet List/items"],
    ["#/components/schemas/Pet/properties/name", "#/definitions/Pet/properties/name"],
    ["#/paths/~1pets~1{id}/parameters/1/schema", "#/paths/~1pets~1{id}/parameters/1"],
    ["#/paths/~1pets~1{id}/put/parameters/0/schema/type", "#/paths/~1pets~1{id}/put/parameters/1/type"],
    [
      "#/paths/~1pets~1{id}/put/requestBody/content/application~1json/schema/properties/name",
      "#/paths/~1pets~1{id}/put/parameters/0/schema/properties/name",
    ],
    [
      "#/paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/caption/maxLength",
      "#/paths/~1pets~1{id}/post/parameters/0/maxLength",
    ],
    [
      "#/paths/~1pets~1{id}/post/requestBody/content/multipart~1form-data/schema/required",
      "#/paths/~1pets~1{id}/post/parameters/0",
    ],
    [
      "#/paths/~1pets~1{id}/put/responses/200/content/application~1json/schema",
      "#/paths/~1pets~1{id}/put/responses/200/schema",
    ],
    [
      "#/paths/~1pets~1{id}/put/responses/200/headers/x-rate/schema/type",
      "#/paths/~1pets~1{id}/put/responses/200/headers/x-rate/type",
    ],
    ["#/servers/0/url", "#/host"],
    [
      "#/paths/~1pets~1{id}/post/responses/201/description",
      "#/paths/~1pets~1{id}/post/responses/201/description",
    ],
    ["#/paths/~1pets~1{id}/put/callbacks/x", "#/paths/~1pets~1{id}/put"],
  ])("%s is %s", (converted, original) => {
    expect(locate(converted)).toBe(original);
  });
});
