/**
 * The normalized API model: what every other specgate package reads instead of raw OpenAPI.
 *
 * Schemas are kept as OpenAPI wrote them (JSON Schema objects) with their internal `$ref`s
 * (`#/components/schemas/Pet`, or any other JSON pointer into `document`), so that generators can
 * name types after the schemas they come from. Parameters, request bodies, responses and headers
 * that were `$ref`s are resolved.
 */

/** The HTTP methods an OpenAPI path item can hold, lower case as OpenAPI writes them. */
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** The methods API Gateway REST APIs can serve (everything but TRACE). */
export const API_GATEWAY_METHODS: readonly HttpMethod[] = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
];

export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** A JSON Schema object as OpenAPI 3.0 or 3.1 writes it. */
export type JsonSchema = { readonly [key: string]: unknown };

/** A parsed, bundled OpenAPI document: one object, only internal `$ref`s left. */
export type OpenApiDocument = { readonly [key: string]: unknown };

export interface ApiParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  /** Path parameters are always required. */
  readonly required: boolean;
  readonly schema?: JsonSchema;
  readonly description?: string;
  readonly style?: string;
  readonly explode?: boolean;
  readonly deprecated: boolean;
  /** JSON pointer of the parameter where it was declared (the operation's or the path item's). */
  readonly pointer: string;
}

export interface ApiMediaType {
  /** e.g. `application/json` */
  readonly contentType: string;
  readonly schema?: JsonSchema;
  readonly example?: unknown;
  /** Values of the named `examples`, in declaration order. */
  readonly examples: readonly unknown[];
}

export interface ApiRequestBody {
  readonly required: boolean;
  readonly description?: string;
  readonly content: readonly ApiMediaType[];
}

export interface ApiHeader {
  readonly name: string;
  readonly required: boolean;
  readonly schema?: JsonSchema;
  readonly description?: string;
}

export interface ApiResponse {
  /** `"200"`, `"4XX"` or `"default"`, as written in the document. */
  readonly statusCode: string;
  readonly description?: string;
  readonly content: readonly ApiMediaType[];
  readonly headers: readonly ApiHeader[];
}

/** A security requirement: scheme name to scopes. */
export type SecurityRequirement = { readonly [scheme: string]: readonly string[] };

export interface ApiOperation {
  /** The document's operationId, or the one derived from the method and path when it gives none. */
  readonly operationId: string;
  /** Set when the document gives no operationId and `operationId` was derived (see `operationIdFor`). */
  readonly operationIdDerived?: true;
  readonly method: HttpMethod;
  /** The OpenAPI path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  /** JSON pointer of the operation object, e.g. `#/paths/~1pets~1{petId}/get`. */
  readonly pointer: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  /** Path-item and operation parameters merged (the operation's win), in declaration order. */
  readonly parameters: readonly ApiParameter[];
  readonly requestBody?: ApiRequestBody;
  /** In declaration order. */
  readonly responses: readonly ApiResponse[];
  /** The operation's own security, else the document's; undefined when neither sets one. */
  readonly security?: readonly SecurityRequirement[];
  /** The operation's vendor extensions (`x-*`), e.g. `x-handler`, `x-amazon-apigateway-integration`. */
  readonly extensions: { readonly [key: `x-${string}`]: unknown };
}

export interface ApiModel {
  /** The document's `openapi` version, e.g. `3.0.3`. */
  readonly openapiVersion: string;
  readonly title: string;
  readonly version: string;
  /** Where the model was read from, when it was read from a file. */
  readonly source?: string;
  /** The bundled document: one object, internal `$ref`s only. */
  readonly document: OpenApiDocument;
  /** Every operation, in document order. */
  readonly operations: readonly ApiOperation[];
  /** `components.schemas`, by name. */
  readonly schemas: { readonly [name: string]: JsonSchema };
  /** `components.securitySchemes`, by name. */
  readonly securitySchemes: { readonly [name: string]: JsonSchema };
  /** The document's top-level vendor extensions. */
  readonly extensions: { readonly [key: `x-${string}`]: unknown };
}

/** What API Gateway and generated code need to know of each operation, by operationId. */
export interface OperationDetails {
  readonly method: Uppercase<HttpMethod>;
  readonly path: string;
  /** Request body content types; `["application/json"]` when the operation has no body. */
  readonly contentTypes: string[];
}

export type OperationLookup = { readonly [operationId: string]: OperationDetails };

/** One thing wrong with a model: where it is and what to do about it. */
export interface ModelProblem {
  /** The file the problem is in, as given (relative paths stay relative). */
  readonly file: string;
  /** JSON pointer inside that file, e.g. `#/paths/~1pets/get`; empty when the problem is the file itself. */
  readonly pointer: string;
  /** 1-based line and column, for problems found while parsing the file's text. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}
