import { extendedRequestIdOf, traceHeaderOf } from "../ids";
import { requestTimeOf } from "../request";
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

/** Whether JSON text must escape `value`: quotes, backslashes, control characters or surrogates. */
function needsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/** JSON text of a string; most header values and ids need no escapes and skip the serializer. */
const text = (value: string): string => (needsEscape(value) ? JSON.stringify(value) : `"${value}"`);

/** Query strings are form-decoded: `+` is a space; a malformed escape is kept as sent. */
function decodeQueryComponent(raw: string): string {
  const spaced = raw.includes("+") ? raw.replace(/\+/g, " ") : raw;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Values of one name, by the name's first spelling; a Map keeps client names such as `__proto__` plain keys. */
type MultiMap = Map<string, { name: string; values: string[] }>;

/** `"single":{…},"multi":{…}` members for a multi-value map: the single map keeps each name's last value. */
function multiMapJson(single: string, multi: string, map: MultiMap): string {
  if (map.size === 0) return `"${single}":null,"${multi}":null`;
  let one = "";
  let all = "";
  for (const { name, values } of map.values()) {
    const key = text(name);
    const separator = one === "" ? "" : ",";
    const last = text(values[values.length - 1]);
    one += `${separator}${key}:${last}`;
    all += `${separator}${key}:[${values.length === 1 ? last : values.map(text).join(",")}]`;
  }
  return `"${single}":{${one}},"${multi}":{${all}}`;
}

function queryParametersOf(rawQuery: string): MultiMap {
  const query: MultiMap = new Map();
  if (rawQuery === "") return query;
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeQueryComponent(pair.slice(eq + 1));
    const entry = query.get(name);
    if (entry) entry.values.push(value);
    else query.set(name, { name, values: [value] });
  }
  return query;
}

/**
 * Repeated headers (in any letter case) share the first spelling; the single-value map keeps the last value.
 * API Gateway adds the forwarding headers and a trace id, as it does for every request it proxies.
 */
function headersOf(request: ProxyRequest): MultiMap {
  const headers: MultiMap = new Map();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    const entry = headers.get(lower);
    if (entry) entry.values.push(value);
    else headers.set(lower, { name, values: [value] });
  }
  const replace = (name: string, value: string): void => {
    const lower = name.toLowerCase();
    const entry = headers.get(lower);
    if (entry) entry.values = [value];
    else headers.set(lower, { name, values: [value] });
  };
  const forwardedFor = headers.get("x-forwarded-for")?.values;
  replace(
    "X-Forwarded-For",
    forwardedFor === undefined
      ? request.sourceIp
      : `${forwardedFor[forwardedFor.length - 1]}, ${request.sourceIp}`,
  );
  replace("X-Forwarded-Port", /:(\d+)$/.exec(request.domainName)?.[1] ?? "80");
  replace("X-Forwarded-Proto", "http");
  if (!headers.has("x-amzn-trace-id"))
    replace("X-Amzn-Trace-Id", traceHeaderOf(request.requestId, request.requestTimeEpoch));
  return headers;
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

const recordJson = (record: Readonly<Record<string, string>> | null): string =>
  record === null
    ? "null"
    : `{${Object.keys(record)
        .map((name) => `${text(name)}:${text(record[name])}`)
        .join(",")}}`;

/** `event.path` collapses the slashes a path starts with (`//pets` is `/pets`); `requestContext.path` keeps them. */
const eventPath = (path: string): string => (path.startsWith("//") ? path.replace(/^\/+/, "/") : path);

/**
 * The v1.0 proxy event exactly as API Gateway builds it, as the JSON text Lambda delivers: written directly,
 * as serializing an object built for the purpose costs more than building it. Without binary media types
 * (none are modeled), API Gateway passes every body as UTF-8 text with `isBase64Encoded: false`, and so does this.
 */
export function proxyEventJson(request: ProxyRequest): string {
  const headers = headersOf(request);
  const query = queryParametersOf(request.rawQuery);
  const userAgent = lastHeader(request.headers, "user-agent");
  const method = text(request.method);
  const resource = text(request.resource);
  const stage = text(request.stage);
  const identity = request.identity ?? {};
  const nullable = (name: string): string => (identity[name] === undefined ? "null" : text(identity[name]));
  const apiKey =
    identity.apiKey === undefined
      ? ""
      : `,"apiKey":${text(identity.apiKey)},"apiKeyId":${nullable("apiKeyId")}`;
  const authorizer = request.authorizer ? `"authorizer":${JSON.stringify(request.authorizer)},` : "";
  return (
    `{"resource":${resource},"path":${text(eventPath(request.path))},"httpMethod":${method},` +
    `${multiMapJson("headers", "multiValueHeaders", headers)},` +
    `${multiMapJson("queryStringParameters", "multiValueQueryStringParameters", query)},` +
    `"pathParameters":${recordJson(request.pathParameters)},"stageVariables":${recordJson(request.stageVariables)},` +
    `"requestContext":{${authorizer}"resourceId":${text(request.resourceId)},"resourcePath":${resource},"httpMethod":${method},` +
    `"extendedRequestId":"${extendedRequestIdOf(request.requestId)}",` +
    `"requestTime":${text(requestTimeOf(request.requestTimeEpoch))},"path":${text(`/${request.stage}${request.path}`)},` +
    `"accountId":${text(request.accountId)},"protocol":${text(request.protocol)},"stage":${stage},` +
    `"domainPrefix":${text(domainPrefixOf(request.domainName))},"requestTimeEpoch":${request.requestTimeEpoch},` +
    `"requestId":${text(request.requestId)},"identity":{"cognitoIdentityPoolId":null,"accountId":${nullable("accountId")},` +
    `"cognitoIdentityId":null,"caller":${nullable("caller")},"sourceIp":${text(request.sourceIp)},"principalOrgId":null,` +
    `"accessKey":${nullable("accessKey")},"cognitoAuthenticationType":null,"cognitoAuthenticationProvider":null,` +
    `"userArn":${nullable("userArn")},"userAgent":${userAgent === null ? "null" : text(userAgent)},"user":${nullable("user")}${apiKey}},` +
    `"domainName":${text(request.domainName)},"apiId":${text(request.apiId)}},` +
    `"body":${request.body.length === 0 ? "null" : text(request.body.toString("utf8"))},"isBase64Encoded":false}`
  );
}

/** The v1.0 proxy event as an object: what the function receives once Lambda parses `proxyEventJson`. */
export function buildProxyEvent(request: ProxyRequest): APIGatewayProxyEventV1 {
  return JSON.parse(proxyEventJson(request)) as APIGatewayProxyEventV1;
}
