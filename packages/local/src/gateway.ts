import { mkdtempSync, readdirSync, rmSync, watch as watchFiles, type FSWatcher } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compileApi, type CompiledApi, type RouteInfo } from "./api";
import { readCloudAssembly } from "./assembly/cloud-assembly";
import { readFunctions } from "./assembly/functions";
import { readRestApis } from "./assembly/rest-apis";
import { readCdkJson, synthesize } from "./assembly/synthesize";
import { LocalGatewayError } from "./errors";
import { LambdaRunner } from "./lambda";
import { atProcessEnd } from "./process-end";
import { RequestHandler, type MountedApi } from "./server";
import { VpcLinkTargets } from "./vpc-links";

export interface LocalGatewayOptions {
  /** A synthesized cloud assembly folder (e.g. `cdk.out`). One of `assembly` and `app`; default: cdk.json's `app`. */
  readonly assembly?: string;
  /** The command that runs the CDK app (as in cdk.json's `app`), run to synthesize it. */
  readonly app?: string;
  /** Where `app` writes its cloud assembly. @default a fresh temporary folder */
  readonly outdir?: string;
  /** Where the app runs and paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /** @default 3000; 0 for any free port */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** VPC link id or construct path → the URL its integrations forward to locally. */
  readonly vpcLinks?: Readonly<Record<string, string>>;
  /** Answer 500 when a response breaks the operation's declared responses. @default false (warn) */
  readonly strict?: boolean;
  /** Re-synthesize (or re-read the assembly) and reload when files change. @default false */
  readonly watch?: boolean;
  /** Access log, warnings and reload messages; `false` for silence. @default console.log */
  readonly log?: ((line: string) => void) | false;
  /** Extra environment for every Lambda function (its own environment wins). */
  readonly lambdaEnvironment?: Readonly<Record<string, string>>;
}

export interface LocalApi {
  /** The API's name: its construct id (or construct path, when ids repeat). */
  readonly name: string;
  readonly constructPath: string;
  /** Where it is served, e.g. `http://127.0.0.1:3000` or `http://127.0.0.1:3000/PetApi`. */
  readonly url: string;
  readonly stage: string;
  /** Where it is also served as its invoke URL has it, with the stage: e.g. `http://127.0.0.1:3000/prod`. */
  readonly stageUrl: string;
  readonly routes: readonly RouteInfo[];
  readonly warnings: readonly string[];
}

export interface LocalGateway {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly apis: readonly LocalApi[];
  /** Re-reads the app (re-synthesizing with `app`) and serves the result; what --watch calls. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

const NOT_WATCHED = new Set(["node_modules", "cdk.out", "coverage", "lib", "dist"]);

/**
 * The folders --watch follows: for an app, its folder and every subfolder but dependencies, build
 * output and hidden ones (watching node_modules would exhaust the system's watches); for an
 * assembly, its folder.
 */
function watchedFolders(
  root: string,
  isApp: boolean,
  outdir?: string,
): { path: string; recursive: boolean }[] {
  if (!isApp) return [{ path: root, recursive: false }];
  const folders = [{ path: root, recursive: false }];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || NOT_WATCHED.has(entry.name)) continue;
    const path = join(root, entry.name);
    if (path !== outdir) folders.push({ path, recursive: true });
  }
  return folders;
}

/**
 * `/<stage>`, under which the API is served too, as its invoke URL serves it; undefined when a resource of the
 * API starts with a segment of the stage's name, which keeps its path.
 */
function stagePrefixOf(api: CompiledApi): string | undefined {
  const stage = encodeURIComponent(api.definition.stageName);
  const taken = api.routes.some((route) => route.resource.split("/")[1] === api.definition.stageName);
  return taken ? undefined : `/${stage}`;
}

/** Names each API after its construct id, falling back to its construct path where ids repeat. */
function mountNames(apis: readonly CompiledApi[]): string[] {
  const idOf = (api: CompiledApi): string =>
    api.definition.constructPath.split("/").pop() ?? api.definition.logicalId;
  const slug = (text: string): string => text.replace(/[^A-Za-z0-9._~-]+/g, "-");
  return apis.map((api) => {
    const id = idOf(api);
    const unique = apis.filter((other) => idOf(other) === id).length === 1;
    return slug(unique ? id : api.definition.constructPath);
  });
}

/**
 * The default log: lines reach stdout once per turn of the event loop, in one write, rather than one
 * synchronous write per request (stdout to a file, pipe or terminal is synchronous).
 */
function stdoutLog(): { readonly log: (line: string) => void; readonly flush: () => void } {
  let pending = "";
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    process.stdout.write(text);
  };
  return {
    log: (line) => {
      pending += `${line}\n`;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** Starts the local API Gateway: reads (or synthesizes) the app, compiles every REST API, and listens. */
export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const stdout = options.log === undefined ? stdoutLog() : undefined;
  const log = options.log === false ? undefined : (options.log ?? stdout?.log);
  // Lines still buffered when the process ends are written before it does.
  const flushOnExit = (): void => stdout?.flush();
  if (stdout) process.once("exit", flushOnExit);
  const appCommand = options.assembly ? undefined : (options.app ?? readCdkJson(cwd).app);
  if (!options.assembly && !appCommand) {
    throw new LocalGatewayError(
      'say which app to serve: --app "<command that runs the CDK app>", --assembly cdk.out, or a cdk.json with an app',
    );
  }
  const ownOutdir =
    appCommand && !options.outdir ? await mkdtemp(join(tmpdir(), "specgate-cdk-out-")) : undefined;
  // A process that ends without closing the gateway (an uncaught error, process.exit) removes it too.
  const cancelOutdirRemoval = ownOutdir
    ? atProcessEnd(() => rmSync(ownOutdir, { recursive: true, force: true }))
    : () => undefined;
  // Inline function code goes into a folder made for this gateway (0700), removed when it closes.
  let inlineCode: { readonly folder: string; readonly cancelRemoval: () => void } | undefined;
  const inlineCodeFolder = (): string => {
    if (!inlineCode) {
      const folder = mkdtempSync(join(tmpdir(), "specgate-inline-code-"));
      inlineCode = {
        folder,
        cancelRemoval: atProcessEnd(() => rmSync(folder, { recursive: true, force: true })),
      };
    }
    return inlineCode.folder;
  };
  const removeInlineCode = async (): Promise<void> => {
    if (!inlineCode) return;
    await rm(inlineCode.folder, { recursive: true, force: true });
    inlineCode.cancelRemoval();
  };
  const vpcLinkUrls = new Map(Object.entries(options.vpcLinks ?? {}));
  let vpcLinkWarnings = "";
  const runner = new LambdaRunner({
    baseEnvironment: options.lambdaEnvironment,
    log: log ? (id, line) => log(`[${id}] ${line}`) : () => undefined,
  });

  const load = async (): Promise<CompiledApi[]> => {
    const assemblyDir = appCommand
      ? await synthesize(appCommand, ownOutdir ?? resolve(cwd, options.outdir ?? "cdk.out"), { cwd })
      : resolve(cwd, options.assembly ?? "cdk.out");
    const stacks = readCloudAssembly(assemblyDir);
    const functions = readFunctions(stacks, inlineCodeFolder);
    const definitions = readRestApis(stacks);
    if (definitions.length === 0) {
      throw new LocalGatewayError(
        `${assemblyDir} has no AWS::ApiGateway::RestApi with an OpenAPI body: specgate serve runs APIs defined by a spec (TypeSafeRestApi or SpecRestApi)`,
      );
    }
    const vpcLinks = new VpcLinkTargets(vpcLinkUrls);
    const compiled = definitions.map((definition) => compileApi(definition, { runner, functions, vpcLinks }));
    // Said once, not again on each reload while they stay the same.
    const warnings = vpcLinks.unusedWarnings(stacks);
    if (warnings.join("\n") !== vpcLinkWarnings) for (const warning of warnings) log?.(`warning: ${warning}`);
    vpcLinkWarnings = warnings.join("\n");
    return compiled;
  };

  let apis: LocalApi[] = [];
  const server: Server = createServer();
  let baseUrl = "";
  const mount = (compiled: CompiledApi[]): MountedApi[] => {
    const names = mountNames(compiled);
    const mounted = compiled.map((api, i) => ({
      name: names[i],
      prefix: compiled.length === 1 ? "" : `/${names[i]}`,
      stagePrefix: stagePrefixOf(api),
      api,
    }));
    apis = mounted.map(({ name, prefix, stagePrefix, api }) => ({
      name,
      constructPath: api.definition.constructPath,
      url: `${baseUrl}${prefix}`,
      stage: api.definition.stageName,
      stageUrl: `${baseUrl}${prefix}/${encodeURIComponent(api.definition.stageName)}`,
      routes: api.routes,
      warnings: stagePrefix
        ? api.warnings
        : [
            ...api.warnings,
            `a resource is named after the stage (/${api.definition.stageName}): requests under /${api.definition.stageName} go to it, not to the stage's URL`,
          ],
    }));
    return mounted;
  };

  let handler: RequestHandler;
  try {
    const compiled = await load();
    handler = new RequestHandler([], { strict: options.strict ?? false, log });
    server.on("request", handler.handle);
    await new Promise<void>((done, fail) => {
      server.once("error", (error: NodeJS.ErrnoException) => fail(listenError(error, options)));
      server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", () => done());
    });
    const address = server.address();
    const port = address && typeof address === "object" ? address.port : options.port;
    const host = options.host ?? "127.0.0.1";
    baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    handler.remount(mount(compiled));
  } catch (error) {
    server.close();
    stdout?.flush();
    process.off("exit", flushOnExit);
    await runner.close();
    if (ownOutdir) await rm(ownOutdir, { recursive: true, force: true });
    cancelOutdirRemoval();
    await removeInlineCode();
    throw error;
  }

  let reloading: Promise<void> | undefined;
  const reload = async (): Promise<void> => {
    const compiled = await load();
    await runner.reset();
    handler.remount(mount(compiled));
  };

  const watchers: FSWatcher[] = [];
  let reloadTimer: NodeJS.Timeout | undefined;
  if (options.watch) {
    const changed = (): void => {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => {
        reloading = (reloading ?? Promise.resolve())
          .then(reload)
          .then(() => log?.(`reloaded: ${apis.map((api) => api.url).join(", ")}`))
          .catch((error: Error) =>
            log?.(`reload failed, still serving the previous version: ${error.message}`),
          );
      }, 300);
    };
    const outdir = options.outdir ? resolve(cwd, options.outdir) : undefined;
    for (const folder of watchedFolders(
      appCommand ? cwd : resolve(cwd, options.assembly ?? "cdk.out"),
      !!appCommand,
      outdir,
    )) {
      watchers.push(watchFiles(folder.path, { recursive: folder.recursive }, changed));
    }
  }

  return {
    get url() {
      return baseUrl;
    },
    get apis() {
      return apis;
    },
    reload,
    close: async () => {
      for (const watcher of watchers) watcher.close();
      clearTimeout(reloadTimer);
      await reloading?.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await runner.close();
      stdout?.flush();
      process.off("exit", flushOnExit);
      if (ownOutdir) await rm(ownOutdir, { recursive: true, force: true });
      cancelOutdirRemoval();
      await removeInlineCode();
    },
  };
}

/** Why the gateway cannot listen where it was asked to, for the person who asked; other errors as they are. */
function listenError(error: NodeJS.ErrnoException, options: LocalGatewayOptions): Error {
  const port = options.port ?? 3000;
  const host = options.host ?? "127.0.0.1";
  switch (error.code) {
    case "EADDRINUSE":
      return new LocalGatewayError(`port ${port} is in use: pass another --port`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return new LocalGatewayError(
        `--host ${host} is not a name or address this machine can resolve: give one of its addresses, e.g. 127.0.0.1, or localhost`,
      );
    case "EADDRNOTAVAIL":
      return new LocalGatewayError(
        `--host ${host} is not an address of this machine: give one of its addresses, e.g. 127.0.0.1 (0.0.0.0 for all of them)`,
      );
    case "EACCES":
    case "EPERM":
      return new LocalGatewayError(
        `port ${port} may not be listened on without privileges: pass a --port above 1023`,
      );
    default:
      return error;
  }
}
