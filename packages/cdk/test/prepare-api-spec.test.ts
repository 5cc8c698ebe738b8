import { loadModelSync, operationLookupOf, type OpenApiDocument } from "@specgate/model";
import { Duration } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import {
  BAD_REQUEST_BODY_TEMPLATE,
  prepareApiSpec,
  REQUEST_VALIDATOR,
  type ApiGatewayIntegration,
  type PrepareApiSpecOptions,
} from "@specgate/cdk";
import { PETS_OPERATIONS, PETS_SPEC } from "./support";

const model = loadModelSync(PETS_SPEC);
const operationLookup = operationLookupOf(model);
const proxy = (operationId: string): ApiGatewayIntegration => ({
  type: "HTTP_PROXY",
  httpMethod: "GET",
  uri: `https://example.com/${operationId}`,
});
const integrations = Object.fromEntries(PETS_OPERATIONS.map((id) => [id, proxy(id)]));

type Obj = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const prepare = (
  overrides: Partial<PrepareApiSpecOptions> = {},
  spec: OpenApiDocument = model.document,
): Obj => prepareApiSpec(spec, { operationLookup, integrations, ...overrides }) as Obj;

describe("prepareApiSpec", () => {
  it("renders each operation's integration into the spec", () => {
    const spec = prepare();
    expect(spec.paths["/pets"].get["x-amazon-apigateway-integration"]).toEqual(proxy("listPets"));
    expect(spec.paths["/pets/{petId}"].delete["x-amazon-apigateway-integration"]).toEqual(proxy("deletePet"));
    expect(spec.paths["/files/{proxy+}"].get["x-amazon-apigateway-integration"]).toEqual(proxy("getFile"));
  });

  it("leaves the input document untouched", () => {
    const before = JSON.stringify(model.document);
    prepare({ corsOptions: { allowOrigins: ["*"] } });
    expect(JSON.stringify(model.document)).toBe(before);
  });

  it("lists every operation without an integration and every integration that is not an operation", () => {
    const { listPets: _1, getFile: _2, ...some } = integrations;
    expect(() => prepare({ integrations: { ...some, sayHello: proxy("x") } })).toThrow(
      [
        "2 operations have no integration:",
        "  - listPets (GET /pets)",
        "  - getFile (GET /files/{proxy+})",
        "1 integration is not an operation of the spec:",
        "  - sayHello",
        "Give every operationId of the spec exactly one integration, keyed by its operationId.",
      ].join("\n"),
    );
  });

  it("adds a parameters-and-body request validator as the API's default", () => {
    const spec = prepare();
    expect(spec["x-amazon-apigateway-request-validators"]).toEqual({
      [REQUEST_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true },
    });
    expect(spec["x-amazon-apigateway-request-validator"]).toBe(REQUEST_VALIDATOR);
  });

  it("keeps the request validator the spec selects", () => {
    const own = {
      ...model.document,
      "x-amazon-apigateway-request-validators": { body: { validateRequestBody: true } },
      "x-amazon-apigateway-request-validator": "body",
    };
    const spec = prepare({}, own);
    expect(spec["x-amazon-apigateway-request-validators"]).toEqual({ body: { validateRequestBody: true } });
    expect(spec["x-amazon-apigateway-request-validator"]).toBe("body");
  });

  it("adds a BAD_REQUEST_BODY gateway response that says what was wrong", () => {
    expect(prepare()["x-amazon-apigateway-gateway-responses"]).toEqual({
      BAD_REQUEST_BODY: {
        statusCode: "400",
        responseTemplates: { "application/json": BAD_REQUEST_BODY_TEMPLATE },
      },
    });
    expect(BAD_REQUEST_BODY_TEMPLATE).toBe('{"message": "$context.error.validationErrorString"}');
  });

  it("never overwrites a gateway response the spec defines", () => {
    const mine = { statusCode: "422", responseTemplates: { "application/json": '{"error": "bad body"}' } };
    const own = { ...model.document, "x-amazon-apigateway-gateway-responses": { BAD_REQUEST_BODY: mine } };
    const responses = prepare({}, own)["x-amazon-apigateway-gateway-responses"];
    expect(responses.BAD_REQUEST_BODY).toEqual(mine);
    expect(responses.DEFAULT_4XX).toBeUndefined();
  });

  it("adds the CORS headers a gateway response of the spec does not set when CORS is on", () => {
    const unauthorized = {
      statusCode: "401",
      responseParameters: { "gatewayresponse.header.access-control-allow-origin": "'https://b.example'" },
      responseTemplates: { "application/json": '{"error": "sign in"}' },
    };
    const accessDenied = { statusCode: "403", responseTemplates: { "application/json": '{"error": "no"}' } };
    const own = {
      ...model.document,
      "x-amazon-apigateway-gateway-responses": { UNAUTHORIZED: unauthorized, ACCESS_DENIED: accessDenied },
    };
    const responses = prepare({ corsOptions: { allowOrigins: ["*"], allowCredentials: false } }, own)[
      "x-amazon-apigateway-gateway-responses"
    ];
    // Its own header value stays; the status and body are the spec's.
    expect(responses.UNAUTHORIZED).toEqual(unauthorized);
    expect(responses.ACCESS_DENIED).toEqual({
      ...accessDenied,
      responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
    });
    expect(responses.DEFAULT_4XX).toEqual({
      responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
    });
    // The input is left as it was.
    expect(own["x-amazon-apigateway-gateway-responses"].ACCESS_DENIED).toEqual(accessDenied);
  });

  it("adds CORS headers to the gateway responses it adds when CORS is on", () => {
    const responses = prepare({
      corsOptions: { allowOrigins: ["https://a.example"], allowCredentials: true },
    })["x-amazon-apigateway-gateway-responses"];
    const headers = {
      "gatewayresponse.header.Access-Control-Allow-Origin": "'https://a.example'",
      "gatewayresponse.header.Vary": "'Origin'",
      "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
    };
    expect(responses.BAD_REQUEST_BODY.responseParameters).toEqual(headers);
    expect(responses.DEFAULT_4XX.responseParameters).toEqual(headers);
    expect(responses.DEFAULT_5XX.responseParameters).toEqual(headers);
  });

  it("adds a MOCK preflight to every path without an OPTIONS method when CORS is on", () => {
    const spec = prepare({ corsOptions: { allowOrigins: ["*"], maxAge: Duration.minutes(10) } });
    const preflight = spec.paths["/pets/{petId}"].options;
    expect(preflight.security).toEqual([]);
    expect(preflight.parameters).toEqual([
      { name: "petId", in: "path", required: true, schema: { type: "string" } },
    ]);
    expect(Object.keys(preflight.responses["204"].headers)).toEqual([
      "Access-Control-Allow-Origin",
      "Access-Control-Allow-Headers",
      "Access-Control-Allow-Methods",
      "Access-Control-Max-Age",
    ]);
    expect(preflight["x-amazon-apigateway-integration"]).toEqual({
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":204}' },
      responses: {
        default: {
          statusCode: "204",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Headers":
              "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'",
            "method.response.header.Access-Control-Allow-Methods": "'GET,DELETE,OPTIONS'",
            "method.response.header.Access-Control-Max-Age": "'600'",
          },
          responseTemplates: { "application/json": "" },
        },
      },
    });
    expect(spec.paths["/pets"].options).toBeDefined();
    expect(spec.paths["/files/{proxy+}"].options.parameters[0].name).toBe("proxy");
  });

  it("keeps an OPTIONS method the spec defines", () => {
    const own = structuredClone(model.document) as Obj;
    own.paths["/pets"].options = { operationId: "petsOptions", responses: { "200": { description: "ok" } } };
    const lookup = {
      ...operationLookup,
      petsOptions: { method: "OPTIONS" as const, path: "/pets", contentTypes: [] },
    };
    const spec = prepare(
      { operationLookup: lookup, integrations: { ...integrations, petsOptions: proxy("petsOptions") } },
      own,
    );
    expect(spec.paths["/pets"].options.operationId).toBe("petsOptions");
    expect(spec.paths["/pets"].options["x-amazon-apigateway-integration"]).toEqual(proxy("petsOptions"));
  });

  it("echoes the request origin in a preflight when several origins are allowed", () => {
    const spec = prepare({ corsOptions: { allowOrigins: ["https://a.example", "https://b.example"] } });
    const response = spec.paths["/pets"].options["x-amazon-apigateway-integration"].responses.default;
    expect(response.responseTemplates["application/json"]).toBe(
      [
        '#set($origin = $input.params().header.get("Origin"))',
        '#if($origin == "https://a.example" || $origin == "https://b.example")',
        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        "#end",
      ].join("\n"),
    );
  });

  it("rejects credentials with the any-origin wildcard", () => {
    expect(() => prepare({ corsOptions: { allowOrigins: ["*"], allowCredentials: true } })).toThrow(
      'corsOptions.allowCredentials cannot be used with the origin "*": browsers reject it; list the allowed origins instead',
    );
  });

  it("rejects an empty list of origins", () => {
    expect(() => prepare({ corsOptions: { allowOrigins: [] } })).toThrow(
      "corsOptions.allowOrigins is empty: list the allowed origins, or use Cors.ALL_ORIGINS",
    );
  });

  it("declares the method responses and headers an integration response maps to", () => {
    const mock: ApiGatewayIntegration = {
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode": 418}' },
      responses: {
        default: { statusCode: "418", responseParameters: { "method.response.header.X-Teapot": "'yes'" } },
      },
    };
    const spec = prepare({ integrations: { ...integrations, getPet: mock } });
    expect(spec.paths["/pets/{petId}"].get.responses["418"]).toEqual({
      description: "418 response",
      headers: { "X-Teapot": { schema: { type: "string" } } },
    });
  });

  it("makes a referenced response the operation's own before declaring headers on it", () => {
    const own = structuredClone(model.document) as Obj;
    own.components.responses = { Pet: { description: "A pet" } };
    own.paths["/pets/{petId}"].get.responses["200"] = { $ref: "#/components/responses/Pet" };
    const mock: ApiGatewayIntegration = {
      type: "MOCK",
      responses: {
        default: { statusCode: "200", responseParameters: { "method.response.header.X-A": "'a'" } },
      },
    };
    const spec = prepare({ integrations: { ...integrations, getPet: mock } }, own);
    expect(spec.paths["/pets/{petId}"].get.responses["200"].headers).toEqual({
      "X-A": { schema: { type: "string" } },
    });
    expect(spec.components.responses.Pet).toEqual({ description: "A pet" });
  });

  it("requires an API key on the operations that ask for one", () => {
    const spec = prepare({ options: { getPet: { apiKeyRequired: true } } });
    expect(spec.components.securitySchemes.api_key).toEqual({
      type: "apiKey",
      name: "x-api-key",
      in: "header",
    });
    expect(spec.paths["/pets/{petId}"].get.security).toEqual([{ api_key: [] }]);
    expect(spec.paths["/pets"].get.security).toBeUndefined();
  });
});

describe("prepareApiSpec with a lookup that does not match the spec", () => {
  it("names the operation the spec lacks", () => {
    const lookup = { ...operationLookup, getPet: { ...operationLookup.getPet, method: "PATCH" as const } };
    expect(() => prepare({ operationLookup: lookup })).toThrow(
      "Operation getPet (PATCH /pets/{petId}) is not in the spec",
    );
  });
});
