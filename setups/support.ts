import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, inject } from "vitest";

/**
 * Helpers of the setup tests: each builds a project from scratch in a fresh folder outside the
 * repository (so nothing resolves through the workspace's node_modules), installs specgate's packages
 * from the tarballs `npm pack` wrote (global-setup.ts), and runs it as a person would.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder of the six tarballs, packed once for every setup test. */
    packages: string;
  }
}

/** specgate's six packages, each packed into a tarball. */
export const PACKAGE_NAMES = [
  "@specgate/model",
  "@specgate/runtime",
  "@specgate/cdk",
  "@specgate/codegen",
  "@specgate/local",
  "specgate",
];

/** The folder of the packed tarballs. */
export const packages = (): string => inject("packages");

/** The tarball of one of specgate's packages: `specgate-cdk-0.1.0.tgz` for `@specgate/cdk`. */
export function tarball(name: string): string {
  const prefix = `${name.replace(/^@/, "").replace("/", "-")}-`;
  const file = fs
    .readdirSync(packages())
    .find((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)));
  if (!file) throw new Error(`no tarball of ${name} in ${packages()}`);
  return path.join(packages(), file);
}

/** `npx` arguments that run the `specgate` command of the tarballs, as `npx specgate` would from the registry. */
export function npxSpecgate(): string[] {
  const cli = ["specgate", "@specgate/model", "@specgate/codegen", "@specgate/local"];
  return ["--yes", ...cli.flatMap((name) => ["--package", tarball(name)]), "--", "specgate"];
}

/** A fresh folder outside the repository, removed by `cleanUp`. */
export function freshFolder(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `specgate-setup-${name}-`));
  made.push(dir);
  return dir;
}

const made: string[] = [];

export function cleanUp(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The environment commands run in: npm's install flags for the installs they start, no colours. */
export function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    CI: "true",
    ...extra,
  };
  // The test runner's own settings must not leak into the projects' runs.
  for (const name of Object.keys(env)) {
    if (name.startsWith("VITEST") || name === "NODE_OPTIONS" || name === "TS_NODE_PROJECT") delete env[name];
  }
  return env;
}

export interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command to completion; fails with its output when it exits non-zero. */
export async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = environment(),
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const ms = Date.now() - started;
      if (error) {
        reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
      } else resolve({ stdout, stderr, ms });
    });
  });
}

/** A server started by a command (`npm run dev`), its URL read from `specgate serve`'s banner. */
export interface Served {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a long-running command in its own process group and waits for specgate serve's banner. */
export async function serve(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = environment(),
): Promise<Served> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString("utf8");
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const waiter of waiters) waiter();
  });
  const waitFor = (pattern: RegExp, from = 0, timeoutMs = 120_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text.slice(from));
        if (match) {
          done();
          resolve(match[0]);
        } else if (ended) {
          done();
          reject(new Error(`${command} ${args.join(" ")} exited before printing ${pattern}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${command} ${args.join(" ")} printed no ${pattern} in ${timeoutMs} ms:\n${text}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const stop = async (): Promise<void> => {
    if (!ended && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  try {
    const banner = await waitFor(/\bAPIs? on (http:\/\/\S+)/);
    await waitFor(/Press Ctrl\+C to stop\./);
    const url = /(http:\/\/\S+)/.exec(banner)?.[1] ?? "";
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** GET a path of a served API: the status and the body as text. */
export async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

/** Checks that the API `specgate init` writes answers as written: its Lambda handler and its mock. */
export async function expectHelloApi(url: string): Promise<void> {
  expect(await get(`${url}/hello?name=Ada`)).toEqual({ status: 200, body: '{"message":"Hello, Ada!"}' });
  expect(await get(`${url}/status`)).toEqual({ status: 200, body: '{"status":"ok"}' });
}

/** Reads and rewrites a JSON file. */
export function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(value);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A tsconfig beside the project's own that adds the checks `tsc --init` suggests beyond strict:
 * the project (its generated code, handlers and infrastructure) must pass them too. Declaration files
 * are not checked with them: aws-cdk-lib's own do not pass exactOptionalPropertyTypes.
 */
export function writeStricterTsconfig(dir: string): string {
  const file = path.join(dir, "tsconfig.stricter.json");
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        extends: "./tsconfig.json",
        compilerOptions: {
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noPropertyAccessFromIndexSignature: true,
          skipLibCheck: true,
        },
      },
      null,
      2,
    )}\n`,
  );
  return file;
}
