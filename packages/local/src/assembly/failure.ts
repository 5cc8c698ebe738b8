import { relative, sep } from "node:path";

/**
 * What went wrong, in one line, from what a failed Node.js program printed: the error's message and
 * where in the program's own files it was thrown (`lib/stack.ts:12`), rather than the last lines, which
 * are Node.js's version and frames of the CDK. Undefined when the output holds no error.
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

  const start = lines.findIndex((line) =>
    /^(?:[A-Z][\w.]*)?(?:Error|Exception)(?: \[[^\]]+\])?: /.test(line),
  );
  if (start < 0) return undefined;
  const message: string[] = [];
  let index = start;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (/^\s+at /.test(line) || (line.trim() === "" && message.length > 0)) break;
    message.push(line.trim());
  }
  let where: string | undefined;
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
    where = `${shown(file)}:${frame[2]}`;
    break;
  }
  const text = message.join(" ").replace(/\s+/g, " ");
  return where ? `${text} (${where})` : text;
}
