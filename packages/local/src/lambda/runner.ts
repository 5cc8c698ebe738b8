import { proxyEventJson } from "./event";
import { executionEnvironmentOf } from "./environment";
import { FunctionPool } from "./pool";
import { runtimeCommandOf, type RuntimeCommand } from "./runtimes";
import type { LambdaOutcome, LambdaRunnerOptions, LocalFunction, ProxyRequest } from "./types";

/**
 * Four warm environments per function keep two cores busy while a handler awaits I/O, without the memory and
 * scheduling cost of one process per connection; requests beyond them wait, as Lambda's reserved concurrency does.
 */
const DEFAULT_MAX_CONCURRENCY = 4;

/** Lambda refuses a synchronous invocation whose event is larger than 6 MB. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

const defaultLog = (functionId: string, line: string): void => {
  process.stderr.write(`[${functionId}] ${line}\n`);
};

function sameEnvironment(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Whether two descriptions of a function would load the same code the same way. */
function sameFunction(a: LocalFunction, b: LocalFunction): boolean {
  return (
    a === b ||
    (a.runtime === b.runtime &&
      a.handler === b.handler &&
      a.codeDir === b.codeDir &&
      a.timeoutSeconds === b.timeoutSeconds &&
      a.memoryMb === b.memoryMb &&
      sameEnvironment(a.environment, b.environment))
  );
}

/** Runs Lambda proxy integrations: builds the v1.0 event, invokes the handler in a warm execution environment, maps the result. */
export class LambdaRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly baseEnvironment: Readonly<Record<string, string>>;
  private readonly log: (functionId: string, line: string) => void;
  private readonly maxConcurrency: number;

  constructor(options: LambdaRunnerOptions = {}) {
    this.baseEnvironment = options.baseEnvironment ?? {};
    this.log = options.log ?? defaultLog;
    this.maxConcurrency = Math.max(
      1,
      Math.floor(options.maxConcurrencyPerFunction ?? DEFAULT_MAX_CONCURRENCY),
    );
  }

  /** Builds the event from `request`, invokes `fn`, and maps its result or failure. Never throws for handler faults. */
  invoke(fn: LocalFunction, request: ProxyRequest, timeoutMs: number): Promise<LambdaOutcome> {
    return this.run(fn, () => proxyEventJson(request), request.accountId, timeoutMs, false);
  }

  /**
   * Invokes `fn` with `event` (JSON text, as a Lambda custom integration renders it) and answers its result as
   * the function returned it (`payload`), or how it failed. Never throws for handler faults.
   */
  invokeWith(fn: LocalFunction, event: string, accountId: string, timeoutMs: number): Promise<LambdaOutcome> {
    return this.run(fn, () => event, accountId, timeoutMs, true);
  }

  /** Invokes `fn` with the event `eventOf` gives, within Lambda's payload limit; `raw` answers the result as returned. */
  private async run(
    fn: LocalFunction,
    eventOf: () => string,
    accountId: string,
    timeoutMs: number,
    raw: boolean,
  ): Promise<LambdaOutcome> {
    const runtime = runtimeCommandOf(fn);
    if (!runtime) return { kind: "unsupported-runtime", runtime: fn.runtime };
    try {
      const pool = this.poolFor(fn, runtime);
      const arn = `arn:aws:lambda:${pool.region}:${accountId}:function:${pool.functionName}`;
      const event = eventOf();
      if (event.length > MAX_EVENT_BYTES / 3 && Buffer.byteLength(event) > MAX_EVENT_BYTES) {
        return {
          kind: "integration-failure",
          detail: "the event is larger than Lambda's 6 MB invocation payload limit",
        };
      }
      return await pool.invoke(event, arn, timeoutMs, raw);
    } catch (error) {
      return { kind: "integration-failure", detail: `${fn.id} could not be invoked: ${String(error)}` };
    }
  }

  /**
   * Drops warm environments of functions whose code changed (used by --watch), of every function or of
   * those named (by id); their next invoke loads the code again.
   */
  async reset(functionIds?: Iterable<string>): Promise<void> {
    const ids = functionIds === undefined ? [...this.pools.keys()] : [...functionIds];
    const pools = ids.flatMap((id) => {
      const pool = this.pools.get(id);
      this.pools.delete(id);
      return pool ? [pool] : [];
    });
    await Promise.all(pools.map((pool) => pool.retire()));
  }

  /** Ends every environment at once, whatever it is doing. */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private poolFor(fn: LocalFunction, runtime: RuntimeCommand): FunctionPool {
    const existing = this.pools.get(fn.id);
    if (existing && sameFunction(existing.fn, fn)) return existing;
    if (existing) void existing.retire();
    const pool = new FunctionPool(fn, runtime, executionEnvironmentOf(fn, this.baseEnvironment), {
      maxConcurrency: this.maxConcurrency,
      log: this.log,
    });
    this.pools.set(fn.id, pool);
    return pool;
  }
}
