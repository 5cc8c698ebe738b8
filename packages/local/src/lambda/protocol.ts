/**
 * Messages between the runner and an execution environment's worker (assets/lambda/worker.cjs).
 * The worker is plain JavaScript so that the same file runs from the sources and from the build.
 */

/**
 * What one invocation needs. It crosses to the worker as one string (`encodeInvoke`): a string is cloned
 * with one copy, where an object pays for structured clone of each of its properties on every request.
 */
export interface InvokeMessage {
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

/** `id`, `deadline`, `awsRequestId` and `invokedFunctionArn` on a line each (none holds a line break), then the event. */
export function encodeInvoke(message: InvokeMessage): string {
  return `${message.id}\n${message.deadline}\n${message.awsRequestId}\n${message.invokedFunctionArn}\n${message.event}`;
}

/**
 * What the worker posts. A result is the string `<id>\n<payload>` (the hot path, cloned as one string);
 * everything else is an object.
 */
export type WorkerMessage =
  | string
  | { readonly type: "ready" }
  | ({ readonly type: "init-error" } & FunctionError)
  | { readonly type: "log"; readonly line: string }
  | ({ readonly type: "error"; readonly id: number } & FunctionError);
