import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { atProcessEnd } from "../process-end";
import { LineReader } from "./protocol";
import type { RuntimeCommand } from "./runtimes";

/** Lambda cuts a log line at 256 KB; a longer one is logged in pieces of that size here. */
const MAX_LOG_LINE = 256 * 1024;

/** How long the gateway waits, once an environment has exited, for what it wrote before (a stray child may hold its pipes). */
const DRAIN_AFTER_EXIT_MS = 1000;

/** How Lambda names the signal that ended a runtime: "Runtime exited with error: signal: killed". */
const SIGNAL_NAMES: Readonly<Record<string, string>> = {
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGABRT: "aborted",
  SIGSEGV: "segmentation fault",
  SIGINT: "interrupt",
  SIGBUS: "bus error",
};

export interface EnvironmentProcessEvents {
  /** A line written on the protocol channel. */
  readonly line: (line: string) => void;
  /** A line too long to be a protocol message: its start. */
  readonly oversized: (start: string) => void;
  /** A line of the function's log (its standard output and error). */
  readonly log: (line: string) => void;
  /**
   * The process has exited and everything it wrote has been read. `exit` says how, as Lambda does
   * ("exit status 3", "signal: killed"); `outOfMemory` when the runtime said it ran out of memory as it died.
   */
  readonly gone: (exit: string, outOfMemory: boolean) => void;
}

/**
 * The process of one execution environment. It runs in a process group of its own, so that ending it ends what
 * it started too (a shell command the handler runs, say), and a signal it sends to its own group cannot reach the
 * gateway's. The protocol runs on its descriptor 3: no API of the runtime hands it to the function's code.
 */
export class EnvironmentProcess {
  private readonly child: ChildProcess;
  private readonly channel: Readable & Writable;
  private exit: string | undefined;
  private outOfMemory = false;
  private reported = false;
  private readonly forgetAtEnd: () => void;
  private markGone!: () => void;
  /** Settles once the process has gone and everything it wrote has been read. */
  readonly ended = new Promise<void>((resolve) => (this.markGone = resolve));

  constructor(
    command: RuntimeCommand,
    options: { readonly cwd: string; readonly env: Readonly<Record<string, string>> },
    private readonly events: EnvironmentProcessEvents,
    maxLineBytes: number,
  ) {
    this.child = spawn(command.file, command.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    this.channel = this.child.stdio[3] as Readable & Writable;
    // The gateway ends when it has nothing else to do: its pending invocations hold it with their timers.
    this.refs(false);
    // The gateway's own end takes its environments along, however it ends.
    this.forgetAtEnd = atProcessEnd(() => void this.kill());

    const reader = new LineReader(maxLineBytes, events.line, events.oversized);
    this.channel.on("data", (chunk: Buffer) => reader.push(chunk));
    // Writing to an environment that has just gone fails: its end is reported by "close".
    this.channel.on("error", () => undefined);
    this.forwardLines(this.child.stdout as Readable, undefined);
    this.forwardLines(this.child.stderr as Readable, command.outOfMemoryLine);
    this.child.on("error", (error: Error) => {
      this.exit ??= `the process could not start: ${error.message}`;
      this.gone();
    });
    this.child.on("exit", (code, signal) => {
      this.exit ??= signal ? `signal: ${SIGNAL_NAMES[signal] ?? signal}` : `exit status ${code}`;
      // What it started goes with it; then its pipes close.
      this.kill();
      setTimeout(() => this.gone(), DRAIN_AFTER_EXIT_MS).unref();
    });
    this.child.on("close", () => this.gone());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  write(text: string): void {
    if (this.exit === undefined) this.channel.write(text);
  }

  /** Ends the environment and everything it started, whatever it is doing; settles once it has gone. */
  kill(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.reported) {
      // Whoever awaits its end is kept alive until then.
      this.refs(true);
      try {
        if (process.platform === "win32") this.child.kill("SIGKILL");
        else process.kill(-pid, "SIGKILL");
      } catch {
        // No group left: the process itself, if it is still there.
        this.child.kill("SIGKILL");
      }
    }
    return this.ended;
  }

  /**
   * The most resident memory the environment has used since it started, in KiB, where the system tells it
   * (Linux); undefined elsewhere. A peak, so that memory taken and given back between two reads still shows.
   */
  peakResidentKiB(): number | undefined {
    if (process.platform !== "linux" || this.child.pid === undefined || this.exit !== undefined)
      return undefined;
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, "latin1");
      const match = /VmHWM:\s*(\d+) kB/.exec(status);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the process and its pipes keep the gateway's event loop alive. */
  private refs(kept: boolean): void {
    for (const handle of [this.child, this.child.stdout, this.child.stderr, this.channel] as unknown as {
      ref?: () => void;
      unref?: () => void;
    }[])
      if (kept) handle.ref?.();
      else handle.unref?.();
  }

  private gone(): void {
    if (this.reported) return;
    this.reported = true;
    this.forgetAtEnd();
    this.channel.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.events.gone(this.exit ?? "exit status unknown", this.outOfMemory);
    this.markGone();
  }

  private forwardLines(stream: Readable, outOfMemoryLine: RegExp | undefined): void {
    let partial = "";
    stream.setEncoding("utf8");
    const emit = (line: string): void => {
      if (outOfMemoryLine?.test(line)) this.outOfMemory = true;
      this.events.log(line);
    };
    stream.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) emit(line);
      while (partial.length > MAX_LOG_LINE) {
        emit(partial.slice(0, MAX_LOG_LINE));
        partial = partial.slice(MAX_LOG_LINE);
      }
    });
    stream.on("end", () => {
      if (partial !== "") emit(partial);
    });
  }
}
