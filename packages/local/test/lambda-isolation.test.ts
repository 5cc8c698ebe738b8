import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, eventually, isRunning, lambdaIntegration, specApi, synth, tempDir } from "./helpers";

const hostile = join(__dirname, "fixtures", "hostile");

const INLINE_CODE =
  "exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ root: process.env.LAMBDA_TASK_ROOT }) });";

/** A cloud assembly whose API routes `/<function>/{proxy+}` to each of the hostile fixture's functions. */
function hostileAssembly(): string {
  return synth(
    (app) => {
      const stack = new Stack(app, "HostileStack");
      const functions: Record<string, Partial<lambda.FunctionProps>> = {
        attacker: {},
        hog: { memorySize: 128, timeout: Duration.seconds(30) },
        blocker: { timeout: Duration.seconds(1) },
        patient: { timeout: Duration.seconds(60) },
      };
      const paths: Record<string, unknown> = {};
      for (const [name, props] of Object.entries(functions)) {
        const fn = new lambda.Function(stack, name, {
          runtime: lambda.Runtime.NODEJS_22_X,
          code: lambda.Code.fromAsset(hostile),
          handler: "index.handler",
          ...props,
        });
        paths[`/${name}/{proxy+}`] = {
          get: { "x-amazon-apigateway-integration": lambdaIntegration(stack, fn.functionArn) },
        };
      }
      const inline = new lambda.Function(stack, "inline", {
        runtime: lambda.Runtime.NODEJS_22_X,
        code: lambda.Code.fromInline(INLINE_CODE),
        handler: "index.handler",
      });
      paths["/inline/{proxy+}"] = {
        get: { "x-amazon-apigateway-integration": lambdaIntegration(stack, inline.functionArn) },
      };
      specApi(stack, "Api", { openapi: "3.0.3", info: { title: "Hostile", version: "1" }, paths });
    },
    { "aws:cdk:enable-asset-metadata": true },
  );
}

const INTERNAL_ERROR = { message: "Internal server error" };

let assembly: string;
beforeAll(() => {
  assembly = hostileAssembly();
});

describe("a Lambda handler cannot harm the gateway that runs it", () => {
  let gateway: LocalGateway;
  const log: string[] = [];

  beforeAll(async () => {
    gateway = await startLocalGateway({ assembly, port: 0, log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const count = async (fn = "attacker"): Promise<{ count: number; environmentId: string }> => {
    const result = await call(`${gateway.url}/${fn}/count`);
    expect(result.status).toBe(200);
    return result.json() as { count: number; environmentId: string };
  };

  it.each(["/port-log", "/port-handed-back"])(
    "a handler that posts to a worker thread's parent port (%s) fails alone with 502",
    async (attack) => {
      const result = await call(`${gateway.url}/attacker${attack}`);
      expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
      expect((await count()).count).toBeGreaterThan(0);
    },
  );

  it.each([
    ["/channel-garbage", /an unknown message "garbage"/],
    ["/channel-handed-back", /a handed-back message nobody asked for/],
    ["/channel-invalid-result", /a result that is not JSON/],
    ["/channel-ready", /a second ready message/],
    ["/channel-endless-line", /a line longer than/],
  ])(
    "a handler that writes on the runtime's channel (%s) stops its own environment only",
    async (attack, problem) => {
      const before = await count();
      log.length = 0;
      const result = await call(`${gateway.url}/attacker${attack}`);
      expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
      expect(log.filter((line) => line.includes("Runtime.InvalidProtocol"))).toContainEqual(
        expect.stringMatching(problem),
      );
      const after = await count();
      expect(after.environmentId).not.toBe(before.environmentId);
      expect(after.count).toBe(1);
    },
  );

  it.each(["/kill-self", "/kill-group"])(
    "a handler that sends SIGTERM (%s) ends its own environment only",
    async (attack) => {
      const before = await count();
      log.length = 0;
      const result = await call(`${gateway.url}/attacker${attack}`);
      expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
      expect(log).toContainEqual(expect.stringMatching(/Runtime exited with error: signal: terminated/));
      expect((await count()).environmentId).not.toBe(before.environmentId);
    },
  );

  it("a function that keeps more buffers than its MemorySize answers 502, and its environment is replaced", async () => {
    const before = await count("hog");
    const rss = process.memoryUsage.rss();
    log.length = 0;
    const result = await call(`${gateway.url}/hog/hoard?mb=320`);
    expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
    expect(log).toContainEqual(
      expect.stringMatching(/Runtime\.OutOfMemory: the function needed more than its MemorySize of 128 MB/),
    );
    const after = await count("hog");
    expect([after.count, after.environmentId === before.environmentId]).toEqual([1, false]);
    // The buffers were the environment's, never the gateway's.
    expect(process.memoryUsage.rss() - rss).toBeLessThan(100 * 1024 * 1024);
  });

  it.runIf(process.platform === "linux")(
    "a function whose buffers outgrow its MemorySize while it runs is stopped then, not at its timeout",
    async () => {
      log.length = 0;
      const result = await call(`${gateway.url}/hog/grow`);
      expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
      expect(log).toContainEqual(expect.stringMatching(/Runtime\.OutOfMemory/));
      expect(log).not.toContainEqual(expect.stringMatching(/Task timed out/));
    },
  );

  it("a handler blocked in native code is stopped at its timeout, with the command it runs", async () => {
    const pidFile = join(tempDir("block"), "pid");
    log.length = 0;
    const started = Date.now();
    const result = await call(`${gateway.url}/blocker/block?seconds=60&pidFile=${pidFile}`);
    expect([result.status, result.json()]).toEqual([502, INTERNAL_ERROR]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(log).toContainEqual(expect.stringMatching(/Task timed out after 1\.00 seconds$/));
    const sleeping = Number(readFileSync(pidFile, "utf8"));
    expect(await eventually(() => !isRunning(sleeping))).toBe(true);
  });

  it("four handlers blocked at once are each stopped at the timeout", async () => {
    const folder = tempDir("block");
    const started = Date.now();
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        call(`${gateway.url}/blocker/block?seconds=60&pidFile=${join(folder, String(i))}`),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([502, 502, 502, 502]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await count("blocker")).count).toBe(1);
  });

  it("close ends at once a gateway whose handler is blocked in native code", async () => {
    const other = await startLocalGateway({ assembly, port: 0, log: false });
    const pidFile = join(tempDir("block"), "pid");
    const pending = fetch(`${other.url}/patient/block?seconds=60&pidFile=${pidFile}`).catch(() => undefined);
    expect(await eventually(() => existsSync(pidFile) && readFileSync(pidFile, "utf8") !== "")).toBe(true);
    const sleeping = Number(readFileSync(pidFile, "utf8"));
    const closing = Date.now();
    await other.close();
    expect(Date.now() - closing).toBeLessThan(5_000);
    expect(await eventually(() => !isRunning(sleeping), 2_000)).toBe(true);
    await pending;
  });
});

describe("close()", () => {
  it("resolves in a program that has nothing else to do, once its environments have gone", () => {
    const script = join(__dirname, "fixtures", "crash", "close-and-say.cjs");
    const result = spawnSync(process.execPath, [script, assembly, "/attacker/count"], { encoding: "utf8" });
    expect([result.status, result.stdout]).toEqual([0, "closed after 200\n"]);
  });
});

describe("a gateway process that crashes", () => {
  it("leaves neither the cloud assembly it synthesized nor its execution environments behind", async () => {
    const tmp = tempDir("crash-tmp");
    const pidFile = join(tempDir("crash"), "pid");
    const child = spawn(
      process.execPath,
      [join(__dirname, "fixtures", "crash", "serve-and-crash.cjs"), assembly, pidFile],
      { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect([code, stderr]).toEqual([1, expect.stringContaining("the gateway's process crashes")]);
    expect(readdirSync(tmp)).toEqual([]);
    const sleeping = Number(readFileSync(pidFile, "utf8"));
    expect(await eventually(() => !isRunning(sleeping), 2_000)).toBe(true);
  });
});

describe("inline function code", () => {
  it("runs from a folder private to the gateway, not from a shared path another user could write first", async () => {
    const stackId = "HostileStack";
    const template = JSON.parse(readFileSync(join(assembly, `${stackId}.template.json`), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { ZipFile?: string } } }>;
    };
    const [logicalId] = Object.entries(template.Resources).find(
      ([, resource]) => resource.Properties.Code?.ZipFile === INLINE_CODE,
    ) ?? [""];
    // Where inline code used to be written, and taken from when it was there already.
    const hash = createHash("sha256").update(`${stackId}/${logicalId}`).update(INLINE_CODE).digest("hex");
    const planted = join(tmpdir(), "specgate-inline-code", hash.slice(0, 16));
    mkdirSync(planted, { recursive: true });
    writeFileSync(
      join(planted, "index.js"),
      'exports.handler = async () => ({ statusCode: 200, body: "planted" });',
    );
    try {
      const gateway = await startLocalGateway({ assembly, port: 0, log: false });
      let root: string;
      try {
        const result = await call(`${gateway.url}/inline/root`);
        expect(result.status).toBe(200);
        ({ root } = result.json() as { root: string });
        expect(root).not.toBe(planted);
        expect([statSync(root).mode & 0o777, statSync(dirname(root)).mode & 0o777]).toEqual([0o700, 0o700]);
      } finally {
        await gateway.close();
      }
      expect(existsSync(root)).toBe(false);
    } finally {
      rmSync(planted, { recursive: true, force: true });
    }
  });
});
