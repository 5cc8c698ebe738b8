import { describe, expect, it } from "vitest";
import { buildModel, loadModel, ModelError, type OpenApiDocument } from "@specgate/model";
import { fixture, problemsOf } from "./helpers";

/** A valid one-operation document to break in each test. */
function document(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenApiDocument {
  return { openapi: "3.0.3", info: { title: "Pets", version: "1.0.0" }, paths, ...extra };
}

const ok = { "200": { description: "ok" } };
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

describe("problems reading files", () => {
  it("reports a missing file with the path it looked for", async () => {
    const problems = await problemsOf(() => loadModel(fixture("missing.yaml")));
    expect(problems).toEqual([
      expect.stringMatching(
        /^packages\/model\/test\/fixtures\/missing\.yaml: file not found \(looked for \/.*missing\.yaml\): check the path$/,
      ),
    ]);
  });

  it("reports bad YAML with its line and column", async () => {
    expect(await problemsOf(() => loadModel(fixture("bad-yaml.yaml")))).toEqual([
      `${fixture("bad-yaml.yaml")}:9:1: could not parse YAML: All mapping items must start at the same column: fix the YAML syntax`,
    ]);
  });

  it("reports bad JSON with its line and column", async () => {
    expect(await problemsOf(() => loadModel(fixture("bad-json.json")))).toEqual([
      `${fixture("bad-json.json")}:5:1: could not parse JSON: Expected double-quoted property name: fix the JSON syntax`,
    ]);
  });

  it("reports an empty file and a file that is not a mapping", async () => {
    expect(await problemsOf(() => loadModel(fixture("empty.yaml")))).toEqual([
      `${fixture("empty.yaml")}: is empty: write an OpenAPI 3.0 or 3.1 document in it`,
    ]);
    expect(await problemsOf(() => loadModel(fixture("not-a-mapping.yaml")))).toEqual([
      `${fixture("not-a-mapping.yaml")}: is not an OpenAPI document (expected a mapping with openapi, info and paths)`,
    ]);
  });

  it("reports a Swagger version it does not read", async () => {
    expect(await problemsOf(() => loadModel({ swagger: "1.2", info: {}, paths: {} }))).toEqual([
      'api#/swagger: Swagger version "1.2" is not supported: specgate reads Swagger 2.0 and OpenAPI 3.0 and 3.1 (write it as a string, "2.0", or convert the document to OpenAPI 3)',
    ]);
  });

  it("reports an OpenAPI version it does not read", async () => {
    expect(await problemsOf(() => loadModel({ ...document({}), openapi: "3.2.0" }))).toEqual([
      'api#/openapi: OpenAPI version "3.2.0" is not supported: specgate reads OpenAPI 3.0.x and 3.1.x (write it as a string, e.g. "3.0.3")',
    ]);
  });

  it("reports a document with no openapi field", async () => {
    expect(await problemsOf(() => loadModel({ info: {}, paths: {} }))).toEqual([
      'api: missing the "openapi" field: start the document with openapi: 3.0.3',
    ]);
  });

  it("reports every problem in referenced files at once, each in its own file", async () => {
    expect(await problemsOf(() => loadModel(fixture("multi-broken/api.yaml")))).toEqual([
      `${fixture("multi-broken/owner.yaml")}:4:1: could not parse YAML: Flow map in block collection must be sufficiently indented and end with a }: fix the YAML syntax`,
      `${fixture("multi-broken/api.yaml")}#/paths/~1toys/get/responses/200/content/application~1json/schema: $ref "./toy.yaml" points to a file that does not exist (${fixture("multi-broken/toy.yaml")}): fix the path`,
    ]);
  });

  it("reports $refs to missing pointers and remote URLs, and ignores $ref keys in examples", async () => {
    expect(await problemsOf(() => loadModel(fixture("multi-refs/api.yaml")))).toEqual([
      `${fixture("multi-refs/api.yaml")}#/paths/~1pets/get/parameters/0: $ref to ${fixture("multi-refs/parameters.yaml")}#/Nope points to nothing: fix the reference`,
      `${fixture("multi-refs/parameters.yaml")}#/Broken: $ref to ${fixture("multi-refs/parameters.yaml")}#/Gone points to nothing: fix the reference`,
      `${fixture("multi-refs/api.yaml")}#/paths/~1pets/get/responses/200/content/application~1json/schema: $ref "https://example.com/pet.yaml" points to a remote URL: download the file and refer to it by a relative path`,
    ]);
  });

  it("names the referenced file and its own pointer for problems inside it", async () => {
    expect(await problemsOf(() => loadModel(fixture("multi-semantic/api.yaml")))).toEqual([
      `${fixture("multi-semantic/pet.yaml")}#/properties/name/type: invalid OpenAPI: "strng" is not allowed: use one of "array", "boolean", "integer", "number", "object", "string"`,
      `${fixture("multi-semantic/pets.yaml")}#/get: operationId "listPets" is also used by GET /pets/{petId}: give each operation its own operationId`,
      `${fixture("multi-semantic/api.yaml")}#/paths/~1pets~1{petId}/get: operationId "listPets" is also used by GET /pets: give each operation its own operationId`,
    ]);
  });

  it("throws a ModelError whose message lists every problem", async () => {
    const error = await loadModel(fixture("duplicate-operation-id.yaml")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).message).toBe(
      [
        "2 problems in the API model:",
        `  - ${fixture("duplicate-operation-id.yaml")}#/paths/~1pets/get: operationId "listPets" is also used by GET /pets/{id}: give each operation its own operationId`,
        `  - ${fixture("duplicate-operation-id.yaml")}#/paths/~1pets~1{id}/get: operationId "listPets" is also used by GET /pets: give each operation its own operationId`,
      ].join("\n"),
    );
  });
});

describe("invalid OpenAPI", () => {
  it("points at the invalid part with one readable message per location", async () => {
    const problems = await problemsOf(() =>
      loadModel(
        document({
          "/pets": {
            get: {
              operationId: "listPets",
              summary: 42,
              responses: { "200": { content: {} } },
              requestBody: { content: { "application/json": { schema: { type: "strng" } } } },
              handler: "x",
            },
          },
        }),
      ),
    );
    expect(problems).toEqual([
      'api#/paths/~1pets/get: invalid OpenAPI: unknown property "handler": remove it, or prefix with x- to keep as an extension',
      "api#/paths/~1pets/get/summary: invalid OpenAPI: must be a string, not a number",
      'api#/paths/~1pets/get/requestBody/content/application~1json/schema/type: invalid OpenAPI: "strng" is not allowed: use one of "array", "boolean", "integer", "number", "object", "string"',
      'api#/paths/~1pets/get/responses/200: invalid OpenAPI: missing required property "description": add it',
    ]);
  });

  it.each(["3.0.3", "3.1.0"])(
    "collapses the failed forms of a oneOf into one message (%s)",
    async (openapi) => {
      const components = {
        securitySchemes: {
          typo: { type: "apikey", name: "x-api-key", in: "header" },
          oauth: { type: "oauth2", flows: { implicit: { scopes: {} } } },
        },
      };
      const problems = await problemsOf(() => loadModel({ ...document({}, { components }), openapi }));
      const types =
        openapi === "3.0.3"
          ? '"apiKey", "http", "oauth2", "openIdConnect"'
          : '"apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"';
      expect(problems).toEqual([
        `api#/components/securitySchemes/typo/type: invalid OpenAPI: "apikey" is not allowed: use one of ${types}`,
        'api#/components/securitySchemes/oauth/flows/implicit: invalid OpenAPI: missing required property "authorizationUrl": add it',
      ]);
    },
  );

  it("says when a parameter has both schema and content", async () => {
    const parameter = {
      name: "q",
      in: "query",
      schema: { type: "string" },
      content: { "application/json": {} },
    };
    const paths = { "/pets": { get: { operationId: "listPets", parameters: [parameter], responses: ok } } };
    expect(await problemsOf(() => loadModel(document(paths)))).toEqual([
      "api#/paths/~1pets/get/parameters/0: invalid OpenAPI: give either schema or content, not both",
    ]);
  });

  it("checks 3.1 documents against the 3.1 schema", async () => {
    const problems = await problemsOf(() =>
      loadModel({
        ...document({ "/pets": { get: { operationId: "listPets", responses: { "200": {} } } } }),
        openapi: "3.1.0",
      }),
    );
    expect(problems).toEqual([
      'api#/paths/~1pets/get/responses/200: invalid OpenAPI: missing required property "description": add it',
    ]);
  });

  it("does not treat $ref keys inside examples, defaults and extensions as references", async () => {
    const model = await loadModel(
      document({
        "/pets": {
          get: {
            operationId: "listPets",
            "x-note": { $ref: "#/nowhere" },
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": {
                    schema: { type: "object", default: { $ref: "#/nowhere" } },
                    examples: { one: { value: { $ref: "#/nowhere" } } },
                  },
                },
              },
            },
          },
        },
      }),
    );
    expect(model.operations[0].responses[0].content[0].examples).toEqual([{ $ref: "#/nowhere" }]);
  });

  it("reports a missing info and a $ref that points to nothing together", async () => {
    const problems = await problemsOf(() =>
      loadModel({
        openapi: "3.0.3",
        paths: {
          "/pets": {
            get: {
              operationId: "listPets",
              responses: { "200": { $ref: "#/components/responses/Nope" } },
            },
          },
        },
      }),
    );
    expect(problems).toEqual([
      'api#: invalid OpenAPI: missing required property "info": add it',
      'api#/paths/~1pets/get/responses/200: $ref "#/components/responses/Nope" points to nothing in the document: define it or fix the reference',
    ]);
  });
});

describe("semantic checks", () => {
  const check = (doc: OpenApiDocument): Promise<string[]> => problemsOf(() => buildModel(doc, "api.yaml"));

  it("reports a duplicate operationId at each operation that uses it", async () => {
    expect(
      await check(
        document({
          "/pets": { get: { operationId: "listPets", responses: ok } },
          "/pets/{id}": { get: { operationId: "listPets", parameters: [idParameter], responses: ok } },
        }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets/get: operationId "listPets" is also used by GET /pets/{id}: give each operation its own operationId',
      'api.yaml#/paths/~1pets~1{id}/get: operationId "listPets" is also used by GET /pets: give each operation its own operationId',
    ]);
  });

  it("reports a path parameter that is not declared", async () => {
    expect(
      await check(document({ "/pets/{id}": { get: { operationId: "getPet", responses: ok } } })),
    ).toEqual([
      'api.yaml#/paths/~1pets~1{id}/get: path parameter "id" of /pets/{id} is not declared: add { name: id, in: path, required: true, schema: { type: string } } to the parameters of GET /pets/{id} or of its path item',
    ]);
  });

  it("reports a declared path parameter that is not in the path", async () => {
    expect(
      await check(
        document({ "/pets": { get: { operationId: "listPets", parameters: [idParameter], responses: ok } } }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets/get/parameters/0: path parameter "id" is not in the path /pets: add {id} to the path or remove the parameter',
    ]);
  });

  it("reports a path parameter without required: true", async () => {
    const parameter = { name: "id", in: "path", schema: { type: "string" } };
    expect(
      await check(
        document({
          "/pets/{id}": { parameters: [parameter], get: { operationId: "getPet", responses: ok } },
        }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets~1{id}/parameters/0: path parameter "id" must have required: true: add it',
    ]);
  });

  it("reports a parameter in an unknown location", async () => {
    const parameter = { name: "pet", in: "body", schema: { type: "object" } };
    expect(
      await check(
        document({ "/pets": { post: { operationId: "addPet", parameters: [parameter], responses: ok } } }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets/post/parameters/0: parameter "pet" has in: "body": use path, query, header or cookie (a body goes in requestBody)',
    ]);
  });

  it("reports a parameter declared twice in one list", async () => {
    const limit = { name: "limit", in: "query", schema: { type: "integer" } };
    expect(
      await check(
        document({
          "/pets": { get: { operationId: "listPets", parameters: [limit, limit], responses: ok } },
        }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets/get/parameters/1: query parameter "limit" is declared twice in the same list (also at #/paths/~1pets/get/parameters/0): remove one',
    ]);
  });

  it("reports TRACE, which API Gateway cannot serve", async () => {
    expect(
      await check(document({ "/pets": { trace: { operationId: "tracePets", responses: ok } } })),
    ).toEqual([
      "api.yaml#/paths/~1pets/trace: API Gateway cannot serve TRACE (TRACE /pets): remove this operation",
    ]);
  });

  it("reports paths API Gateway cannot create resources for", async () => {
    const get = (operationId: string, parameters: unknown[] = []) => ({
      get: { operationId, parameters, responses: ok },
    });
    const name = { name: "name", in: "path", required: true, schema: { type: "string" } };
    expect(
      await check(
        document({
          "/pets/": get("a"),
          "/files/{name}.json": get("b", [name]),
          "/users/@me": get("c"),
          "/proxy/{path+}/more": get("d", [{ ...name, name: "path" }]),
          pets: get("e"),
        }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1pets~1: path "/pets/" has an empty segment (a trailing or double /): API Gateway cannot serve it; remove the extra /',
      'api.yaml#/paths/~1files~1{name}.json: path "/files/{name}.json": API Gateway path variables must be a whole segment ({name} or {name+}), not part of "{name}.json"; use one variable for the segment',
      'api.yaml#/paths/~1users~1@me: path "/users/@me": segment "@me" has characters API Gateway does not allow in a resource path (only letters, digits and ._-:$)',
      'api.yaml#/paths/~1proxy~1{path+}~1more: path "/proxy/{path+}/more": the greedy variable {path+} must be the last segment',
      'api.yaml#/paths/pets: path "pets" must start with /',
    ]);
  });

  it("reports two variables at the same position, which API Gateway rejects", async () => {
    const param = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
    expect(
      await check(
        document({
          "/pets/{id}": { get: { operationId: "getPet", parameters: [param("id")], responses: ok } },
          "/pets/{petId}/toys": {
            get: { operationId: "listToys", parameters: [param("petId")], responses: ok },
          },
        }),
      ),
    ).toEqual([
      "api.yaml#/paths/~1pets~1{petId}~1toys: API Gateway allows one path variable per position: /pets/{petId} clashes with {id} of /pets/{id}; use the same variable name in both paths",
    ]);
  });

  it("reports a query string with variables in a path template once, at the path", async () => {
    const q = { name: "q", in: "query", schema: { type: "string" } };
    expect(
      await check(
        document({ "/search?q={q}": { get: { operationId: "search", parameters: [q], responses: ok } } }),
      ),
    ).toEqual([
      'api.yaml#/paths/~1search?q={q}: path "/search?q={q}" holds a query string with variables (?q={q}): a path template cannot; remove it from the path and declare q as parameters with in: query',
    ]);
  });

  it("reports a literal query string as something API Gateway cannot route", async () => {
    expect(
      await check(document({ "/items?view=full": { get: { operationId: "listFull", responses: ok } } })),
    ).toEqual([
      'api.yaml#/paths/~1items?view=full: path "/items?view=full" holds a query string (?view=full): API Gateway routes on the path alone; remove it, and tell the operations apart by path or method',
    ]);
  });

  it("reports a parameter with an empty name", async () => {
    const empty = { name: "", in: "header", schema: { type: "string" } };
    expect(
      await check(
        document({ "/pets": { get: { operationId: "listPets", parameters: [empty], responses: ok } } }),
      ),
    ).toEqual([
      "api.yaml#/paths/~1pets/get/parameters/0: parameter has an empty name: give it its name, or remove it",
    ]);
  });

  it("skips the API Gateway checks when asked", async () => {
    const model = buildModel(
      document({ "/pets/": { trace: { operationId: "tracePets", responses: ok } } }),
      "api.yaml",
      {
        apiGateway: false,
      },
    );
    expect(model.operations.map((op) => op.operationId)).toEqual(["tracePets"]);
  });

  it("reports every problem of a document at once", async () => {
    const problems = await check(
      document({
        "/pets/{id}": {
          get: { operationId: "trace", responses: ok },
          trace: { operationId: "trace", parameters: [idParameter], responses: ok },
        },
      }),
    );
    // The undeclared {id} of GET, TRACE itself, and the operationId both use (reported at each).
    expect(problems).toHaveLength(4);
  });
});
