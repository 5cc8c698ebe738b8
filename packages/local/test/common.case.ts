/**
 * API Gateway behaviours, each a request and the response API Gateway gives (see DESIGN.md,
 * "Details real API Gateway is known to show"). Run against the emulator by conformance.test.ts,
 * over the API `conformanceSpec` describes.
 */

export interface ConformanceCase {
  readonly name: string;
  readonly request: {
    readonly method?: string;
    readonly path: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  };
  readonly response: {
    readonly status: number;
    /** Exact body text, or a JSON value the body must equal. */
    readonly body?: string;
    readonly json?: unknown;
    /** Headers that must be present with these values (names case-insensitive). */
    readonly headers?: Record<string, string>;
    /** Headers whose values vary per request, by pattern. */
    readonly headersMatching?: Record<string, RegExp>;
  };
}

const mock = (statusTemplate: string, responses: Record<string, unknown>): Record<string, unknown> => ({
  type: "mock",
  requestTemplates: { "application/json": statusTemplate },
  responses,
});

const ok = (template: string): Record<string, unknown> => ({
  default: { statusCode: "200", responseTemplates: { "application/json": template } },
});

/** The API the cases run against: MOCK integrations only, so every answer comes from the gateway itself. */
export const conformanceSpec: Record<string, unknown> = {
  openapi: "3.0.3",
  info: { title: "Conformance", version: "1.0.0" },
  "x-amazon-apigateway-request-validators": {
    all: { validateRequestBody: true, validateRequestParameters: true },
    params: { validateRequestBody: false, validateRequestParameters: true },
  },
  "x-amazon-apigateway-gateway-responses": {
    BAD_REQUEST_BODY: {
      statusCode: 422,
      responseParameters: { "gatewayresponse.header.x-error": "'validation'" },
      responseTemplates: {
        "application/json":
          '{"error":$context.error.messageString,"type":"$context.error.responseType","detail":"$context.error.validationErrorString"}',
      },
    },
    DEFAULT_4XX: { responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } },
    DEFAULT_5XX: {
      responseParameters: { "gatewayresponse.header.x-request-id": "context.requestId" },
      responseTemplates: {
        "application/json":
          '{"failed":"$context.error.responseType","message":$context.error.messageString,"stage":"$context.stage"}',
      },
    },
  },
  paths: {
    "/pets": {
      get: {
        operationId: "listPets",
        responses: { "200": { description: "ok" } },
        "x-amazon-apigateway-integration": mock('{"statusCode": 200}', ok('[{"id":"1"},{"id":"2"}]')),
      },
      post: {
        operationId: "createPet",
        "x-amazon-apigateway-request-validator": "all",
        parameters: [
          { name: "q", in: "query", required: true, schema: { type: "string" } },
          { name: "x-h", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: {
          content: { "application/json": { schema: { $ref: "#/components/schemas/NewPet" } } },
        },
        responses: { "201": { description: "created" } },
        "x-amazon-apigateway-integration": mock('{"statusCode": 201}', {
          "201": {
            statusCode: "201",
            responseTemplates: {
              "application/json": '{"name":"$util.escapeJavaScript($input.params(\'q\'))"}',
            },
          },
        }),
      },
      options: {
        responses: { "204": { description: "CORS" } },
        "x-amazon-apigateway-integration": mock('{"statusCode": 204}', {
          default: {
            statusCode: "204",
            responseParameters: {
              "method.response.header.Access-Control-Allow-Origin": "'https://example.com'",
              "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
              "method.response.header.Access-Control-Allow-Headers": "'Content-Type,x-h'",
            },
          },
        }),
      },
    },
    "/pets/mine": {
      get: {
        operationId: "myPets",
        "x-amazon-apigateway-integration": mock(
          '{"statusCode": 200}',
          ok('{"resource":"$context.resourcePath"}'),
        ),
      },
    },
    "/pets/{petId}": {
      get: {
        operationId: "getPet",
        "x-amazon-apigateway-request-validator": "params",
        parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }],
        "x-amazon-apigateway-integration": mock(
          '#if($input.params(\'petId\') == "404")\n{"statusCode": 404}\n#else\n{"statusCode": 200}\n#end',
          {
            "4\\d{2}": {
              statusCode: "404",
              responseTemplates: {
                "application/json": '{"message":"Pet $input.params(\'petId\') not found"}',
              },
            },
            default: {
              statusCode: "200",
              responseParameters: { "method.response.header.x-pet": "method.request.path.petId" },
              responseTemplates: {
                "application/json":
                  '#set($id = $input.params(\'petId\'))\n{"id":"$id","upper":"$id.toUpperCase()","parts":$id.split(\'-\').size(),"dashless":"$id.replaceAll(\'-+\', \'\')","stage":"$context.stage"}',
              },
            },
          },
        ),
      },
    },
    "/teapot": {
      get: {
        "x-amazon-apigateway-integration": mock('{"statusCode": 200}', {
          default: {
            statusCode: "200",
            responseTemplates: {
              "application/json":
                '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.x-tea = "earl grey"){"short":"and stout"}',
            },
          },
        }),
      },
    },
    "/strict-media": {
      post: {
        "x-amazon-apigateway-integration": {
          ...mock('{"statusCode": 200}', ok('{"accepted":true}')),
          passthroughBehavior: "NEVER",
        },
      },
    },
    "/echo-query": {
      get: {
        "x-amazon-apigateway-integration": mock(
          '{"statusCode": 200}',
          ok('{"tag":"$input.params(\'tag\')"}'),
        ),
      },
    },
    "/empty": {
      get: {
        "x-amazon-apigateway-integration": mock('{"statusCode": 200}', { default: { statusCode: "200" } }),
      },
    },
    "/unmatched": {
      get: {
        "x-amazon-apigateway-integration": mock('{"statusCode": 503}', {
          "200": { statusCode: "200" },
        }),
      },
    },
    "/files/special": {
      get: { "x-amazon-apigateway-integration": mock('{"statusCode": 200}', ok('{"file":"special"}')) },
    },
    "/files/{proxy+}": {
      "x-amazon-apigateway-any-method": {
        "x-amazon-apigateway-integration": mock(
          '{"statusCode": 200}',
          ok('{"proxy":"$input.params(\'proxy\')","method":"$context.httpMethod"}'),
        ),
      },
    },
    "/s3/{key}": {
      get: {
        "x-amazon-apigateway-integration": {
          type: "aws",
          httpMethod: "GET",
          uri: "arn:aws:apigateway:us-east-1:s3:path/bucket/{key}",
        },
      },
    },
  },
  components: {
    schemas: {
      NewPet: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", minLength: 1 }, age: { type: "integer" } },
      },
    },
  },
};

const missingToken = {
  status: 403,
  json: { message: "Missing Authentication Token" },
  headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException" },
};

const json = { "content-type": "application/json" };

export const conformanceCases: readonly ConformanceCase[] = [
  {
    name: "MOCK renders the response template",
    request: { path: "/pets" },
    response: { status: 200, json: [{ id: "1" }, { id: "2" }] },
  },
  {
    name: "an unknown path is 403 Missing Authentication Token",
    request: { path: "/nowhere" },
    response: missingToken,
  },
  {
    name: "a known path with a method it lacks is 403 too",
    request: { method: "DELETE", path: "/pets" },
    response: missingToken,
  },
  { name: "the root without a method is 403", request: { path: "/" }, response: missingToken },
  {
    name: "a literal segment wins over {param}",
    request: { path: "/pets/mine" },
    response: { status: 200, json: { resource: "/pets/mine" } },
  },
  {
    name: "{param} matches and the template reads it, with Java string methods",
    request: { path: "/pets/a-b-c" },
    response: {
      status: 200,
      json: { id: "a-b-c", upper: "A-B-C", parts: 3, dashless: "abc", stage: "prod" },
      headers: { "x-pet": "a-b-c" },
    },
  },
  {
    name: "path parameters are URL-decoded for templates",
    request: { path: "/pets/hello%20there" },
    response: {
      status: 200,
      json: { id: "hello there", upper: "HELLO THERE", parts: 1, dashless: "hello there", stage: "prod" },
    },
  },
  {
    name: "a conditional request template selects the integration response by status regex",
    request: { path: "/pets/404" },
    response: { status: 404, json: { message: "Pet 404 not found" } },
  },
  {
    name: "responseOverride changes status and headers",
    request: { path: "/teapot" },
    response: { status: 418, json: { short: "and stout" }, headers: { "x-tea": "earl grey" } },
  },
  {
    name: "no response template gives an empty body",
    request: { path: "/empty" },
    response: { status: 200, body: "" },
  },
  {
    name: "no matching integration response and no default is 500, through the DEFAULT_5XX override",
    request: { path: "/unmatched" },
    response: {
      status: 500,
      json: { failed: "API_CONFIGURATION_ERROR", message: "Internal server error", stage: "prod" },
      headers: { "x-amzn-ErrorType": "InternalServerErrorException" },
    },
  },
  {
    name: "a gateway response header can map $context",
    request: { path: "/unmatched" },
    response: { status: 500, headersMatching: { "x-request-id": /^[0-9a-f-]{36}$/ } },
  },
  {
    name: "greedy {proxy+} catches deeper paths with ANY",
    request: { method: "PUT", path: "/files/a/b/c.txt" },
    response: { status: 200, json: { proxy: "a/b/c.txt", method: "PUT" } },
  },
  {
    name: "a literal sibling serves its own method",
    request: { path: "/files/special" },
    response: { status: 200, json: { file: "special" } },
  },
  {
    name: "greedy {proxy+} catches a method a literal sibling lacks",
    request: { method: "POST", path: "/files/special" },
    response: { status: 200, json: { proxy: "special", method: "POST" } },
  },
  {
    name: "missing parameters are listed header first, then path, then query string",
    request: { method: "POST", path: "/pets", headers: json, body: '{"name":"Rex"}' },
    response: {
      status: 400,
      json: { message: "Missing required request parameters: [x-h, q]" },
      headers: { "access-control-allow-origin": "*" },
    },
  },
  {
    name: "parameters are checked before the body",
    request: { method: "POST", path: "/pets?q=1", headers: json, body: "{" },
    response: { status: 400, json: { message: "Missing required request parameters: [x-h]" } },
  },
  {
    name: "a body failing its schema gets the BAD_REQUEST_BODY gateway response override",
    request: { method: "POST", path: "/pets?q=1", headers: { ...json, "x-h": "1" }, body: '{"name":""}' },
    response: { status: 422, headers: { "x-error": "validation", "access-control-allow-origin": "*" } },
  },
  {
    name: "a request without a body is validated as an empty JSON object",
    request: { method: "POST", path: "/pets?q=1", headers: { "x-h": "1" } },
    response: { status: 422 },
  },
  {
    name: "malformed JSON is an invalid body",
    request: { method: "POST", path: "/pets?q=1", headers: { ...json, "x-h": "1" }, body: "{oops" },
    response: { status: 422 },
  },
  {
    name: "a valid request reaches the integration; + in the query string is a space",
    request: {
      method: "POST",
      path: "/pets?q=big+dog",
      headers: { ...json, "x-h": "1" },
      body: '{"name":"Rex","age":3}',
    },
    response: { status: 201, json: { name: "big dog" } },
  },
  {
    name: "CORS preflight is answered by the OPTIONS MOCK method",
    request: {
      method: "OPTIONS",
      path: "/pets",
      headers: { Origin: "https://example.com", "Access-Control-Request-Method": "POST" },
    },
    response: {
      status: 204,
      body: "",
      headers: {
        "access-control-allow-origin": "https://example.com",
        "access-control-allow-methods": "GET,POST,OPTIONS",
      },
    },
  },
  {
    name: "passthroughBehavior NEVER answers 415 for a content type without a template",
    request: { method: "POST", path: "/strict-media", headers: { "content-type": "text/plain" }, body: "hi" },
    response: { status: 415, json: { message: "Unsupported Media Type" } },
  },
  {
    name: "passthroughBehavior NEVER renders the template of a matching content type",
    request: { method: "POST", path: "/strict-media", headers: json, body: "{}" },
    response: { status: 200, json: { accepted: true } },
  },
  {
    name: "a repeated query string key gives templates its last value",
    request: { path: "/echo-query?tag=a&tag=b" },
    response: { status: 200, json: { tag: "b" } },
  },
  {
    name: "a trailing slash reaches the same resource",
    request: { path: "/pets/" },
    response: { status: 200, json: [{ id: "1" }, { id: "2" }] },
  },
  {
    name: "a preflight to a resource without an OPTIONS method is 403",
    request: { method: "OPTIONS", path: "/pets/mine" },
    response: missingToken,
  },
  {
    name: "an AWS service integration answers 501 naming it",
    request: { path: "/s3/photo.png" },
    response: { status: 501 },
  },
];
