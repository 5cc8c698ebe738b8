/** API Gateway REST API proxy events (payload format 1.0), built as API Gateway builds them. */

export interface ProxyEventInit {
  readonly resource: string;
  readonly path: string;
  readonly method: string;
  readonly pathParameters?: { [name: string]: string };
  /** Repeated keys keep every value; `queryStringParameters` holds the last one. */
  readonly query?: { [name: string]: string[] };
  /** Repeated headers keep every value; `headers` holds the last one. */
  readonly headers?: { [name: string]: string[] | string };
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: { [name: string]: string };
  multiValueHeaders: { [name: string]: string[] };
  queryStringParameters: { [name: string]: string } | null;
  multiValueQueryStringParameters: { [name: string]: string[] } | null;
  pathParameters: { [name: string]: string } | null;
  stageVariables: null;
  requestContext: { [key: string]: unknown };
  body: string | null;
  isBase64Encoded: boolean;
}

export function proxyEvent(init: ProxyEventInit): ProxyEvent {
  const headers: { [name: string]: string } = {};
  const multiValueHeaders: { [name: string]: string[] } = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values[values.length - 1];
    multiValueHeaders[name] = values;
  }
  const query = init.query && Object.keys(init.query).length > 0 ? init.query : undefined;
  return {
    resource: init.resource,
    path: init.path,
    httpMethod: init.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[v.length - 1]]))
      : null,
    multiValueQueryStringParameters: query ?? null,
    pathParameters: init.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      resourcePath: init.resource,
      httpMethod: init.method,
      path: `/prod${init.path}`,
      stage: "prod",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    },
    body: init.body ?? null,
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}
