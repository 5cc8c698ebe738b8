import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, isRunning } from "../../local/test/helpers";
import { generatedCode } from "../src/commands/serve";

const bin = path.resolve(__dirname, "..", "bin", "specgate.js");
const fixtureApp = path.resolve(__dirname, "..", "..", "local", "test", "fixtures", "app", "app.js");
const securedApp = path.resolve(__dirname, "fixtures", "secured-app.js");
const running: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  const lib = path.resolve(__dirname, "..", "lib", "main.js");
  if (!fs.existsSync(lib)) throw new Error(`${lib} is missing: build first with \`npx tsc -b packages/cli\``);
});
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

/** Starts the built `specgate serve` and resolves with its output once the banner is out. */
function serve(
  cwd: string,
  ...args: string[]
): Promise<{ child: ChildProcessWithoutNullStreams; banner: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], { cwd });
  running.push(child);
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (stdout.includes("Press Ctrl+C to stop.\n"))
        resolve({ child, banner: stdout, output: () => stdout });
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("exit", (code) => reject(new Error(`specgate serve exited with ${code}: ${stderr}${stdout}`)));
  });
}

describe("specgate serve", () => {
  it("prints each API's URL and routes, serves them, logs each request, and stops on SIGTERM", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    fs.writeFileSync(
      path.join(cwd, "cdk.json"),
      JSON.stringify({ app: `node ${JSON.stringify(fixtureApp)}` }),
    );
    const { child, banner, output } = await serve(cwd);
    const url = /^specgate serve: 1 API on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(banner).toMatch(
      /^FixtureApi {2}http:\/\/127\.0\.0\.1:\d+ {2}\(FixtureStack\/FixtureApi, stage prod: also http:\/\/127\.0\.0\.1:\d+\/prod\)$/m,
    );
    expect(banner).toMatch(
      /^ {2}GET {2}\/hello {2}AWS_PROXY FixtureStack\/Hello\w+ \(nodejs22\.x index\.hello\)$/m,
    );
    expect(banner).toMatch(/^ {2}GET {2}\/ping {3}MOCK$/m);

    const response = await fetch(`${url}/ping`);
    expect([response.status, await response.json()]).toEqual([200, { pong: true }]);
    const missing = await fetch(`${url}/nowhere`);
    expect(missing.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output()).toMatch(/^GET \/ping 200 MOCK \d+\.\dms$/m);
    expect(output()).toMatch(/^GET \/nowhere 403 - \d+\.\dms$/m);

    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("says a folder is not a cloud assembly, in one line", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    const result = spawnSync(process.execPath, [bin, "serve", "--assembly", "nowhere", "--port", "0"], {
      cwd,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^specgate: \S+nowhere is not a cloud assembly \(no manifest\.json\): pass the folder/,
    );
  });

  it("asks for an app when there is neither --app, --assembly nor cdk.json", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    const result = spawnSync(process.execPath, [bin, "serve"], { cwd, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("say which app to serve");
  });

  it("rejects a malformed --vpc-link", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    const result = spawnSync(process.execPath, [bin, "serve", "--assembly", ".", "--vpc-link", "nourl"], {
      cwd,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "--vpc-link nourl: write it as <VPC link id or construct path>=<http(s) URL>",
    );
  });

  it("says what to do, in one line and with exit code 1, when it cannot listen where --host or --port say", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    // Synthesized once, served three times.
    spawnSync(process.execPath, [fixtureApp], {
      env: { ...process.env, CDK_OUTDIR: path.join(cwd, "cdk.out") },
    });
    const run = (...args: string[]): { status: number | null; stderr: string } =>
      spawnSync(process.execPath, [bin, "serve", "--assembly", "cdk.out", ...args], {
        cwd,
        encoding: "utf8",
      });
    for (const [args, message] of [
      [
        ["--host", "nowhere.invalid", "--port", "0"],
        "specgate: --host nowhere.invalid is not a name or address this machine can resolve: give one of its addresses, e.g. 127.0.0.1, or localhost",
      ],
      [
        // TEST-NET-3: an address no machine of ours has.
        ["--host", "203.0.113.7", "--port", "0"],
        "specgate: --host 203.0.113.7 is not an address of this machine: give one of its addresses, e.g. 127.0.0.1 (0.0.0.0 for all of them)",
      ],
    ] as const) {
      const result = run(...args);
      expect(result.stderr.trim()).toBe(message);
      expect(result.status).toBe(1);
    }
  });

  it("prints each route's authorization and what callers need; specgate token mints tokens it accepts", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    fs.writeFileSync(
      path.join(cwd, "cdk.json"),
      JSON.stringify({ app: `node ${JSON.stringify(securedApp)}` }),
    );
    const token = (...args: string[]): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [bin, "token", ...args], { cwd, encoding: "utf8" });
    const early = token();
    expect(early.status).toBe(1);
    expect(String(early.stderr)).toContain(
      "specgate: no user pool is known yet: run specgate serve for the app once",
    );

    const { banner, output } = await serve(cwd);
    const url = /^specgate serve: 1 API on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(banner)?.[1] ?? "";
    expect(banner).toMatch(/^ {2}GET {2}\/members {4}MOCK {2}auth: COGNITO_USER_POOLS \(Authorization\)$/m);
    expect(banner).toMatch(/^ {2}GET {2}\/reports {4}MOCK {2}auth: AWS_IAM \(SigV4\)$/m);
    expect(banner).toMatch(/^ {2}GET {2}\/inventory {2}MOCK {2}auth: API key \(header\)$/m);
    const credentials = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)$/m.exec(banner);
    expect(credentials).not.toBeNull();
    expect(banner).toContain(
      "API key SecuredStack/PartnerKey: partner-key-0123456789 (send it as x-api-key)",
    );
    expect(banner).toContain("npx specgate token --user alice --groups admins");
    expect(fs.statSync(path.join(cwd, ".specgate", "local-auth.json")).mode & 0o777).toBe(0o600);

    expect((await fetch(`${url}/members`)).status).toBe(401);
    const minted = token("--user", "alice", "--groups", "admins");
    expect(minted.status, String(minted.stderr)).toBe(0);
    const members = await fetch(`${url}/members`, {
      headers: { Authorization: String(minted.stdout).trim() },
    });
    expect(members.status).toBe(200);
    // An access token: the method has no scopes, so it takes ID tokens only.
    const access = token("--user", "alice", "--scopes", "pets/write");
    expect(
      (await fetch(`${url}/members`, { headers: { Authorization: String(access.stdout).trim() } })).status,
    ).toBe(401);

    const signer = new SignatureV4({
      service: "execute-api",
      region: "eu-west-1",
      sha256: Sha256,
      credentials: { accessKeyId: credentials?.[1] ?? "", secretAccessKey: credentials?.[2] ?? "" },
    });
    const target = new URL(`${url}/reports`);
    const signed = await signer.sign({
      method: "GET",
      protocol: "http:",
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host },
    });
    const { host: _host, ...headers } = signed.headers;
    const reports = await fetch(`${url}/reports`, { headers });
    expect([reports.status, await reports.json()]).toEqual([
      200,
      { caller: "arn:aws:iam::123456789012:user/specgate-local" },
    ]);
    expect(
      (await fetch(`${url}/inventory`, { headers: { "x-api-key": "partner-key-0123456789" } })).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output()).toMatch(/^GET \/members 200 MOCK \d+\.\dms alice$/m);
    expect(output()).toMatch(/^GET \/members 401 MOCK \d+\.\dms$/m);
  });

  it("rejects a --jwks-url that is not a JWKS URL", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    const result = spawnSync(
      process.execPath,
      [bin, "serve", "--assembly", ".", "--jwks-url", "https://example.com/keys"],
      { cwd, encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--jwks-url https://example.com/keys: give a user pool's JWKS URL");
  });
});

describe("specgate serve stopped while it synthesizes", () => {
  it("ends the app it was running, not only the shell that started it", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    fs.writeFileSync(
      path.join(cwd, "app.js"),
      'require("fs").writeFileSync("pid", String(process.pid)); setTimeout(() => {}, 60_000);\n',
    );
    const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--app", "node app.js && true"], {
      cwd,
    });
    running.push(child);
    const pidFile = path.join(cwd, "pid");
    expect(await eventually(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") !== "")).toBe(
      true,
    );
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(await eventually(() => !isRunning(pid), 2_000)).toBe(true);
    fs.rmSync(cwd, { recursive: true, force: true });
  });
});

describe("specgate serve on a busy port", () => {
  /** Runs `specgate serve` on a port something else listens on; the app would leave a mark were it run. */
  async function onBusyPort(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ stderr: string; ran: boolean }> {
    const net = await import("node:net");
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    try {
      const app = `node -e "require('fs').writeFileSync('ran', '')"`;
      const result = spawnSync(
        process.execPath,
        [bin, "serve", "--app", app, ...args.map((a) => a.replace("PORT", String(port)))],
        {
          cwd,
          encoding: "utf8",
          env: {
            ...process.env,
            ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.replace("PORT", String(port))])),
          },
        },
      );
      expect(result.status).toBe(1);
      return {
        stderr: result.stderr.replaceAll(String(port + 1), "NEXT").replaceAll(String(port), "PORT"),
        ran: fs.existsSync(path.join(cwd, "ran")),
      };
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  }

  it("says to pass another --port when --port gave it, before running the app", async () => {
    const { stderr, ran } = await onBusyPort(["--port", "PORT"], { npm_lifecycle_event: "" });
    expect(stderr.trim()).toBe("specgate: port PORT is in use: pass another --port (0 picks a free one)");
    expect(ran).toBe(false);
  });

  it("says PORT=… for the npm script that ran it when PORT gave it", async () => {
    const { stderr } = await onBusyPort([], { PORT: "PORT", npm_lifecycle_event: "start" });
    expect(stderr.trim()).toBe(
      "specgate: port PORT is in use: set PORT to another, e.g. PORT=NEXT npm start (PORT=0 picks a free one)",
    );
    const dev = await onBusyPort([], { PORT: "PORT", npm_lifecycle_event: "dev" });
    expect(dev.stderr).toContain("e.g. PORT=NEXT npm run dev");
  });
});

describe("specgate serve --watch and the generated code", () => {
  it("finds what specgate generate wrote, and generates it again as it was generated", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-serve-"));
    const fixtures = path.resolve(__dirname, "..", "..", "codegen", "test", "fixtures");
    fs.mkdirSync(path.join(cwd, "api"));
    fs.copyFileSync(path.join(fixtures, "say-hello.yaml"), path.join(cwd, "api", "model.yaml"));
    const generate = spawnSync(
      process.execPath,
      [
        bin,
        "generate",
        "--spec",
        "api/model.yaml",
        "--out",
        "src/generated",
        "--handlers",
        "src/handlers",
        "--module-format",
        "esm",
      ],
      { cwd, encoding: "utf8" },
    );
    expect(generate.status).toBe(0);
    const lines: string[] = [];
    const [code, ...others] = generatedCode(cwd, (line) => lines.push(line));
    expect(others).toEqual([]);
    expect(code?.outDir).toBe(path.join(cwd, "src", "generated"));
    expect(code?.isSource(path.join(cwd, "api", "model.yaml"))).toBe(true);
    expect(code?.isSource(path.join(cwd, "api", "shared", "pets.json"))).toBe(true);
    expect(code?.isSource(path.join(cwd, "src", "app.ts"))).toBe(false);

    const model = fs.readFileSync(path.join(cwd, "api", "model.yaml"), "utf8");
    fs.writeFileSync(
      path.join(cwd, "api", "model.yaml"),
      model.replace("operationId: sayHello", "operationId: greet"),
    );
    await code?.regenerate();
    expect(lines).toEqual([expect.stringMatching(/^Generated 1 operation/)]);
    const handlers = fs.readFileSync(path.join(cwd, "src", "generated", "runtime", "handlers.ts"), "utf8");
    expect(handlers).toContain("export function greetHandler(");
    // As it was generated: ES module imports, the handlers where --handlers put them.
    expect(handlers).toContain('from "./operations.js"');
    fs.rmSync(cwd, { recursive: true, force: true });
  });
});
