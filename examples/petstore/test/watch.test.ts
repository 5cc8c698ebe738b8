import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appCommand, EXAMPLE_ROOT, VETS_VPC_LINK } from "../scripts/serve-petstore";

const cli = createRequire(__filename).resolve("specgate/bin/specgate.js");

/** Polls `read` every 50 ms until `done` holds or `ms` pass; resolves with the last value read. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `specgate serve --watch` on a copy of the Pet Store, as a developer runs it: real saves of a
 * handler and of the model, answered over HTTP by the server they changed.
 */
describe("specgate serve --watch on the Pet Store", () => {
  let project: string;
  let child: ChildProcess;
  let output = "";
  let url = "";
  const lines = (): string[] => output.split("\n");
  const get = async (pathAndQuery: string): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${url}${pathAndQuery}`);
    return { status: response.status, text: await response.text() };
  };
  const generate = (): void => {
    const result = spawnSync(
      process.execPath,
      [cli, "generate", "--spec", "api/openapi.yaml", "--out", "generated"],
      { cwd: project, encoding: "utf8" },
    );
    expect(result.stderr).toBe("");
  };

  beforeAll(async () => {
    // Inside the example, so the app resolves aws-cdk-lib, @specgate/cdk and the repository's lock file.
    mkdirSync(path.join(EXAMPLE_ROOT, ".tmp"), { recursive: true });
    project = mkdtempSync(path.join(EXAMPLE_ROOT, ".tmp", "watch-"));
    // Everything the app is made of: not the tests, the scripts, or what is generated or built.
    for (const entry of readdirSync(EXAMPLE_ROOT)) {
      if (["generated", "test", "scripts", "node_modules", "cdk.out", ".tmp"].includes(entry)) continue;
      cpSync(path.join(EXAMPLE_ROOT, entry), path.join(project, entry), {
        recursive: true,
        filter: (source) => !source.endsWith(".test.ts"),
      });
    }
    generate();
    child = spawn(
      process.execPath,
      [
        cli,
        "serve",
        "--app",
        appCommand(),
        "--port",
        "0",
        "--watch",
        "--vpc-link",
        `${VETS_VPC_LINK}=http://127.0.0.1:9`,
      ],
      { cwd: project, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    url = await until(
      async () => /\bAPIs? on (http:\/\/\S+)/.exec(output)?.[1] ?? "",
      (found) => found !== "" || child.exitCode !== null,
    );
    expect(url, output).not.toBe("");
    url = url.replace(/\/$/, "");
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(project, { recursive: true, force: true });
  });

  it("runs a saved handler's new code at the next request, rebuilding its functions without synthesizing", async () => {
    expect((await get("/pets")).text).toContain('"name":"Rex"');
    const petsFile = path.join(project, "handlers", "pets.ts");
    writeFileSync(petsFile, readFileSync(petsFile, "utf8").replace('name: "Rex"', 'name: "Rexford"'));
    const after = await until(
      () => get("/pets"),
      ({ text }) => text.includes('"name":"Rexford"'),
      15_000,
    );
    expect(after.text).toContain('"name":"Rexford"');
    expect(lines()).toContainEqual(
      expect.stringMatching(/^rebuilt (PetStore\/\w+, )*PetStore\/\w+ in \d+ ms$/),
    );
    expect(output).not.toMatch(/reloaded in/);
  });

  it("says where a handler fails to build, in one line, and keeps serving its previous code", async () => {
    const petsFile = path.join(project, "handlers", "pets.ts");
    const pets = readFileSync(petsFile, "utf8");
    writeFileSync(petsFile, pets.replace('name: "Rexford"', 'name: "Rexford",,'));
    const failure = await until(
      async () => lines().find((line) => line.startsWith("reload failed")),
      (line) => line !== undefined,
      15_000,
    );
    expect(failure).toMatch(
      /^reload failed, still serving the previous version: a function failed to bundle: PetStore\/\w+: handlers\/pets\.ts:\d+:\d+: /,
    );
    expect((await get("/pets")).text).toContain('"name":"Rexford"');
    writeFileSync(petsFile, pets);
  });

  it("generates a saved model again and serves it, the previous version answering until then", async () => {
    const modelFile = path.join(project, "api", "openapi.yaml");
    const model = readFileSync(modelFile, "utf8");
    const wider = model.replace(
      "            minimum: 1\n            maximum: 100\n",
      "            minimum: 1\n            maximum: 200\n",
    );
    expect(wider).not.toBe(model);
    // The handler wrapper validates limit against the model: 150 is refused until it is generated again.
    expect((await get("/pets?limit=150")).status).toBe(400);
    writeFileSync(modelFile, wider);
    const statuses: number[] = [];
    const final = await until(
      async () => {
        const { status } = await get("/pets?limit=150");
        statuses.push(status);
        return status;
      },
      (status) => status === 200,
    );
    expect(final, output).toBe(200);
    expect(statuses.every((status) => status === 400 || status === 200)).toBe(true);
    expect(lines()).toContainEqual(expect.stringMatching(/^regenerated and reloaded in \d+ ms: /));
  });

  it("says in one line what is wrong with a saved model, and keeps serving", async () => {
    const modelFile = path.join(project, "api", "openapi.yaml");
    const model = readFileSync(modelFile, "utf8");
    const before = lines().filter((line) => line.startsWith("reload failed")).length;
    writeFileSync(modelFile, model.replace("operationId: listPets", "operationId: [listPets"));
    const failure = await until(
      async () => lines().filter((line) => line.startsWith("reload failed"))[before],
      (line) => line !== undefined,
    );
    expect(failure).toMatch(
      /^reload failed, still serving the previous version: api\/openapi\.yaml:\d+:\d+: could not parse YAML: /,
    );
    expect((await get("/pets?limit=150")).status).toBe(200);
    writeFileSync(modelFile, model);
  });
});
