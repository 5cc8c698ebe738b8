// 5. The inner loop of `specgate serve --watch` on the Pet Store: how long from starting it to its first
// answer, from saving a handler to the next request running the new code, and from saving the model to
// the API serving it. Beside it, in the same run, the way it worked before (`--cdk-bundling`: the CDK
// bundles every function and validates the templates, every save synthesizes the app again, and a model
// change waits for `specgate generate` to be run by hand).
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "./harness/paths.mjs";
import { SPECGATE_BIN, specgateGenerate } from "./harness/specgate.mjs";
import { table } from "./harness/markdown.mjs";
import { formatMs, formatSummary, ratio, summarize } from "./harness/stats.mjs";

const EXAMPLE = path.join(REPO_ROOT, "examples", "petstore");
const TSX = createRequire(path.join(REPO_ROOT, "package.json")).resolve("tsx/cli");
const MODES = [
  {
    id: "baseline",
    label: "before (`--cdk-bundling`: synthesize as cdk synth does)",
    args: ["--cdk-bundling"],
  },
  { id: "current", label: "now", args: [] },
];
const TARGETS = { first: 5000, handler: 1000, model: 5000 };

/** A copy of the Pet Store in the scratch folder, its code generated, as a developer's project. */
async function petStoreProject(workspace) {
  const dir = workspace.dir("specgate", "inner-loop");
  // Everything the app is made of: not the tests, the scripts, or what is generated or built.
  for (const entry of readdirSync(EXAMPLE)) {
    if (["generated", "test", "scripts", "node_modules", "cdk.out", ".tmp"].includes(entry)) continue;
    cpSync(path.join(EXAMPLE, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !source.endsWith(".test.ts"),
    });
  }
  // A project has its lock file (NodejsFunction needs one): the repository's stands in for it.
  cpSync(path.join(REPO_ROOT, "package-lock.json"), path.join(dir, "package-lock.json"));
  await generate(dir);
  return dir;
}

/** `specgate generate` of the copy's model into its generated/, as its developer runs it. */
async function generate(dir) {
  const generated = await specgateGenerate("api/openapi.yaml", dir);
  if (!generated.ok) throw new Error(`specgate generate failed in the Pet Store's copy: ${generated.error}`);
}

/** `specgate serve --watch` on the project; resolves when its first GET /pets answers 200. */
function startServe(dir, args) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      SPECGATE_BIN,
      "serve",
      "--app",
      `"${process.execPath}" "${TSX}" infra/main.ts`,
      "--port",
      "0",
      "--watch",
      "--vpc-link",
      "PetStore/Vets/VpcLink=http://127.0.0.1:9",
      ...args,
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("specgate serve did not answer within 180 s")), 180_000);
    const fail = (error) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${error.message}:\n${output.slice(-2000)}`)));
    };
    child.once("exit", (code) => fail(new Error(`specgate serve exited (${code})`)));
    const poll = async () => {
      const url = /\bAPIs? on (http:\/\/\S+)/.exec(output)?.[1];
      // Asked from the start: the port is open before the app is synthesized in the current version.
      const port = url ?? /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (port && (await status(`${port}/pets`)) === 200) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ url: port, firstAnswerMs: performance.now() - started, stop, output: () => output });
        return;
      }
      setTimeout(poll, 25);
    };
    void poll();
  });
}

async function status(url) {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Resolves with the milliseconds until `check()` is true, polling every 20 ms; undefined after `limitMs`. */
async function timeUntil(started, check, limitMs = 120_000) {
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One measurement of a mode: first answer, a handler saved, the model saved. */
async function measure(dir, mode, iteration) {
  const serve = await startServe(dir, mode.args);
  try {
    // A handler: the pets the list holds (handlers/pets.ts, bundled into five functions).
    const petsFile = path.join(dir, "handlers", "pets.ts");
    const pets = readFileSync(petsFile, "utf8");
    const name = `Rex${mode.id}${iteration}`;
    let started = performance.now();
    writeFileSync(petsFile, pets.replace('name: "Rex"', `name: "${name}"`));
    const handlerMs = await timeUntil(started, async () => {
      const response = await fetch(`${serve.url}/pets`);
      return (await response.text()).includes(name);
    });
    writeFileSync(petsFile, pets);

    // The model: listPets' limit may go up to 200, which the handler wrapper validates.
    const modelFile = path.join(dir, "api", "openapi.yaml");
    const model = readFileSync(modelFile, "utf8");
    const wider = model.replace(
      "            minimum: 1\n            maximum: 100\n",
      "            minimum: 1\n            maximum: 200\n",
    );
    if (wider === model)
      throw new Error("the Pet Store's model no longer has listPets' limit maximum of 100");
    await timeUntil(performance.now(), async () => (await status(`${serve.url}/pets`)) === 200);
    const beforeStatus = await status(`${serve.url}/pets?limit=150`);
    started = performance.now();
    writeFileSync(modelFile, wider);
    if (mode.id === "baseline") {
      // Before, --watch did not generate: the developer ran it.
      await generate(dir);
    }
    const modelMs = await timeUntil(
      started,
      async () => (await status(`${serve.url}/pets?limit=150`)) === 200,
    );
    writeFileSync(modelFile, model);
    await generate(dir);
    return { first: serve.firstAnswerMs, handler: handlerMs, model: modelMs, beforeStatus };
  } finally {
    await serve.stop();
  }
}

export async function runInnerLoop({ iterations, workspace, available, log }) {
  if (!available.local.ok) {
    return {
      markdown: `## Inner loop\n\nNot measured: ${available.local.reason}`,
      summary: [`inner loop: not available (${available.local.reason})`],
    };
  }
  const dir = await petStoreProject(workspace);
  const samples = Object.fromEntries(MODES.map((mode) => [mode.id, { first: [], handler: [], model: [] }]));
  for (let i = 0; i < iterations; i++) {
    // Alternating, so that a change of the machine's load hits both alike.
    for (const mode of MODES) {
      log(`inner loop: ${mode.id}, iteration ${i + 1} of ${iterations} ...`);
      const result = await measure(dir, mode, i);
      if (result.beforeStatus !== 400)
        throw new Error(
          `GET /pets?limit=150 answered ${result.beforeStatus} before the model changed, not 400`,
        );
      for (const key of ["first", "handler", "model"]) samples[mode.id][key].push(result[key]);
    }
  }
  const rows = [
    ["first answer (`specgate serve --app` on the Pet Store, start to GET /pets 200)", "first"],
    ["a handler saved → the next request runs its new code", "handler"],
    ["the model saved → the API serves it (before: after `specgate generate` run by hand)", "model"],
  ];
  const stats = Object.fromEntries(
    MODES.map((mode) => [
      mode.id,
      Object.fromEntries(Object.entries(samples[mode.id]).map(([k, v]) => [k, summarize(v)])),
    ]),
  );
  const markdown = [
    "## Inner loop",
    "",
    `\`specgate serve --watch\` on a copy of the Pet Store (its app run by tsx, 5 Lambda functions, 9 operations), ` +
      `${iterations} iteration${iterations === 1 ? "" : "s"}, median (min–max). The handler saved is ` +
      "`handlers/pets.ts` (in all five functions' bundles); the model change lets `listPets`' `limit` go to 200, " +
      "which the handler wrapper checks, so `GET /pets?limit=150` turns from 400 to 200 once the new model runs.",
    "",
    table(
      ["", "before", "now", "faster", "target"],
      rows.map(([label, key]) => [
        label,
        formatSummary(stats.baseline[key]),
        formatSummary(stats.current[key]),
        ratio(stats.baseline[key]?.median, stats.current[key]?.median),
        `< ${formatMs(TARGETS[key])}`,
      ]),
    ),
  ].join("\n");
  const summary = rows.map(
    ([, key]) =>
      `inner loop ${key}: ${formatSummary(stats.current[key])} (before ${formatSummary(stats.baseline[key])}; target < ${formatMs(TARGETS[key])})`,
  );
  const targets = rows.map(([label, key]) => ({
    target: `${label}: < ${formatMs(TARGETS[key])}`,
    input: "the Pet Store",
    figure: `${formatSummary(stats.current[key])} (before: ${formatSummary(stats.baseline[key])})`,
    met: stats.current[key] === undefined ? undefined : stats.current[key].median < TARGETS[key],
    note: "the machine's load (see the header): the app's own synthesis (tsx, aws-cdk-lib) is most of it",
  }));
  return { markdown, summary, targets };
}
