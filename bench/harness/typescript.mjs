import { writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./paths.mjs";
import { run } from "./proc.mjs";

/** Both sides are checked by the same compiler (the version the workspace pins). */
export const TSC = path.join(BENCH_DIR, "node_modules", "typescript", "lib", "tsc.js");

export function writeTsconfig(dir, config) {
  const file = path.join(dir, "tsconfig.json");
  writeFileSync(file, JSON.stringify(config, null, 2) + "\n");
  return file;
}

export function tsc(args, options) {
  return run(process.execPath, [TSC, ...args], options);
}

/** The first compiler diagnostics, enough to say why a check failed. */
export function firstDiagnostic(result) {
  const line =
    result.stdout.split("\n").find((l) => /error TS\d+/.test(l)) ?? result.stderr.split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.trim();
}

export function countDiagnostics(result) {
  return (result.stdout.match(/error TS\d+/g) ?? []).length;
}
