import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CompiledApi, CompiledMethod } from "./api";
import { GatewayResponses, type GatewayError } from "./gateway-responses";
import type { IntegrationOutcome } from "./integrations/integration";
import type { GatewayRequest, MethodRequest } from "./request";
import { contextOf } from "./request";

/** An API as mounted on the local server. */
export interface MountedApi {
  readonly name: string;
  /** "" when the API is served at `/`, else e.g. `/PetApi`. */
  readonly prefix: string;
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
  /** Sent as `x-amzn-RequestId` after the headers. */
  readonly requestId?: string;
};

const INTERNAL_ERROR: Response = {
  statusCode: 500,
  headers: [["Content-Type", "application/json"]],
  body: '{"message":"Internal server error"}',
};

/** Reads the body, or undefined when it passes the payload limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const length = req.headers["content-length"];
  if ((length === undefined || length === "0") && req.headers["transfer-encoding"] === undefined) {
    // No body: nothing to wait for (most GETs).
    req.resume();
    return Promise.resolve(EMPTY);
  }
  const declared = Number(length ?? 0);
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
    req.on("end", () => resolve(size === 0 ? Buffer.alloc(0) : Buffer.concat(chunks)));
    req.on("error", reject);
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

function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
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
    const started = performance.now();
    this.lifecycle(req)
      .catch((error: unknown): [Response, string] => {
        this.options.log?.(`${req.method} ${req.url}: internal error: ${messageOf(error)}`);
        return [INTERNAL_ERROR, "-"];
      })
      .then(([response, integration]) => {
        try {
          // One flat list, one writeHead: Node writes it without building a header object.
          const headers: string[] = [];
          for (const [name, value] of response.headers) headers.push(name, value);
          if (response.requestId !== undefined) headers.push("x-amzn-RequestId", response.requestId);
          const body = response.body;
          headers.push(
            "Content-Length",
            String(typeof body === "string" ? Buffer.byteLength(body) : body.length),
          );
          res.writeHead(response.statusCode, headers);
        } catch (error) {
          // e.g. a header value with a line break from a backend: Node refuses to write it.
          this.options.log?.(`${req.method} ${req.url}: the response cannot be sent: ${messageOf(error)}`);
          response = INTERNAL_ERROR;
          res.writeHead(500, ["Content-Type", "application/json", "Content-Length", "35"]);
        }
        res.end(req.method === "HEAD" ? undefined : response.body);
        const log = this.options.log;
        if (log) {
          const ms = (performance.now() - started).toFixed(1);
          log(`${req.method} ${req.url} ${response.statusCode} ${integration} ${ms}ms`);
        }
      });
  };

  /** route → validate → integrate → respond. Returns the response and the integration type for the access log. */
  private async lifecycle(req: IncomingMessage): Promise<[Response, string]> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const fullPath = q < 0 ? url : url.slice(0, q);
    const mount = this.mountFor(fullPath);
    const body = await readBody(req);
    const request: GatewayRequest = {
      method: req.method ?? "GET",
      path: mount ? fullPath.slice(mount.prefix.length) || "/" : fullPath,
      rawQuery: q < 0 ? "" : url.slice(q + 1),
      rawHeaders: headerPairs(req.rawHeaders),
      headers: req.headers as Record<string, string>,
      query: parseQuery(q < 0 ? "" : url.slice(q + 1)),
      body: body ?? Buffer.alloc(0),
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      sourceIp: sourceIpOf(req.socket.remoteAddress),
      protocol: `HTTP/${req.httpVersion}`,
    };
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
    const methodRequest: MethodRequest = {
      ...request,
      resource: match.resource,
      rawPathParameters: match.pathParameters,
      pathParameters: decodePathParameters(match.pathParameters),
    };
    const context = contextOf(api.context, request, match.resource);

    const invalid = method.validator?.(methodRequest);
    if (invalid) return [this.gatewayError(api, request, invalid, context), method.integration.type];

    let outcome: IntegrationOutcome;
    try {
      outcome = await method.integration.invoke({ request: methodRequest, context, api: api.context });
    } catch (error) {
      // A fault of the emulator itself is API Gateway's 500 and one log line, never a stack trace.
      outcome = {
        kind: "error",
        error: { type: "API_CONFIGURATION_ERROR", message: "Internal server error" },
        detail: `${method.integration.type} failed unexpectedly: ${messageOf(error)}`,
      };
    }
    return [this.respond(api, method, request, context, outcome), method.integration.type];
  }

  private respond(
    api: CompiledApi,
    method: CompiledMethod,
    request: GatewayRequest,
    context: Record<string, unknown>,
    outcome: IntegrationOutcome,
  ): Response {
    if (outcome.kind === "error") {
      if (outcome.detail) this.options.log?.(`${method.label}: ${outcome.detail}`);
      return this.gatewayError(api, request, outcome.error, context);
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
        };
      }
    }
    return {
      statusCode: outcome.statusCode,
      headers: outcome.headers,
      body: outcome.body,
      requestId: request.requestId,
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
    return { ...rendered, requestId: request.requestId };
  }

  private mountFor(path: string): MountedApi | undefined {
    for (const mount of this.mounted) {
      if (mount.prefix === "") return mount;
      if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) return mount;
    }
    return undefined;
  }
}

function contentTypeOf(headers: readonly (readonly [string, string])[]): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
}
