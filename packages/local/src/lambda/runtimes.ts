import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import type { LocalFunction } from "./types";

/**
 * The runtimes are plain scripts shipped in the package (`assets/**`): `src/lambda` and `lib/lambda` are both two
 * levels below the package root, so the same path works from the sources (tests) and from the build.
 */
const ASSETS = resolve(__dirname, "../../assets/lambda");

/** How an execution environment of a function starts: a program that speaks the runtime protocol (`protocol.ts`). */
export interface RuntimeCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** A line the runtime writes to standard error as it dies for want of memory, for the failure's message. */
  readonly outOfMemoryLine?: RegExp;
}

/**
 * The command that runs an execution environment of `fn`, or undefined when its runtime does not run locally.
 * Node.js runs on the gateway's own Node.js, its heap bounded by the function's MemorySize; Python on the
 * machine's `python3` (assets/lambda/runtime-python.py), its memory watched by the gateway.
 */
export function runtimeCommandOf(fn: LocalFunction): RuntimeCommand | undefined {
  if (fn.runtime.startsWith("nodejs")) {
    return {
      file: process.execPath,
      args: [`--max-old-space-size=${Math.max(fn.memoryMb, 32)}`, resolve(ASSETS, "runtime-nodejs.cjs")],
      outOfMemoryLine: /JavaScript heap out of memory/,
    };
  }
  if (fn.runtime.startsWith("python3")) {
    const python = pythonOnPath();
    if (python === undefined) return undefined;
    // Unbuffered, so that print() reaches the log as it is called; no .pyc files written into the asset folder.
    return {
      file: python,
      args: ["-u", "-B", resolve(ASSETS, "runtime-python.py")],
      outOfMemoryLine: /MemoryError/,
    };
  }
  return undefined;
}

let python: { readonly path: string | undefined } | undefined;

/** The machine's `python3`, found once on PATH: Python functions run on it, whatever python3.x they name. */
function pythonOnPath(): string | undefined {
  if (python) return python.path;
  const names = process.platform === "win32" ? ["python3.exe", "python.exe"] : ["python3"];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        python = { path: candidate };
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  python = { path: undefined };
  return undefined;
}
