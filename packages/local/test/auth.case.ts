/**
 * API Gateway's authorization, each case a request and the response API Gateway gives, with the page of
 * AWS's documentation it comes from (or a recording, where the documentation does not spell out the
 * bytes). Run by auth-conformance.test.ts against the secured API `securedApp` builds; CONFORMANCE.md
 * lists them (conformance-table.test.ts keeps the table current).
 */
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { ConformanceCase } from "./common.case";

/** What a case's request may need: tokens the local user pool issues, API keys, signatures. */
export interface CallKit {
  /** An ID token of the local user pool, or an access token with `scopes`. */
  token(options?: { scopes?: string[]; expiresInSeconds?: number; issuer?: string }): Promise<string>;
  /** The value of an API key of the app, by the key's construct id. */
  apiKey(id: "Key" | "Disabled" | "Unplanned" | "Generated"): string;
  /** SigV4 headers for a request, signed with `credentials` (default: the local ones). */
  sign(
    request: { method: string; path: string; body?: string },
    options?: { secretAccessKey?: string; accessKeyId?: string; region?: string; date?: Date },
  ): Promise<Record<string, string>>;
}

export interface AuthCase extends ConformanceCase {
  /** Headers computed for the request (tokens, keys, signatures), beside `request.headers`. */
  readonly authorize?: (kit: CallKit) => Promise<Record<string, string>> | Record<string, string>;
}

/** AWS's API Gateway developer guide, and the knowledge center articles on its authorization errors. */
const GUIDE = "https://docs.aws.amazon.com/apigateway/latest/developerguide";
export const AUTH_DOCS = {
  lambdaAuthorizer: `${GUIDE}/apigateway-use-lambda-authorizer.html`,
  lambdaOutput: `${GUIDE}/api-gateway-lambda-authorizer-output.html`,
  createAuthorizer: "https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html",
  lambda403:
    "https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-403-error-lambda-authorizer/",
  lambda401:
    "https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-401-error-lambda-authorizer/",
  cognito: `${GUIDE}/apigateway-enable-cognito-user-pool.html`,
  cognito401: "https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-cognito-401-unauthorized/",
  iam: `${GUIDE}/permissions.html`,
  sigv4: "https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-iam-sigv4-mismatch/",
  apiKeys: `${GUIDE}/api-gateway-api-key-source.html`,
  usagePlans: `${GUIDE}/api-gateway-api-usage-plans.html`,
  gatewayResponseTypes: `${GUIDE}/supported-gateway-response-types.html`,
  cors: `${GUIDE}/how-to-cors.html`,
} as const;

/** Recordings of the real service's answers, where the documentation gives only their gist. */
export const AUTH_RECORDED = {
  /** A Lambda authorizer's 401 is `{"message":"Unauthorized"}`. */
  unauthorized: "https://github.com/mistertown/lambda-authorizer-sample/blob/main/readme.md",
  /** An authorizer that fails is a 500 with `{"message":null}`. */
  authorizerError: "https://loige.co/debugging-custom-apigateway-authorizers/",
} as const;

const TOKEN_DENIED = '{"Message":"User is not authorized to access this resource with an explicit deny"}';

export const authCases: readonly AuthCase[] = [
  {
    name: "a TOKEN authorizer's missing header is 401 Unauthorized, without calling the function",
    documented: AUTH_DOCS.lambda401,
    recorded: AUTH_RECORDED.unauthorized,
    request: { path: "/token/a" },
    response: {
      status: 401,
      body: '{"message":"Unauthorized"}',
      headers: { "x-amzn-ErrorType": "UnauthorizedException", "access-control-allow-origin": "*" },
    },
  },
  {
    name: "a token that does not match identityValidationExpression is 401",
    documented: AUTH_DOCS.createAuthorizer,
    request: { path: "/token/a", headers: { Authorization: "not valid!" } },
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a policy that denies the method ARN is 403 with an explicit deny",
    documented: AUTH_DOCS.lambda403,
    request: { path: "/token/a", headers: { Authorization: "deny" } },
    response: {
      status: 403,
      body: TOKEN_DENIED,
      headers: { "x-amzn-ErrorType": "AccessDeniedException", "access-control-allow-origin": "*" },
    },
  },
  {
    name: "a policy that does not allow the method ARN is 403",
    documented: AUTH_DOCS.lambda403,
    request: { path: "/token/a", headers: { Authorization: "elsewhere" } },
    response: { status: 403, body: '{"Message":"User is not authorized to access this resource"}' },
  },
  {
    name: "an authorizer that throws Unauthorized is 401",
    documented: AUTH_DOCS.lambda401,
    request: { path: "/token/a", headers: { Authorization: "unauthorized" } },
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "an authorizer that fails is 500 with a null message",
    documented: AUTH_DOCS.gatewayResponseTypes,
    recorded: AUTH_RECORDED.authorizerError,
    request: { path: "/token/a", headers: { Authorization: "boom" } },
    response: {
      status: 500,
      body: '{"message":null}',
      headers: { "x-amzn-ErrorType": "AuthorizerConfigurationException" },
    },
  },
  {
    name: "an authorizer output without a policy is 500",
    documented: AUTH_DOCS.lambdaOutput,
    recorded: AUTH_RECORDED.authorizerError,
    request: { path: "/token/a", headers: { Authorization: "malformed" } },
    response: { status: 500, body: '{"message":null}' },
  },
  {
    name: "an authorizer context value that is an object is 500",
    documented: AUTH_DOCS.lambdaOutput,
    request: { path: "/token/a", headers: { Authorization: "nested" } },
    response: { status: 500, body: '{"message":null}' },
  },
  {
    name: "a caching REQUEST authorizer's missing identity source is 401, without calling the function",
    documented: AUTH_DOCS.lambda401,
    request: { path: "/request?tenant=t1" },
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a REQUEST authorizer's denying policy is 403",
    documented: AUTH_DOCS.lambda403,
    request: { path: "/request?tenant=t1", headers: { "X-Partner": "globex" } },
    response: { status: 403, body: TOKEN_DENIED },
  },
  {
    name: "a Cognito method without a token is 401",
    documented: AUTH_DOCS.cognito401,
    request: { path: "/cognito" },
    response: {
      status: 401,
      body: '{"message":"Unauthorized"}',
      headers: { "x-amzn-ErrorType": "UnauthorizedException" },
    },
  },
  {
    name: "a token that is not a JWT of the user pool is 401",
    documented: AUTH_DOCS.cognito401,
    request: { path: "/cognito", headers: { Authorization: "eyJhbGciOi.not.a-token" } },
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "an expired token is 401",
    documented: AUTH_DOCS.cognito401,
    request: { path: "/cognito" },
    authorize: async (kit) => ({ Authorization: await kit.token({ expiresInSeconds: -60 }) }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a token another user pool issued is 401",
    documented: AUTH_DOCS.cognito401,
    request: { path: "/cognito" },
    authorize: async (kit) => ({
      Authorization: await kit.token({
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other",
      }),
    }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a method without scopes takes ID tokens only: an access token is 401",
    documented: AUTH_DOCS.cognito401,
    request: { path: "/cognito" },
    authorize: async (kit) => ({ Authorization: await kit.token({ scopes: ["pets/write"] }) }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a method with scopes takes access tokens only: an ID token is 401",
    documented: AUTH_DOCS.cognito,
    request: { method: "POST", path: "/cognito/write" },
    authorize: async (kit) => ({ Authorization: await kit.token() }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "an access token with none of the method's scopes is 401",
    documented: AUTH_DOCS.cognito,
    request: { method: "POST", path: "/cognito/write" },
    authorize: async (kit) => ({ Authorization: await kit.token({ scopes: ["pets/read"] }) }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "an IAM method called without a signature is 403 Missing Authentication Token",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam" },
    response: {
      status: 403,
      body: '{"message":"Missing Authentication Token"}',
      headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException" },
    },
  },
  {
    name: "an Authorization header that is not a SigV4 signature is 403 naming what it lacks",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam", headers: { Authorization: "Bearer abc" } },
    response: {
      status: 403,
      body: JSON.stringify({
        message:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc",
      }),
      headers: { "x-amzn-ErrorType": "IncompleteSignatureException" },
    },
  },
  {
    name: "a SigV4 Authorization header without a date it can read is 403 naming the date it lacks",
    documented: AUTH_DOCS.sigv4,
    request: {
      path: "/iam",
      headers: {
        Authorization:
          "AWS4-HMAC-SHA256 Credential=AKIA0/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00",
        Date: "not a date",
      },
    },
    response: {
      status: 403,
      body: JSON.stringify({
        message:
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIA0/20260101/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00",
      }),
      headers: { "x-amzn-ErrorType": "IncompleteSignatureException" },
    },
  },
  {
    name: "a signature by unknown credentials is 403 The security token included in the request is invalid",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam" },
    authorize: (kit) =>
      kit.sign(
        { method: "GET", path: "/iam" },
        { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      ),
    response: {
      status: 403,
      body: '{"message":"The security token included in the request is invalid."}',
      headers: { "x-amzn-ErrorType": "UnrecognizedClientException" },
    },
  },
  {
    name: "a signature with the wrong secret is 403, with the canonical request API Gateway computed",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam" },
    authorize: (kit) => kit.sign({ method: "GET", path: "/iam" }, { secretAccessKey: "not the secret" }),
    response: {
      status: 403,
      jsonMatching: {},
      headers: { "x-amzn-ErrorType": "InvalidSignatureException" },
    },
  },
  {
    name: "a signature older than 5 minutes is 403 Signature expired",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam" },
    authorize: (kit) =>
      kit.sign({ method: "GET", path: "/iam" }, { date: new Date(Date.now() - 10 * 60_000) }),
    response: { status: 403, headers: { "x-amzn-ErrorType": "InvalidSignatureException" } },
  },
  {
    name: "a signature scoped to another region is 403",
    documented: AUTH_DOCS.sigv4,
    request: { path: "/iam" },
    authorize: (kit) => kit.sign({ method: "GET", path: "/iam" }, { region: "ap-south-1" }),
    response: {
      status: 403,
      body: `{"message":"Credential should be scoped to a valid region, not 'ap-south-1'. "}`,
    },
  },
  {
    name: "a method that requires an API key is 403 Forbidden without one",
    documented: AUTH_DOCS.apiKeys,
    request: { path: "/key" },
    response: {
      status: 403,
      body: '{"message":"Forbidden"}',
      headers: { "x-amzn-ErrorType": "ForbiddenException", "access-control-allow-origin": "*" },
    },
  },
  {
    name: "an API key no usage plan of the stage holds is 403 Forbidden",
    documented: AUTH_DOCS.usagePlans,
    request: { path: "/key" },
    authorize: (kit) => ({ "x-api-key": kit.apiKey("Unplanned") }),
    response: { status: 403, body: '{"message":"Forbidden"}' },
  },
  {
    name: "a disabled API key is 403 Forbidden",
    documented: AUTH_DOCS.usagePlans,
    request: { path: "/key" },
    authorize: (kit) => ({ "x-api-key": kit.apiKey("Disabled") }),
    response: { status: 403, body: '{"message":"Forbidden"}' },
  },
  {
    name: "a valid token without the API key the method also requires is 403 Forbidden",
    documented: AUTH_DOCS.apiKeys,
    request: { path: "/token-and-key", headers: { Authorization: "allow" } },
    response: { status: 403, body: '{"message":"Forbidden"}' },
  },
  {
    name: "the authorizer runs before the API key check: a key without a token is 401",
    documented: AUTH_DOCS.apiKeys,
    request: { path: "/token-and-key" },
    authorize: (kit) => ({ "x-api-key": kit.apiKey("Key") }),
    response: { status: 401, body: '{"message":"Unauthorized"}' },
  },
  {
    name: "a CORS preflight to a protected resource needs no credentials",
    documented: AUTH_DOCS.cors,
    request: { method: "OPTIONS", path: "/cognito" },
    response: { status: 204, headers: { "access-control-allow-origin": "*" } },
  },
];

/** The functions of the secured API, by the handler export each runs. */
const FUNCTIONS = ["token", "request", "echo"] as const;

const lambdaUri = (stack: Stack, fn: lambda.IFunction): string =>
  `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`;

/** A method that answers what `$context` says of the caller, without a backend. */
const contextMock = {
  type: "mock",
  requestTemplates: { "application/json": '{"statusCode": 200}' },
  responses: {
    default: {
      statusCode: "200",
      responseTemplates: {
        "application/json":
          '{"principalId": "$context.authorizer.principalId", "user": "$context.authorizer.user", "username": "$context.authorizer.claims.username", "scope": "$context.authorizer.claims.scope", "apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId", "accessKey": "$context.identity.accessKey"}',
      },
    },
  },
};

/** The method behind the REQUEST authorizer: answers what its context says of the event it was given. */
const requestMock = {
  type: "mock",
  requestTemplates: { "application/json": '{"statusCode": 200}' },
  responses: {
    default: {
      statusCode: "200",
      responseTemplates: {
        "application/json":
          '{"principalId": "$context.authorizer.principalId", "eventType": "$context.authorizer.eventType", "resource": "$context.authorizer.resource", "tenant": "$context.authorizer.tenant", "methodArn": "$context.authorizer.methodArn", "invocation": "$context.authorizer.invocation"}',
      },
    },
  },
};

const ok = { "200": { description: "ok" } };

/**
 * The secured API: a TOKEN and a REQUEST Lambda authorizer, a Cognito user pool with and without scopes,
 * IAM, API keys (alone and beside an authorizer) through a usage plan, CORS, and a second API whose keys
 * come from its authorizer. Returns the stage's region.
 */
export function securedApp(stack: Stack): void {
  const functions = Object.fromEntries(
    FUNCTIONS.map((handler) => [
      handler,
      new lambda.Function(stack, `${handler}Fn`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        code: lambda.Code.fromAsset(join(__dirname, "fixtures", "authorizers")),
        handler: `index.${handler}`,
      }),
    ]),
  ) as Record<(typeof FUNCTIONS)[number], lambda.Function>;
  const pool = new cognito.UserPool(stack, "Members");
  const echo = {
    type: "aws_proxy",
    httpMethod: "POST",
    uri: lambdaUri(stack, functions.echo),
  };
  const tokenAuthorizer = (ttl: number): Record<string, unknown> => ({
    type: "apiKey",
    name: "Authorization",
    in: "header",
    "x-amazon-apigateway-authtype": "custom",
    "x-amazon-apigateway-authorizer": {
      type: "token",
      authorizerUri: lambdaUri(stack, functions.token),
      authorizerResultTtlInSeconds: ttl,
      identitySource: "method.request.header.Authorization",
      identityValidationExpression: "^[A-Za-z0-9_:-]+$",
    },
  });
  const spec = {
    openapi: "3.0.1",
    info: { title: "Secured", version: "1" },
    paths: {
      "/token/{item}": {
        get: { security: [{ token: [] }], responses: ok, "x-amazon-apigateway-integration": echo },
      },
      "/token-nocache": {
        get: { security: [{ tokenNoCache: [] }], responses: ok, "x-amazon-apigateway-integration": echo },
      },
      "/token-and-key": {
        get: {
          security: [{ token: [], api_key: [] }],
          responses: ok,
          "x-amazon-apigateway-integration": contextMock,
        },
      },
      "/request": {
        get: { security: [{ partners: [] }], responses: ok, "x-amazon-apigateway-integration": requestMock },
      },
      "/cognito": {
        get: { security: [{ members: [] }], responses: ok, "x-amazon-apigateway-integration": echo },
        options: {
          security: [],
          responses: { "204": { description: "preflight" } },
          "x-amazon-apigateway-integration": {
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 204}' },
            responses: {
              default: {
                statusCode: "204",
                responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
              },
            },
          },
        },
      },
      "/cognito/write": {
        post: {
          security: [{ members: ["pets/write"] }],
          responses: ok,
          "x-amazon-apigateway-integration": contextMock,
        },
      },
      "/iam": {
        get: { security: [{ sigv4: [] }], responses: ok, "x-amazon-apigateway-integration": echo },
        post: { security: [{ sigv4: [] }], responses: ok, "x-amazon-apigateway-integration": echo },
      },
      "/key": {
        get: { security: [{ api_key: [] }], responses: ok, "x-amazon-apigateway-integration": contextMock },
      },
    },
    components: {
      securitySchemes: {
        token: tokenAuthorizer(300),
        tokenNoCache: tokenAuthorizer(0),
        partners: {
          type: "apiKey",
          name: "Unused",
          in: "header",
          "x-amazon-apigateway-authtype": "custom",
          "x-amazon-apigateway-authorizer": {
            type: "request",
            authorizerUri: lambdaUri(stack, functions.request),
            authorizerResultTtlInSeconds: 60,
            identitySource: "method.request.header.X-Partner, method.request.querystring.tenant",
          },
        },
        members: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          "x-amazon-apigateway-authtype": "cognito_user_pools",
          "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [pool.userPoolArn] },
        },
        sigv4: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          "x-amazon-apigateway-authtype": "awsSigv4",
        },
        api_key: { type: "apiKey", name: "x-api-key", in: "header" },
      },
    },
    "x-amazon-apigateway-gateway-responses": {
      DEFAULT_4XX: { responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } },
    },
  };
  const api = new apigateway.SpecRestApi(stack, "Secured", {
    apiDefinition: apigateway.ApiDefinition.fromInline(spec),
  });
  const plan = api.addUsagePlan("Plan", { apiStages: [{ api, stage: api.deploymentStage }] });
  plan.addApiKey(new apigateway.ApiKey(stack, "Key", { value: "conformance-key-0123456789" }));
  plan.addApiKey(
    new apigateway.ApiKey(stack, "Disabled", { value: "disabled-key-0123456789", enabled: false }),
  );
  plan.addApiKey(new apigateway.ApiKey(stack, "Generated"));
  new apigateway.ApiKey(stack, "Unplanned", { value: "unplanned-key-0123456789" });

  // Keys from the authorizer's usageIdentifierKey.
  const byAuthorizer = new apigateway.SpecRestApi(stack, "KeysFromAuthorizer", {
    apiDefinition: apigateway.ApiDefinition.fromInline({
      openapi: "3.0.1",
      info: { title: "Keys from the authorizer", version: "1" },
      "x-amazon-apigateway-api-key-source": "AUTHORIZER",
      paths: {
        "/usage": {
          get: {
            security: [{ token: [], api_key: [] }],
            responses: ok,
            "x-amazon-apigateway-integration": contextMock,
          },
        },
      },
      components: {
        securitySchemes: {
          token: tokenAuthorizer(0),
          api_key: { type: "apiKey", name: "x-api-key", in: "header" },
        },
      },
    }),
  });
  byAuthorizer
    .addUsagePlan("Plan", { apiStages: [{ api: byAuthorizer, stage: byAuthorizer.deploymentStage }] })
    .addApiKey(new apigateway.ApiKey(stack, "PartnerKey", { value: "partner-key-0123456789" }));
}
