import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { ExecutionEnvironmentSetup } from "./environment";
import { encodeInvoke, type WorkerMessage } from "./protocol";
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
  state: "initializing" | "idle" | "busy" | "gone";
  invocation: Invocation | undefined;
  timer: NodeJS.Timeout | undefined;
}

export interface PoolOptions {
  readonly maxConcurrency: number;
  readonly log: (functionId: string, line: string) => void;
}

let nextInvocationId = 1;

/** `--enable-source-maps` in the function's NODE_OPTIONS is honored, as the Lambda Node.js runtime does. */
function execArgvOf(env: Readonly<Record<string, string>>): string[] {
  return /(^|\s)--enable-source-maps(\s|$)/.test(env.NODE_OPTIONS ?? "") ? ["--enable-source-maps"] : [];
}

/**
 * The execution environments of one function. Like Lambda, each environment runs one invocation at a time;
 * a request that finds none idle starts a new one (a cold start) until `maxConcurrency` exist, then waits.
 */
export class FunctionPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly queue: Invocation[] = [];
  private initializing = 0;
  private retired = false;

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
        id: nextInvocationId++,
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

  /** New requests go to a new pool: idle environments end now, busy ones after their invocation. */
  async retire(): Promise<void> {
    this.retired = true;
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((environment) => this.discard(environment)));
  }

  /** Ends every environment; requests still waiting or running fail. */
  async close(): Promise<void> {
    this.retired = true;
    for (const invocation of this.queue.splice(0)) {
      this.settle(invocation, { kind: "integration-failure", detail: "the local server is shutting down" });
    }
    await Promise.all(
      [...this.environments].map((environment) => {
        const invocation = environment.invocation;
        const ended = this.discard(environment);
        if (invocation) {
          this.settle(invocation, {
            kind: "integration-failure",
            detail: "the local server is shutting down",
          });
        }
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
   * cannot hold one of the few local environments for minutes.
   */
  private gatewayTimeout(invocation: Invocation, timeoutMs: number): void {
    const queued = this.queue.indexOf(invocation);
    if (queued !== -1) this.queue.splice(queued, 1);
    this.settle(invocation, {
      kind: "timeout",
      detail: `the integration timed out after ${timeoutMs} ms without a response from ${this.fn.id}`,
    });
    const environment = invocation.environment;
    if (environment && environment.invocation === invocation) {
      this.log(
        `${new Date().toISOString()}\t${invocation.awsRequestId}\tIntegration timed out after ${timeoutMs} ms`,
      );
      this.end(environment, undefined);
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      this.run(this.idle.pop() as ExecutionEnvironment, this.queue.shift() as Invocation);
    }
    let missing = Math.min(
      this.queue.length - this.initializing,
      this.options.maxConcurrency - this.environments.size,
    );
    while (missing-- > 0) this.start();
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SCRIPT, {
        workerData: this.setup.settings,
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
      invocation: undefined,
      timer: undefined,
    };
    this.environments.add(environment);
    this.initializing++;
    environment.timer = setTimeout(() => {
      this.log(`Init timed out after ${INIT_TIMEOUT_MS / 1000} seconds`);
      this.end(
        environment,
        `Runtime.InitTimeout: initialization took longer than ${INIT_TIMEOUT_MS / 1000} s`,
      );
    }, INIT_TIMEOUT_MS);
    worker.on("message", (message: WorkerMessage) => this.onMessage(environment, message));
    worker.on("error", (error: Error) => {
      this.log(`Uncaught Exception \t${error.name}: ${error.message}`);
      this.end(environment, `${error.name}: ${error.message} (the execution environment crashed)`);
    });
    worker.on("exit", (code: number) =>
      this.end(environment, `Runtime exited with error: exit status ${code}`),
    );
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

  private run(environment: ExecutionEnvironment, invocation: Invocation): void {
    environment.state = "busy";
    environment.invocation = invocation;
    invocation.environment = environment;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    environment.timer = setTimeout(() => this.functionTimeout(environment), timeoutMs);
    environment.worker.postMessage(
      encodeInvoke({
        id: invocation.id,
        event: invocation.event,
        awsRequestId: invocation.awsRequestId,
        deadline: Date.now() + timeoutMs,
        invokedFunctionArn: invocation.invokedFunctionArn,
      }),
    );
  }

  private onMessage(environment: ExecutionEnvironment, message: WorkerMessage): void {
    if (typeof message === "string") {
      const newline = message.indexOf("\n");
      this.finish(environment, Number(message.slice(0, newline)), () =>
        this.outcomeOf(message.slice(newline + 1)),
      );
      return;
    }
    switch (message.type) {
      case "log":
        this.log(message.line);
        return;
      case "ready":
        if (environment.state !== "initializing") return;
        clearTimeout(environment.timer);
        this.initializing--;
        this.release(environment);
        return;
      case "init-error":
        // Lambda retries initialization on the next request: this environment goes, the request that waits fails.
        this.failNext(`${message.errorType}: ${message.errorMessage}`);
        this.end(environment, undefined);
        return;
      case "error":
        this.finish(environment, message.id, () => ({
          kind: "integration-failure",
          detail: `${message.errorType}: ${message.errorMessage}`,
        }));
        return;
    }
  }

  /** The invocation `id` ended: its request gets the outcome (unless it already timed out) and the environment is free. */
  private finish(environment: ExecutionEnvironment, id: number, outcome: () => LambdaOutcome): void {
    const invocation = environment.invocation;
    if (environment.state !== "busy" || invocation === undefined || invocation.id !== id) return;
    this.settle(invocation, outcome());
    clearTimeout(environment.timer);
    environment.invocation = undefined;
    this.release(environment);
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

  /** An environment that is free serves the next waiting request, or waits warm. */
  private release(environment: ExecutionEnvironment): void {
    const next = this.queue.shift();
    if (next) {
      this.run(environment, next);
    } else if (this.retired) {
      void this.discard(environment);
    } else {
      environment.state = "idle";
      this.idle.push(environment);
    }
  }

  private functionTimeout(environment: ExecutionEnvironment): void {
    const invocation = environment.invocation;
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

  /** The environment is gone (crash, exit, timeout): its request fails, waiting requests get a new one. */
  private end(environment: ExecutionEnvironment, detail: string | undefined): void {
    if (environment.state === "gone") return;
    const wasInitializing = environment.state === "initializing";
    const invocation = environment.invocation;
    void this.discard(environment);
    if (wasInitializing && detail !== undefined) this.failNext(detail);
    if (invocation && detail !== undefined) this.settle(invocation, { kind: "integration-failure", detail });
    this.dispatch();
  }

  private discard(environment: ExecutionEnvironment): Promise<void> {
    if (environment.state === "gone") return Promise.resolve();
    if (environment.state === "initializing") this.initializing--;
    environment.state = "gone";
    environment.invocation = undefined;
    clearTimeout(environment.timer);
    this.environments.delete(environment);
    const idle = this.idle.indexOf(environment);
    if (idle !== -1) this.idle.splice(idle, 1);
    return environment.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
  }
}
