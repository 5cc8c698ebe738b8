import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { Server } from "node:http";
import { startVetsServer } from "../services/vets/server";

/** The example's folder: where cdk.json, infra/ and the generated code are. */
export const EXAMPLE_ROOT = path.join(__dirname, "..");

/** The VPC link of the vets service, by construct path: what `--vpc-link` names. */
export const VETS_VPC_LINK = "PetStore/Vets/VpcLink";

export interface ServePetStoreOptions {
  /** @default 3000; 0 for any free port */
  readonly port?: number;
  /** Every line `specgate serve` prints (its banner, access log and warnings). @default dropped */
  readonly log?: (line: string) => void;
  /** Extra `specgate serve` flags, e.g. `["--strict"]`. */
  readonly serveArgs?: readonly string[];
}

export interface PetStoreServer {
  /** Where the API is served, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Where the vets service (the VPC link's target) listens. */
  readonly vetsUrl: string;
  /** Resolves when `specgate serve` exits, with its exit code. */
  readonly exited: Promise<number>;
  /** Stops `specgate serve` and the vets service. */
  stop(): Promise<void>;
}

const require_ = createRequire(__filename);

/** Three requests to try on the served Pet Store: `npm start` prints them, the README shows them. */
export function curlLines(url: string): string[] {
  return [
    `curl -s "${url}/pets?status=available"`,
    `curl -s -X POST ${url}/pets -H 'content-type: application/json' -H 'x-request-id: try-1' -d '{"name":"Luna","species":"cat","tags":["calm"]}'`,
    `curl -s "${url}/vets?specialty=cats"`,
  ];
}

/** `node <tsx> infra/main.ts`: runs the CDK app from its TypeScript sources with no global tools. */
export function appCommand(): string {
  return `"${process.execPath}" "${require_.resolve("tsx/cli")}" infra/main.ts`;
}

/**
 * Starts the vets service on a free port, then `specgate serve` on the example's CDK app with the
 * VPC link pointed at it; resolves once the API answers.
 */
export async function servePetStore(options: ServePetStoreOptions = {}): Promise<PetStoreServer> {
  const vets = await startVetsServer(0);
  const cli = require_.resolve("specgate/bin/specgate.js");
  const args = [
    cli,
    "serve",
    "--app",
    appCommand(),
    "--vpc-link",
    `${VETS_VPC_LINK}=${vets.url}`,
    ...(options.serveArgs ?? []),
  ];
  // The port goes in PORT, as `npm start` takes it: a busy one is then reported as PORT=… to change.
  const env = { ...process.env, PORT: String(options.port ?? 3000) };
  const child = spawn(process.execPath, args, { cwd: EXAMPLE_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
  const output: string[] = [];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let served: string | undefined;
      let quiet: NodeJS.Timeout | undefined;
      let ready = false;
      const onLine = (line: string): void => {
        output.push(line);
        options.log?.(line);
        // The banner, `specgate serve: 1 API on http://127.0.0.1:3000`, comes once everything
        // listens; the table of routes follows it at once, so wait for the output to pause.
        served ??= /\bAPIs? on (http:\/\/\S+)/.exec(line)?.[1];
        if (served === undefined || ready) return;
        const url = served;
        clearTimeout(quiet);
        quiet = setTimeout(() => {
          ready = true;
          resolve(url);
        }, 300);
      };
      readLines(child, "stdout", onLine);
      readLines(child, "stderr", onLine);
      child.once("error", reject);
      void exited.then((code) => reject(new ServeExitedError(code, output)));
    });
    return {
      url,
      vetsUrl: vets.url,
      exited,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
        await closeServer(vets.server);
      },
    };
  } catch (error) {
    child.kill("SIGTERM");
    await closeServer(vets.server);
    throw error;
  }
}

/** `specgate serve` stopped before it served: its one-line error (`specgate: …`), else its last lines. */
export class ServeExitedError extends Error {
  constructor(
    readonly code: number,
    readonly output: readonly string[],
  ) {
    const reason = output.findLast((line) => line.startsWith("specgate: "));
    super(
      reason ?? `specgate serve exited with code ${code} before serving:\n${output.slice(-15).join("\n")}`,
    );
    this.name = "ServeExitedError";
  }
}

function readLines(child: ChildProcess, stream: "stdout" | "stderr", onLine: (line: string) => void): void {
  let pending = "";
  child[stream]?.setEncoding("utf8");
  child[stream]?.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  child[stream]?.on("end", () => {
    if (pending !== "") onLine(pending);
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
