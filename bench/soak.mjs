// Soak: a long autocannon run against specgate's local gateway, on its MOCK route and then its Lambda proxy
// route (the apps of the gateway benchmark), counting errors and sampling the memory of the gateway's process
// and of its Lambda execution environments as it goes. Not a test: a check to run by hand, on a quiet machine.
//   node bench/soak.mjs [--seconds=60] [--connections=64] [--every=5]
// Needs bench/ installed (node bench/run.mjs does it) and the workspace built. Memory is read from /proc and
// `ps`: Linux only.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { startServer } from "./gateway.mjs";
import { BENCH_DIR } from "./harness/paths.mjs";

const option = (name, fallback) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const seconds = option("seconds", 60);
const connections = option("connections", 64);
const every = option("every", 5);

const require = createRequire(path.join(BENCH_DIR, "package.json"));
const AUTOCANNON = path.join(path.dirname(require.resolve("autocannon/package.json")), "autocannon.js");

/** Resident memory in MB of `pid` and of each of its children (the execution environments). */
function memoryOf(pid) {
  const own = Number(/VmRSS:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  let children = [];
  try {
    children = execFileSync("ps", ["-o", "rss=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(Number);
  } catch {
    // No children (ps exits 1).
  }
  const mb = (kb) => Math.round(kb / 1024);
  return { gateway: mb(own), environments: children.map(mb) };
}

/** Runs autocannon against `url` for the soak's length, sampling the server's memory; resolves the figures. */
function soak(url, pid) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [AUTOCANNON, "--json", "-c", String(connections), "-d", String(seconds), url],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const samples = [{ at: 0, ...memoryOf(pid) }];
    const started = Date.now();
    const sampler = setInterval(
      () => samples.push({ at: Math.round((Date.now() - started) / 1000), ...memoryOf(pid) }),
      every * 1000,
    );
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(sampler);
      samples.push({ at: Math.round((Date.now() - started) / 1000), ...memoryOf(pid) });
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const report = JSON.parse(out);
      resolve({ report, samples });
    });
  });
}

const workspace = mkdtempSync(path.join(os.tmpdir(), "specgate-soak-"));
const assembly = path.join(workspace, "cdk.out");
execFileSync(process.execPath, [path.join(BENCH_DIR, "apps", "gateway-app.cjs"), assembly], {
  stdio: "inherit",
});
const server = await startServer(path.join(BENCH_DIR, "apps", "specgate-gateway.cjs"), [assembly]);
const lines = [
  `Soak of specgate's local gateway: autocannon, ${connections} connections, ${seconds} s per route, ` +
    `memory sampled every ${every} s (${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ` +
    `Node.js ${process.version}, 1-minute load ${os.loadavg()[0].toFixed(2)} at the start)`,
  "",
];
try {
  for (const route of ["/mock", "/lambda"]) {
    const { report, samples } = await soak(server.url + route, server.pid);
    const bad = report.errors + report.timeouts + report.non2xx;
    const total = (sample) => sample.gateway + sample.environments.reduce((a, b) => a + b, 0);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const middle = Math.max(...samples.slice(third, 2 * third).map(total));
    const last = Math.max(...samples.slice(2 * third).map(total));
    lines.push(
      `${route}: ${report.requests.total} requests (${Math.round(report.requests.average)}/s), ` +
        `${bad} errors/timeouts/non-2xx, p50 ${report.latency.p50} ms, p99 ${report.latency.p99} ms`,
      `  memory in MB, gateway + environments, at each sample (s: MB): ` +
        samples
          .map((s) => `${s.at}: ${s.gateway}${s.environments.length ? ` + ${s.environments.join("+")}` : ""}`)
          .join(", "),
      `  peak in the middle third ${middle} MB, in the last third ${last} MB: ` +
        (last <= middle * 1.05 + 5 ? "levels off" : "still growing"),
      "",
    );
  }
} finally {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
}
process.stdout.write(`${lines.join("\n")}\n`);
