/**
 * Headers API Gateway drops, refuses or renames between the client, the integration and the method response
 * (AWS's "important notes for REST APIs" list them; the sets below are as the service was recorded answering).
 * All names lower case.
 */

/**
 * Client headers API Gateway drops as it receives the request: no integration sees them, not even a proxy (a
 * Lambda proxy event lacks them, and `$input.params()` does not know them).
 */
export const DROPPED_FROM_METHOD_REQUEST: ReadonlySet<string> = new Set([
  "connection",
  "content-length",
  "content-md5",
  "expect",
  "max-forwards",
  "proxy-authenticate",
  "server",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "www-authenticate",
]);

/** Integration request headers a mapping may not set: the call fails with a 500. */
const REFUSED_IN_INTEGRATION_REQUEST: Readonly<Record<"http" | "aws", ReadonlySet<string>>> = {
  http: new Set(["content-length", "transfer-encoding"]),
  aws: new Set([
    "content-length",
    "transfer-encoding",
    "authorization",
    "connection",
    "expect",
    "proxy-authenticate",
    "te",
  ]),
};

/** Integration request headers a mapping may set but the backend never receives. */
const DROPPED_FROM_INTEGRATION_REQUEST: ReadonlySet<string> = new Set([
  "expect",
  "proxy-authenticate",
  "te",
  "via",
]);

/** Headers of a non-proxy method response (`responseParameters`) sent as `x-amzn-Remapped-<name>`. */
const REMAPPED_IN_METHOD_RESPONSE: ReadonlySet<string> = new Set([
  "authorization",
  "connection",
  "content-length",
  "content-md5",
  "date",
  "expect",
  "host",
  "max-forwards",
  "proxy-authenticate",
  "server",
  "trailer",
  "upgrade",
  "user-agent",
  "www-authenticate",
]);

/** What a MOCK method response renames: the headers that describe a connection API Gateway makes itself. */
const REMAPPED_IN_MOCK_RESPONSE: ReadonlySet<string> = new Set([
  "connection",
  "content-length",
  "date",
  "server",
]);

/**
 * The first header among `names` (integration request header mappings) that an integration of `type` may not
 * map, or undefined.
 */
export function refusedRequestHeader(
  type: "HTTP" | "HTTP_PROXY" | "AWS" | "AWS_PROXY",
  names: Iterable<string>,
): string | undefined {
  const refused = REFUSED_IN_INTEGRATION_REQUEST[type.startsWith("AWS") ? "aws" : "http"];
  for (const name of names) if (refused.has(name.toLowerCase())) return name;
  return undefined;
}

/** Whether the backend receives an integration request header a mapping or a client set. */
export const reachesBackend = (name: string): boolean =>
  !DROPPED_FROM_INTEGRATION_REQUEST.has(name.toLowerCase());

/** How a non-proxy method response header is sent: under its name, renamed, or not at all (undefined). */
export type MethodResponseHeaderRule = (name: string) => string | undefined;

/** The rule for method response headers of an integration type (`MOCK`, `HTTP`, `AWS`). */
export function methodResponseHeaderRule(type: "MOCK" | "HTTP" | "AWS"): MethodResponseHeaderRule {
  const remapped = type === "MOCK" ? REMAPPED_IN_MOCK_RESPONSE : REMAPPED_IN_METHOD_RESPONSE;
  return (name) => {
    const lower = name.toLowerCase();
    if (lower === "transfer-encoding") return undefined;
    return remapped.has(lower) ? `x-amzn-Remapped-${name}` : name;
  };
}

/**
 * Why an integration whose request parameters map a header API Gateway refuses fails every call, or undefined:
 * `where` names the operation.
 */
export function refusedMappingProblem(
  type: "HTTP" | "HTTP_PROXY" | "AWS" | "AWS_PROXY",
  headerNames: readonly string[],
  where: string,
): string | undefined {
  const refused = refusedRequestHeader(type, headerNames);
  return refused === undefined
    ? undefined
    : `${where} maps the integration request header ${refused}, which API Gateway does not let a mapping set: every call fails with a 500`;
}

/** Why a request template's header overrides fail the call (one sets a header API Gateway refuses), or undefined. */
export function refusedOverrideProblem(
  type: "HTTP" | "HTTP_PROXY" | "AWS" | "AWS_PROXY",
  overrides: { readonly header: ReadonlyMap<string, unknown> } | undefined,
): string | undefined {
  const refused = overrides && refusedRequestHeader(type, overrides.header.keys());
  return refused === undefined
    ? undefined
    : `the request template overrides the header ${refused}, which API Gateway does not let it set`;
}
