/** A Lambda function as found in the synthesized template and cloud assembly. */
export interface LocalFunction {
  /** Stable id for logs and pooling: the template's logical id, prefixed by the stack name ("Stack/FnLogicalId"). */
  readonly id: string;
  /** e.g. "nodejs22.x"; other runtimes are reported as unsupported. */
  readonly runtime: string;
  /** e.g. "index.handler": file (relative to codeDir, without extension) and exported name. Nested paths like "src/app.handler" allowed. */
  readonly handler: string;
  /** Absolute path of the function's unzipped code folder (the asset folder in cdk.out). */
  readonly codeDir: string;
  /** The function's environment variables, intrinsics already resolved to strings. */
  readonly environment: Readonly<Record<string, string>>;
  /** The function's own timeout (Timeout property, default 3 s). */
  readonly timeoutSeconds: number;
  /** MemorySize, default 128. */
  readonly memoryMb: number;
}

/** What the gateway knows of a request once it has routed it. */
export interface ProxyRequest {
  /** e.g. "GET". */
  readonly method: string;
  /** As the client sent it, API prefix removed, not percent-decoded, trailing slash kept; no stage. */
  readonly path: string;
  /** Without "?", "" when none. */
  readonly rawQuery: string;
  /** Raw header pairs in arrival order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
  /** Empty buffer when none. */
  readonly body: Buffer;
  /** Matched resource, e.g. "/pets/{petId}" or "/{proxy+}". */
  readonly resource: string;
  /** Raw (not decoded), null when none. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
  /** e.g. "prod". */
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly apiId: string;
  readonly accountId: string;
  readonly requestId: string;
  /** Milliseconds since the epoch. */
  readonly requestTimeEpoch: number;
  readonly sourceIp: string;
  /** Host header value, e.g. "localhost:3000". */
  readonly domainName: string;
  /** e.g. "HTTP/1.1". */
  readonly protocol: string;
  readonly resourceId: string;
  /** `requestContext.authorizer`, when an authorizer authorized the request. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /** The `requestContext.identity` fields authorization set (`accessKey`, `userArn`, `apiKey`, …); the others are null. */
  readonly identity?: Readonly<Record<string, string>>;
}

/** The HTTP response API Gateway sends back for a Lambda proxy integration. */
export interface ProxyResponse {
  readonly statusCode: number;
  /** Final response headers (single and multi-value merged as API Gateway does), names as the function wrote them. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export type LambdaOutcome =
  | { readonly kind: "response"; readonly response: ProxyResponse }
  /** What the function returned, as JSON text, for an integration that reads it itself (the Lambda custom integration). */
  | { readonly kind: "payload"; readonly payload: string }
  /**
   * Malformed result, thrown error, crash or the function's own timeout: API Gateway answers 502 {"message": "Internal
   * server error"}. `detail` is for the server log only; `error` is what Lambda's Invoke answers for the failure
   * (JSON text: `{"errorType", "errorMessage", ...}`), which a Lambda custom integration maps.
   */
  | { readonly kind: "integration-failure"; readonly detail: string; readonly error?: string }
  /** The integration timeout (`timeoutMs`) was reached before the function answered (its environment is stopped): 504. */
  | { readonly kind: "timeout"; readonly detail: string }
  /** Runtime not executable locally: 501 naming it. */
  | { readonly kind: "unsupported-runtime"; readonly runtime: string };

export interface LambdaRunnerOptions {
  /** Extra environment for every function (e.g. AWS_REGION); the function's own environment wins. */
  readonly baseEnvironment?: Readonly<Record<string, string>>;
  /** Where handler console output goes (default: process.stderr), each line prefixed with the function id. */
  readonly log?: (functionId: string, line: string) => void;
  /**
   * How many invocations of one function run at once, each in its own warm execution environment (a
   * process); further requests wait for a free one.
   * @default 4
   */
  readonly maxConcurrencyPerFunction?: number;
}
