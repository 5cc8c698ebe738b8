export {
  startLocalGateway,
  type GeneratedCode,
  type LocalApi,
  type LocalGateway,
  type LocalGatewayOptions,
} from "./gateway";
export { synthesize, type SynthesizeOptions } from "./assembly/synthesize";
export { LocalGatewayError } from "./errors";
export type { RouteInfo } from "./api";
export { Router, type RouteMatch } from "./router/router";
export {
  LambdaRunner,
  type LocalFunction,
  type ProxyRequest,
  type ProxyResponse,
  type LambdaOutcome,
} from "./lambda";
export {
  LocalAuth,
  defaultStateFile,
  type LocalApiKey,
  type LocalAuthOptions,
  type LocalCredentials,
  type LocalGatewayAuth,
  type TokenOptions,
} from "./auth";
