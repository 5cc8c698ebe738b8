// Runs a command as a child process and measures its wall time and peak memory (RSS).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const RSS_PRELOAD = fileURLToPath(new URL("./measure-rss.cjs", import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), "specgate-bench-rss-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** GNU time reports a child's peak RSS; without it, Node.js children report their own. */
export const GNU_TIME = (() => {
  if (process.env.SPECGATE_BENCH_NO_GNU_TIME) return undefined;
  const probe = path.join(scratch, "probe");
  const result = spawnSync("/usr/bin/time", ["-f", "%M", "-o", probe, "true"], { stdio: "ignore" });
  try {
    return result.status === 0 && /^\d+/.test(readFileSync(probe, "utf8")) ? "/usr/bin/time" : undefined;
  } catch {
    return undefined;
  }
})();

export const MEMORY_METHOD = GNU_TIME
  ? "peak RSS from GNU time (/usr/bin/time)"
  : "peak RSS from process.resourceUsage().maxRSS inside the child (GNU time not installed)";

let counter = 0;

/**
 * Runs `command args` and resolves { ok, code, wallMs, peakRssKb, stdout, stderr }; never rejects on a
 * failing command. A `node` command (process.execPath) gets the RSS preload when GNU time is missing.
 */
export function run(command, args, { cwd, env, timeoutMs = 30 * 60_000, input } = {}) {
  const rssFile = path.join(scratch, `rss-${process.pid}-${counter++}`);
  let argv = [command, ...args];
  const childEnv = { ...process.env, ...env };
  if (GNU_TIME) {
    argv = [GNU_TIME, "-f", "%M", "-o", rssFile, ...argv];
  } else if (command === process.execPath) {
    argv = [command, "--require", RSS_PRELOAD, ...args];
    childEnv.SPECGATE_BENCH_RSS_FILE = rssFile;
  }
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.stdin.end(input ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const finish = (code, error) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let peakRssKb;
      try {
        // GNU time writes "Command exited with non-zero status N" before the figure on failures.
        const numbers = readFileSync(rssFile, "utf8").match(/^\d+$/m);
        peakRssKb = numbers ? Number(numbers[0]) : undefined;
        rmSync(rssFile, { force: true });
      } catch {
        peakRssKb = undefined;
      }
      resolve({
        ok: code === 0,
        code,
        wallMs,
        peakRssKb,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8") + (error ? String(error) : ""),
      });
    };
    child.on("error", (error) => finish(-1, error));
    child.on("close", (code, signal) => finish(signal ? -1 : code));
  });
}

/** The first line of a failure worth showing in a table. */
export function firstErrorLine(result) {
  const lines = `${result.stderr}\n${result.stdout}`
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("at ") && !/^npm warn/i.test(line) && !/^node:/.test(line));
  // CDK's synth-time validation lists its problems after this line, one "[construct/path] message" each.
  const validation = lines.findLastIndex((line) =>
    line.includes("Validation failed with the following errors:"),
  );
  const useful =
    (validation >= 0 ? lines[validation + 1] : undefined) ??
    lines.find((line) => /^[A-Za-z]*Error: /.test(line)) ??
    lines.find((line) => /error|invalid|must|cannot|unable|not /i.test(line)) ??
    lines[0] ??
    "";
  return useful.length > 240 ? `${useful.slice(0, 237)}...` : useful;
}
