import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { LocalGatewayError } from "../errors";
import { compileMappings } from "../parameter-mapping";
import { MAX_PAYLOAD_BYTES } from "../server";
import type { Integration, IntegrationInput, IntegrationOutcome } from "./integration";
import { failingIntegration, integrationTimeout, internalError, unsupportedMediaType } from "./integration";
import type { RequestOverrides } from "./overrides";
import {
  methodResponseHeaderRule,
  reachesBackend,
  refusedMappingProblem,
  refusedOverrideProblem,
} from "./restricted-headers";
import { IntegrationResponses, RequestTemplates, mappingSourcesOf } from "./templates";

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

// API Gateway renames these backend headers rather than passing them through, and drops Transfer-Encoding.
const REMAPPED = new Set(["connection", "content-length", "date", "server", "keep-alive"]);
// Client headers an HTTP_PROXY does not forward as they are (API Gateway drops the restricted ones as it
// receives the request: restricted-headers.ts).
const NOT_FORWARDED = new Set(["host", "keep-alive"]);

export interface HttpIntegrationOptions {
  /** `proxy` for HTTP_PROXY, `http` for HTTP. */
  readonly proxy: boolean;
  readonly timeoutMs: number;
  /** For VPC_LINK connections: the URL the link leads to, replacing the URI's scheme and host. */
  readonly vpcLinkUrl?: string;
}

interface BackendResult {
  readonly statusCode: number;
  readonly headers: IncomingMessage["rawHeaders"];
  readonly body: Buffer;
}

function headerObject(pairs: readonly [string, string][]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return headers;
}

/** A backend response past API Gateway's 10 MB payload limit: what its length was, as far as it was read. */
interface TooLarge {
  readonly tooLarge: number;
}

function send(
  url: URL,
  method: string,
  headers: [string, string][],
  body: Buffer | string,
  timeoutMs: number,
): Promise<BackendResult | TooLarge | "timeout"> {
  // Node sends a Trailer header only with a chunked body.
  if (headers.some(([name]) => name.toLowerCase() === "trailer"))
    headers.push(["Transfer-Encoding", "chunked"]);
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      { method, headers: headerObject(headers), agent: secure ? httpsAgent : httpAgent },
      (res) => {
        // Past the limit, the rest is not read: the connection is dropped.
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > MAX_PAYLOAD_BYTES) {
          req.destroy();
          resolve({ tooLarge: declared });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_PAYLOAD_BYTES) {
            req.destroy();
            resolve({ tooLarge: size });
          } else chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({
            statusCode: res.statusCode ?? 502,
            headers: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve("timeout");
    }, timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** HTTP and HTTP_PROXY (and VPC_LINK) integrations: forward the request to the integration's URI. */
export function httpIntegration(
  integration: Record<string, unknown>,
  options: HttpIntegrationOptions,
  where: string,
): Integration {
  const uri = String(integration.uri ?? "");
  if (!URL.canParse(uri.replace(/\{[^}]+\}/g, "x"))) {
    throw new LocalGatewayError(`${where}: the integration uri "${uri}" is not a URL`);
  }
  let link: URL | undefined;
  if (options.vpcLinkUrl) {
    if (!URL.canParse(options.vpcLinkUrl)) {
      throw new LocalGatewayError(
        `${where}: --vpc-link gives "${options.vpcLinkUrl}", which is not a URL: give one such as http://127.0.0.1:8080`,
      );
    }
    link = new URL(options.vpcLinkUrl);
  }
  const linkPath = link ? link.pathname.replace(/\/$/, "") : "";
  const fixedMethod = String(integration.httpMethod ?? "ANY").toUpperCase();
  const parameters = integration.requestParameters;
  const pathMappings = compileMappings(parameters, "integration.request.path.", where);
  const queryMappings = compileMappings(parameters, "integration.request.querystring.", where);
  const headerMappings = compileMappings(parameters, "integration.request.header.", where);
  const requestTemplates = options.proxy ? undefined : new RequestTemplates(integration, where);
  const responses = options.proxy
    ? undefined
    : new IntegrationResponses(integration.responses, where, methodResponseHeaderRule("HTTP"));
  const type = options.proxy ? "HTTP_PROXY" : "HTTP";
  const refused = refusedMappingProblem(
    type,
    headerMappings.map(({ name }) => name),
    where,
  );
  if (refused) return failingIntegration(type, `${type} (maps a refused header)`, refused);

  return {
    type,
    description: `${type} ${options.vpcLinkUrl ? `VPC_LINK → ${options.vpcLinkUrl}` : uri}`,
    invoke: async (input: IntegrationInput): Promise<IntegrationOutcome> => {
      // The request template renders first: the overrides it sets apply after the parameter mappings.
      let body: Buffer | string = input.request.body;
      let overrides: RequestOverrides | undefined;
      if (requestTemplates) {
        const rendered = requestTemplates.render(input);
        if ("unsupportedMediaType" in rendered) {
          return unsupportedMediaType;
        }
        if ("failed" in rendered) return internalError(rendered.failed);
        body = rendered.body;
        overrides = rendered.overrides;
      }
      const sources = mappingSourcesOf(input);
      const pathValues: Record<string, string> = {};
      for (const { name, source } of pathMappings) {
        const value = source(sources);
        if (value !== undefined) pathValues[name] = value;
      }
      for (const [name, value] of overrides?.path ?? []) pathValues[name] = value;
      let url = new URL(
        uri.replace(/\{([^}+]+)\+?\}/g, (_whole, name: string) => {
          const value = pathValues[name] ?? input.request.pathParameters[name] ?? "";
          // A greedy path keeps its slashes; anything else is one segment.
          return value.split("/").map(encodeURIComponent).join("/");
        }),
      );
      if (link) {
        // The link replaces the URI's scheme, host and port; the URI's path and query string go along.
        const forwarded = new URL(link.origin);
        forwarded.pathname = linkPath + url.pathname;
        forwarded.search = url.search;
        url = forwarded;
      }
      const headers: [string, string][] = [];
      if (options.proxy) {
        if (input.request.rawQuery)
          url.search = url.search ? `${url.search}&${input.request.rawQuery}` : input.request.rawQuery;
        for (const [name, value] of input.request.rawHeaders)
          if (!NOT_FORWARDED.has(name.toLowerCase())) headers.push([name, value]);
      }
      for (const { name, source } of queryMappings) {
        const value = source(sources);
        if (value !== undefined) url.searchParams.set(name, value);
      }
      for (const [name, values] of overrides?.querystring ?? []) {
        url.searchParams.delete(name);
        for (const value of values) url.searchParams.append(name, value);
      }
      const setHeader = (name: string, values: readonly string[]): void => {
        const lower = name.toLowerCase();
        for (let i = headers.length - 1; i >= 0; i--)
          if (headers[i][0].toLowerCase() === lower) headers.splice(i, 1);
        for (const value of values) headers.push([name, value]);
      };
      if (!options.proxy) {
        // What API Gateway sends a non-proxy backend unless a mapping says otherwise.
        headers.push(["Accept", "application/json"], ["User-Agent", `AmazonAPIGateway_${input.api.apiId}`]);
      }
      for (const { name, source } of headerMappings) {
        const value = source(sources);
        if (value !== undefined) setHeader(name, [value]);
      }
      for (const [name, values] of overrides?.header ?? []) setHeader(name, values);
      const refusedOverride = refusedOverrideProblem(type, overrides);
      if (refusedOverride) return internalError(refusedOverride);
      for (let i = headers.length - 1; i >= 0; i--) if (!reachesBackend(headers[i][0])) headers.splice(i, 1);
      // Every backend request carries the API's id and the request's trace id.
      setHeader("X-Amzn-Apigateway-Api-Id", [input.api.apiId]);
      setHeader("X-Amzn-Trace-Id", [input.request.traceHeader]);
      const method = fixedMethod === "ANY" ? input.request.method : fixedMethod;
      let result: BackendResult | TooLarge | "timeout";
      try {
        result = await send(
          url,
          method,
          headers,
          method === "GET" || method === "HEAD" ? "" : body,
          options.timeoutMs,
        );
      } catch (error) {
        return {
          kind: "error",
          error: { type: "INTEGRATION_FAILURE", message: "Internal server error", statusCode: 500 },
          detail: `${method} ${url.href} failed: ${(error as Error).message}`,
        };
      }
      if (result === "timeout") {
        return integrationTimeout(`${method} ${url.href} did not answer within ${options.timeoutMs} ms`);
      }
      if ("tooLarge" in result) {
        return {
          kind: "error",
          error: { type: "INTEGRATION_FAILURE", message: "Internal server error", statusCode: 502 },
          detail: `${method} ${url.href} answered more than API Gateway's 10 MB payload limit (at least ${result.tooLarge} bytes); its response was dropped`,
        };
      }
      if (responses) {
        const lower: Record<string, string> = {};
        for (let i = 0; i < result.headers.length; i += 2)
          lower[result.headers[i].toLowerCase()] = result.headers[i + 1];
        const backend = { statusCode: result.statusCode, headers: lower, body: result.body.toString("utf8") };
        return responses.respond(String(result.statusCode), backend, input);
      }
      const outHeaders: [string, string][] = [];
      for (let i = 0; i < result.headers.length; i += 2) {
        const name = result.headers[i];
        const lower = name.toLowerCase();
        if (lower === "transfer-encoding") continue;
        outHeaders.push([REMAPPED.has(lower) ? `x-amzn-Remapped-${name}` : name, result.headers[i + 1]]);
      }
      return { kind: "response", statusCode: result.statusCode, headers: outHeaders, body: result.body };
    },
  };
}
