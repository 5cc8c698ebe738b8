import { resolve } from "node:path";
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
 * Node.js runs on the gateway's own Node.js, its heap bounded by the function's MemorySize.
 */
export function runtimeCommandOf(fn: LocalFunction): RuntimeCommand | undefined {
  if (fn.runtime.startsWith("nodejs")) {
    return {
      file: process.execPath,
      args: [`--max-old-space-size=${Math.max(fn.memoryMb, 32)}`, resolve(ASSETS, "runtime-nodejs.cjs")],
      outOfMemoryLine: /JavaScript heap out of memory/,
    };
  }
  return undefined;
}
