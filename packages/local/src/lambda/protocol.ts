/**
 * The runtime protocol: how the gateway and an execution environment talk. An execution environment is a process
 * that runs one function's handler, one invocation at a time (`assets/lambda/runtime-nodejs.cjs` for Node.js).
 * A runtime for another language plugs in as a program that speaks this protocol (see `runtimes.ts`).
 *
 * The process starts in the function's code folder, with the variables the Lambda runtime sets (`_HANDLER`,
 * `LAMBDA_TASK_ROOT`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, ...: `environment.ts`).
 * Its standard output and standard error are the function's log. The protocol runs on file descriptor 3, a
 * duplex socket. Each message is one line: fields separated by tabs, ended by a line feed. Only the last field
 * may be JSON text, which holds neither a tab nor a line feed as `JSON.stringify` or Python's `json.dumps`
 * write it. Ids are the invocations' `awsRequestId`s.
 *
 * The gateway writes:
 * - `invoke ⇥ id ⇥ invokedFunctionArn ⇥ timeoutMs ⇥ event`: run after the invocations given before it; the
 *   function's remaining time counts down from `timeoutMs` when it starts.
 * - `hand-back`: answer `handed-back` with the invocations given and not started; they go to another environment.
 *
 * The environment writes:
 * - `ready ⇥ rssKiB`: the handler is loaded.
 * - `init-error ⇥ {"errorType","errorMessage"}`: the handler could not be loaded (the environment then exits).
 * - `result ⇥ id ⇥ milliseconds the handler ran ⇥ rssKiB ⇥ result JSON`.
 * - `error ⇥ id ⇥ rssKiB ⇥ {"errorType","errorMessage",…}`: the invocation failed; the object is the error as
 *   Lambda's Invoke answers it for the runtime (Node.js adds `trace`, Python `requestId` and `stackTrace`).
 * - `handed-back ⇥ id ⇥ id …`.
 * - `crash ⇥ {"errorType","errorMessage"}`: an uncaught error ends the environment (it then exits).
 *
 * Each invocation's `result` or `error` is written before the next one starts, so an environment that stops in
 * the middle of one has delivered how the others ended. `rssKiB` is the process's resident memory as it wrote
 * the line: past the function's MemorySize, the invocation fails as on Lambda, the environment starts no other
 * one, and it is stopped. The gateway checks every line it reads; one that breaks the protocol stops the environment as a
 * crash, so code running in the environment (which can reach descriptor 3) can only harm its own invocation.
 */

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
}

/** A line an environment wrote, read and checked. */
export type EnvironmentMessage =
  | { readonly type: "ready"; readonly rssKiB: number }
  | ({ readonly type: "init-error" } & FunctionError)
  | {
      readonly type: "result";
      readonly id: string;
      readonly ranMs: number;
      readonly rssKiB: number;
      readonly payload: string;
    }
  | ({
      readonly type: "error";
      readonly id: string;
      readonly rssKiB: number;
      /** The error as Lambda's Invoke answers it (its fields beyond errorType and errorMessage: a stack trace, ...). */
      readonly payload: string;
    } & FunctionError)
  | { readonly type: "handed-back"; readonly ids: readonly string[] }
  | ({ readonly type: "crash" } & FunctionError);

/** What one invocation needs, as the gateway writes it. No field but `event` holds a tab or a line feed. */
export function invokeLine(id: string, invokedFunctionArn: string, timeoutMs: number, event: string): string {
  return `invoke\t${id}\t${invokedFunctionArn}\t${timeoutMs}\t${event}\n`;
}

export const HAND_BACK_LINE = "hand-back\n";

/** A line that breaks the protocol, with what is wrong with it. */
export class ProtocolViolation {
  constructor(readonly problem: string) {}
}

const ID = /^[0-9A-Za-z-]{1,64}$/;

/** A count (milliseconds, KiB) as the environment wrote it. */
function countOf(text: string): number | undefined {
  const value = Number(text);
  return text !== "" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function functionErrorOf(text: string): FunctionError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const { errorType, errorMessage } = parsed as Record<string, unknown>;
  return typeof errorType === "string" && typeof errorMessage === "string"
    ? { errorType, errorMessage }
    : undefined;
}

const shown = (line: string): string => JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);

/**
 * Reads one line an environment wrote. The result's payload is returned as it came: the pool parses it (JSON)
 * once it knows the result is wanted.
 */
export function parseEnvironmentLine(line: string): EnvironmentMessage | ProtocolViolation {
  const tab = line.indexOf("\t");
  const type = tab === -1 ? line : line.slice(0, tab);
  switch (type) {
    case "result": {
      const b = line.indexOf("\t", tab + 1);
      const c = b === -1 ? -1 : line.indexOf("\t", b + 1);
      const d = c === -1 ? -1 : line.indexOf("\t", c + 1);
      if (d === -1) break;
      const id = line.slice(tab + 1, b);
      const ranMs = countOf(line.slice(b + 1, c));
      const rssKiB = countOf(line.slice(c + 1, d));
      if (!ID.test(id) || ranMs === undefined || rssKiB === undefined) break;
      return { type, id, ranMs, rssKiB, payload: line.slice(d + 1) };
    }
    case "error": {
      const b = line.indexOf("\t", tab + 1);
      const c = b === -1 ? -1 : line.indexOf("\t", b + 1);
      if (c === -1) break;
      const id = line.slice(tab + 1, b);
      const rssKiB = countOf(line.slice(b + 1, c));
      const payload = line.slice(c + 1);
      const error = functionErrorOf(payload);
      if (!ID.test(id) || rssKiB === undefined || !error) break;
      return { type, id, rssKiB, ...error, payload };
    }
    case "ready": {
      const rssKiB = tab === -1 ? undefined : countOf(line.slice(tab + 1));
      if (rssKiB === undefined) break;
      return { type, rssKiB };
    }
    case "init-error":
    case "crash": {
      const error = tab === -1 ? undefined : functionErrorOf(line.slice(tab + 1));
      if (!error) break;
      return { type, ...error };
    }
    case "handed-back": {
      const ids = tab === -1 ? [] : line.slice(tab + 1).split("\t");
      if (!ids.every((id) => ID.test(id))) break;
      return { type, ids };
    }
    default:
      return new ProtocolViolation(`an unknown message ${shown(line)}`);
  }
  return new ProtocolViolation(`a malformed ${type} message ${shown(line)}`);
}

/**
 * Splits what an environment writes on descriptor 3 into lines. A line longer than `maxLineBytes` is not kept:
 * its first bytes are reported once its end arrives, so that an environment cannot make the gateway hold more
 * than that.
 */
export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The start of a line past the limit, while the rest of it is skipped. */
  private skipping: string | undefined;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversized: (start: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (this.skipping !== undefined) {
        const head = this.skipping;
        this.skipping = undefined;
        this.onOversized(head);
      } else if (this.pendingBytes + end - start > this.maxLineBytes) {
        this.onOversized(this.headOf(chunk.subarray(start, end)));
      } else if (this.pending.length > 0) {
        this.pending.push(chunk.subarray(start, end));
        const line = Buffer.concat(this.pending).toString("utf8");
        this.pending = [];
        this.pendingBytes = 0;
        this.onLine(line);
      } else {
        this.onLine(chunk.toString("utf8", start, end));
      }
      start = end + 1;
    }
    if (start === chunk.length || this.skipping !== undefined) return;
    const rest = chunk.subarray(start);
    if (this.pendingBytes + rest.length > this.maxLineBytes) {
      this.skipping = this.headOf(rest);
    } else {
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
  }

  /** The first bytes of a line too long to keep (what comes before its payload), dropping what was pending. */
  private headOf(last: Buffer): string {
    const head = Buffer.concat([...this.pending, last.subarray(0, 256)]).subarray(0, 256);
    this.pending = [];
    this.pendingBytes = 0;
    return head.toString("utf8");
  }
}
