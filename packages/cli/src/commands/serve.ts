import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { Manifest } from "@specgate/codegen";
import type * as Local from "@specgate/local";
import type { GeneratedCode, LocalGateway, LocalGatewayOptions } from "@specgate/local";
import { UserError } from "../user-error";
import { runGenerate } from "./generate";

export interface ServeCommandOptions {
  readonly app?: string;
  readonly assembly?: string;
  readonly port?: string;
  readonly host: string;
  readonly watch?: boolean;
  readonly strict?: boolean;
  readonly vpcLink: readonly string[];
  readonly cdkBundling?: boolean;
  /** False with --no-sigv4. */
  readonly sigv4: boolean;
  readonly jwksUrl?: string;
}

const MANIFEST = ".specgate-manifest.json";
const NOT_SEARCHED = new Set(["node_modules", "cdk.out", "coverage"]);

/** Folders below `root` (a few levels deep) holding what `specgate generate` wrote, with how it was run. */
function findGenerated(root: string, depth = 3): { outDir: string; manifest: Manifest }[] {
  const found: { outDir: string; manifest: Manifest }[] = [];
  const file = path.join(root, MANIFEST);
  if (fs.existsSync(file)) {
    try {
      found.push({ outDir: root, manifest: JSON.parse(fs.readFileSync(file, "utf8")) as Manifest });
    } catch {
      // Not one specgate can read: it generates nothing again.
    }
    return found;
  }
  if (depth === 0) return found;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || NOT_SEARCHED.has(entry.name)) continue;
    found.push(...findGenerated(path.join(root, entry.name), depth - 1));
  }
  return found;
}

/**
 * The generated code of the project that --watch keeps current: its model's files are the model and
 * the YAML and JSON files beside it (those its `$ref`s reach), and a change to one generates again, as
 * `specgate generate` was run the last time.
 */
export function generatedCode(cwd: string, log: (line: string) => void): GeneratedCode[] {
  return findGenerated(cwd).flatMap(({ outDir, manifest }) => {
    const how = manifest.generatedWith;
    if (manifest.generator !== "specgate" || !how) return [];
    const spec = path.resolve(outDir, how.spec);
    const modelDir = path.dirname(spec) + path.sep;
    return [
      {
        outDir,
        isSource: (file: string) =>
          file === spec || (file.startsWith(modelDir) && /\.(ya?ml|json)$/i.test(file)),
        regenerate: async () => {
          const lines = await runGenerate({
            spec,
            out: outDir,
            handlers: path.resolve(outDir, how.handlers),
            allHandlers: how.allHandlers,
            moduleFormat: how.moduleFormat,
            testRunner: how.testRunner,
            language: how.language,
            package: how.javaPackage,
          });
          for (const line of lines) log(line);
        },
      },
    ];
  });
}

/** The port-in-use message, saying how to pick another as the port was given: --port, PORT, or an npm script's PORT. */
function portInUse(options: ServeCommandOptions, port: number): string {
  if (options.port !== undefined) return `port ${port} is in use: pass another --port (0 picks a free one)`;
  const script = process.env.npm_lifecycle_event;
  if (script) {
    const npm = script === "start" || script === "test" ? `npm ${script}` : `npm run ${script}`;
    return `port ${port} is in use: set PORT to another, e.g. PORT=${port + 1} ${npm} (PORT=0 picks a free one)`;
  }
  return `port ${port} is in use: pass another --port, or set PORT (0 picks a free one)`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function parseVpcLinks(values: readonly string[]): Record<string, string> {
  const links: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const url = value.slice(eq + 1);
    if (eq <= 0 || !/^https?:\/\/[^/]/.test(url)) {
      throw new UserError(
        `--vpc-link ${value}: write it as <VPC link id or construct path>=<http(s) URL>, e.g. MyStack/Link=http://localhost:8080`,
      );
    }
    links[value.slice(0, eq)] = url;
  }
  return links;
}

function parseJwksUrl(value: string): string {
  if (!/^https?:\/\/[^/]+\/.*\.well-known\/jwks\.json$/.test(value)) {
    throw new UserError(
      `--jwks-url ${value}: give a user pool's JWKS URL, https://cognito-idp.<region>.amazonaws.com/<user pool id>/.well-known/jwks.json`,
    );
  }
  return value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port ${value} is not a port number (0-65535)`);
  return port;
}

/** The start-up banner: each API's URL, then its routes, their integrations and authorization. */
export function describeGateway(gateway: LocalGateway): string[] {
  const lines = [`specgate serve: ${plural(gateway.apis.length, "API")} on ${gateway.url}`];
  for (const api of gateway.apis) {
    lines.push(
      "",
      `${api.name}  ${api.url}  (${api.constructPath}, stage ${api.stage}: also ${api.stageUrl})`,
    );
    const methodWidth = Math.max(...api.routes.map((r) => r.method.length));
    const resourceWidth = Math.max(...api.routes.map((r) => r.resource.length));
    const secured = api.routes.some((r) => r.auth !== undefined);
    const integrationWidth = secured ? Math.max(...api.routes.map((r) => r.integration.length)) : 0;
    for (const route of api.routes) {
      const auth = route.auth ? `  auth: ${route.auth}` : "";
      lines.push(
        `  ${route.method.padEnd(methodWidth)}  ${route.resource.padEnd(resourceWidth)}  ${auth ? route.integration.padEnd(integrationWidth) : route.integration}${auth}`,
      );
    }
    for (const warning of api.warnings) lines.push(`  warning: ${warning}`);
  }
  lines.push(...describeAuth(gateway));
  lines.push("", "Press Ctrl+C to stop.");
  return lines;
}

/** What calls to authorized methods need: credentials to sign with, how to get a token, the API keys. */
function describeAuth(gateway: LocalGateway): string[] {
  const routes = gateway.apis.flatMap((api) => api.routes.map((route) => ({ api, auth: route.auth ?? "" })));
  const iam = routes.filter((route) => route.auth.startsWith("AWS_IAM"));
  const cognito = routes.some((route) => route.auth.startsWith("COGNITO_USER_POOLS"));
  const keys = gateway.auth.apiKeys.filter((key) => key.stages.length > 0);
  if (iam.length === 0 && !cognito && keys.length === 0) return [];
  const lines = ["", `Authorization (local keys and credentials in ${gateway.auth.stateFile}):`];
  if (iam.length > 0) {
    const { accessKeyId, secretAccessKey } = gateway.auth.credentials;
    const regions = [...new Set(iam.map((route) => route.api.region))].join(", ");
    lines.push(
      gateway.auth.verifySignatures
        ? `  IAM: sign calls with SigV4 (service execute-api, region ${regions}) with AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey}`
        : "  IAM: signatures are not checked (--no-sigv4)",
    );
  }
  if (cognito) {
    lines.push(
      gateway.auth.jwksUrl
        ? `  Cognito: tokens are verified with ${gateway.auth.jwksUrl}`
        : "  Cognito: npx specgate token --user alice --groups admins prints an ID token (--scopes <scope> an access token); send it as Authorization",
    );
  }
  for (const key of keys) {
    lines.push(
      `  API key ${key.name}: ${key.value}${key.enabled ? "" : " (disabled)"} (send it as x-api-key)`,
    );
  }
  return lines;
}

/** Starts the gateway for `specgate serve`'s options, turning its errors into errors for people. */
export async function startServe(
  options: ServeCommandOptions,
  log: (line: string) => void,
): Promise<LocalGateway> {
  if (options.app && options.assembly) throw new UserError("give --app or --assembly, not both");
  const port = parsePort(options.port ?? (process.env.PORT || "3000"));
  const watchModels = options.watch === true && options.assembly === undefined;
  const gatewayOptions: LocalGatewayOptions = {
    app: options.app,
    assembly: options.assembly,
    port,
    host: options.host,
    watch: options.watch === true,
    strict: options.strict === true,
    vpcLinks: parseVpcLinks(options.vpcLink),
    cdkBundling: options.cdkBundling === true,
    generated: watchModels ? generatedCode(process.cwd(), log) : [],
    auth: {
      verifySignatures: options.sigv4 !== false,
      ...(options.jwksUrl ? { jwksUrl: parseJwksUrl(options.jwksUrl) } : {}),
    },
    log,
  };
  // Loaded when the command runs, not when it is registered: the gateway's module tree is large.
  const { LocalGatewayError, startLocalGateway } = require("@specgate/local") as typeof Local;
  try {
    return await startLocalGateway(gatewayOptions);
  } catch (error) {
    if (error instanceof LocalGatewayError) {
      throw new UserError(error.reason === "port-in-use" ? portInUse(options, port) : error.message);
    }
    throw error;
  }
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "Run a synthesized CDK app's REST APIs on localhost, executing every integration as API Gateway would",
    )
    .option("--app <command>", "the command that runs the CDK app (default: cdk.json's app)")
    .option("--assembly <dir>", "serve an already synthesized cloud assembly (e.g. cdk.out)")
    .option("--port <port>", "port to listen on (0: any free port; default: $PORT, else 3000)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--watch",
      "reload on every save: a handler rebuilds its functions, the model generates again, anything else re-synthesizes",
    )
    .option(
      "--cdk-bundling",
      "let the CDK bundle the functions and validate the templates, as cdk synth does (slower; a saved handler re-synthesizes)",
    )
    .option(
      "--strict",
      "answer 500 when a response breaks the operation's declared responses (default: warn)",
    )
    .option(
      "--vpc-link <id=url>",
      "where a VPC link leads locally: <VPC link id or construct path>=<url> (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--no-sigv4",
      "let calls to IAM-authorized methods through without checking their SigV4 signature",
    )
    .option(
      "--jwks-url <url>",
      "verify Cognito tokens with a user pool's JWKS (…/.well-known/jwks.json) instead of the local key `specgate token` signs with",
    )
    .action(async (options: ServeCommandOptions) => {
      const log = (line: string): void => console.log(line);
      // Stopped while it starts: the process ends at once, taking the app it is synthesizing along.
      const quit = (signal: NodeJS.Signals): void => process.exit(signal === "SIGINT" ? 130 : 143);
      process.once("SIGINT", quit);
      process.once("SIGTERM", quit);
      const gateway = await startServe(options, log).finally(() => {
        process.off("SIGINT", quit);
        process.off("SIGTERM", quit);
      });
      for (const line of describeGateway(gateway)) log(line);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await gateway.close();
    });
}
