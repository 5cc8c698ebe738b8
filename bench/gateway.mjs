// 4. Local gateway: throughput and latency of specgate's local API Gateway (MOCK route, Lambda proxy
// route) against a bare node:http server returning the same bytes. Servers and load generator each
// run in their own process, on 127.0.0.1 ephemeral ports.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR } from "./harness/paths.mjs";
import { firstErrorLine, run } from "./harness/proc.mjs";
import { list, table } from "./harness/markdown.mjs";
import { formatNumber, formatSummary, percentOf, summarize } from "./harness/stats.mjs";

const require = createRequire(path.join(BENCH_DIR, "package.json"));
const AUTOCANNON = path.join(path.dirname(require.resolve("autocannon/package.json")), "autocannon.js");
const BODY = '{"message":"hello"}';
const ROUTES = [
  { id: "mock", label: "MOCK route", path: "/mock", target: 0.6 },
  { id: "lambda", label: "Lambda proxy route", path: "/lambda", target: 0.4 },
];
/** The process floor (apps/process-floor-server.mjs) is measured beside the Lambda route only. */
const serversOf = (route, names) => names.filter((name) => name !== "process" || route.id === "lambda");

/** Starts a server script that prints {"url"} on its first line; resolves { url, pid, stop }. */
export function startServer(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`${path.basename(script)} did not start in 60 s`)), 60_000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("exit", (code) =>
      fail(new Error(`${path.basename(script)} exited (${code}): ${err.trim().split("\n")[0]}`)),
    );
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const { url } = JSON.parse(out.split("\n")[0]);
      resolve({
        url,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      });
    });
  });
}

/** One autocannon run in its own process; resolves { rps, p50, p99, errors } or { error }. */
async function load(url, connections, seconds) {
  const result = await run(
    process.execPath,
    [AUTOCANNON, "--json", "-c", String(connections), "-d", String(seconds), url],
    {
      timeoutMs: (seconds + 60) * 1000,
    },
  );
  if (!result.ok) return { error: firstErrorLine(result) };
  const report = JSON.parse(result.stdout);
  const bad = report.errors + report.timeouts + report.non2xx;
  return {
    rps: report.requests.average,
    p50: report.latency.p50,
    p99: report.latency.p99,
    bad,
    total: report.requests.total,
  };
}

export async function runGateway({ connections, seconds, iterations, workspace, available, log }) {
  const labels = {
    bare: "bare node:http",
    process: "node:http + a child process round trip",
    specgate: "specgate local gateway",
  };
  const notes = [];
  const servers = {};
  servers.bare = await startServer(path.join(BENCH_DIR, "apps", "bare-server.mjs"), [BODY]);
  servers.process = await startServer(path.join(BENCH_DIR, "apps", "process-floor-server.mjs"), [BODY]);
  if (available.specgate.ok) {
    const assembly = path.join(workspace.dir("specgate", "gateway"), "cdk.out");
    const synth = await run(process.execPath, [path.join(BENCH_DIR, "apps", "gateway-app.cjs"), assembly]);
    try {
      if (!synth.ok) throw new Error(`the benchmark app did not synthesize: ${firstErrorLine(synth)}`);
      servers.specgate = await startServer(path.join(BENCH_DIR, "apps", "specgate-gateway.cjs"), [assembly]);
      for (const route of ROUTES) {
        const response = await fetch(servers.specgate.url + route.path);
        const text = await response.text();
        if (response.status !== 200 || text !== BODY) {
          throw new Error(`${route.path} answered ${response.status} ${text.slice(0, 80)}, not 200 ${BODY}`);
        }
      }
    } catch (error) {
      notes.push(`specgate local gateway: ${error.message}`);
      await servers.specgate?.stop();
      delete servers.specgate;
    }
  }
  const results = {};
  try {
    for (const route of ROUTES) {
      const names = serversOf(route, Object.keys(servers));
      for (const target of names) {
        // Warm-up (not recorded): JIT, Lambda workers, connection pools.
        await load(servers[target].url + route.path, 16, Math.min(seconds, 2));
      }
      for (const c of connections) {
        for (let iteration = 0; iteration < iterations; iteration++) {
          const order = iteration % 2 === 0 ? names : [...names].reverse();
          for (const target of order) {
            const key = `${route.id}/${c}/${target}`;
            const outcome = await load(servers[target].url + route.path, c, seconds);
            const entry = (results[key] ??= { rps: [], p50: [], p99: [], bad: 0, total: 0 });
            if (outcome.error) {
              entry.error = outcome.error;
            } else {
              entry.rps.push(outcome.rps);
              entry.p50.push(outcome.p50);
              entry.p99.push(outcome.p99);
              entry.bad += outcome.bad;
              entry.total += outcome.total;
            }
            log(`gateway ${key} #${iteration + 1}: ${outcome.error ?? `${Math.round(outcome.rps)} req/s`}`);
          }
        }
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
  return report({ connections, seconds, iterations, results, labels, available, notes });
}

function report({ connections, seconds, iterations, results, labels, available, notes }) {
  const rows = [];
  const summary = [];
  const targets = [];
  const ms = (value) => `${Number.isInteger(value) ? value : value.toFixed(1)} ms`;
  for (const route of ROUTES) {
    for (const c of connections) {
      const bare = summarize(results[`${route.id}/${c}/bare`]?.rps ?? []);
      const floor = summarize(results[`${route.id}/${c}/process`]?.rps ?? []);
      for (const target of serversOf(route, Object.keys(labels))) {
        const entry = results[`${route.id}/${c}/${target}`];
        if (!entry) {
          const reason =
            target === "specgate" && !available.specgate.ok ? available.specgate.reason : "did not start";
          rows.push([route.label, c, labels[target], `not available: ${reason}`, "", "", "", ""]);
          continue;
        }
        const rps = summarize(entry.rps);
        rows.push([
          target === "bare" ? "(baseline)" : target === "process" ? "(floor)" : route.label,
          c,
          labels[target],
          formatSummary(rps, (v) => formatNumber(v)),
          formatSummary(summarize(entry.p50), ms),
          formatSummary(summarize(entry.p99), ms),
          target === "bare" ? "100%" : percentOf(rps?.median, bare?.median),
          entry.error
            ? `failed: ${entry.error}`
            : entry.bad
              ? `${entry.bad} of ${entry.total} not 2xx/errors`
              : "",
        ]);
        if (target === "specgate" && rps && bare) {
          const share = rps.median / bare.median;
          summary.push(
            `${route.label}, ${c} connection(s): ${formatNumber(rps.median)} req/s = ${percentOf(rps.median, bare.median)} ` +
              `of bare node:http (${formatNumber(bare.median)}); target ${Math.round(route.target * 100)}%: ` +
              `${share >= route.target ? "met" : "missed"}`,
          );
          targets.push({
            target: `${route.label} at ${Math.round(route.target * 100)}%+ of bare node:http`,
            input: `${c} connection(s)`,
            figure: percentOf(rps.median, bare.median),
            met: share >= route.target,
            note:
              `bare node:http writes a fixed buffer; the gateway also matches the route, ` +
              (route.id === "mock"
                ? "renders the MOCK request template, selects the integration response and renders its template"
                : "builds the v1.0 proxy event, hands it to the process of the function's execution environment and maps its result") +
              `, per request, on the same ${os.cpus().length} cores as autocannon; p50 ${ms(summarize(entry.p50).median)} ` +
              `vs ${ms(summarize(results[`${route.id}/${c}/bare`].p50).median)}, p99 ${ms(summarize(entry.p99).median)} ` +
              `vs ${ms(summarize(results[`${route.id}/${c}/bare`].p99).median)}. ` +
              (route.id === "mock"
                ? "What would move it: less work per request on the main thread (routing, the request id, the response headers)"
                : (c === 1
                    ? "At 1 connection the figure is round-trip latency, not throughput: each request waits for two " +
                      "process wake-ups (the environment's, then the gateway's), which no batching can share"
                    : "Under load, the invocations one event-loop turn gives an environment cross to it in one write, " +
                      "each result comes back on its own; what is left is the gateway's " +
                      "work per request (HTTP, routing, the event), which autocannon's process competes with") +
                  (floor
                    ? `. A node:http server that does nothing but hand each request to a child process and back ` +
                      `reaches ${percentOf(floor.median, bare.median)} of bare here`
                    : "")),
          });
        }
      }
    }
  }
  const markdown = [
    "## 4. Local gateway",
    "",
    `autocannon (its own process) against each server (its own process) on 127.0.0.1, ${seconds} s per point, ` +
      `${iterations} run(s) per point after a warm-up; median (min–max). Both routes and the baseline answer ` +
      `\`200 ${BODY}\` (application/json). specgate serves a synthesized cloud assembly (a SpecRestApi with a MOCK ` +
      "integration on GET /mock and a Lambda proxy integration on GET /lambda, inline Node.js code) through " +
      "`startLocalGateway` with the access log off; the Lambda route runs the function as the local gateway does. " +
      "The floor row beside the Lambda route is a node:http server that only hands each request to one child " +
      "process and answers with the line it writes back, one line each way on a socket " +
      "(`apps/process-floor-server.mjs`): what running handlers in a process of their own costs before any " +
      "gateway work.",
    "",
    table(["route", "connections", "server", "requests/s", "p50", "p99", "vs bare", "notes"], rows),
    "",
    summary.length
      ? summary.map((line) => `- ${line}`).join("\n")
      : "- no side-by-side figures (specgate's gateway not available)",
    ...(notes.length ? ["", list(notes)] : []),
  ].join("\n");
  return { markdown, summary: summary.map((line) => `gateway: ${line}`), targets };
}
