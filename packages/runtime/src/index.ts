export type {
  AnyResponse,
  ApiResponse,
  EmptyResponse,
  HandlerChain,
  HandlerRequest,
  Interceptor,
  JsonValue,
  LambdaContext,
  OperationHandler,
  OperationInput,
  OperationSpec,
  ParameterLocation,
  ParameterSpec,
  ParameterType,
  ProxyEvent,
  ProxyHandler,
  ProxyRequestContext,
  ProxyResult,
  ResponseHeaders,
  SchemaDocument,
  Status1XX,
  Status2XX,
  Status3XX,
  Status4XX,
  Status5XX,
  StatusCode,
  ClientResult,
} from "./types";
export { Response } from "./response";
export { createHandler, createRouter, isJsonContentType, toProxyResult, type ChainLink } from "./handler";
export { coerceScalar, missingParameters, parameterTypeIssues, readParameters } from "./parameters";
export { SchemaValidators, type ValidationIssue, type Validator } from "./validate";
export {
  ClientBase,
  type ClientOptions,
  type ClientRequest,
  type ClientResponse,
  type FetchLike,
  type RequestSigner,
  type SignableRequest,
} from "./client";
