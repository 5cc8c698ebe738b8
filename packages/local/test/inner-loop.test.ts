import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalGatewayError, startLocalGateway, type LocalGateway } from "@specgate/local";
import { call } from "./helpers";

// Inside the package, so the app resolves aws-cdk-lib and @specgate/cdk from the workspace.
const scratch = join(__dirname, ".tmp");

const spec = (operations: string[]): string =>
  JSON.stringify({
    openapi: "3.0.3",
    info: { title: "Loop", version: "1" },
    paths: Object.fromEntries(
      operations.map((id) => [
        `/${id}`,
        { get: { operationId: id, responses: { "200": { description: "ok" } } } },
      ]),
    ),
  });

/** A CDK app with one HandlerFunction; every run of it is counted in .count/synths (unwatched: hidden). */
const appSource = `
const fs = require("node:fs");
const path = require("node:path");
fs.mkdirSync(path.join(__dirname, ".count"), { recursive: true });
fs.appendFileSync(path.join(__dirname, ".count", "synths"), "synth\\n");
if (fs.existsSync(path.join(__dirname, "fail"))) throw new Error("the app is broken on purpose");
const { App, Stack } = require("aws-cdk-lib");
const { HandlerFunction, Integrations, Operations, TypeSafeRestApi } = require("@specgate/cdk");
const app = new App();
const stack = new Stack(app, "Loop");
const fn = new HandlerFunction(stack, "Hello", { entry: path.join(__dirname, "handlers", "hello.js") });
const spec = path.join(__dirname, "api", "spec.json");
new TypeSafeRestApi(stack, "Api", {
  spec,
  integrations: Operations.all(Operations.lookup(spec), { integration: Integrations.lambda(fn) }),
});
app.synth();
`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("specgate serve's inner loop", () => {
  let project: string;
  let gateway: LocalGateway | undefined;
  const log: string[] = [];
  const synths = (): number => readFileSync(join(project, ".count", "synths"), "utf8").split("\n").length - 1;
  const message = async (): Promise<string> => {
    const response = await call(`${gateway?.url}/hello`);
    return response.status === 200
      ? (response.json() as { message: string }).message
      : `status ${response.status}`;
  };

  beforeAll(() => {
    mkdirSync(scratch, { recursive: true });
    project = mkdtempSync(join(scratch, "loop-"));
    mkdirSync(join(project, "api"));
    mkdirSync(join(project, "model"));
    mkdirSync(join(project, "handlers"));
    writeFileSync(join(project, "api", "spec.json"), spec(["hello"]));
    writeFileSync(join(project, "model", "model.json"), spec(["hello"]));
    writeFileSync(join(project, "app.js"), appSource);
    writeFileSync(
      join(project, "handlers", "hello.js"),
      'const { message } = require("./message");\nexports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ message }) });\n',
    );
    writeFileSync(join(project, "handlers", "message.js"), 'exports.message = "first";\n');
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it("takes the port before it synthesizes: a busy one fails at once, the app never run", async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const address = busy.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const started = startLocalGateway({ app: "node app.js", cwd: project, port, log: false });
      await expect(started).rejects.toThrow(LocalGatewayError);
      await expect(started).rejects.toMatchObject({ reason: "port-in-use" });
      expect(existsSync(join(project, ".count"))).toBe(false);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it("serves the function it bundled itself, the CDK's bundling and validation skipped", async () => {
    gateway = await startLocalGateway({
      app: "node app.js",
      cwd: project,
      port: 0,
      watch: true,
      log: (line) => log.push(line),
      // The model of this app: model/model.json, "generated" into api/.
      generated: [
        {
          isSource: (file) => file === join(project, "model", "model.json"),
          outDir: join(project, "api"),
          regenerate: async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            writeFileSync(
              join(project, "api", "spec.json"),
              readFileSync(join(project, "model", "model.json")),
            );
          },
        },
      ],
    });
    expect(await message()).toBe("first");
    expect(synths()).toBe(1);
  });

  it("runs a saved handler's new code at the next request, without synthesizing the app again", async () => {
    writeFileSync(join(project, "handlers", "message.js"), 'exports.message = "second";\n');
    expect(await until(message, (m) => m === "second", 10_000)).toBe("second");
    expect(synths()).toBe(1);
    expect(log).toContainEqual(expect.stringMatching(/^rebuilt Loop\/Hello\w+ in \d+ ms$/));
  });

  it("keeps the previous code when a handler does not build, and says where in one line", async () => {
    writeFileSync(join(project, "handlers", "message.js"), "exports.message = ;\n");
    const line = await until(
      async () => log.find((l) => l.startsWith("reload failed")),
      (l) => l !== undefined,
      10_000,
    );
    expect(line).toMatch(
      /^reload failed, still serving the previous version: a function failed to bundle: Loop\/Hello\w+: handlers\/message\.js:1:18: Unexpected ";"$/,
    );
    expect(await message()).toBe("second");
    writeFileSync(join(project, "handlers", "message.js"), 'exports.message = "third";\n');
    expect(await until(message, (m) => m === "third", 10_000)).toBe("third");
  });

  it("generates the model again and reloads, the previous version answering until the new one is ready", async () => {
    log.length = 0;
    writeFileSync(join(project, "model", "model.json"), spec(["hello", "goodbye"]));
    const answers: number[] = [];
    const status = async (): Promise<number> => {
      const code = (await call(`${gateway?.url}/goodbye`)).status;
      answers.push(code);
      return code;
    };
    expect(await until(status, (code) => code === 200)).toBe(200);
    // Before: 403, the route unknown to the previous version; never an error while it reloads.
    expect(answers.every((code) => code === 403 || code === 200)).toBe(true);
    expect(answers[0]).toBe(403);
    expect(log).toContainEqual(expect.stringMatching(/^regenerated and reloaded in \d+ ms: /));
    expect(synths()).toBe(2);
  });

  it("says in one line why the app failed, and where, and keeps serving", async () => {
    log.length = 0;
    writeFileSync(join(project, "fail"), "");
    writeFileSync(join(project, "app.js"), `${appSource}\n`);
    const line = await until(
      async () => log.find((l) => l.startsWith("reload failed")),
      (l) => l !== undefined,
    );
    expect(line).toBe(
      "reload failed, still serving the previous version: the app command `node app.js` failed (exit code 1): Error: the app is broken on purpose (app.js:6)",
    );
    expect(await message()).toBe("third");
  });
});
