import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalGatewayError } from "../errors";
import { atProcessEnd } from "../process-end";
import { summarizeFailure } from "./failure";

export interface SynthesizeOptions {
  /** Where the app runs (and where its cdk.json is read); default: the current directory. */
  readonly cwd?: string;
  /** Extra context values, as `cdk synth -c key=value` gives them. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Extra environment variables for the app. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Stops the app, and what it started, when aborted: the synthesis then fails. */
  readonly signal?: AbortSignal;
}

/** The `app` command and `context` of the project's cdk.json, when there is one. */
export function readCdkJson(cwd: string): { app?: string; context: Record<string, unknown> } {
  const file = join(cwd, "cdk.json");
  if (!existsSync(file)) return { context: {} };
  let parsed: { app?: unknown; context?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    throw new LocalGatewayError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const context =
    parsed.context && typeof parsed.context === "object" ? (parsed.context as Record<string, unknown>) : {};
  return { app: typeof parsed.app === "string" ? parsed.app : undefined, context };
}

/**
 * Runs a CDK app as `cdk synth` does: the app writes its cloud assembly to `outdir` (CDK_OUTDIR),
 * with the project's context and asset metadata switched on, so each function's code folder is known.
 */
export async function synthesize(
  appCommand: string,
  outdir: string,
  options: SynthesizeOptions = {},
): Promise<string> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const out = resolve(cwd, outdir);
  const context = {
    ...readCdkJson(cwd).context,
    ...options.context,
    "aws:cdk:enable-path-metadata": true,
    "aws:cdk:enable-asset-metadata": true,
  };
  const stderr: string[] = [];
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(appCommand, {
      cwd,
      shell: true,
      // A group of its own, the shell's children in it: stopping it stops the app, not only the shell.
      detached: process.platform !== "win32",
      stdio: ["ignore", "inherit", "pipe"],
      env: {
        ...process.env,
        ...options.environment,
        CDK_OUTDIR: out,
        CDK_CONTEXT_JSON: JSON.stringify(context),
      },
    });
    const stop = (): void => {
      try {
        if (process.platform === "win32" || child.pid === undefined) child.kill("SIGKILL");
        else process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    // However specgate serve ends, or when it is closed, the app it is running ends with it.
    const forgetAtEnd = atProcessEnd(stop);
    options.signal?.addEventListener("abort", stop, { once: true });
    const settled = (): void => {
      forgetAtEnd();
      options.signal?.removeEventListener("abort", stop);
    };
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
    child.on("error", (error) => {
      settled();
      fail(error);
    });
    child.on("close", (status) => {
      settled();
      done(status ?? 1);
    });
  });
  if (options.signal?.aborted) {
    throw new LocalGatewayError(`the app command \`${appCommand}\` was stopped: specgate serve is closing`);
  }
  const printed = stderr.join("");
  if (code !== 0) {
    // One line: the error and where in the app it was thrown; everything it printed with SPECGATE_DEBUG.
    const summary = summarizeFailure(printed, cwd) ?? printed.trim().split("\n").slice(-3).join(" ");
    const all = process.env.SPECGATE_DEBUG && printed.trim() ? `\n${printed.trimEnd()}` : "";
    throw new LocalGatewayError(
      `the app command \`${appCommand}\` failed (exit code ${code})${summary ? `: ${summary}` : ""}${all}`,
    );
  }
  // What a successful app says on stderr (the CDK's warnings) is the developer's to read.
  if (printed) process.stderr.write(printed);
  if (!existsSync(join(out, "manifest.json"))) {
    throw new LocalGatewayError(
      `the app command \`${appCommand}\` wrote no cloud assembly to ${out}: it must call app.synth() (new App() reads CDK_OUTDIR)`,
    );
  }
  return out;
}
