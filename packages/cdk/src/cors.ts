import { Cors, type CorsOptions } from "aws-cdk-lib/aws-apigateway";

/** Header name to static value. */
export type HeaderValues = { readonly [header: string]: string };

/** Checks what API Gateway and browsers would reject, once, before anything renders. */
export function validateCorsOptions(cors: CorsOptions): void {
  if (cors.allowOrigins.length === 0) {
    throw new Error("corsOptions.allowOrigins is empty: list the allowed origins, or use Cors.ALL_ORIGINS");
  }
  if (cors.allowCredentials && cors.allowOrigins.includes("*")) {
    throw new Error(
      'corsOptions.allowCredentials cannot be used with the origin "*": browsers reject it; list the allowed origins instead',
    );
  }
}

const allowsAnyOrigin = (cors: CorsOptions): boolean => cors.allowOrigins.includes("*");

/**
 * The CORS headers every actual (non-preflight) response carries. A static value can name one
 * origin only: with several, it names the first and `Vary: Origin` tells caches it depends on it.
 */
export function corsResponseHeaders(cors: CorsOptions): HeaderValues {
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": allowsAnyOrigin(cors) ? "*" : cors.allowOrigins[0],
  };
  if (!allowsAnyOrigin(cors)) headers.Vary = "Origin";
  if (cors.allowCredentials) headers["Access-Control-Allow-Credentials"] = "true";
  if (cors.exposeHeaders?.length) headers["Access-Control-Expose-Headers"] = cors.exposeHeaders.join(",");
  return headers;
}

/** The headers of a preflight (OPTIONS) response for a path that serves `methods`. */
export function corsPreflightHeaders(cors: CorsOptions, methods: readonly string[]): HeaderValues {
  const allowMethods = cors.allowMethods?.includes("ANY")
    ? Cors.ALL_METHODS
    : (cors.allowMethods ?? [...methods, "OPTIONS"]);
  const headers: Record<string, string> = {
    ...corsResponseHeaders(cors),
    "Access-Control-Allow-Headers": (cors.allowHeaders ?? Cors.DEFAULT_HEADERS).join(","),
    "Access-Control-Allow-Methods": allowMethods.join(","),
  };
  if (cors.disableCache) headers["Access-Control-Max-Age"] = "-1";
  else if (cors.maxAge) headers["Access-Control-Max-Age"] = String(cors.maxAge.toSeconds());
  return headers;
}

/**
 * The preflight response template. With several allowed origins it echoes the request's Origin
 * when it is one of them, since a static header can name only one.
 */
export function corsPreflightTemplate(cors: CorsOptions): string {
  if (allowsAnyOrigin(cors) || cors.allowOrigins.length === 1) return "";
  const test = cors.allowOrigins.map((origin) => `$origin == ${JSON.stringify(origin)}`).join(" || ");
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    `#if(${test})`,
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
    "#end",
  ].join("\n");
}

/** `{ "Access-Control-Allow-Origin": "*" }` → `{ "method.response.header.Access-Control-Allow-Origin": "'*'" }` */
export function staticParameters(prefix: string, headers: HeaderValues): { [parameter: string]: string } {
  const out: { [parameter: string]: string } = {};
  for (const [name, value] of Object.entries(headers)) out[`${prefix}${name}`] = `'${value}'`;
  return out;
}
