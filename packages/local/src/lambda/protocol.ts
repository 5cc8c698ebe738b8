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
  readonly invokedFunctionArn: string;
}

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
}

/** `id`, `awsRequestId` and `invokedFunctionArn` on a line each (none holds a line break), then the event. */
export function encodeInvoke(message: InvokeMessage): string {
  return `${message.id}\n${message.awsRequestId}\n${message.invokedFunctionArn}\n${message.event}`;
}

/**
 * What the runner posts: one encoded invocation, several in the order the worker runs them, or a request to
 * hand back those it has not started (answered by "handed-back").
 */
export type RunnerMessage = string | readonly string[] | { readonly type: "hand-back" };

/**
 * How an invocation ended: its result as the string `<id>\n<milliseconds the handler ran>\n<payload>` (the hot
 * path, cloned as one string), or the error it failed with. Each is posted before the next invocation starts,
 * so a worker stopped in the middle of one has delivered how the others ended.
 */
export type InvocationEnd = string | ({ readonly type: "error"; readonly id: number } & FunctionError);

/** What the worker posts: how an invocation ended, or an object about the environment. */
export type WorkerMessage =
  | InvocationEnd
  | { readonly type: "ready" }
  | ({ readonly type: "init-error" } & FunctionError)
  | { readonly type: "log"; readonly line: string }
  | { readonly type: "handed-back"; readonly ids: readonly number[] };
