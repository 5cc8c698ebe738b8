import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalGateway, synthesize } from "@specgate/local";
import { call, eventually, isRunning, tempDir } from "./helpers";

const app = `node ${JSON.stringify(join(__dirname, "fixtures", "app", "app.js"))}`;

describe("synthesize", () => {
  it("runs the app as cdk synth does, with asset metadata on", async () => {
    const outdir = tempDir("synth");
    await synthesize(app, outdir);
    const template = JSON.parse(readFileSync(join(outdir, "FixtureStack.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === "AWS::Lambda::Function");
    expect(fn?.Metadata?.["aws:asset:path"]).toEqual(expect.stringMatching(/^asset\./));
    expect(existsSync(join(outdir, String(fn?.Metadata?.["aws:asset:path"]), "index.js"))).toBe(true);
  });

  it("serves an app given as a command", async () => {
    const gateway = await startLocalGateway({ app, port: 0, log: false });
    try {
      expect(gateway.apis.map((api) => api.url)).toEqual([gateway.url]);
      expect((await call(`${gateway.url}/ping`)).json()).toEqual({ pong: true });
      expect((await call(`${gateway.url}/hello?name=Cy`)).json()).toMatchObject({
        message: "Hello, Cy!",
        greeting: "hello",
      });
    } finally {
      await gateway.close();
    }
  });

  it("reloads a re-synthesized app", async () => {
    const gateway = await startLocalGateway({ app: `FIXTURE_GREETING=$GREET ${app}`, port: 0, log: false });
    try {
      expect((await call(`${gateway.url}/hello`)).json()).toMatchObject({ greeting: "hello" });
      process.env.GREET = "bonjour";
      await gateway.reload();
      expect((await call(`${gateway.url}/hello`)).json()).toMatchObject({ greeting: "bonjour" });
    } finally {
      delete process.env.GREET;
      await gateway.close();
    }
  });

  it("stops the app, and what its command started, when aborted", async () => {
    const dir = tempDir("stopped");
    // The app writes its pid and waits a minute; `&& true` keeps the shell from handing over to it.
    writeFileSync(
      join(dir, "app.js"),
      'require("fs").writeFileSync("pid", String(process.pid)); setTimeout(() => {}, 60_000);\n',
    );
    const aborting = new AbortController();
    const running = synthesize("node app.js && true", join(dir, "out"), {
      cwd: dir,
      signal: aborting.signal,
    });
    const pidFile = join(dir, "pid");
    expect(await eventually(() => existsSync(pidFile) && readFileSync(pidFile, "utf8") !== "")).toBe(true);
    const pid = Number(readFileSync(pidFile, "utf8"));
    aborting.abort();
    await expect(running).rejects.toThrow("the app command `node app.js && true` was stopped");
    expect(await eventually(() => !isRunning(pid), 2_000)).toBe(true);
  }, 20_000);
});
