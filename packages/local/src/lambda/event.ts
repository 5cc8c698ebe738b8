import { createHash } from "node:crypto";
import type { ProxyRequest } from "./types";

/** `requestContext.identity` of a request without an authorizer: everything but the caller's address is null. */
export interface APIGatewayProxyEventIdentity {
  readonly cognitoIdentityPoolId: null;
  readonly accountId: null;
  readonly cognitoIdentityId: null;
  readonly caller: null;
  readonly sourceIp: string;
  readonly principalOrgId: null;
  readonly accessKey: null;
  readonly cognitoAuthenticationType: null;
  readonly cognitoAuthenticationProvider: null;
  readonly userArn: null;
  readonly userAgent: string | null;
  readonly user: null;
}

export interface APIGatewayProxyEventRequestContext {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly extendedRequestId: string;
  /** CLF time, e.g. "25/Nov/2026:03:10:00 +0000". */
  readonly requestTime: string;
  /** The path with the stage, e.g. "/prod/pets". */
  readonly path: string;
  readonly accountId: string;
  readonly protocol: string;
  readonly stage: string;
  readonly domainPrefix: string;
  readonly requestTimeEpoch: number;
  readonly requestId: string;
  readonly identity: APIGatewayProxyEventIdentity;
  readonly domainName: string;
  readonly apiId: string;
}

/** The event API Gateway sends a Lambda proxy integration (payload format 1.0). */
export interface APIGatewayProxyEventV1 {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Record<string, string> | null;
  readonly multiValueHeaders: Record<string, string[]> | null;
  readonly queryStringParameters: Record<string, string> | null;
  readonly multiValueQueryStringParameters: Record<string, string[]> | null;
  readonly pathParameters: Record<string, string> | null;
  readonly stageVariables: Record<string, string> | null;
  readonly requestContext: APIGatewayProxyEventRequestContext;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `$context.requestTime`: common log format, always UTC. */
export function requestTimeOf(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/** Query strings are form-decoded: `+` is a space; a malformed escape is kept as sent. */
function decodeQueryComponent(text: string): string {
  const spaced = text.includes("+") ? text.replace(/\+/g, " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Client-chosen names such as `__proto__` must stay plain keys. */
const dictionary = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

interface MultiMaps {
  readonly single: Record<string, string> | null;
  readonly multi: Record<string, string[]> | null;
}

function queryParametersOf(rawQuery: string): MultiMaps {
  if (rawQuery === "") return { single: null, multi: null };
  const single = dictionary<string>();
  const multi = dictionary<string[]>();
  let any = false;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeQueryComponent(pair.slice(eq + 1));
    // The last value wins in the single-value map, as API Gateway does.
    single[name] = value;
    (multi[name] ??= []).push(value);
    any = true;
  }
  return any ? { single, multi } : { single: null, multi: null };
}

/**
 * Repeated headers (in any letter case) share the first spelling; the single-value map keeps the last value.
 * API Gateway adds the forwarding headers and a trace id, as it does for every request it proxies.
 */
function headersOf(request: ProxyRequest, digest: Buffer): MultiMaps {
  const single = dictionary<string>();
  const multi = dictionary<string[]>();
  const spelling = new Map<string, string>();
  const nameOf = (rawName: string): string => {
    const lower = rawName.toLowerCase();
    let name = spelling.get(lower);
    if (name === undefined) {
      name = rawName;
      spelling.set(lower, name);
    }
    return name;
  };
  for (const [rawName, value] of request.headers) {
    const name = nameOf(rawName);
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  const replace = (rawName: string, value: string): void => {
    const name = nameOf(rawName);
    single[name] = value;
    multi[name] = [value];
  };
  const forwardedFor = spelling.get("x-forwarded-for");
  replace(
    "X-Forwarded-For",
    forwardedFor === undefined ? request.sourceIp : `${single[forwardedFor]}, ${request.sourceIp}`,
  );
  replace("X-Forwarded-Port", /:(\d+)$/.exec(request.domainName)?.[1] ?? "80");
  replace("X-Forwarded-Proto", "http");
  if (!spelling.has("x-amzn-trace-id")) {
    const epochHex = Math.floor(request.requestTimeEpoch / 1000)
      .toString(16)
      .padStart(8, "0");
    replace("X-Amzn-Trace-Id", `Root=1-${epochHex}-${digest.toString("hex", 0, 12)}`);
  }
  return { single, multi };
}

/** `$context.domainPrefix`: the first label of the host name. */
function domainPrefixOf(domainName: string): string {
  const host = domainName.replace(/:\d+$/, "");
  const dot = host.indexOf(".");
  return dot === -1 ? host : host.slice(0, dot);
}

function lastHeader(pairs: ProxyRequest["headers"], lowerName: string): string | null {
  for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i][0].toLowerCase() === lowerName) return pairs[i][1];
  return null;
}

/**
 * The v1.0 proxy event exactly as API Gateway builds it. Without binary media types (none are modeled), API
 * Gateway passes every body as UTF-8 text with `isBase64Encoded: false`, and so does this.
 */
export function buildProxyEvent(request: ProxyRequest): APIGatewayProxyEventV1 {
  // Ids API Gateway generates are derived from the request id, so one request always gives one event.
  const digest = createHash("sha1").update(request.requestId).digest();
  const headers = headersOf(request, digest);
  const query = queryParametersOf(request.rawQuery);
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: request.pathParameters === null ? null : { ...request.pathParameters },
    stageVariables: request.stageVariables === null ? null : { ...request.stageVariables },
    requestContext: {
      resourceId: request.resourceId,
      resourcePath: request.resource,
      httpMethod: request.method,
      extendedRequestId: digest.toString("base64", 9, 20),
      requestTime: requestTimeOf(request.requestTimeEpoch),
      path: `/${request.stage}${request.path}`,
      accountId: request.accountId,
      protocol: request.protocol,
      stage: request.stage,
      domainPrefix: domainPrefixOf(request.domainName),
      requestTimeEpoch: request.requestTimeEpoch,
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: lastHeader(request.headers, "user-agent"),
        user: null,
      },
      domainName: request.domainName,
      apiId: request.apiId,
    },
    body: request.body.length === 0 ? null : request.body.toString("utf8"),
    isBase64Encoded: false,
  };
}
