/**
 * Messages between the runner and an execution environment's worker (assets/lambda/worker.cjs).
 * The worker is plain JavaScript so that the same file runs from the sources and from the build.
 */

export interface InvokeMessage {
  readonly type: "invoke";
  readonly id: number;
  /** The event as JSON text, as Lambda delivers it (a string also crosses threads faster than an object). */
  readonly event: string;
  readonly awsRequestId: string;
  /** Epoch milliseconds at which the function's own timeout ends (`context.getRemainingTimeInMillis`). */
  readonly deadline: number;
  readonly invokedFunctionArn: string;
}

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
}

export type WorkerMessage =
  | { readonly type: "ready" }
  | ({ readonly type: "init-error" } & FunctionError)
  | { readonly type: "log"; readonly line: string }
  /** `payload` is the result as JSON text, serialized as the Lambda runtime does. */
  | { readonly type: "result"; readonly id: number; readonly payload: string }
  | ({ readonly type: "error"; readonly id: number } & FunctionError);
