import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CompiledApi, CompiledMethod } from "./api";
import type { Authorization } from "./auth";
import { extendedRequestIdOf, traceHeaderOf } from "./ids";
import { DROPPED_FROM_METHOD_REQUEST } from "./integrations/restricted-headers";
import { GatewayResponses, type GatewayError } from "./gateway-responses";
import type { IntegrationOutcome } from "./integrations/integration";
import { withResponseOverride } from "./integrations/overrides";
import type { GatewayRequest, MethodRequest } from "./request";
import { contextOf } from "./request";

/** An API as mounted on the local server. */
export interface MountedApi {
  readonly name: string;
  /** "" when the API is served at `/`, else e.g. `/PetApi`. */
  readonly prefix: string;
  /**
   * `/<stage>`: requests under it are served as the API's invoke URL serves them (`/prod/pets` is `/pets`);
   * undefined when the API has a resource of the stage's name, which then keeps its path.
   */
  readonly stagePrefix?: string;
  readonly api: CompiledApi;
}

export interface ServeOptions {
  /** Answer 500 instead of warning when a response breaks the operation's declared responses. */
  readonly strict: boolean;
  /** One line per request, warnings and integration errors; undefined for silence. */
  readonly log?: (line: string) => void;
}

/** API Gateway's payload limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const DEFAULT_RESPONSES = new GatewayResponses(undefined, "");
const EMPTY = Buffer.alloc(0);
const MISSING_ROUTE: GatewayError = {
  type: "MISSING_AUTHENTICATION_TOKEN",
  message: "Missing Authentication Token",
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

type Response = {
  readonly statusCode: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer | string;
  /** Its ids, sent as `x-amzn-RequestId` and `x-amz-apigw-id` after the headers, as API Gateway sends them on every response. */
  readonly request?: Pick<GatewayRequest, "requestId" | "extendedRequestId">;
  /** Sent as `X-Amzn-Trace-Id`: an answer of a Lambda or HTTP backend carries the trace id it was called with. */
  readonly traceHeader?: string;
};

/** What a fault of the emulator itself answers: API Gateway's own 500, byte for byte. */
const INTERNAL_ERROR: Response = {
  statusCode: 500,
  headers: [
    ["Content-Type", "application/json"],
    ["x-amzn-ErrorType", "InternalServerErrorException"],
  ],
  body: '{"message": "Internal server error"}',
};

/** Integrations whose answers carry the trace id: MOCK has no backend, HTTP_PROXY passes the backend's headers. */
const TRACED = new Set(["AWS_PROXY", "AWS", "HTTP"]);

function newIds(): Pick<GatewayRequest, "requestId" | "extendedRequestId"> {
  const requestId = randomUUID();
  return { requestId, extendedRequestId: extendedRequestIdOf(requestId) };
}

/** Whether the request carries a body to read (most GETs do not). */
const hasBody = (req: IncomingMessage): boolean =>
  req.headers["transfer-encoding"] !== undefined ||
  (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");

/** A request whose client went away before its body arrived: there is no one to answer. */
const ABORTED = Symbol("aborted");

/** Reads the body, or undefined when it passes the payload limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined | typeof ABORTED> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_PAYLOAD_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(size === 0 ? EMPTY : Buffer.concat(chunks)));
    req.on("error", (error) => (req.complete ? reject(error) : resolve(ABORTED)));
    req.on("close", () => {
      if (!req.complete) resolve(ABORTED);
    });
  });
}

function parseQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  if (rawQuery === "") return query;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const decode = (text: string): string => {
      try {
        return decodeURIComponent(text.replace(/\+/g, " "));
      } catch {
        return text;
      }
    };
    // A repeated key keeps its last value, as API Gateway's single-value view does.
    query[decode(eq < 0 ? pair : pair.slice(0, eq))] = decode(eq < 0 ? "" : pair.slice(eq + 1));
  }
  return query;
}

/** The client's header pairs, without those API Gateway drops as it receives a request. */
function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2)
    if (!DROPPED_FROM_METHOD_REQUEST.has(raw[i].toLowerCase())) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

/** The client's headers by lower-case name, without those API Gateway drops; most requests have none to drop. */
function keptHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  let kept: Record<string, string> | undefined;
  for (const name of DROPPED_FROM_METHOD_REQUEST) {
    if (headers[name] === undefined) continue;
    kept ??= { ...(headers as Record<string, string>) };
    delete kept[name];
  }
  return kept ?? (headers as Record<string, string>);
}

/** IPv4 clients of a dual-stack socket show as `::ffff:a.b.c.d`; API Gateway gives `a.b.c.d`. */
function sourceIpOf(address: string | undefined): string {
  if (address === undefined) return "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function decodePathParameters(raw: Readonly<Record<string, string>>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (!value.includes("%")) {
      decoded[name] = value;
      continue;
    }
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      decoded[name] = value;
    }
  }
  return decoded;
}

const NO_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client may give its request id in `x-amzn-RequestId`, if it is a UUID; API Gateway generates one otherwise. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-amzn-requestid"];
  return typeof given === "string" && UUID.test(given) ? given : randomUUID();
}

/**
 * A request as received, then routed. What most integrations never read (header pairs, the parsed query
 * string, decoded path parameters) is built on first use, once.
 */
class ReceivedRequest implements MethodRequest {
  readonly method: string;
  readonly protocol: string;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly requestTimeEpoch = Date.now();
  resource = "";
  rawPathParameters = NO_PARAMETERS;
  authorization: Authorization | undefined;
  private pairs?: [string, string][];
  private kept?: Record<string, string>;
  private parsedQuery?: Record<string, string>;
  private decodedPathParameters?: Record<string, string>;
  private extendedId?: string;
  private trace?: string;

  constructor(
    private readonly req: IncomingMessage,
    readonly path: string,
    readonly rawQuery: string,
    readonly body: Buffer,
  ) {
    this.method = req.method ?? "GET";
    this.protocol = req.httpVersion === "1.1" ? "HTTP/1.1" : `HTTP/${req.httpVersion}`;
    // Read now: once the client has gone, its socket no longer knows the address.
    this.sourceIp = sourceIpOf(req.socket.remoteAddress);
    this.requestId = requestIdOf(req);
  }

  get extendedRequestId(): string {
    return (this.extendedId ??= extendedRequestIdOf(this.requestId));
  }

  get traceHeader(): string {
    return (this.trace ??=
      this.headers["x-amzn-trace-id"] ?? traceHeaderOf(this.requestId, this.requestTimeEpoch));
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.kept ??= keptHeaders(this.req.headers));
  }

  get rawHeaders(): readonly (readonly [string, string])[] {
    return (this.pairs ??= headerPairs(this.req.rawHeaders));
  }

  get query(): Readonly<Record<string, string>> {
    return (this.parsedQuery ??= parseQuery(this.rawQuery));
  }

  get pathParameters(): Readonly<Record<string, string>> {
    return (this.decodedPathParameters ??= decodePathParameters(this.rawPathParameters));
  }
}

/** The local API Gateway's request handler over a set of mounted APIs (swappable, for --watch). */
export class RequestHandler {
  constructor(
    private mounted: readonly MountedApi[],
    private readonly options: ServeOptions,
  ) {}

  /** Serves `apis` from the next request on. */
  remount(apis: readonly MountedApi[]): void {
    this.mounted = apis;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = this.options.log ? performance.now() : 0;
    this.lifecycle(req)
      .catch((error: unknown): [Response, string, string?] => {
        this.options.log?.(`${req.method} ${req.url}: internal error: ${messageOf(error)}`);
        return [INTERNAL_ERROR, "-"];
      })
      .then((outcome) => {
        if (outcome === ABORTED) {
          this.options.log?.(
            `${req.method} ${req.url} aborted: the client went away before its body arrived`,
          );
          return;
        }
        const [answer, integration, principal] = outcome;
        let response = answer;
        const ids = response.request ?? newIds();
        try {
          res.writeHead(response.statusCode, rawHeaders(response, ids));
        } catch (error) {
          // e.g. a header value with a line break from a backend: Node refuses to write it.
          this.options.log?.(`${req.method} ${req.url}: the response cannot be sent: ${messageOf(error)}`);
          response = INTERNAL_ERROR;
          res.writeHead(500, rawHeaders(response, ids));
        }
        res.end(req.method === "HEAD" ? undefined : response.body);
        const log = this.options.log;
        if (log) {
          const ms = (performance.now() - started).toFixed(1);
          // The principal authorization found, when there was one: `alice`, an IAM user's ARN, an API key's name.
          log(
            `${req.method} ${req.url} ${response.statusCode} ${integration} ${ms}ms${principal ? ` ${principal}` : ""}`,
          );
        }
      });
  };

  /** route → validate → integrate → respond. Returns the response and the integration type for the access log. */
  private async lifecycle(req: IncomingMessage): Promise<[Response, string, string?] | typeof ABORTED> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const fullPath = q < 0 ? url : url.slice(0, q);
    const mount = this.mountFor(fullPath);
    // Most requests carry no body: nothing to wait for.
    let body: Buffer | undefined = EMPTY;
    if (hasBody(req)) {
      const read = await readBody(req);
      if (read === ABORTED) return ABORTED;
      body = read;
    } else req.resume();
    const request = new ReceivedRequest(
      req,
      mount ? apiPath(fullPath.slice(mount.prefix.length) || "/", mount.stagePrefix) : fullPath,
      q < 0 ? "" : url.slice(q + 1),
      body ?? EMPTY,
    );
    if (!mount) return [this.gatewayError(undefined, request, MISSING_ROUTE), "-"];
    const api = mount.api;
    if (body === undefined) {
      return [
        this.gatewayError(api, request, { type: "REQUEST_TOO_LARGE", message: "Request Too Long" }),
        "-",
      ];
    }

    const match = api.router.match(request.method, request.path);
    // API Gateway answers a route it lacks, whether path or method, as a missing token.
    if (!match) return [this.gatewayError(api, request, MISSING_ROUTE), "-"];
    const method = match.route;
    request.resource = match.resource;
    request.rawPathParameters = match.pathParameters;
    // `$context` is built when something reads it: a template, a mapping, a gateway response.
    let context: Record<string, unknown> | undefined;
    const contextFor = (): Record<string, unknown> =>
      (context ??= contextOf(api.context, request, match.resource));

    if (method.security) {
      const authorized = await method.security.authorize(request, url);
      if (authorized.kind === "deny") {
        if (authorized.detail) this.options.log?.(`${method.label}: ${authorized.detail}`);
        return [this.gatewayError(api, request, authorized.error, contextFor()), method.integration.type];
      }
      request.authorization = authorized.authorization;
    }
    const principal = request.authorization?.principal;

    const invalid = method.validator?.(request);
    if (invalid) {
      return [this.gatewayError(api, request, invalid, contextFor()), method.integration.type, principal];
    }

    let outcome: IntegrationOutcome;
    try {
      outcome = await method.integration.invoke({
        request,
        api: api.context,
        get context() {
          return contextFor();
        },
      });
    } catch (error) {
      // A fault of the emulator itself is API Gateway's 500 and one log line, never a stack trace.
      outcome = {
        kind: "error",
        error: { type: "API_CONFIGURATION_ERROR", message: "Internal server error" },
        detail: `${method.integration.type} failed unexpectedly: ${messageOf(error)}`,
      };
    }
    if (outcome.kind === "response" && context !== undefined)
      outcome = withResponseOverride(outcome, context);
    return [this.respond(api, method, request, contextFor, outcome), method.integration.type, principal];
  }

  private respond(
    api: CompiledApi,
    method: CompiledMethod,
    request: GatewayRequest,
    contextFor: () => Record<string, unknown>,
    outcome: IntegrationOutcome,
  ): Response {
    if (outcome.kind === "error") {
      if (outcome.detail) this.options.log?.(`${method.label}: ${outcome.detail}`);
      return this.gatewayError(api, request, outcome.error, contextFor());
    }
    const problem = method.contract?.(outcome.statusCode, contentTypeOf(outcome.headers), outcome.body);
    if (problem) {
      const where = `${api.definition.constructPath} ${method.label} (${method.method} ${method.resource})`;
      this.options.log?.(`contract: ${where}: ${problem}`);
      if (this.options.strict) {
        const message = `The response breaks the API's contract: ${method.label} ${problem}`;
        return {
          statusCode: 500,
          headers: [["Content-Type", "application/json"]],
          body: JSON.stringify({ message }),
          request,
        };
      }
    }
    return {
      statusCode: outcome.statusCode,
      headers: outcome.headers,
      body: outcome.body,
      request,
      traceHeader: TRACED.has(method.integration.type) ? request.traceHeader : undefined,
    };
  }

  private gatewayError(
    api: CompiledApi | undefined,
    request: GatewayRequest,
    error: GatewayError,
    context?: Record<string, unknown>,
  ): Response {
    const ctx = context ?? (api ? contextOf(api.context, request) : {});
    const responses = api?.gatewayResponses ?? DEFAULT_RESPONSES;
    const rendered = responses.render(error, {
      request: { path: {}, querystring: request.query, header: request.headers, body: "" },
      context: ctx,
      stageVariables: api?.context.stageVariables ?? null,
    });
    return { ...rendered, request };
  }

  private mountFor(path: string): MountedApi | undefined {
    for (const mount of this.mounted) {
      if (mount.prefix === "") return mount;
      if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) return mount;
    }
    return undefined;
  }
}

/** The path within the API: without the stage its invoke URL has, when the request uses that URL. */
function apiPath(path: string, stagePrefix: string | undefined): string {
  if (stagePrefix === undefined || !path.startsWith(stagePrefix)) return path;
  if (path.length === stagePrefix.length) return "/";
  return path[stagePrefix.length] === "/" ? path.slice(stagePrefix.length) : path;
}

/** One flat list for one writeHead: Node writes it without building a header object. */
function rawHeaders(
  response: Response,
  ids: Pick<GatewayRequest, "requestId" | "extendedRequestId">,
): string[] {
  const headers: string[] = [];
  for (const [name, value] of response.headers) headers.push(name, value);
  headers.push("x-amzn-RequestId", ids.requestId, "x-amz-apigw-id", ids.extendedRequestId);
  if (response.traceHeader !== undefined) headers.push("X-Amzn-Trace-Id", response.traceHeader);
  const body = response.body;
  headers.push("Content-Length", String(typeof body === "string" ? Buffer.byteLength(body) : body.length));
  return headers;
}

function contentTypeOf(headers: readonly (readonly [string, string])[]): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
}
