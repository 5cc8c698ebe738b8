import type { FunctionEntry } from "../assembly/functions";
import type { LambdaRunner, ProxyRequest } from "../lambda";
import { resourceIdOf, type ApiContext, type MethodRequest } from "../request";
import type { Integration, IntegrationInput, IntegrationOutcome } from "./integration";
import { failingIntegration, integrationTimeout, internalError } from "./integration";

export interface LambdaIntegrationOptions {
  readonly runner: LambdaRunner;
  readonly timeoutMs: number;
  /** The function the integration URI names; undefined when the assembly has no such function. */
  readonly target: FunctionEntry | undefined;
  readonly uri: string;
  /** The integration's `httpMethod`: Lambda is invoked with POST only. */
  readonly httpMethod?: string;
}

const hasContentType = (headers: readonly (readonly [string, string])[]): boolean =>
  headers.some(([name]) => name.toLowerCase() === "content-type");

/** A 501 naming a function whose runtime does not run locally, and why. */
export function unsupportedRuntime(functionId: string, runtime: string): IntegrationOutcome {
  const why = runtime.startsWith("python")
    ? "Python functions run on python3, and there is none on the PATH"
    : "Node.js and Python functions run locally";
  return {
    kind: "response",
    statusCode: 501,
    headers: [["Content-Type", "application/json"]],
    body: JSON.stringify({
      message: `specgate serve cannot run ${functionId}: runtime ${runtime} is not supported locally (${why})`,
    }),
  };
}

/** AWS_PROXY with a Lambda function: the v1.0 proxy event, run by the LambdaRunner. */
export function lambdaProxyIntegration(options: LambdaIntegrationOptions): Integration {
  const { runner, timeoutMs, target } = options;
  if (!target || target.kind === "unavailable") {
    const reason = target
      ? `function ${target.id} cannot run locally: ${target.reason}`
      : `the integration uri ${options.uri} names no AWS::Lambda::Function of the cloud assembly`;
    return failingIntegration("AWS_PROXY", "AWS_PROXY (unavailable)", reason);
  }
  const fn = target.fn;
  const httpMethod = options.httpMethod?.toUpperCase();
  if (httpMethod !== undefined && httpMethod !== "POST") {
    // API Gateway calls Lambda's Invoke with the integration's method; any other than POST fails, with a 500.
    const reason = `the integration's httpMethod is ${httpMethod}: Lambda functions are invoked with POST, so API Gateway answers 500`;
    return {
      type: "AWS_PROXY",
      description: `AWS_PROXY ${fn.id} (httpMethod ${httpMethod})`,
      problem: reason,
      invoke: async () => ({
        kind: "error",
        error: { type: "INTEGRATION_FAILURE", message: "Internal server error", statusCode: 500 },
        detail: `${fn.id}: ${reason}`,
      }),
    };
  }
  return {
    type: "AWS_PROXY",
    description: `AWS_PROXY ${fn.id} (${fn.runtime} ${fn.handler})`,
    invoke: async ({ request, api }: IntegrationInput): Promise<IntegrationOutcome> => {
      const proxyRequest = proxyRequestOf(request, api);
      const outcome = await runner.invoke(fn, proxyRequest, timeoutMs);
      switch (outcome.kind) {
        case "response": {
          const { statusCode, headers, body } = outcome.response;
          // A proxy response without a content type gets application/json, as API Gateway gives it.
          const finalHeaders = hasContentType(headers)
            ? headers
            : [...headers, ["Content-Type", "application/json"] as const];
          return { kind: "response", statusCode, headers: finalHeaders, body };
        }
        case "payload":
          // The runner answers a proxy invocation with a proxy response; a raw payload is not one.
          return internalError(`${fn.id}: the proxy invocation answered a raw payload`);
        case "integration-failure":
          return {
            kind: "error",
            error: { type: "DEFAULT_5XX", message: "Internal server error", statusCode: 502 },
            detail: `${fn.id}: ${outcome.detail}`,
          };
        case "timeout":
          return integrationTimeout(`${fn.id}: ${outcome.detail}`);
        case "unsupported-runtime":
          return unsupportedRuntime(fn.id, outcome.runtime);
      }
    },
  };
}

/** What the Lambda proxy event (and a REQUEST authorizer's event) is built from: the routed request, the API, who it was authorized as. */
export function proxyRequestOf(request: MethodRequest, api: ApiContext): ProxyRequest {
  const hasParameters = Object.keys(request.rawPathParameters).length > 0;
  return {
    method: request.method,
    path: request.path,
    rawQuery: request.rawQuery,
    headers: request.rawHeaders,
    body: request.body,
    resource: request.resource,
    pathParameters: hasParameters ? request.rawPathParameters : null,
    stage: api.stage,
    stageVariables: api.stageVariables,
    apiId: api.apiId,
    accountId: api.accountId,
    requestId: request.requestId,
    requestTimeEpoch: request.requestTimeEpoch,
    sourceIp: request.sourceIp,
    domainName: request.headers.host ?? "localhost",
    protocol: request.protocol,
    resourceId: resourceIdOf(request.resource),
    ...(request.authorization?.authorizer ? { authorizer: request.authorization.authorizer } : {}),
    ...(request.authorization ? { identity: request.authorization.identity } : {}),
  };
}
