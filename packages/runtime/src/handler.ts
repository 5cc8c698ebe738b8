import { flatten, missingParameters, parameterTypeIssues, readParameters } from "./parameters";
import type {
  AnyResponse,
  HandlerRequest,
  Interceptor,
  LambdaContext,
  OperationHandler,
  OperationSpec,
  ProxyEvent,
  ProxyHandler,
  ProxyResult,
  SchemaDocument,
} from "./types";
import { SchemaValidators, type ValidationIssue } from "./validate";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^[\w.+-]+\/[\w.+-]+\+json\b/i;

/** Whether a content type is JSON (`application/json`, `application/problem+json`, `*\/*+json`). */
export function isJsonContentType(contentType: string): boolean {
  return JSON_TYPE.test(contentType);
}

const validatorsByDocument = new WeakMap<SchemaDocument, SchemaValidators>();

function validatorsOf(document: SchemaDocument): SchemaValidators {
  let validators = validatorsByDocument.get(document);
  if (!validators) validatorsByDocument.set(document, (validators = new SchemaValidators(document)));
  return validators;
}

function jsonResult(statusCode: number, body: unknown): ProxyResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

const describe = (issues: readonly ValidationIssue[], name: (path: string) => string): string =>
  issues
    .slice(0, 10)
    .map((issue) => `${name(issue.path)} ${issue.message}`)
    .join("; ");

/** `/query/limit` → `query parameter "limit"`. */
function parameterName(path: string): string {
  const [, location, name, ...rest] = path.split("/");
  const unescaped = (name ?? "").replace(/~1/g, "/").replace(/~0/g, "~");
  return `${location} parameter "${unescaped}"${rest.length > 0 ? ` at /${rest.join("/")}` : ""}`;
}

/** `` → `request body`, `/name` → `request body /name`. */
const bodyName = (path: string): string => (path === "" ? "request body" : `request body ${path}`);

/** A request the handler never sees: its parameters or body do not match the spec. */
class BadRequest {
  constructor(readonly message: string) {}
}

function decodeBody(event: ProxyEvent): string | undefined {
  if (event.body === null || event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

function requestContentType(event: ProxyEvent): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === "content-type" && value !== undefined) return value;
  }
  return undefined;
}

function readInput(
  spec: OperationSpec,
  validators: SchemaValidators,
  event: ProxyEvent,
): { requestParameters: unknown; body: unknown } {
  const values = readParameters(event, spec.parameters);
  const missing = missingParameters(values, spec.parameters);
  if (missing.length > 0)
    throw new BadRequest(`Missing required request parameters: [${missing.join(", ")}]`);
  const typeIssues = parameterTypeIssues(values, spec.parameters);
  if (typeIssues.length > 0) throw new BadRequest(`Invalid request parameters: ${typeIssues.join("; ")}`);
  const parameterIssues = validators.forOperation(spec.operationId, "parameters")?.(values) ?? [];
  if (parameterIssues.length > 0)
    throw new BadRequest(`Invalid request parameters: ${describe(parameterIssues, parameterName)}`);

  const raw = decodeBody(event);
  let body: unknown = raw;
  const requestBody = spec.requestBody;
  if (requestBody === undefined) {
    body = undefined;
  } else if (raw === undefined || raw === "") {
    if (requestBody.required) throw new BadRequest("Missing request body: this operation requires one");
    body = undefined;
  } else if (
    isJsonContentType(requestContentType(event) ?? requestBody.contentTypes[0] ?? "application/json")
  ) {
    try {
      body = JSON.parse(raw);
    } catch (error) {
      throw new BadRequest(`Invalid request body: not valid JSON (${(error as Error).message})`);
    }
    const issues = validateBody(validators, spec.operationId, body);
    if (issues.length > 0) throw new BadRequest(`Invalid request body: ${describe(issues, bodyName)}`);
  }
  return { requestParameters: flatten(values), body };
}

/**
 * The issues of a request body. The validator of a recursive schema recurses with the value: a
 * body nested deeper than the stack allows is refused, as API Gateway refuses JSON nested too deep.
 */
function validateBody(
  validators: SchemaValidators,
  operationId: string,
  body: unknown,
): readonly ValidationIssue[] {
  try {
    return validators.forOperation(operationId, "body")?.(body) ?? [];
  } catch (error) {
    if (error instanceof RangeError) throw new BadRequest("Invalid request body: nested too deeply");
    throw error;
  }
}

/** The content type the spec declares for a status code: the exact code, then its range, then `default`. */
function declaredContentType(spec: OperationSpec, statusCode: number): string | undefined {
  const code = String(statusCode);
  return spec.responses[code] ?? spec.responses[`${code[0]}XX`] ?? spec.responses.default;
}

/** Turns a handler's response into what API Gateway expects from a Lambda proxy integration. */
export function toProxyResult(spec: OperationSpec | undefined, response: AnyResponse): ProxyResult {
  const headers: { [name: string]: string } = { ...response.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
  let body = "";
  let isBase64Encoded = false;
  if (response.body !== undefined) {
    const contentType = hasContentType
      ? undefined
      : ((spec && declaredContentType(spec, response.statusCode)) ?? "application/json");
    if (contentType) headers["content-type"] = contentType;
    if (Buffer.isBuffer(response.body) || response.body instanceof Uint8Array) {
      body = Buffer.from(response.body).toString("base64");
      isBase64Encoded = true;
    } else if (typeof response.body === "string" && !(contentType && isJsonContentType(contentType))) {
      body = response.body;
    } else {
      body = JSON.stringify(response.body);
    }
  }
  const result: ProxyResult = { statusCode: response.statusCode, headers, body };
  if (response.multiValueHeaders) {
    result.multiValueHeaders = Object.fromEntries(
      Object.entries(response.multiValueHeaders).map(([name, values]) => [name, [...values]]),
    );
  }
  if (isBase64Encoded) result.isBase64Encoded = true;
  return result;
}

/**
 * An interceptor or handler of any operation. Generated wrappers type the chain per operation;
 * this loose form keeps `createHandler` from being inferred again for every operation.
 */
export type ChainLink = (request: never, next: never) => Promise<unknown>;

function runChain(
  chain: readonly ChainLink[],
  request: HandlerRequest<unknown, unknown>,
): Promise<AnyResponse> {
  const step = (index: number): Promise<AnyResponse> => {
    if (index === chain.length - 1)
      return (chain[index] as OperationHandler<unknown, unknown, AnyResponse>)(request);
    return (chain[index] as Interceptor)(request, () => step(index + 1));
  };
  return step(0);
}

/**
 * Wraps an operation's handler (and interceptors, outermost first) into a Lambda proxy handler:
 * the event's parameters and body are coerced and validated against the spec (a 400 otherwise),
 * the result is marshalled, and a thrown error becomes a 500 that does not leak its details.
 */
export function createHandler(
  spec: OperationSpec,
  schemas: SchemaDocument,
  chain: readonly ChainLink[],
): ProxyHandler {
  if (chain.length === 0) throw new Error(`${spec.operationId}: give a handler function`);
  const validators = validatorsOf(schemas);
  return async (event: ProxyEvent, context: LambdaContext = {}): Promise<ProxyResult> => {
    let input: { requestParameters: unknown; body: unknown };
    try {
      input = readInput(spec, validators, event);
    } catch (error) {
      if (error instanceof BadRequest) return jsonResult(400, { message: error.message });
      console.error(`${spec.operationId}: failed to read the request`, error);
      return jsonResult(500, { message: "Internal server error" });
    }
    const request: HandlerRequest<unknown, unknown> = { input, event, context, interceptorContext: {} };
    try {
      const response = await runChain(chain, request);
      if (response === null || typeof response !== "object" || typeof response.statusCode !== "number") {
        console.error(`${spec.operationId}: the handler returned no response with a numeric statusCode`);
        return jsonResult(500, { message: "Internal server error" });
      }
      return toProxyResult(spec, response);
    } catch (error) {
      // The error goes to the logs; the caller learns nothing of the implementation.
      console.error(`${spec.operationId}: handler error`, error);
      return jsonResult(500, { message: "Internal server error" });
    }
  };
}

function templateMatcher(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part.startsWith("{")
        ? part.endsWith("+}")
          ? ".+"
          : "[^/]+"
        : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${pattern}/?$`);
}

/**
 * One Lambda proxy handler serving several operations: each event goes to the handler of the
 * operation whose method and resource (path template) it carries.
 */
export function createRouter(
  operations: { readonly [operationId: string]: OperationSpec },
  handlers: { readonly [operationId: string]: ProxyHandler | undefined },
): ProxyHandler {
  const routes = Object.entries(handlers)
    .filter((entry): entry is [string, ProxyHandler] => entry[1] !== undefined)
    .map(([operationId, handler]) => {
      const spec = Object.hasOwn(operations, operationId) ? operations[operationId] : undefined;
      if (!spec) throw new Error(`handlerRouter: "${operationId}" is not an operation of this API`);
      return { spec, handler, matcher: templateMatcher(spec.path) };
    });
  return async (event, context) => {
    const method = event.httpMethod.toUpperCase();
    const route =
      routes.find((r) => r.spec.method === method && r.spec.path === event.resource) ??
      routes.find((r) => r.spec.method === method && r.matcher.test(event.path));
    if (!route) {
      console.error(`handlerRouter: no handler for ${method} ${event.resource ?? event.path}`);
      return jsonResult(500, { message: "Internal server error" });
    }
    return route.handler(event, context);
  };
}
