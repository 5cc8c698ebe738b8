/**
 * The Lambda proxy (AWS_PROXY) integration of the local gateway.
 *
 * - The event is the v1.0 proxy event as API Gateway builds it (`event.ts`); with no binary media types,
 *   every request body reaches the function as UTF-8 text with `isBase64Encoded: false`.
 * - Each function runs in warm execution environments (`pool.ts`), each a process of its own
 *   (`environment-process.ts`) that speaks the runtime protocol (`protocol.ts`) on descriptor 3:
 *   `assets/lambda/runtime-nodejs.cjs` for Node.js (`runtimes.ts`), which loads the handler once (CommonJS or
 *   ES module) and serves one invocation at a time, like a Lambda environment. A fast function's environment is
 *   also given the invocations to run next, so that a burst crosses to it in one write. A crash,
 *   `process.exit`, a signal, a timeout, outgrowing MemorySize or a line that breaks the protocol ends only
 *   that environment (its process is killed with whatever it started); the next request starts a new one.
 * - The function's own timeout is a Lambda error (502, "Task timed out after N seconds"); the integration
 *   timeout is API Gateway's 504. Both stop the environment.
 * - Results are read as API Gateway reads them (`result.ts`), malformed ones answered with 502.
 */
export type { LambdaOutcome, LambdaRunnerOptions, LocalFunction, ProxyRequest, ProxyResponse } from "./types";
export type {
  APIGatewayProxyEventIdentity,
  APIGatewayProxyEventRequestContext,
  APIGatewayProxyEventV1,
} from "./event";
export { buildProxyEvent } from "./event";
export { mapProxyResult } from "./result";
export { LambdaRunner } from "./runner";
