import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const script = path.resolve(__dirname, "..", "..", "scripts", "typecheck.js");

/**
 * Type-checks files as one strict program (the checker `npm run corpus` uses), in a child process so
 * that a long check does not stall the test runner. Returns each diagnostic as `file:line: message`,
 * paths relative to `base`.
 */
export async function typeCheck(
  files: readonly string[],
  base: string,
  options: { esm?: boolean } = {},
): Promise<string[]> {
  const flags = options.esm ? ["--esm"] : [];
  const { stdout } = await promisify(execFile)(process.execPath, [script, ...flags, base, ...files], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as string[];
}
