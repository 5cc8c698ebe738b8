import type { ApiKeySourceType, CorsOptions } from "aws-cdk-lib/aws-apigateway";
import { derefLocal } from "@specgate/model";
import type { Authorizer } from "./authorizers";
import {
  corsPreflightHeaders,
  corsPreflightTemplate,
  corsResponseHeaders,
  staticParameters,
  validateCorsOptions,
} from "./cors";
import { isObject, type Obj } from "./document";
import type { ApiGatewayIntegration } from "./integration";
import type { OpenApiDocument, OperationLookup } from "./operations";
import { applySecurity, type SecuredOperation } from "./security";

/** Per-operation settings beside the integration. */
export interface TypeSafeApiIntegrationOptions {
  /**
   * Whether callers must send an API key (`x-api-key`, or the Lambda authorizer's `usageIdentifierKey`).
   * @default false, unless the model's security names an API key scheme
   */
  readonly apiKeyRequired?: boolean;
  /**
   * Who may call this operation, for an operation the model gives no security.
   * @default the API's defaultAuthorizer
   */
  readonly authorizer?: Authorizer;
}

export interface PrepareApiSpecOptions {
  /** Every operation of the spec, by operationId: where it sits and what it accepts. */
  readonly operationLookup: OperationLookup;
  /** Every operation's rendered `x-amazon-apigateway-integration`, by operationId. */
  readonly integrations: { readonly [operationId: string]: ApiGatewayIntegration };
  /** Per-operation options, by operationId. */
  readonly options?: { readonly [operationId: string]: TypeSafeApiIntegrationOptions };
  /**
   * Adds preflight (OPTIONS) methods to every path without one, and CORS headers to gateway responses.
   * @default CORS off
   */
  readonly corsOptions?: CorsOptions;
  /**
   * An authorizer for each security scheme of the model that API Gateway cannot enforce on its own
   * (an `x-api-key` API key scheme and schemes with API Gateway's extensions need none).
   * @default none
   */
  readonly authorizers?: { readonly [securityScheme: string]: Authorizer };
  /**
   * The authorizer of every operation the model gives no security (`options.authorizer` overrides it).
   * @default none: such operations are open
   */
  readonly defaultAuthorizer?: Authorizer;
  /**
   * Where API Gateway reads API keys from (`x-amazon-apigateway-api-key-source`).
   * @default API Gateway's: the x-api-key header
   */
  readonly apiKeySourceType?: ApiKeySourceType;
}

/** The request validator specgate adds when the spec selects none. */
export const REQUEST_VALIDATOR = "params-and-body";

/** Says what was wrong with a body instead of API Gateway's bare "Invalid request body". */
export const BAD_REQUEST_BODY_TEMPLATE = '{"message": "$context.error.validationErrorString"}';

const GATEWAY_RESPONSES = "x-amazon-apigateway-gateway-responses";
const INTEGRATION = "x-amazon-apigateway-integration";

/**
 * Lists every operation without an integration and every integration that is not an operation,
 * in one message; undefined when they match. `derivedIds` are the operationIds the spec does not
 * give, named from the method and path: the message says so beside each.
 */
export function integrationMismatch(
  operationLookup: OperationLookup,
  integrationKeys: readonly string[],
  derivedIds: readonly string[] = [],
): string | undefined {
  const keys = new Set(integrationKeys);
  const missing = Object.keys(operationLookup).filter((id) => !keys.has(id));
  const extra = integrationKeys.filter((key) => !Object.hasOwn(operationLookup, key));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const lines: string[] = [];
  if (missing.length > 0) {
    lines.push(`${plural(missing.length, "operation has", "operations have")} no integration:`);
    for (const id of missing) {
      const { method, path } = operationLookup[id];
      const derived = derivedIds.includes(id)
        ? ": no operationId in the spec, named from the method and path"
        : "";
      lines.push(`  - ${id} (${method} ${path}${derived})`);
    }
  }
  if (extra.length > 0) {
    lines.push(`${plural(extra.length, "integration is", "integrations are")} not an operation of the spec:`);
    for (const key of extra) lines.push(`  - ${key}`);
  }
  lines.push("Give every operationId of the spec exactly one integration, keyed by its operationId.");
  return lines.join("\n");
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Renders a spec API Gateway can import: every operation gets its integration, paths without an
 * OPTIONS method get a CORS preflight (when CORS is on), and request validators and gateway
 * responses are added where the spec defines none. Pure: the input is never modified.
 */
export function prepareApiSpec(spec: OpenApiDocument, options: PrepareApiSpecOptions): OpenApiDocument {
  const mismatch = integrationMismatch(options.operationLookup, Object.keys(options.integrations));
  if (mismatch) throw new Error(mismatch);
  if (options.corsOptions) validateCorsOptions(options.corsOptions);

  const document = structuredClone(spec) as Obj;
  const paths = isObject(document.paths) ? document.paths : {};
  document.paths = paths;

  const secured: SecuredOperation[] = [];
  for (const [operationId, { method, path }] of Object.entries(options.operationLookup)) {
    const item = ownObject(document, paths, path);
    const operation = item && ownObject(document, item, method.toLowerCase());
    if (!operation) throw new Error(`Operation ${operationId} (${method} ${path}) is not in the spec`);
    // A derived operationId becomes the method's operation name in API Gateway, as a given one does.
    if (typeof operation.operationId !== "string" || operation.operationId === "") {
      operation.operationId = operationId;
    }
    const integration = options.integrations[operationId];
    operation[INTEGRATION] = integration;
    declareMethodResponses(document, operation, integration);
    secured.push({ operationId, method, path, operation });
  }
  const problems = applySecurity(document, secured, {
    authorizers: options.authorizers,
    defaultAuthorizer: options.defaultAuthorizer,
    operations: options.options,
    apiKeySourceType: options.apiKeySourceType,
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));

  if (options.corsOptions) addCorsPreflights(document, paths, options.corsOptions);
  addRequestValidator(document);
  addGatewayResponses(document, options.corsOptions);
  return document;
}

/** Follows a local `$ref` and replaces it with its own copy, so that changes stay local. */
function ownObject(document: Obj, parent: Obj, key: string): Obj | undefined {
  const value = derefLocal(document, parent[key]);
  if (value === undefined) return undefined;
  if (value !== parent[key]) parent[key] = structuredClone(value);
  return parent[key] as Obj;
}

/**
 * API Gateway rejects an integration response whose status code has no method response, and a
 * `method.response.header.X` mapping whose header the method response does not declare.
 */
function declareMethodResponses(document: Obj, operation: Obj, integration: ApiGatewayIntegration): void {
  if (!integration.responses) return;
  const responses = isObject(operation.responses) ? operation.responses : {};
  operation.responses = responses;
  for (const { statusCode, responseParameters } of Object.values(integration.responses)) {
    if (!(statusCode in responses)) responses[statusCode] = { description: `${statusCode} response` };
    const response = ownObject(document, responses, statusCode);
    if (!response) continue;
    for (const parameter of Object.keys(responseParameters ?? {})) {
      const match = /^method\.response\.header\.(.+)$/.exec(parameter);
      if (match) declareHeader(response, match[1]);
    }
  }
}

function declareHeader(response: Obj, name: string): void {
  const headers = isObject(response.headers) ? response.headers : {};
  response.headers = headers;
  const declared = Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
  if (!declared) headers[name] = { schema: { type: "string" } };
}

const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

function addCorsPreflights(document: Obj, paths: Obj, cors: CorsOptions): void {
  const statusCode = String(cors.statusCode ?? 204);
  for (const path of Object.keys(paths)) {
    if (path.startsWith("x-")) continue;
    const item = ownObject(document, paths, path);
    if (!item || "options" in item) continue;
    const methods = OPERATION_METHODS.filter((method) => method in item).map((m) => m.toUpperCase());
    if (methods.length === 0) continue;
    const headers = corsPreflightHeaders(cors, methods);
    const pathParameters = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    item.options = {
      summary: "CORS preflight",
      ...(pathParameters.length > 0 ? { parameters: pathParameters } : {}),
      // Browsers send preflights without credentials: no authorizer may guard them.
      security: [],
      responses: {
        [statusCode]: {
          description: "CORS preflight",
          headers: Object.fromEntries(
            Object.keys(headers).map((name) => [name, { schema: { type: "string" } }]),
          ),
        },
      },
      [INTEGRATION]: {
        type: "MOCK",
        requestTemplates: { "application/json": JSON.stringify({ statusCode: Number(statusCode) }) },
        responses: {
          default: {
            statusCode,
            responseParameters: staticParameters("method.response.header.", headers),
            responseTemplates: { "application/json": corsPreflightTemplate(cors) },
          },
        },
      } satisfies ApiGatewayIntegration,
    };
  }
}

function addRequestValidator(document: Obj): void {
  if ("x-amazon-apigateway-request-validator" in document) return;
  const validators = isObject(document["x-amazon-apigateway-request-validators"])
    ? document["x-amazon-apigateway-request-validators"]
    : {};
  validators[REQUEST_VALIDATOR] ??= { validateRequestBody: true, validateRequestParameters: true };
  document["x-amazon-apigateway-request-validators"] = validators;
  document["x-amazon-apigateway-request-validator"] = REQUEST_VALIDATOR;
}

function addGatewayResponses(document: Obj, cors: CorsOptions | undefined): void {
  const responses = isObject(document[GATEWAY_RESPONSES]) ? document[GATEWAY_RESPONSES] : {};
  document[GATEWAY_RESPONSES] = responses;
  const corsParameters = cors ? staticParameters("gatewayresponse.header.", corsResponseHeaders(cors)) : {};
  const withCors = cors ? { responseParameters: corsParameters } : {};
  responses.BAD_REQUEST_BODY ??= {
    statusCode: "400",
    ...withCors,
    responseTemplates: { "application/json": BAD_REQUEST_BODY_TEMPLATE },
  };
  if (cors) {
    responses.DEFAULT_4XX ??= withCors;
    responses.DEFAULT_5XX ??= withCors;
    // The spec's own responses (an UNAUTHORIZED with its own body...) keep what they say and gain the
    // CORS headers they do not set, so that a browser can read every 401 and 403.
    for (const response of Object.values(responses)) {
      if (!isObject(response)) continue;
      const parameters = isObject(response.responseParameters) ? response.responseParameters : {};
      const set = new Set(Object.keys(parameters).map((name) => name.toLowerCase()));
      for (const [name, value] of Object.entries(corsParameters)) {
        if (!set.has(name.toLowerCase())) parameters[name] = value;
      }
      response.responseParameters = parameters;
    }
  }
}
