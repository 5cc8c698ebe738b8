import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ExecutionEnvironmentSetup } from "./environment";
import { EnvironmentProcess } from "./environment-process";
import {
  HAND_BACK_LINE,
  ProtocolViolation,
  invokeLine,
  parseEnvironmentLine,
  type EnvironmentMessage,
} from "./protocol";
import { mapProxyResult } from "./result";
import type { RuntimeCommand } from "./runtimes";
import type { LambdaOutcome, LocalFunction } from "./types";

/** The Lambda runtime reports responses above 6 MB as an error, which API Gateway answers with 502. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** A protocol line holds a result of at most 6 MB and a few fields before it. */
const MAX_LINE_BYTES = MAX_RESPONSE_BYTES + 1024;

/** Lambda gives up on an initialization phase after 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;

/** How often the resident memory of running environments is read, where the system tells it (Linux). */
const MEMORY_CHECK_MS = 100;

/**
 * Handing an invocation to an environment and its result back costs two process wake-ups, more than a fast
 * handler runs. So an environment whose handler runs fast is given the next invocations behind the one it
 * runs, as long as it would clear them within this many milliseconds: it runs them one after the other. What
 * an environment is given during one event-loop turn is written to it at once at the turn's end, so a burst of
 * requests costs it one wake-up.
 */
const PIPELINE_BUDGET_MS = 2;

/**
 * An invocation running this long holds up the ones given behind it: they are handed to another environment.
 * Well above the budget, since this thread learns of results late when it is busy.
 */
const STALLED_AFTER_MS = 10;

/** At most this many invocations are given to one environment at a time. */
const MAX_PIPELINE = 64;

interface Invocation {
  /** Also the invocation's id in the runtime protocol. */
  readonly awsRequestId: string;
  readonly event: string;
  readonly invokedFunctionArn: string;
  readonly resolve: (outcome: LambdaOutcome) => void;
  /** Its result is answered as the function returned it (`payload`), not read as a proxy result. */
  readonly raw: boolean;
  settled: boolean;
  gatewayTimer: NodeJS.Timeout | undefined;
  environment: ExecutionEnvironment | undefined;
}

/** One warm execution environment: a process holding one instance of the function's module. */
interface ExecutionEnvironment {
  readonly process: EnvironmentProcess;
  /** "stopping": it takes no more work, and its process is going; what it held is settled once it has gone. */
  state: "initializing" | "ready" | "stopping" | "gone";
  /**
   * The invocations given to it, in the order it runs them one at a time: the first one runs. It reports how
   * each ended before it starts the next, so once it has gone and all it wrote is read, only the first can have
   * been running.
   */
  readonly held: Invocation[];
  /** Invocations given to it during this event-loop turn, written together at the turn's end. */
  unsent: string[];
  /** When the first held invocation started, as far as this thread knows (performance.now()). */
  runningSince: number;
  /** How long the handler ran lately, in milliseconds (a moving average); unknown until it first answers. */
  runMs: number;
  /** A "hand-back" was written and not answered yet. */
  handingBack: boolean;
  /** The initialization timeout, then the running invocation's own timeout. */
  timer: NodeJS.Timeout | undefined;
  /** Why the environment is stopping, for the invocation it ran; undefined when that needs no answer. */
  stopped: string | undefined;
  /** Once it has broken the protocol, nothing more it writes is believed. */
  broken: boolean;
}

export interface PoolOptions {
  readonly maxConcurrency: number;
  readonly log: (functionId: string, line: string) => void;
}

const KIB_PER_MB = 1024;

/**
 * The error Lambda's Invoke answers for an invocation that failed outside its handler, in Lambda's words:
 * `Sandbox.Timedout` past the function's timeout, the runtime's own type (`Runtime.OutOfMemory`, ...) when the
 * reason names one, else `Runtime.ExitError`.
 */
function lambdaErrorOf(awsRequestId: string, detail: string): string {
  const errorType = detail.startsWith("Task timed out")
    ? "Sandbox.Timedout"
    : (/^(Runtime\.[A-Za-z]+):/.exec(detail)?.[1] ?? "Runtime.ExitError");
  return JSON.stringify({ errorType, errorMessage: `RequestId: ${awsRequestId} Error: ${detail}` });
}

/**
 * The execution environments of one function. Like Lambda, each environment runs one invocation at a time;
 * a request that finds none free starts a new one (a cold start) until `maxConcurrency` exist, then waits.
 * A fast function's environments are also given invocations to run next (see PIPELINE_BUDGET_MS).
 */
export class FunctionPool {
  /** In the order they started: the first ones are given work first, so a fast function keeps few processes busy. */
  private readonly environments: ExecutionEnvironment[] = [];
  private readonly queue: Invocation[] = [];
  private initializing = 0;
  private retired = false;
  private flushScheduled = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private memoryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly fn: LocalFunction,
    private readonly runtime: RuntimeCommand,
    private readonly setup: ExecutionEnvironmentSetup,
    private readonly options: PoolOptions,
  ) {}

  /** The region the function runs in, for its ARN. */
  get region(): string {
    return this.setup.region;
  }

  /** The function's name as deployed, for its ARN. */
  get functionName(): string {
    return this.setup.functionName;
  }

  /** Runs `event` (JSON text); `raw` answers the result as the function returned it instead of as a proxy result. */
  invoke(event: string, invokedFunctionArn: string, timeoutMs: number, raw = false): Promise<LambdaOutcome> {
    return new Promise((resolve) => {
      const invocation: Invocation = {
        awsRequestId: randomUUID(),
        event,
        invokedFunctionArn,
        resolve,
        raw,
        settled: false,
        gatewayTimer: undefined,
        environment: undefined,
      };
      invocation.gatewayTimer = setTimeout(() => this.gatewayTimeout(invocation, timeoutMs), timeoutMs);
      this.queue.push(invocation);
      this.dispatch();
    });
  }

  /** New requests go to a new pool: idle environments end now, busy ones once they have answered all they hold. */
  async retire(): Promise<void> {
    this.retired = true;
    const idle = this.environments.filter(
      (environment) => environment.state !== "initializing" && environment.held.length === 0,
    );
    await Promise.all(idle.map((environment) => this.discard(environment)));
  }

  /** Ends every environment at once, whatever it is doing; requests still waiting or running fail. */
  async close(): Promise<void> {
    this.retired = true;
    clearTimeout(this.stallTimer);
    const failed: LambdaOutcome = {
      kind: "integration-failure",
      detail: "the local server is shutting down",
    };
    for (const invocation of this.queue.splice(0)) this.settle(invocation, failed);
    await Promise.all(
      [...this.environments].map((environment) => {
        const held = environment.held.splice(0);
        const ended = this.discard(environment);
        for (const invocation of held) this.settle(invocation, failed);
        return ended;
      }),
    );
  }

  private settle(invocation: Invocation, outcome: LambdaOutcome): void {
    if (invocation.settled) return;
    invocation.settled = true;
    clearTimeout(invocation.gatewayTimer);
    invocation.resolve(
      outcome.kind === "integration-failure" && outcome.error === undefined
        ? { ...outcome, error: lambdaErrorOf(invocation.awsRequestId, outcome.detail) }
        : outcome,
    );
  }

  /**
   * A deployed function would run on to its own timeout; here its environment stops at once, so a hung handler
   * cannot hold one of the few local environments for minutes. An invocation still waiting behind another one
   * only gets its answer: Lambda would still run it.
   */
  private gatewayTimeout(invocation: Invocation, timeoutMs: number): void {
    const queued = this.queue.indexOf(invocation);
    if (queued !== -1) this.queue.splice(queued, 1);
    this.settle(invocation, {
      kind: "timeout",
      detail: `the integration timed out after ${timeoutMs} ms without a response from ${this.fn.id}`,
    });
    const environment = invocation.environment;
    if (environment && environment.held[0] === invocation) {
      this.log(
        `${new Date().toISOString()}\t${invocation.awsRequestId}\tIntegration timed out after ${timeoutMs} ms`,
      );
      this.end(environment, `the integration timed out after ${timeoutMs} ms`);
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const environment = this.environmentForNext();
      if (environment === undefined) break;
      const invocation = this.queue.shift() as Invocation;
      if (!invocation.settled) this.give(environment, invocation);
    }
    let missing = Math.min(
      this.queue.length - this.initializing,
      this.options.maxConcurrency - this.environments.length,
    );
    while (missing-- > 0) this.start();
  }

  /**
   * Where the next invocation goes: to a busy environment that clears what it holds within the pipelining
   * budget, else to an idle one; undefined when every environment is busy with slower work.
   */
  private environmentForNext(): ExecutionEnvironment | undefined {
    let idle: ExecutionEnvironment | undefined;
    let now: number | undefined;
    for (const environment of this.environments) {
      if (environment.state !== "ready") continue;
      const held = environment.held.length;
      if (held === 0) {
        idle ??= environment;
      } else if (
        held < MAX_PIPELINE &&
        !environment.handingBack &&
        environment.runMs * held < PIPELINE_BUDGET_MS &&
        (now ??= performance.now()) - environment.runningSince < STALLED_AFTER_MS
      ) {
        return environment;
      }
    }
    return idle;
  }

  private give(environment: ExecutionEnvironment, invocation: Invocation): void {
    invocation.environment = environment;
    environment.held.push(invocation);
    environment.unsent.push(
      invokeLine(
        invocation.awsRequestId,
        invocation.invokedFunctionArn,
        this.fn.timeoutSeconds * 1000,
        invocation.event,
      ),
    );
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (environment.held.length === 1) this.running(environment);
    else this.stallTimer ??= setTimeout(() => this.handBackStalled(), STALLED_AFTER_MS);
  }

  /** Writes what each environment was given during this event-loop turn, at once. */
  private flush(): void {
    this.flushScheduled = false;
    for (const environment of this.environments) {
      if (environment.unsent.length === 0) continue;
      const unsent = environment.unsent;
      environment.unsent = [];
      environment.process.write(unsent.length === 1 ? unsent[0] : unsent.join(""));
    }
  }

  /** The first held invocation has started: its own timeout runs from now. */
  private running(environment: ExecutionEnvironment): void {
    environment.runningSince = performance.now();
    environment.timer = setTimeout(() => this.functionTimeout(environment), this.fn.timeoutSeconds * 1000);
  }

  /**
   * Invocations waiting behind a stalled one go to another environment: the ones not written yet at once, the
   * ones the environment holds once it hands them back.
   */
  private handBackStalled(): void {
    this.stallTimer = undefined;
    const now = performance.now();
    let waiting = false;
    for (const environment of this.environments) {
      if (environment.state !== "ready" || environment.held.length < 2 || environment.handingBack) continue;
      if (now - environment.runningSince < STALLED_AFTER_MS) {
        waiting = true;
        continue;
      }
      const unsent = environment.unsent.length;
      if (unsent > 0) {
        environment.unsent = [];
        this.requeue(environment.held.splice(environment.held.length - unsent));
      }
      if (environment.held.length > 1) {
        environment.handingBack = true;
        environment.process.write(HAND_BACK_LINE);
      }
    }
    if (waiting) this.stallTimer = setTimeout(() => this.handBackStalled(), STALLED_AFTER_MS);
    this.dispatch();
  }

  /** Invocations an environment held without starting them go first to the next free one. */
  private requeue(invocations: readonly Invocation[]): void {
    for (const invocation of invocations) invocation.environment = undefined;
    this.queue.unshift(...invocations.filter((invocation) => !invocation.settled));
  }

  private start(): void {
    let environmentProcess: EnvironmentProcess;
    try {
      // Its events come once it runs, after `environment` below is set.
      environmentProcess = new EnvironmentProcess(
        this.runtime,
        { cwd: this.fn.codeDir, env: this.setup.env },
        {
          line: (line) => this.onLine(environment, line),
          oversized: (start) => this.onOversized(environment, start),
          log: (line) => this.options.log(this.fn.id, line),
          gone: (exit, outOfMemory) => this.gone(environment, exit, outOfMemory),
        },
        MAX_LINE_BYTES,
      );
    } catch (error) {
      this.failNext(`the execution environment could not start: ${String(error)}`);
      return;
    }
    const environment: ExecutionEnvironment = {
      process: environmentProcess,
      state: "initializing",
      held: [],
      unsent: [],
      runningSince: 0,
      runMs: Number.POSITIVE_INFINITY,
      handingBack: false,
      timer: undefined,
      stopped: undefined,
      broken: false,
    };
    this.environments.push(environment);
    this.initializing++;
    environment.timer = setTimeout(() => {
      this.log(`Init timed out after ${INIT_TIMEOUT_MS / 1000} seconds`);
      this.end(
        environment,
        `Runtime.InitTimeout: initialization took longer than ${INIT_TIMEOUT_MS / 1000} s`,
      );
    }, INIT_TIMEOUT_MS);
    if (this.memoryTimer === undefined && process.platform === "linux") {
      this.memoryTimer = setInterval(() => this.checkMemory(), MEMORY_CHECK_MS);
      this.memoryTimer.unref();
    }
  }

  private log(text: string): void {
    for (const line of text.split("\n")) this.options.log(this.fn.id, line);
  }

  private onLine(environment: ExecutionEnvironment, line: string): void {
    if (environment.state === "gone" || environment.broken) return;
    const message = parseEnvironmentLine(line);
    if (message instanceof ProtocolViolation) {
      this.violation(environment, message.problem);
      return;
    }
    this.onMessage(environment, message);
  }

  /** A line too long for the protocol: a result past Lambda's payload limit fails alone; anything else is a crash. */
  private onOversized(environment: ExecutionEnvironment, start: string): void {
    if (environment.state === "gone" || environment.broken) return;
    const invocation = environment.held[0];
    if (invocation && start.startsWith(`result\t${invocation.awsRequestId}\t`)) {
      this.finish(environment, invocation.awsRequestId, () => ({
        kind: "integration-failure",
        detail: "the response payload is larger than Lambda's 6 MB limit",
      }));
      return;
    }
    this.violation(environment, `a line longer than ${MAX_LINE_BYTES} bytes`);
  }

  /**
   * The environment wrote what the runtime never writes: code in it meddled with the channel. It is stopped as
   * a crash: the invocation it ran fails, the gateway carries on.
   */
  private violation(environment: ExecutionEnvironment, problem: string): void {
    environment.broken = true;
    if (environment.state === "stopping" || environment.state === "gone") return;
    const detail = `Runtime.InvalidProtocol: the execution environment wrote ${problem} on the runtime's channel; it was stopped`;
    this.log(detail);
    this.end(environment, detail);
  }

  private onMessage(environment: ExecutionEnvironment, message: EnvironmentMessage): void {
    switch (message.type) {
      case "result": {
        if (!this.expects(environment, message.id)) return;
        const ranMs = message.ranMs;
        environment.runMs =
          environment.runMs === Number.POSITIVE_INFINITY ? ranMs : 0.8 * environment.runMs + 0.2 * ranMs;
        if (this.outgrew(environment, message.rssKiB)) return;
        let outcome: LambdaOutcome | ProtocolViolation;
        try {
          outcome = this.outcomeOf(message.payload, environment.held[0].raw);
        } catch {
          outcome = new ProtocolViolation(`a result that is not JSON for invocation ${message.id}`);
        }
        if (outcome instanceof ProtocolViolation) {
          this.violation(environment, outcome.problem);
          return;
        }
        const settled = outcome;
        this.finish(environment, message.id, () => settled);
        return;
      }
      case "error":
        if (!this.expects(environment, message.id)) return;
        if (this.outgrew(environment, message.rssKiB)) return;
        this.finish(environment, message.id, () => ({
          kind: "integration-failure",
          detail: `${message.errorType}: ${message.errorMessage}`,
          error: message.payload,
        }));
        return;
      case "ready":
        if (environment.state !== "initializing") {
          this.violation(environment, "a second ready message");
          return;
        }
        if (message.rssKiB > this.fn.memoryMb * KIB_PER_MB) {
          // Loading the handler took more than its MemorySize: the request that waits fails, as an init error.
          const detail = this.outOfMemory(`it used ${Math.ceil(message.rssKiB / KIB_PER_MB)} MB`);
          this.log(detail);
          this.end(environment, detail);
          return;
        }
        clearTimeout(environment.timer);
        this.initializing--;
        environment.state = "ready";
        this.next(environment);
        return;
      case "init-error":
        if (environment.state !== "initializing") {
          this.violation(environment, "an init-error message after initialization");
          return;
        }
        // Lambda retries initialization on the next request: this environment goes, the request that waits fails.
        this.failNext(`${message.errorType}: ${message.errorMessage}`);
        this.end(environment, undefined);
        return;
      case "crash":
        // The runtime has logged the error and exits next: the invocation it ran fails with it.
        this.end(
          environment,
          `${message.errorType}: ${message.errorMessage} (the execution environment crashed)`,
        );
        return;
      case "handed-back": {
        if (!environment.handingBack) {
          this.violation(environment, "a handed-back message nobody asked for");
          return;
        }
        // What it hands back is what it held last, in order: the invocations it had not started.
        const from = environment.held.length - message.ids.length;
        if (from < 0 || message.ids.some((id, i) => environment.held[from + i].awsRequestId !== id)) {
          this.violation(environment, "a handed-back message naming invocations it does not hold");
          return;
        }
        environment.handingBack = false;
        this.requeue(environment.held.splice(from));
        if (environment.held.length === 0) clearTimeout(environment.timer);
        this.next(environment);
        this.dispatch();
        return;
      }
    }
  }

  /**
   * Whether `id` is the invocation the environment runs. A stopping environment may still report invocations it
   * ended before it was stopped; any other id breaks the protocol.
   */
  private expects(environment: ExecutionEnvironment, id: string): boolean {
    if (environment.held[0]?.awsRequestId === id && environment.state !== "initializing") return true;
    if (environment.state === "ready")
      this.violation(environment, `a result for invocation ${id}, which it does not run`);
    return false;
  }

  /**
   * Past its MemorySize, the environment is stopped as Lambda stops it; the invocation it ran fails. It started
   * no other one (the runtime protocol says so): the invocations it held go to another environment.
   */
  private outgrew(environment: ExecutionEnvironment, usedKiB: number): boolean {
    if (usedKiB <= this.fn.memoryMb * KIB_PER_MB) return false;
    const detail = this.outOfMemory(`it used ${Math.ceil(usedKiB / KIB_PER_MB)} MB`);
    const invocation = environment.held.shift();
    if (invocation) this.settle(invocation, { kind: "integration-failure", detail });
    this.log(`${new Date().toISOString()}\t${invocation?.awsRequestId}\t${detail}`);
    this.end(environment, undefined);
    return true;
  }

  /** Why an environment that outgrew its MemorySize failed; `evidence` says how it is known. */
  private outOfMemory(evidence: string): string {
    return `Runtime.OutOfMemory: the function needed more than its MemorySize of ${this.fn.memoryMb} MB (${evidence}); its execution environment was stopped`;
  }

  /** Where the system tells a process's memory, an environment that outgrows its MemorySize is stopped at once. */
  private checkMemory(): void {
    if (this.environments.length === 0) {
      clearInterval(this.memoryTimer);
      this.memoryTimer = undefined;
      return;
    }
    const limitKiB = this.fn.memoryMb * KIB_PER_MB;
    for (const environment of this.environments) {
      if (environment.state !== "ready" && environment.state !== "initializing") continue;
      const used = environment.process.peakResidentKiB();
      if (used !== undefined && used > limitKiB) {
        const detail = this.outOfMemory(`it used ${Math.ceil(used / KIB_PER_MB)} MB`);
        this.log(detail);
        this.end(environment, detail);
      }
    }
  }

  /** The invocation `id` ended: its request gets the outcome (unless it already timed out); the next one runs. */
  private finish(environment: ExecutionEnvironment, id: string, outcome: () => LambdaOutcome): void {
    const invocation = environment.held[0];
    if (environment.state === "gone" || invocation === undefined || invocation.awsRequestId !== id) return;
    environment.held.shift();
    this.settle(invocation, outcome());
    // A stopping environment still delivers what ended before it was stopped.
    if (environment.state !== "ready") return;
    clearTimeout(environment.timer);
    if (environment.held.length > 0) this.running(environment);
    this.next(environment);
  }

  /** The outcome of a result payload (JSON text); throws when it is not JSON. */
  private outcomeOf(payload: string, raw: boolean): LambdaOutcome {
    if (payload.length > MAX_RESPONSE_BYTES / 3 && Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
      return {
        kind: "integration-failure",
        detail: "the response payload is larger than Lambda's 6 MB limit",
      };
    }
    if (raw) {
      JSON.parse(payload);
      return { kind: "payload", payload };
    }
    const mapped = mapProxyResult(JSON.parse(payload) as unknown);
    if ("invalid" in mapped) {
      return { kind: "integration-failure", detail: `Malformed Lambda proxy response: ${mapped.invalid}` };
    }
    return { kind: "response", response: mapped };
  }

  /** An environment that has answered serves waiting requests; a retired one ends once it holds nothing. */
  private next(environment: ExecutionEnvironment): void {
    if (this.queue.length > 0) this.dispatch();
    if (this.retired && environment.held.length === 0) void this.discard(environment);
  }

  private functionTimeout(environment: ExecutionEnvironment): void {
    const invocation = environment.held[0];
    const seconds = this.fn.timeoutSeconds.toFixed(2);
    this.log(
      `${new Date().toISOString()}\t${invocation?.awsRequestId}\tTask timed out after ${seconds} seconds`,
    );
    // A timed-out environment is not reused: Lambda restarts its runtime.
    this.end(environment, `Task timed out after ${seconds} seconds`);
  }

  /** The first request still waiting fails with the reason its environment could not start. */
  private failNext(detail: string): void {
    const invocation = this.queue.shift();
    if (invocation) this.settle(invocation, { kind: "integration-failure", detail });
  }

  /**
   * The environment stops (crash, exit, timeout, memory, a broken protocol): it takes no more work and its
   * process is killed, whatever it is doing. What it held is settled once it has gone (`gone`), after the
   * results it wrote before.
   */
  private end(environment: ExecutionEnvironment, detail: string | undefined): void {
    if (environment.state === "stopping" || environment.state === "gone") return;
    if (environment.state === "initializing") {
      this.initializing--;
      if (detail !== undefined) this.failNext(detail);
    }
    environment.state = "stopping";
    environment.stopped = detail;
    clearTimeout(environment.timer);
    const unsent = environment.unsent.length;
    environment.unsent = [];
    this.requeue(environment.held.splice(environment.held.length - unsent));
    environment.process.kill();
    this.dispatch();
  }

  /**
   * The process has gone, and every line it wrote has been read: the invocation it ran fails with the reason it
   * stopped; every other one it held goes to another environment, none is dropped.
   */
  private gone(environment: ExecutionEnvironment, exit: string, outOfMemory: boolean): void {
    if (environment.state === "gone") return;
    if (environment.state !== "stopping") {
      // It stopped of its own accord: process.exit, a signal, a fatal error of its runtime.
      const reason = `Runtime exited with error: ${exit}`;
      this.log(`Error: ${reason}`);
      this.end(environment, outOfMemory ? this.outOfMemory(reason) : reason);
    }
    const held = environment.held.splice(0);
    this.forget(environment);
    const detail = environment.stopped;
    const running = detail === undefined ? undefined : held[0];
    if (running && detail !== undefined) this.settle(running, { kind: "integration-failure", detail });
    this.requeue(held.filter((invocation) => invocation !== running));
    this.dispatch();
  }

  /** Ends an environment whose invocations are settled elsewhere (retired, closing). */
  private discard(environment: ExecutionEnvironment): Promise<void> {
    if (environment.state === "gone") return Promise.resolve();
    if (environment.state === "initializing") this.initializing--;
    environment.held.length = 0;
    environment.unsent = [];
    this.forget(environment);
    return environment.process.kill();
  }

  private forget(environment: ExecutionEnvironment): void {
    environment.state = "gone";
    clearTimeout(environment.timer);
    const index = this.environments.indexOf(environment);
    if (index !== -1) this.environments.splice(index, 1);
  }
}
