/** The API Gateway Lambda proxy event (payload format 1.0), as API Gateway sends it. */
export interface ProxyEvent {
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: { readonly [name: string]: string | undefined } | null;
  readonly multiValueHeaders: { readonly [name: string]: readonly string[] | undefined } | null;
  readonly queryStringParameters: { readonly [name: string]: string | undefined } | null;
  readonly multiValueQueryStringParameters: { readonly [name: string]: readonly string[] | undefined } | null;
  readonly pathParameters: { readonly [name: string]: string | undefined } | null;
  readonly stageVariables?: { readonly [name: string]: string | undefined } | null;
  readonly requestContext?: ProxyRequestContext;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** The parts of the event's request context handlers commonly read. */
export interface ProxyRequestContext {
  readonly requestId?: string;
  readonly stage?: string;
  readonly resourcePath?: string;
  readonly path?: string;
  /** What the authorizer returned, when the method has one. */
  readonly authorizer?: { readonly [key: string]: unknown } | null;
  readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string | null };
}

/** What a Lambda proxy integration returns to API Gateway. */
export interface ProxyResult {
  statusCode: number;
  headers?: { [name: string]: string };
  multiValueHeaders?: { [name: string]: string[] };
  body: string;
  isBase64Encoded?: boolean;
}

/** The parts of the Lambda context object handlers commonly read (Lambda passes them all). */
export interface LambdaContext {
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly invokedFunctionArn?: string;
  readonly memoryLimitInMB?: string;
  readonly awsRequestId?: string;
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  getRemainingTimeInMillis?(): number;
}

/** A Lambda function handling API Gateway proxy events. */
export type ProxyHandler = (event: ProxyEvent, context?: LambdaContext) => Promise<ProxyResult>;

/** Response headers a handler sets; API Gateway sends them as written. */
export type ResponseHeaders = { readonly [name: string]: string };

/** A response with a body: what handlers return and what the client resolves to. */
export interface ApiResponse<S extends number = number, B = unknown> {
  readonly statusCode: S;
  readonly body: B;
  readonly headers?: ResponseHeaders;
  readonly multiValueHeaders?: { readonly [name: string]: readonly string[] };
}

/** A response without a body (a declared response with no content). */
export interface EmptyResponse<S extends number = number> {
  readonly statusCode: S;
  readonly body?: undefined;
  readonly headers?: ResponseHeaders;
  readonly multiValueHeaders?: { readonly [name: string]: readonly string[] };
}

/** Any response a handler or interceptor may produce. */
export type AnyResponse = ApiResponse<number, unknown> | EmptyResponse<number>;

/**
 * What a client method resolves to for an operation's responses `R`: the same union, each with the
 * headers the server sent (the client always reads them; a handler need not set any).
 */
export type ClientResult<R extends AnyResponse> = R extends AnyResponse
  ? R & { readonly headers: ResponseHeaders }
  : never;

/** The validated, typed input of one operation. */
export interface OperationInput<P, B> {
  /** Path, query, header and cookie parameters by their names in the spec, coerced to their schema types. */
  readonly requestParameters: P;
  /** The request body: parsed and validated JSON, or the raw string for other content types. */
  readonly body: B;
}

/** What a handler (and each interceptor) receives. */
export interface HandlerRequest<P, B> {
  readonly input: OperationInput<P, B>;
  readonly event: ProxyEvent;
  readonly context: LambdaContext;
  /** Shared by the interceptors and the handler of one request, e.g. to pass an authenticated user on. */
  readonly interceptorContext: { [key: string]: unknown };
}

/** The function implementing one operation. */
export type OperationHandler<P, B, R> = (request: HandlerRequest<P, B>) => Promise<R>;

/** Runs around a handler: call `next()` to continue, or return a response to stop early. */
export type Interceptor<P = unknown, B = unknown> = (
  request: HandlerRequest<P, B>,
  next: () => Promise<AnyResponse>,
) => Promise<AnyResponse>;

/** Interceptors, outermost first, then the handler. */
export type HandlerChain<P, B, R> = [...Interceptor<P, B>[], OperationHandler<P, B, R>];

/** Every status code of a range, for responses declared as `1XX` … `5XX`. */
type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type StatusIn<H extends number> = `${H}${Digit}${Digit}` extends `${infer N extends number}` ? N : never;
export type Status1XX = StatusIn<1>;
export type Status2XX = StatusIn<2>;
export type Status3XX = StatusIn<3>;
export type Status4XX = StatusIn<4>;
export type Status5XX = StatusIn<5>;
/** Every status code API Gateway can return (100 to 599), for `default` responses. */
export type StatusCode = Status1XX | Status2XX | Status3XX | Status4XX | Status5XX;

/** Where a parameter is sent, in OpenAPI's words. */
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** The scalar type a parameter value is coerced to from its string form. */
export type ParameterType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "unknown";

/** How generated code describes one parameter to the runtime. */
export interface ParameterSpec {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly type: ParameterType;
  /** For arrays: the type of the items. */
  readonly items?: ParameterType;
  /** For query arrays: `false` means one comma-separated value (`form` style without explode). */
  readonly explode?: boolean;
}

/** How generated code describes one operation to the runtime. */
export interface OperationSpec {
  readonly operationId: string;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody?: {
    readonly required: boolean;
    /** A request with a JSON content type (or none, when the first of these is JSON) is parsed and validated. */
    readonly contentTypes: readonly string[];
  };
  /** The content type of each declared response with content, by status code as written (`200`, `4XX`, `default`). */
  readonly responses: { readonly [statusCode: string]: string };
}

/** A JSON value, as schemas are written. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The JSON Schemas of an API, for validation. `root` holds `components.schemas` and, under
 * `operations.<operationId>`, a `parameters` schema (an object keyed by location, then name) and a
 * `body` schema; their `$ref`s point into `root`.
 */
export interface SchemaDocument {
  /** `openapi-3.0` validates with JSON Schema draft 7 semantics, `openapi-3.1` with draft 2020-12. */
  readonly dialect: "openapi-3.0" | "openapi-3.1";
  readonly root: { readonly [key: string]: JsonValue };
}
