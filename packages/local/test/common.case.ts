/**
 * API Gateway behaviours, each a request and the response API Gateway gives, with the page of AWS's
 * documentation it comes from. Run against the emulator by conformance.test.ts, over the API
 * `conformanceSpec` describes; CONFORMANCE.md is the table of them (conformance-table.test.ts keeps it current).
 */

export interface ConformanceCase {
  readonly name: string;
  /** The page of AWS's documentation that says what API Gateway does. */
  readonly documented: string;
  /** Where the exact behaviour was recorded from the real service, when the documentation does not spell it out. */
  readonly recorded?: string;
  /** The API the request goes to: the conformance API (default), or the same API without gateway response overrides. */
  readonly api?: "plain";
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
    /** A JSON value the body must contain (objects may hold more keys). */
    readonly jsonMatching?: object;
    /** Headers that must be present with these values (names case-insensitive). */
    readonly headers?: Record<string, string>;
    /** Headers whose values vary per request, by pattern. */
    readonly headersMatching?: Record<string, RegExp>;
    /** Headers that must be absent. */
    readonly headersAbsent?: readonly string[];
    /** Dotted paths (`headers.Trailer`) the JSON body must not have. */
    readonly jsonAbsent?: readonly string[];
  };
}

/** AWS's API Gateway developer guide. */
const GUIDE = "https://docs.aws.amazon.com/apigateway/latest/developerguide";
export const DOCS = {
  pythonHandler: "https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html",
  lambdaCustom: `${GUIDE}/set-up-lambda-custom-integrations.html`,
  lambdaErrors: `${GUIDE}/handle-errors-in-lambda-integration.html`,
  lambdaAsync: `${GUIDE}/set-up-lambda-integration-async.html`,
  stageVariables: `${GUIDE}/aws-api-gateway-stage-variables-reference.html`,
  knownIssues: `${GUIDE}/api-gateway-known-issues.html`,
  invokeUrl: `${GUIDE}/how-to-call-api.html`,
  logging: `${GUIDE}/set-up-logging.html`,
  xray: "https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html",
  lambdaProxy: `${GUIDE}/set-up-lambda-proxy-integrations.html`,
  httpIntegration: `${GUIDE}/setup-http-integrations.html`,
  mock: `${GUIDE}/how-to-mock-integration.html`,
  gatewayResponses: `${GUIDE}/api-gateway-gatewayResponse-definition.html`,
  gatewayResponseTypes: `${GUIDE}/supported-gateway-response-types.html`,
  methodRequest: `${GUIDE}/api-gateway-method-settings-method-request.html`,
  proxyResource: `${GUIDE}/api-gateway-set-up-simple-proxy.html`,
  validation: `${GUIDE}/api-gateway-method-request-validation.html`,
  validationTest: `${GUIDE}/api-gateway-request-validation-test.html`,
  templateReference: `${GUIDE}/api-gateway-mapping-template-reference.html`,
  passthrough: `${GUIDE}/integration-passthrough-behaviors.html`,
  override: `${GUIDE}/apigateway-override-request-response-parameters.html`,
  cors: `${GUIDE}/how-to-cors.html`,
  integrationResponse: `${GUIDE}/api-gateway-integration-settings-integration-response.html`,
  serviceIntegrations: `${GUIDE}/getting-started-aws-proxy.html`,
} as const;

/** Recordings of the real service, where the documentation does not give the exact answer. */
export const RECORDED = {
  /** AWS reads the CDK's CORS preflight template `{ statusCode: 200 }`: not a JSON parser. */
  mockTemplateNotJson: "https://github.com/localstack/localstack/pull/11967",
  /** Response headers and error bodies of the real service, recorded for MOCK, Lambda and HTTP integrations. */
  responseHeaders:
    "https://github.com/localstack/localstack/blob/main/tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json",
  /** Lambda proxy events for paths with extra slashes, and an AWS_PROXY integration whose httpMethod is GET. */
  proxyEvent:
    "https://github.com/localstack/localstack/blob/main/tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json",
  /** The Lambda custom integration: events, selection patterns against errorMessage, error bodies. */
  lambdaCustom:
    "https://github.com/localstack/localstack/blob/main/tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json",
  /** Which integrations' answers carry X-Amzn-Trace-Id. */
  traceHeader:
    "https://github.com/localstack/localstack/blob/main/tests/aws/services/apigateway/test_apigateway_common.snapshot.json",
  /** A MOCK status code in quotes fails the call. */
  mockStatusNotString: "https://github.com/aws/aws-cdk/issues/5997",
} as const;

const mock = (statusTemplate: string, responses: Record<string, unknown>): Record<string, unknown> => ({
  type: "mock",
  requestTemplates: { "application/json": statusTemplate },
  responses,
});

/**
 * An HTTP integration to the echo backend the stage variable `backend` names (see helpers.startEchoServer): it
 * answers what it received.
 */
const http = (path: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "http",
  httpMethod: "GET",
  uri: `\${stageVariables.backend}${path}`,
  responses: { default: { statusCode: "200" } },
  ...extra,
});

/**
 * The Lambda functions the conformance API integrates with, by the stage variable that holds each one's ARN:
 * handlers of test/fixtures/conformance (Node.js) and test/fixtures/conformance-python (Python).
 */
export const conformanceFunctions: Readonly<
  Record<string, { handler: string; timeoutSeconds?: number; python?: boolean }>
> = {
  pythonEventFunction: { handler: "index.event", python: true },
  pythonSelectFunction: { handler: "index.select", python: true },
  eventFunction: { handler: "index.event" },
  thrownFunction: { handler: "index.thrown" },
  greetFunction: { handler: "index.greet" },
  echoFunction: { handler: "index.echo" },
  slowFunction: { handler: "index.slow", timeoutSeconds: 1 },
};

/** A Lambda proxy integration with the function whose ARN the stage variable `variable` holds. */
const lambdaProxy = (variable: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "aws_proxy",
  httpMethod: "POST",
  uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/\${stageVariables.${variable}}/invocations`,
  ...extra,
});

/** A Lambda custom (non-proxy) integration with the function whose ARN the stage variable `variable` holds. */
const lambdaCustom = (variable: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...lambdaProxy(variable),
  type: "aws",
  responses: { default: { statusCode: "200" } },
  ...extra,
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
    "/mock/unquoted": {
      get: {
        "x-amazon-apigateway-integration": mock("{ statusCode: 201 }", {
          "201": { statusCode: "201", responseTemplates: { "application/json": '{"read":"unquoted"}' } },
        }),
      },
    },
    "/mock/text-before": {
      get: {
        "x-amazon-apigateway-integration": mock(
          '#set($seen = {})\n$seen.put("first", 1)\n{"statusCode": 202}',
          {
            "202": { statusCode: "202", responseTemplates: { "application/json": '{"read":"after text"}' } },
          },
        ),
      },
    },
    "/mock/quoted-status": {
      get: { "x-amazon-apigateway-integration": mock('{"statusCode": "200"}', ok('{"read":"quoted"}')) },
    },
    "/mock/echo": {
      post: {
        "x-amazon-apigateway-integration": mock(
          '#set($context.requestOverride.path.body = $input.body)\n{"statusCode": 200}',
          ok("$context.requestOverride.path.body"),
        ),
      },
    },
    "/http/overrides/{id}": {
      get: {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        "x-amazon-apigateway-integration": http("/items/{id}", {
          requestParameters: {
            "integration.request.path.id": "method.request.path.id",
            "integration.request.header.x-mapped": "'mapped'",
            "integration.request.querystring.q": "method.request.querystring.q",
          },
          requestTemplates: {
            "application/json": [
              '#set($context.requestOverride.header.x-mapped = "overridden")',
              "#set($context.requestOverride.header.x-combined = \"$input.params('a')-$input.params('b')\")",
              '#set($context.requestOverride.querystring.q = ["one", "two"])',
              "#set($context.requestOverride.path.id = \"$input.params('id')-overridden\")",
              "{}",
            ].join("\n"),
          },
        }),
      },
    },
    "/http/overrides-twice": {
      get: {
        "x-amazon-apigateway-integration": http("/twice", {
          requestTemplates: {
            "application/json":
              '#set($context.requestOverride.header.x-once = "a")#set($context.requestOverride.header.x-once = "b"){}',
          },
        }),
      },
    },
    "/lambda/event": { get: { "x-amazon-apigateway-integration": lambdaProxy("eventFunction") } },
    "/lambda/thrown": { get: { "x-amazon-apigateway-integration": lambdaProxy("thrownFunction") } },
    "/lambda/greedy/{proxy+}": { get: { "x-amazon-apigateway-integration": lambdaProxy("eventFunction") } },
    "/lambda/get-method": {
      get: { "x-amazon-apigateway-integration": lambdaProxy("eventFunction", { httpMethod: "GET" }) },
    },
    "/http/echo": { get: { "x-amazon-apigateway-integration": http("/echo") } },
    "/http-proxy/echo": {
      get: {
        "x-amazon-apigateway-integration": { ...http("/echo"), type: "http_proxy", responses: undefined },
      },
    },
    "/http/maps-content-length": {
      get: {
        "x-amazon-apigateway-integration": http("/echo", {
          requestParameters: { "integration.request.header.Content-Length": "'0'" },
        }),
      },
    },
    "/lambda/maps-authorization": {
      get: {
        "x-amazon-apigateway-integration": lambdaProxy("eventFunction", {
          requestParameters: { "integration.request.header.Authorization": "'Bearer x'" },
        }),
      },
    },
    "/http/mapped-headers": {
      get: {
        "x-amazon-apigateway-integration": http("/echo", {
          requestParameters: {
            "integration.request.header.Trailer": "'user-agent'",
            "integration.request.header.Upgrade": "'HTTP/2.0'",
            "integration.request.header.Expect": "'200-ok'",
            "integration.request.header.TE": "'gzip'",
            "integration.request.header.Via": "'othersite.net'",
          },
        }),
      },
    },
    "/http/remapped": {
      get: {
        "x-amazon-apigateway-integration": http("/echo", {
          responses: {
            default: {
              statusCode: "200",
              responseParameters: {
                "method.response.header.Server": "'mine'",
                "method.response.header.WWW-Authenticate": "'Basic'",
                "method.response.header.User-Agent": "'agent'",
                "method.response.header.Content-Type": "'application/json'",
                "method.response.header.Warn": "'passes'",
              },
            },
          },
        }),
      },
    },
    "/custom/greeting": {
      get: {
        "x-amazon-apigateway-integration": lambdaCustom("greetFunction", {
          requestTemplates: {
            "application/json":
              '#if($input.params(\'greeter\') != "")\n{"greeter": "$input.params(\'greeter\')"}\n#else\n{}\n#end',
          },
          responses: {
            default: {
              statusCode: "200",
              responseTemplates: {
                "application/json":
                  '{"message": $input.json(\'$.greeting\'), "undefinedStageVariable": "$stageVariables.nothing"}',
              },
            },
            ".*Missing the required.*": {
              statusCode: "400",
              responseParameters: {
                "method.response.header.x-error-type": "integration.response.body.errorType",
              },
              responseTemplates: { "application/json": '{"error": "$input.path(\'$.errorMessage\')"}' },
            },
          },
        }),
      },
    },
    "/custom/unmapped-error": {
      get: { "x-amazon-apigateway-integration": lambdaCustom("greetFunction") },
    },
    "/custom/passthrough": {
      post: { "x-amazon-apigateway-integration": lambdaCustom("echoFunction") },
    },
    "/custom/status-override": {
      post: {
        "x-amazon-apigateway-integration": lambdaCustom("echoFunction", {
          responses: {
            default: {
              statusCode: "200",
              responseTemplates: {
                "application/json":
                  "#set($context.responseOverride.status = 202)#set($context.responseOverride.header.x-kind = \"$input.path('$.kind')\")$input.json('$')",
              },
            },
          },
        }),
      },
    },
    "/custom/async": {
      post: {
        "x-amazon-apigateway-integration": lambdaCustom("echoFunction", {
          requestParameters: { "integration.request.header.X-Amz-Invocation-Type": "'Event'" },
        }),
      },
    },
    "/custom/timeout": {
      get: {
        "x-amazon-apigateway-integration": lambdaCustom("slowFunction", {
          responses: {
            default: { statusCode: "200" },
            ".*Task timed out.*": {
              statusCode: "504",
              responseTemplates: { "application/json": '{"timedOut": true}' },
            },
          },
        }),
      },
    },
    "/python/event": { get: { "x-amazon-apigateway-integration": lambdaProxy("pythonEventFunction") } },
    "/python/select/{code}": {
      get: {
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        "x-amazon-apigateway-integration": lambdaCustom("pythonSelectFunction", {
          requestTemplates: { "application/json": '{"statusCode": "$input.params(\'code\')"}' },
          responses: {
            default: { statusCode: "200" },
            ".*four hundred.*": { statusCode: "405" },
            ".+": { statusCode: "502" },
            "200": { statusCode: "504" },
          },
        }),
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
        additionalProperties: { type: "integer" },
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `x-amz-apigw-id`, `$context.extendedRequestId`: 15 base64 digits and `=`. */
const EXTENDED_ID = /^[A-Za-z0-9+/]{15}=$/;
const TRACE = "Root=1-67891233-abcdef012345678912345678";
const GENERATED_TRACE = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/;

export const conformanceCases: readonly ConformanceCase[] = [
  {
    name: "MOCK renders the response template",
    documented: DOCS.mock,
    request: { path: "/pets" },
    response: { status: 200, json: [{ id: "1" }, { id: "2" }] },
  },
  {
    name: "an unknown path is 403 Missing Authentication Token",
    documented: DOCS.gatewayResponses,
    request: { path: "/nowhere" },
    response: missingToken,
  },
  {
    name: "a known path with a method it lacks is 403 too",
    documented: DOCS.gatewayResponseTypes,
    request: { method: "DELETE", path: "/pets" },
    response: missingToken,
  },
  {
    name: "the root without a method is 403",
    documented: DOCS.gatewayResponseTypes,
    request: { path: "/" },
    response: missingToken,
  },
  {
    name: "a literal segment wins over {param}",
    documented: DOCS.methodRequest,
    request: { path: "/pets/mine" },
    response: { status: 200, json: { resource: "/pets/mine" } },
  },
  {
    name: "{param} matches and the template reads it, with Java string methods",
    documented: DOCS.templateReference,
    request: { path: "/pets/a-b-c" },
    response: {
      status: 200,
      json: { id: "a-b-c", upper: "A-B-C", parts: 3, dashless: "abc", stage: "prod" },
      headers: { "x-pet": "a-b-c" },
    },
  },
  {
    name: "path parameters are URL-decoded for templates",
    documented: DOCS.templateReference,
    request: { path: "/pets/hello%20there" },
    response: {
      status: 200,
      json: { id: "hello there", upper: "HELLO THERE", parts: 1, dashless: "hello there", stage: "prod" },
    },
  },
  {
    name: "a conditional request template selects the integration response by status regex",
    documented: DOCS.mock,
    request: { path: "/pets/404" },
    response: { status: 404, json: { message: "Pet 404 not found" } },
  },
  {
    name: "responseOverride changes status and headers",
    documented: DOCS.override,
    request: { path: "/teapot" },
    response: { status: 418, json: { short: "and stout" }, headers: { "x-tea": "earl grey" } },
  },
  {
    name: "no response template gives an empty body",
    documented: DOCS.mock,
    request: { path: "/empty" },
    response: { status: 200, body: "" },
  },
  {
    name: "no matching integration response and no default is 500, through the DEFAULT_5XX override",
    documented: DOCS.gatewayResponseTypes,
    request: { path: "/unmatched" },
    response: {
      status: 500,
      json: { failed: "API_CONFIGURATION_ERROR", message: "Internal server error", stage: "prod" },
      headers: { "x-amzn-ErrorType": "InternalServerErrorException" },
    },
  },
  {
    name: "a gateway response header can map $context",
    documented: DOCS.gatewayResponses,
    request: { path: "/unmatched" },
    response: { status: 500, headersMatching: { "x-request-id": /^[0-9a-f-]{36}$/ } },
  },
  {
    name: "greedy {proxy+} catches deeper paths with ANY",
    documented: DOCS.proxyResource,
    request: { method: "PUT", path: "/files/a/b/c.txt" },
    response: { status: 200, json: { proxy: "a/b/c.txt", method: "PUT" } },
  },
  {
    name: "a literal sibling serves its own method",
    documented: DOCS.methodRequest,
    request: { path: "/files/special" },
    response: { status: 200, json: { file: "special" } },
  },
  {
    name: "greedy {proxy+} catches a method a literal sibling lacks",
    documented: DOCS.methodRequest,
    request: { method: "POST", path: "/files/special" },
    response: { status: 200, json: { proxy: "special", method: "POST" } },
  },
  {
    name: "missing parameters are listed header first, then path, then query string",
    documented: DOCS.validationTest,
    request: { method: "POST", path: "/pets", headers: json, body: '{"name":"Rex"}' },
    response: {
      status: 400,
      json: { message: "Missing required request parameters: [x-h, q]" },
      headers: { "access-control-allow-origin": "*" },
    },
  },
  {
    name: "parameters are checked before the body",
    documented: DOCS.validation,
    request: { method: "POST", path: "/pets?q=1", headers: json, body: "{" },
    response: { status: 400, json: { message: "Missing required request parameters: [x-h]" } },
  },
  {
    name: "a body failing its schema gets the BAD_REQUEST_BODY gateway response override",
    documented: DOCS.gatewayResponseTypes,
    request: { method: "POST", path: "/pets?q=1", headers: { ...json, "x-h": "1" }, body: '{"name":""}' },
    response: { status: 422, headers: { "x-error": "validation", "access-control-allow-origin": "*" } },
  },
  {
    name: "$context.error.validationErrorString is escaped for a JSON string: a request key cannot add keys to the body",
    documented: DOCS.templateReference,
    request: {
      method: "POST",
      path: "/pets?q=1",
      headers: { ...json, "x-h": "1" },
      body: '{"name":"Rex","x\\", \\"injected\\": \\"yes":"notint"}',
    },
    response: {
      status: 422,
      json: {
        error: "Invalid request body",
        type: "BAD_REQUEST_BODY",
        detail:
          'body.x", "injected": "yes must be integer (schema #/components/schemas/NewPet/additionalProperties/type)',
      },
    },
  },
  {
    name: "a request without a body is validated as an empty JSON object",
    documented: DOCS.validation,
    request: { method: "POST", path: "/pets?q=1", headers: { "x-h": "1" } },
    response: { status: 422 },
  },
  {
    name: "malformed JSON is an invalid body",
    documented: DOCS.validationTest,
    request: { method: "POST", path: "/pets?q=1", headers: { ...json, "x-h": "1" }, body: "{oops" },
    response: { status: 422 },
  },
  {
    name: "a valid request reaches the integration; + in the query string is a space",
    documented: DOCS.templateReference,
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
    documented: DOCS.cors,
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
    documented: DOCS.passthrough,
    request: { method: "POST", path: "/strict-media", headers: { "content-type": "text/plain" }, body: "hi" },
    response: { status: 415, json: { message: "Unsupported Media Type" } },
  },
  {
    name: "passthroughBehavior NEVER renders the template of a matching content type",
    documented: DOCS.passthrough,
    request: { method: "POST", path: "/strict-media", headers: json, body: "{}" },
    response: { status: 200, json: { accepted: true } },
  },
  {
    name: "a repeated query string key gives templates its last value",
    documented: DOCS.templateReference,
    request: { path: "/echo-query?tag=a&tag=b" },
    response: { status: 200, json: { tag: "b" } },
  },
  {
    name: "a trailing slash reaches the same resource",
    documented: DOCS.methodRequest,
    request: { path: "/pets/" },
    response: { status: 200, json: [{ id: "1" }, { id: "2" }] },
  },
  {
    name: "a preflight to a resource without an OPTIONS method is 403",
    documented: DOCS.cors,
    request: { method: "OPTIONS", path: "/pets/mine" },
    response: missingToken,
  },
  {
    name: "an AWS service integration answers 501 naming it",
    documented: DOCS.serviceIntegrations,
    request: { path: "/s3/photo.png" },
    response: { status: 501 },
  },
  {
    name: "a MOCK request template may leave its statusCode key unquoted, as the CDK's CORS preflight does",
    documented: DOCS.mock,
    recorded: RECORDED.mockTemplateNotJson,
    request: { path: "/mock/unquoted" },
    response: { status: 201, json: { read: "unquoted" } },
  },
  {
    name: "text a MOCK request template renders before its object is ignored",
    documented: DOCS.mock,
    recorded: RECORDED.mockTemplateNotJson,
    request: { path: "/mock/text-before" },
    response: { status: 202, json: { read: "after text" } },
  },
  {
    name: "a MOCK statusCode in quotes is a 500",
    documented: DOCS.mock,
    recorded: RECORDED.mockStatusNotString,
    api: "plain",
    request: { path: "/mock/quoted-status" },
    response: { status: 500, headers: { "x-amzn-ErrorType": "InternalServerErrorException" } },
  },
  {
    name: "a request template's $context.requestOverride is readable in the response template",
    documented: DOCS.override,
    request: { method: "POST", path: "/mock/echo", headers: json, body: '{"name":"Rex"}' },
    response: { status: 200, json: { name: "Rex" } },
  },
  {
    name: "request overrides replace mapped headers, add headers, set query string values and path parameters",
    documented: DOCS.override,
    request: { path: "/http/overrides/7?a=1&b=2&q=mapped" },
    response: {
      status: 200,
      jsonMatching: {
        path: "/items/7-overridden",
        query: { q: ["one", "two"] },
        headers: { "x-mapped": "overridden", "x-combined": "1-2" },
      },
    },
  },
  {
    name: "a request template that overrides one parameter twice fails the call",
    documented: DOCS.override,
    api: "plain",
    request: { path: "/http/overrides-twice" },
    response: { status: 500, headers: { "x-amzn-ErrorType": "InternalServerErrorException" } },
  },
  {
    name: "every response carries x-amzn-RequestId and x-amz-apigw-id; a MOCK answer no trace id",
    documented: DOCS.logging,
    recorded: RECORDED.traceHeader,
    request: { path: "/pets" },
    response: {
      status: 200,
      headersMatching: { "x-amzn-RequestId": UUID, "x-amz-apigw-id": EXTENDED_ID },
      headersAbsent: ["X-Amzn-Trace-Id"],
    },
  },
  {
    name: "API Gateway's own errors carry x-amzn-RequestId and x-amz-apigw-id too",
    documented: DOCS.logging,
    recorded: RECORDED.responseHeaders,
    request: { path: "/nowhere" },
    response: {
      status: 403,
      headersMatching: { "x-amzn-RequestId": UUID, "x-amz-apigw-id": EXTENDED_ID },
      headersAbsent: ["X-Amzn-Trace-Id"],
    },
  },
  {
    name: "a client's x-amzn-RequestId, when a UUID, is the request's id",
    documented: DOCS.logging,
    request: { path: "/pets", headers: { "x-amzn-RequestId": "0b2c4e6a-1d3f-4a5b-8c7d-9e0f1a2b3c4d" } },
    response: { status: 200, headers: { "x-amzn-RequestId": "0b2c4e6a-1d3f-4a5b-8c7d-9e0f1a2b3c4d" } },
  },
  {
    name: "a Lambda proxy answer carries the X-Amzn-Trace-Id its event had",
    documented: DOCS.xray,
    recorded: RECORDED.traceHeader,
    request: { path: "/lambda/event", headers: { "X-Amzn-Trace-Id": TRACE } },
    response: {
      status: 200,
      headers: { "X-Amzn-Trace-Id": TRACE },
      jsonMatching: { headers: { "X-Amzn-Trace-Id": TRACE } },
    },
  },
  {
    name: "API Gateway adds a trace id to a request without one, and answers with it",
    documented: DOCS.xray,
    recorded: RECORDED.traceHeader,
    request: { path: "/lambda/event" },
    response: { status: 200, headersMatching: { "X-Amzn-Trace-Id": GENERATED_TRACE } },
  },
  {
    name: "an HTTP backend receives the trace id, and the HTTP integration's answer carries it",
    documented: DOCS.xray,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http/echo", headers: { "X-Amzn-Trace-Id": TRACE } },
    response: {
      status: 200,
      headers: { "X-Amzn-Trace-Id": TRACE },
      jsonMatching: { headers: { "x-amzn-trace-id": TRACE, accept: "application/json" } },
    },
  },
  {
    name: "an HTTP_PROXY answer is the backend's headers, without a trace id of API Gateway's",
    documented: DOCS.xray,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http-proxy/echo", headers: { "X-Amzn-Trace-Id": TRACE } },
    response: {
      status: 200,
      headers: { "x-backend": "echo" },
      headersAbsent: ["X-Amzn-Trace-Id"],
      jsonMatching: { headers: { "x-amzn-trace-id": TRACE } },
    },
  },
  {
    name: 'API Gateway\'s 500 is {"message": "Internal server error"}, 36 bytes',
    documented: DOCS.gatewayResponseTypes,
    recorded: RECORDED.responseHeaders,
    api: "plain",
    request: { path: "/unmatched" },
    response: {
      status: 500,
      body: '{"message": "Internal server error"}',
      headers: { "content-length": "36", "x-amzn-ErrorType": "InternalServerErrorException" },
    },
  },
  {
    name: 'a function that throws is a 502 {"message": "Internal server error"}',
    documented: DOCS.lambdaProxy,
    recorded: RECORDED.responseHeaders,
    api: "plain",
    request: { path: "/lambda/thrown" },
    response: { status: 502, body: '{"message": "Internal server error"}' },
  },
  {
    name: "a routing miss is answered compactly, as API Gateway answers before it routes",
    documented: DOCS.gatewayResponses,
    api: "plain",
    request: { path: "/nowhere" },
    response: { status: 403, body: '{"message":"Missing Authentication Token"}' },
  },
  {
    name: 'a body the validator refuses is {"message": "Invalid request body"}',
    documented: DOCS.validationTest,
    api: "plain",
    request: { method: "POST", path: "/pets?q=1", headers: { ...json, "x-h": "1" }, body: '{"name":""}' },
    response: { status: 400, body: '{"message": "Invalid request body"}' },
  },
  {
    name: "a proxy event's path drops the slashes it starts with; requestContext.path keeps them",
    documented: DOCS.lambdaProxy,
    recorded: RECORDED.proxyEvent,
    request: { path: "//lambda/event" },
    response: {
      status: 200,
      jsonMatching: {
        path: "/lambda/event",
        resource: "/lambda/event",
        requestContext: { path: "/prod//lambda/event" },
      },
    },
  },
  {
    name: "a greedy path parameter keeps the slashes inside it and loses the one it ends with",
    documented: DOCS.lambdaProxy,
    recorded: RECORDED.proxyEvent,
    request: { path: "/lambda/greedy/a//b/" },
    response: {
      status: 200,
      jsonMatching: { path: "/lambda/greedy/a//b/", pathParameters: { proxy: "a//b" } },
    },
  },
  {
    name: "an AWS_PROXY integration whose httpMethod is not POST answers 500 without invoking the function",
    documented: `${GUIDE}/set-up-lambda-custom-integrations.html`,
    recorded: RECORDED.proxyEvent,
    api: "plain",
    request: { path: "/lambda/get-method" },
    response: { status: 500, body: '{"message": "Internal server error"}' },
  },
  {
    name: "the API is served under its stage too, as its invoke URL has it",
    documented: DOCS.invokeUrl,
    request: { path: "/prod/pets" },
    response: { status: 200, json: [{ id: "1" }, { id: "2" }] },
  },
  {
    name: "a request through the stage's URL reaches a function as one without it does",
    documented: DOCS.invokeUrl,
    request: { path: "/prod/lambda/event" },
    response: {
      status: 200,
      jsonMatching: { path: "/lambda/event", requestContext: { path: "/prod/lambda/event", stage: "prod" } },
    },
  },
  {
    name: "client headers API Gateway drops never reach a Lambda proxy event",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    request: {
      path: "/lambda/event",
      headers: {
        Trailer: "Expires",
        "Max-Forwards": "2",
        "Content-MD5": "x",
        "WWW-Authenticate": "Basic",
        TE: "trailers",
      },
    },
    response: {
      status: 200,
      jsonMatching: { headers: { "X-Forwarded-Proto": "http" } },
      jsonAbsent: [
        "headers.Trailer",
        "headers.Max-Forwards",
        "headers.Content-MD5",
        "headers.WWW-Authenticate",
        "headers.TE",
        "headers.Connection",
      ],
    },
  },
  {
    name: "an HTTP_PROXY does not forward a client's Trailer header",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http-proxy/echo", headers: { Trailer: "Expires", "Max-Forwards": "2" } },
    response: { status: 200, jsonAbsent: ["headers.trailer", "headers.max-forwards"] },
  },
  {
    name: "an HTTP_PROXY answer renames the backend's connection headers and drops Transfer-Encoding",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http-proxy/echo" },
    response: {
      status: 200,
      headersMatching: { "x-amzn-Remapped-Connection": /^keep-alive$/, "x-amzn-Remapped-Date": /GMT$/ },
      headersAbsent: ["x-amzn-Remapped-Transfer-Encoding"],
    },
  },
  {
    name: "an HTTP integration that maps Content-Length fails the call with a 500",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    api: "plain",
    request: { path: "/http/maps-content-length" },
    response: { status: 500, body: '{"message": "Internal server error"}' },
  },
  {
    name: "a Lambda proxy integration that maps Authorization fails the call with a 500",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    api: "plain",
    request: { path: "/lambda/maps-authorization" },
    response: { status: 500, body: '{"message": "Internal server error"}' },
  },
  {
    name: "mapped Trailer and Upgrade headers reach an HTTP backend; Expect, TE and Via do not",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http/mapped-headers" },
    response: {
      status: 200,
      jsonMatching: { headers: { trailer: "user-agent", upgrade: "HTTP/2.0" } },
      jsonAbsent: ["headers.expect", "headers.te", "headers.via"],
    },
  },
  {
    name: "response parameters that set restricted headers are sent as x-amzn-Remapped-*",
    documented: DOCS.knownIssues,
    recorded: RECORDED.responseHeaders,
    request: { path: "/http/remapped" },
    response: {
      status: 200,
      headers: {
        "x-amzn-Remapped-Server": "mine",
        "x-amzn-Remapped-WWW-Authenticate": "Basic",
        "x-amzn-Remapped-User-Agent": "agent",
        "content-type": "application/json",
        warn: "passes",
      },
      headersAbsent: ["server", "www-authenticate"],
    },
  },
  {
    name: "a Lambda custom integration's request template is the event; its result, the response template's input",
    documented: DOCS.lambdaCustom,
    recorded: RECORDED.lambdaCustom,
    request: { path: "/custom/greeting?greeter=Ada" },
    response: { status: 200, json: { message: "Hello, Ada!", undefinedStageVariable: "" } },
  },
  {
    name: "a Lambda error's errorMessage selects the integration response by its selection pattern",
    documented: DOCS.lambdaErrors,
    recorded: RECORDED.lambdaCustom,
    request: { path: "/custom/greeting" },
    response: {
      status: 400,
      json: { error: "Missing the required greeter parameter." },
      headers: { "x-error-type": "Error" },
    },
  },
  {
    name: "a Lambda error no pattern selects is the default response: a 200 with the error as its body",
    documented: DOCS.lambdaErrors,
    recorded: RECORDED.lambdaCustom,
    request: { path: "/custom/unmapped-error" },
    response: {
      status: 200,
      jsonMatching: { errorType: "Error", errorMessage: "Missing the required greeter parameter." },
    },
  },
  {
    name: "without a request template, the body passes through as the event and the result as the body",
    documented: DOCS.passthrough,
    recorded: RECORDED.lambdaCustom,
    request: {
      method: "POST",
      path: "/custom/passthrough",
      headers: json,
      body: '{"message":"hello world"}',
    },
    response: { status: 200, json: { message: "hello world" } },
  },
  {
    name: "a Lambda custom integration's response template can override the status and headers",
    documented: DOCS.override,
    recorded: RECORDED.lambdaCustom,
    request: { method: "POST", path: "/custom/status-override", headers: json, body: '{"kind":"queued"}' },
    response: { status: 202, json: { kind: "queued" }, headers: { "x-kind": "queued" } },
  },
  {
    name: "X-Amz-Invocation-Type 'Event' invokes without waiting and answers with an empty body",
    documented: DOCS.lambdaAsync,
    request: { method: "POST", path: "/custom/async", headers: json, body: '{"queued":true}' },
    response: { status: 200, body: "" },
  },
  {
    name: "a function past its own timeout is a Lambda error a selection pattern can map",
    documented: DOCS.lambdaErrors,
    request: { path: "/custom/timeout" },
    response: { status: 504, json: { timedOut: true } },
  },
  {
    name: "a Python function answers a Lambda proxy integration",
    documented: DOCS.pythonHandler,
    request: { path: "/python/event?q=x+y" },
    response: { status: 200, jsonMatching: { path: "/python/event", queryStringParameters: { q: "x y" } } },
  },
  {
    name: "a Python function's result is the default integration response; a pattern like 200 is not matched by it",
    documented: DOCS.lambdaErrors,
    recorded: RECORDED.lambdaCustom,
    request: { path: "/python/select/200" },
    response: { status: 200, json: "Pass" },
  },
  {
    name: "a Python exception is selected by its message and answered as Lambda's Python runtime gives it",
    documented: DOCS.lambdaErrors,
    recorded: RECORDED.lambdaCustom,
    request: { path: "/python/select/400" },
    response: {
      status: 405,
      jsonMatching: {
        errorMessage: "Error: Raising four hundred from within the Lambda function",
        errorType: "Exception",
      },
    },
  },
];

/** The conformance API without gateway response overrides: API Gateway's own error responses. */
export const plainSpec: Record<string, unknown> = Object.fromEntries(
  Object.entries(conformanceSpec).filter(([key]) => key !== "x-amazon-apigateway-gateway-responses"),
);
