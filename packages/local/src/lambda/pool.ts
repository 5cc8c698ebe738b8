import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { ExecutionEnvironmentSetup } from "./environment";
import { encodeInvoke, type InvocationEnd, type RunnerMessage, type WorkerMessage } from "./protocol";
import { mapProxyResult } from "./result";
import type { LambdaOutcome, LocalFunction } from "./types";

/**
 * The worker is a plain script shipped in the package (`assets/**`): `src/lambda` and `lib/lambda` are both two
 * levels below the package root, so the same path works from the sources (tests) and from the build.
 */
const WORKER_SCRIPT = resolve(__dirname, "../../assets/lambda/worker.cjs");

/** The Lambda runtime reports responses above 6 MB as an error, which API Gateway answers with 502. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** Lambda gives up on an initialization phase after 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;

/**
 * Handing an invocation to a worker thread and its result back costs two thread wake-ups, more than a fast
 * handler runs. So an environment whose handler runs fast is given the next invocations behind the one it
 * runs, as long as it would clear them within this many milliseconds: its worker runs them one after the
 * other. What an environment is given during one event-loop turn crosses to it in one message at the turn's
 * end, so a burst of requests costs its worker one wake-up.
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
  readonly id: number;
  readonly event: string;
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly resolve: (outcome: LambdaOutcome) => void;
  settled: boolean;
  gatewayTimer: NodeJS.Timeout | undefined;
  environment: ExecutionEnvironment | undefined;
}

/** One warm execution environment: a worker thread holding one instance of the function's module. */
interface ExecutionEnvironment {
  readonly worker: Worker;
  /** "stopping": it takes no more work, and its worker is going; what it held is settled once it has gone. */
  state: "initializing" | "ready" | "stopping" | "gone";
  /** The invocations given to the worker, in the order it runs them one at a time: the first one runs. */
  readonly held: Invocation[];
  /** Encoded invocations given to it during this event-loop turn, posted together at the turn's end. */
  unsent: string[];
  /** When the first held invocation started, as far as this thread knows (performance.now()). */
  runningSince: number;
  /** How long the handler ran lately, in milliseconds (a moving average); unknown until it first answers. */
  runMs: number;
  /** A "hand-back" was posted and not answered yet. */
  handingBack: boolean;
  /** The initialization timeout, then the running invocation's own timeout. */
  timer: NodeJS.Timeout | undefined;
  /** Written by the worker: the id of the invocation it runs, 0 between invocations. */
  readonly progress: Int32Array;
  /** Why the environment is stopping, for the invocation it ran; undefined when that needs no answer. */
  stopped: string | undefined;
}

export interface PoolOptions {
  readonly maxConcurrency: number;
  readonly log: (functionId: string, line: string) => void;
}

/** Ids fit the Int32Array the worker marks its progress in. */
let nextInvocationId = 1;
const newInvocationId = (): number => {
  const id = nextInvocationId;
  nextInvocationId = id === 0x7fffffff ? 1 : id + 1;
  return id;
};

/** `--enable-source-maps` in the function's NODE_OPTIONS is honored, as the Lambda Node.js runtime does. */
function execArgvOf(env: Readonly<Record<string, string>>): string[] {
  return /(^|\s)--enable-source-maps(\s|$)/.test(env.NODE_OPTIONS ?? "") ? ["--enable-source-maps"] : [];
}

/**
 * The execution environments of one function. Like Lambda, each environment runs one invocation at a time;
 * a request that finds none free starts a new one (a cold start) until `maxConcurrency` exist, then waits.
 * A fast function's environments are also given invocations to run next (see PIPELINE_BUDGET_MS).
 */
export class FunctionPool {
  /** In the order they started: the first ones are given work first, so a fast function keeps few threads busy. */
  private readonly environments: ExecutionEnvironment[] = [];
  private readonly queue: Invocation[] = [];
  private initializing = 0;
  private retired = false;
  private flushScheduled = false;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly fn: LocalFunction,
    private readonly setup: ExecutionEnvironmentSetup,
    private readonly options: PoolOptions,
  ) {}

  /** The region the function runs in, for its ARN. */
  get region(): string {
    return this.setup.settings.region;
  }

  /** The function's name as deployed, for its ARN. */
  get functionName(): string {
    return this.setup.settings.functionName;
  }

  invoke(event: string, invokedFunctionArn: string, timeoutMs: number): Promise<LambdaOutcome> {
    return new Promise((resolve) => {
      const invocation: Invocation = {
        id: newInvocationId(),
        event,
        awsRequestId: randomUUID(),
        invokedFunctionArn,
        resolve,
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

  /** Ends every environment; requests still waiting or running fail. */
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
    invocation.resolve(outcome);
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
    environment.unsent.push(encodeInvoke(invocation));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (environment.held.length === 1) this.running(environment);
    else this.stallTimer ??= setTimeout(() => this.handBackStalled(), STALLED_AFTER_MS);
  }

  /** Posts what each environment was given during this event-loop turn, as one message. */
  private flush(): void {
    this.flushScheduled = false;
    for (const environment of this.environments) {
      if (environment.unsent.length === 0) continue;
      const unsent = environment.unsent;
      environment.unsent = [];
      this.post(environment, unsent.length === 1 ? unsent[0] : unsent);
    }
  }

  private post(environment: ExecutionEnvironment, message: RunnerMessage): void {
    environment.worker.postMessage(message);
  }

  /** The first held invocation has started: its own timeout runs from now. */
  private running(environment: ExecutionEnvironment): void {
    environment.runningSince = performance.now();
    environment.timer = setTimeout(() => this.functionTimeout(environment), this.fn.timeoutSeconds * 1000);
  }

  /**
   * Invocations waiting behind a stalled one go to another environment: the ones not posted yet at once, the
   * ones the worker holds once it hands them back.
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
        this.post(environment, { type: "hand-back" });
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
    let worker: Worker;
    const progress = new Int32Array(new SharedArrayBuffer(4));
    try {
      worker = new Worker(WORKER_SCRIPT, {
        workerData: { ...this.setup.settings, progress: progress.buffer },
        env: this.setup.env,
        execArgv: execArgvOf(this.setup.env),
        stdout: true,
        stderr: true,
        // A function that outgrows its MemorySize fails as it would on Lambda.
        resourceLimits: { maxOldGenerationSizeMb: Math.max(this.fn.memoryMb, 32) },
      });
    } catch (error) {
      this.failNext(`the execution environment could not start: ${String(error)}`);
      return;
    }
    // Warm environments must not keep a finished process alive; pending invocations hold it with their timers.
    worker.unref();
    const environment: ExecutionEnvironment = {
      worker,
      state: "initializing",
      held: [],
      unsent: [],
      runningSince: 0,
      runMs: Number.POSITIVE_INFINITY,
      handingBack: false,
      timer: undefined,
      progress,
      stopped: undefined,
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
    worker.on("message", (message: WorkerMessage) => this.onMessage(environment, message));
    // The environment ends at "exit", which comes after the results the worker posted as it went down.
    let crash: string | undefined;
    worker.on("error", (error: Error) => {
      this.log(`Uncaught Exception \t${error.name}: ${error.message}`);
      crash = `${error.name}: ${error.message} (the execution environment crashed)`;
    });
    worker.on("exit", (code: number) => {
      this.end(environment, crash ?? `Runtime exited with error: exit status ${code}`);
      this.exited(environment);
    });
    this.forwardLines(worker.stdout);
    this.forwardLines(worker.stderr);
  }

  private forwardLines(stream: NodeJS.ReadableStream): void {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.options.log(this.fn.id, line);
    });
    stream.on("end", () => {
      if (partial !== "") this.options.log(this.fn.id, partial);
    });
  }

  private log(text: string): void {
    for (const line of text.split("\n")) this.options.log(this.fn.id, line);
  }

  private onMessage(environment: ExecutionEnvironment, message: WorkerMessage): void {
    if (typeof message === "string") {
      this.ended(environment, message);
      return;
    }
    switch (message.type) {
      case "error":
        this.ended(environment, message);
        return;
      case "log":
        this.log(message.line);
        return;
      case "ready":
        if (environment.state !== "initializing") return;
        clearTimeout(environment.timer);
        this.initializing--;
        environment.state = "ready";
        this.next(environment);
        return;
      case "init-error":
        // Lambda retries initialization on the next request: this environment goes, the request that waits fails.
        this.failNext(`${message.errorType}: ${message.errorMessage}`);
        this.end(environment, undefined);
        return;
      case "handed-back": {
        environment.handingBack = false;
        const ids = new Set(message.ids);
        const handedBack = environment.held.filter((invocation) => ids.has(invocation.id));
        environment.held.splice(environment.held.length - handedBack.length);
        this.requeue(handedBack);
        this.dispatch();
        return;
      }
    }
  }

  private ended(environment: ExecutionEnvironment, end: InvocationEnd): void {
    if (typeof end !== "string") {
      this.finish(environment, end.id, () => ({
        kind: "integration-failure",
        detail: `${end.errorType}: ${end.errorMessage}`,
      }));
      return;
    }
    const first = end.indexOf("\n");
    const second = end.indexOf("\n", first + 1);
    const ranMs = Number(end.slice(first + 1, second));
    environment.runMs =
      environment.runMs === Number.POSITIVE_INFINITY ? ranMs : 0.8 * environment.runMs + 0.2 * ranMs;
    this.finish(environment, Number(end.slice(0, first)), () => this.outcomeOf(end.slice(second + 1)));
  }

  /** The invocation `id` ended: its request gets the outcome (unless it already timed out); the next one runs. */
  private finish(environment: ExecutionEnvironment, id: number, outcome: () => LambdaOutcome): void {
    const invocation = environment.held[0];
    if (environment.state === "gone" || invocation === undefined || invocation.id !== id) return;
    environment.held.shift();
    this.settle(invocation, outcome());
    // A stopping environment still delivers what ended before it was stopped.
    if (environment.state !== "ready") return;
    clearTimeout(environment.timer);
    if (environment.held.length > 0) this.running(environment);
    this.next(environment);
  }

  private outcomeOf(payload: string): LambdaOutcome {
    if (payload.length > MAX_RESPONSE_BYTES / 3 && Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
      return {
        kind: "integration-failure",
        detail: "the response payload is larger than Lambda's 6 MB limit",
      };
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
   * The environment stops (crash, exit, timeout): it takes no more work and its worker is stopped. What it
   * held is settled once the worker has gone (`exited`), after the results it posted before.
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
    void environment.worker.terminate().catch(() => undefined);
    this.dispatch();
  }

  /**
   * The worker has gone, and every message it posted has been read: the invocation it marked as running
   * fails with the reason it stopped; every other one it held goes to another environment, none is dropped.
   */
  private exited(environment: ExecutionEnvironment): void {
    if (environment.state === "gone") return;
    const held = environment.held.splice(0);
    this.forget(environment);
    const detail = environment.stopped;
    const runningId = Atomics.load(environment.progress, 0);
    const running = detail === undefined ? undefined : held.find((invocation) => invocation.id === runningId);
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
    return environment.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
  }

  private forget(environment: ExecutionEnvironment): void {
    environment.state = "gone";
    clearTimeout(environment.timer);
    this.environments.splice(this.environments.indexOf(environment), 1);
  }
}
