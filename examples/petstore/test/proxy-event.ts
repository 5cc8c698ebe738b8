import type { ProxyEvent } from "../generated/runtime";

export interface EventOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** An API Gateway proxy event (payload 1.0) for `method resource`, as API Gateway builds it. */
export function proxyEvent(method: string, resource: string, options: EventOptions = {}): ProxyEvent {
  const pathParameters = options.pathParameters ?? null;
  const path = resource.replace(/\{([^}]+)\}/g, (_whole, name: string) =>
    encodeURIComponent(pathParameters?.[name] ?? ""),
  );
  const headers: Record<string, string> = {
    ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
    ...options.headers,
  };
  const multi = (values: Record<string, string>): Record<string, string[]> =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [value]]));
  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: multi(headers),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: options.query ? multi(options.query) : null,
    pathParameters,
    requestContext: { requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", stage: "prod" },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

/** The JSON body of a proxy result. */
export function jsonOf(result: { readonly body: string }): unknown {
  return JSON.parse(result.body);
}
