import type { Command } from "commander";
import type * as Local from "@specgate/local";
import type { LocalGateway, LocalGatewayOptions } from "@specgate/local";
import { UserError } from "../user-error";

export interface ServeCommandOptions {
  readonly app?: string;
  readonly assembly?: string;
  readonly port?: string;
  readonly host: string;
  readonly watch?: boolean;
  readonly strict?: boolean;
  readonly vpcLink: readonly string[];
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

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port ${value} is not a port number (0-65535)`);
  return port;
}

/** The start-up banner: each API's URL, then its routes and their integrations. */
export function describeGateway(gateway: LocalGateway): string[] {
  const lines = [`specgate serve: ${plural(gateway.apis.length, "API")} on ${gateway.url}`];
  for (const api of gateway.apis) {
    lines.push(
      "",
      `${api.name}  ${api.url}  (${api.constructPath}, stage ${api.stage}: also ${api.stageUrl})`,
    );
    const methodWidth = Math.max(...api.routes.map((r) => r.method.length));
    const resourceWidth = Math.max(...api.routes.map((r) => r.resource.length));
    for (const route of api.routes) {
      lines.push(
        `  ${route.method.padEnd(methodWidth)}  ${route.resource.padEnd(resourceWidth)}  ${route.integration}`,
      );
    }
    for (const warning of api.warnings) lines.push(`  warning: ${warning}`);
  }
  lines.push("", "Press Ctrl+C to stop.");
  return lines;
}

/** Starts the gateway for `specgate serve`'s options, turning its errors into errors for people. */
export async function startServe(
  options: ServeCommandOptions,
  log: (line: string) => void,
): Promise<LocalGateway> {
  if (options.app && options.assembly) throw new UserError("give --app or --assembly, not both");
  const gatewayOptions: LocalGatewayOptions = {
    app: options.app,
    assembly: options.assembly,
    port: parsePort(options.port ?? (process.env.PORT || "3000")),
    host: options.host,
    watch: options.watch === true,
    strict: options.strict === true,
    vpcLinks: parseVpcLinks(options.vpcLink),
    log,
  };
  // Loaded when the command runs, not when it is registered: the gateway's module tree is large.
  const { LocalGatewayError, startLocalGateway } = require("@specgate/local") as typeof Local;
  try {
    return await startLocalGateway(gatewayOptions);
  } catch (error) {
    if (error instanceof LocalGatewayError) throw new UserError(error.message);
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
    .option("--watch", "re-synthesize and reload when the app, its handlers or the spec change")
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
    .action(async (options: ServeCommandOptions) => {
      const log = (line: string): void => console.log(line);
      const gateway = await startServe(options, log);
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
