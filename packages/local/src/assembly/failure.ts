import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** Whether a file is in a folder `specgate generate` wrote (one with its manifest), below `cwd`. */
function isGenerated(file: string, cwd: string): boolean {
  for (let dir = dirname(file); dir.startsWith(cwd + sep); dir = dirname(dir)) {
    if (existsSync(join(dir, ".specgate-manifest.json"))) return true;
  }
  return false;
}

/**
 * What went wrong, in one line, from what a failed Node.js program printed: the error's message and
 * where in the program's own files it was thrown (`lib/stack.ts:12`: not in dependencies, nor in code
 * specgate generated, unless no frame is elsewhere), rather than the last lines, which are Node.js's
 * version and frames of the CDK. Undefined when the output holds no error.
 */
export function summarizeFailure(output: string, cwd: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const shown = (file: string): string => {
    const path = file.startsWith("file://") ? decodeURIComponent(new URL(file).pathname) : file;
    const rel = relative(cwd, path);
    return rel.startsWith("..") ? path : rel.split(sep).join("/");
  };

  // Compilers name the place themselves: esbuild (tsx) `file:3:10: ERROR: …`, TypeScript (ts-node)
  // `file(3,10): error TS2322: …`.
  for (const line of lines) {
    const esbuild = /^(.+?):(\d+):(\d+): ERROR: (.*)$/.exec(line.trim());
    if (esbuild) return `${esbuild[4]} (${shown(esbuild[1] ?? "")}:${esbuild[2]})`;
    const typescript = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line.trim());
    if (typescript) return `${typescript[4]} (${shown(typescript[1] ?? "")}:${typescript[2]})`;
  }

  // An uncaught error: `TypeError: …`, `Error [CODE]: …`, or aws-cdk-lib's `«CannotFindPackageLockFile» …`.
  const start = lines.findIndex((line) =>
    /^(?:(?:[A-Z][\w.]*)?(?:Error|Exception)(?: \[[^\]]+\])?: |«\w+» )/.test(line),
  );
  if (start < 0) return undefined;
  const message: string[] = [];
  let index = start;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? "";
    // The message ends at the first frame (aws-cdk-lib writes `    ...new NodejsFunction in aws-cdk-lib...`).
    if (/^\s+(?:at |\.\.\.)/.test(line) || (line.trim() === "" && message.length > 0)) break;
    message.push(line.trim());
  }
  // Where: the first frame in the app's own files; else in its generated code; else the first outside
  // dependencies and Node.js.
  let where: string | undefined;
  let generated: string | undefined;
  let outside: string | undefined;
  for (; index < lines.length; index++) {
    const frame = /^\s+at (?:.*\()?(.+?):(\d+):\d+\)?$/.exec(lines[index] ?? "");
    if (!frame) continue;
    const file = frame[1] ?? "";
    if (
      file.startsWith("node:") ||
      file.includes(`${sep}node_modules${sep}`) ||
      file.includes("/node_modules/")
    )
      continue;
    const place = `${shown(file)}:${frame[2]}`;
    if (isAbsolute(shown(file))) outside ??= place;
    else if (isGenerated(resolve(cwd, shown(file)), cwd)) generated ??= place;
    else {
      where = place;
      break;
    }
  }
  where ??= generated ?? outside;
  const text = message
    .join(" ")
    .replace(/^«(\w+)» /, "$1: ")
    .replace(/\s+/g, " ");
  return where ? `${text} (${where})` : text;
}
