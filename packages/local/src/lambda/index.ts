export type { LambdaOutcome, LambdaRunnerOptions, LocalFunction, ProxyRequest, ProxyResponse } from "./types";
export type {
  APIGatewayProxyEventIdentity,
  APIGatewayProxyEventRequestContext,
  APIGatewayProxyEventV1,
} from "./event";
export { buildProxyEvent } from "./event";
export { mapProxyResult } from "./result";
export { LambdaRunner } from "./runner";
