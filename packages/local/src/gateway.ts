import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { compileApi, type CompiledApi, type RouteInfo } from "./api";
import { readCloudAssembly } from "./assembly/cloud-assembly";
import { readFunctions, type FunctionEntry } from "./assembly/functions";
import { readRestApis } from "./assembly/rest-apis";
import { readCdkJson, synthesize } from "./assembly/synthesize";
import { LOCAL_BUNDLING_KEY, LocalBundler, type LocalBundling } from "./bundling";
import { LocalGatewayError } from "./errors";
import { GatewayAuth, type LocalAuthOptions, type LocalGatewayAuth } from "./auth";
import { LambdaRunner } from "./lambda";
import { atProcessEnd } from "./process-end";
import { RequestHandler, type MountedApi } from "./server";
import { VpcLinkTargets } from "./vpc-links";
import { TreeWatcher } from "./watch";

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
  /**
   * Synthesize `app` as `cdk synth` does: the CDK bundles every function and validates the templates,
   * and any change synthesizes again. By default the CDK's bundling and validation are skipped, the
   * functions that record how (`HandlerFunction`) are bundled here, incrementally, and a saved handler
   * only rebuilds its functions. @default false
   */
  readonly cdkBundling?: boolean;
  /** Generated code to keep current with --watch: its model is generated again before the app is synthesized. */
  readonly generated?: readonly GeneratedCode[];
  /** How authorizers and API keys are checked: where the local key pair and credentials are, SigV4 checks, a JWKS. */
  readonly auth?: LocalAuthOptions;
}

/** Code generated from a model, which --watch generates again when the model changes. */
export interface GeneratedCode {
  /** Whether a file (absolute path) is part of the model. */
  isSource(file: string): boolean;
  /** The folder the code is generated into: changes there are the generation's own, not the developer's. */
  readonly outDir: string;
  /** Generates the code again; rejects with a message for people when the model is wrong. */
  regenerate(): Promise<void>;
}

export interface LocalApi {
  /** The API's name: its construct id (or construct path, when ids repeat). */
  readonly name: string;
  readonly constructPath: string;
  /** Where it is served, e.g. `http://127.0.0.1:3000` or `http://127.0.0.1:3000/PetApi`. */
  readonly url: string;
  readonly stage: string;
  /** The region of its stack: what SigV4 signatures of calls to it are scoped to. */
  readonly region: string;
  /** Where it is also served as its invoke URL has it, with the stage: e.g. `http://127.0.0.1:3000/prod`. */
  readonly stageUrl: string;
  readonly routes: readonly RouteInfo[];
  readonly warnings: readonly string[];
}

export interface LocalGateway {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly apis: readonly LocalApi[];
  /** What calls to authorized methods need: the local credentials, API keys and tokens. */
  readonly auth: LocalGatewayAuth;
  /** Re-reads the app (re-synthesizing with `app`) and serves the result; what --watch calls. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

const NOT_WATCHED = new Set(["node_modules", "cdk.out", "coverage"]);
/** Build output, unless it holds TypeScript sources, as `lib/` of `cdk init`'s layout does. */
const OUTPUT = new Set(["lib", "dist"]);

const holdsSources = (folder: string): boolean =>
  readdirSync(folder).some((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"));

/** Editors' swap, backup and probe files: saving a file writes them, and they are not the app. */
const EDITOR_FILE = /(^|[/\\])(\.[^/\\]*\.sw[a-p]|[^/\\]*~|4913|\.#[^/\\]*)$/;

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
    if (OUTPUT.has(entry.name) && !holdsSources(path)) continue;
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

/** Gives each function that records how it is bundled the code folder of its bundle, made here. */
async function bundleLocally(
  bundler: LocalBundler,
  functions: ReadonlyMap<string, FunctionEntry>,
): Promise<Map<string, FunctionEntry>> {
  const bundlings = new Map<string, LocalBundling>();
  for (const entry of functions.values()) {
    if (entry.kind === "function" && entry.bundling) bundlings.set(entry.fn.id, entry.bundling);
  }
  const codeDirs = await bundler.bundle(bundlings);
  return new Map(
    [...functions].map(([arn, entry]): [string, FunctionEntry] => {
      const codeDir = entry.kind === "function" ? codeDirs.get(entry.fn.id) : undefined;
      return [arn, entry.kind === "function" && codeDir ? { ...entry, fn: { ...entry.fn, codeDir } } : entry];
    }),
  );
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
  const auth = GatewayAuth.of(options.auth ?? {}, cwd);
  const runner = new LambdaRunner({
    baseEnvironment: options.lambdaEnvironment,
    log: log ? (id, line) => log(`[${id}] ${line}`) : () => undefined,
  });

  // Functions bundled here (not by the CDK) go into a folder of the gateway's, removed when it closes.
  const localBundling = appCommand !== undefined && options.cdkBundling !== true;
  const bundleFolder = localBundling ? mkdtempSync(join(tmpdir(), "specgate-functions-")) : undefined;
  const cancelBundleRemoval = bundleFolder
    ? atProcessEnd(() => rmSync(bundleFolder, { recursive: true, force: true }))
    : () => undefined;
  const bundler = bundleFolder ? new LocalBundler(bundleFolder, cwd) : undefined;

  // Closing the gateway stops the app it may be synthesizing (a reload's).
  const closing = new AbortController();

  /** Runs the app; without `cdkBundling`, with the CDK's bundling (unless `bundleAll`) and validation skipped. */
  const synthesizeApp = (command: string, bundleAll: boolean): Promise<string> => {
    const outdir = ownOutdir ?? resolve(cwd, options.outdir ?? "cdk.out");
    if (!localBundling) return synthesize(command, outdir, { cwd, signal: closing.signal });
    return synthesize(command, outdir, {
      cwd,
      signal: closing.signal,
      context: { [LOCAL_BUNDLING_KEY]: true, ...(bundleAll ? {} : { "aws:cdk:bundling-stacks": [] }) },
      // Validating the templates (seconds, for a deployment's sake) is cdk synth's: not on every save.
      environment: process.env.CDK_VALIDATION === undefined ? { CDK_VALIDATION: "false" } : {},
    });
  };

  const load = async (): Promise<CompiledApi[]> => {
    let assemblyDir = appCommand
      ? await synthesizeApp(appCommand, false)
      : resolve(cwd, options.assembly ?? "cdk.out");
    let stacks = readCloudAssembly(assemblyDir);
    let functions = readFunctions(stacks, inlineCodeFolder);
    if (appCommand && [...functions.values()].some((f) => f.kind === "unavailable" && f.cdkBundling)) {
      // A function whose bundling options specgate does not reproduce: the CDK bundles, as cdk synth would.
      assemblyDir = await synthesizeApp(appCommand, true);
      stacks = readCloudAssembly(assemblyDir);
      functions = readFunctions(stacks, inlineCodeFolder);
    }
    if (bundler) functions = await bundleLocally(bundler, functions);
    const definitions = readRestApis(stacks);
    if (definitions.length === 0) {
      throw new LocalGatewayError(
        `${assemblyDir} has no AWS::ApiGateway::RestApi with an OpenAPI body: specgate serve runs APIs defined by a spec (TypeSafeRestApi or SpecRestApi)`,
      );
    }
    const vpcLinks = new VpcLinkTargets(vpcLinkUrls);
    const security = auth.setup(stacks, runner, functions);
    const compiled = definitions.map((definition) =>
      compileApi(definition, { runner, functions, vpcLinks, security }),
    );
    auth.served(compiled.flatMap((api) => api.security?.userPools ?? []));
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
      region: api.definition.stack.scope.region,
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

  let handler: RequestHandler | undefined;
  // The port is taken before the app is synthesized: a busy one fails at once. Requests that arrive
  // before the APIs are mounted wait for them.
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const early = (request: IncomingMessage, response: ServerResponse): void => {
    waiting.push([request, response]);
  };
  try {
    server.on("request", early);
    await new Promise<void>((done, fail) => {
      server.once("error", (error: NodeJS.ErrnoException) => fail(listenError(error, options)));
      server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", () => done());
    });
    const address = server.address();
    const port = address && typeof address === "object" ? address.port : options.port;
    const host = options.host ?? "127.0.0.1";
    baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    const compiled = await load();
    const mounted = new RequestHandler([], { strict: options.strict ?? false, log });
    mounted.remount(mount(compiled));
    handler = mounted;
    server.off("request", early);
    server.on("request", mounted.handle);
    for (const [request, response] of waiting.splice(0)) mounted.handle(request, response);
  } catch (error) {
    for (const [, response] of waiting.splice(0)) response.destroy();
    server.close();
    stdout?.flush();
    process.off("exit", flushOnExit);
    await runner.close();
    await bundler?.dispose();
    if (bundleFolder) await rm(bundleFolder, { recursive: true, force: true });
    cancelBundleRemoval();
    if (ownOutdir) await rm(ownOutdir, { recursive: true, force: true });
    cancelOutdirRemoval();
    await removeInlineCode();
    throw error;
  }
  const requests = handler;

  const generated = options.generated ?? [];
  let reloading: Promise<void> | undefined;
  const reload = async (): Promise<void> => {
    const compiled = await load();
    await runner.reset();
    requests.remount(mount(compiled));
  };

  /** What --watch does for a batch of changed files (absolute paths), one batch at a time. */
  const onChanges = async (files: readonly string[]): Promise<void> => {
    const started = Date.now();
    const models = generated.filter((code) => files.some((file) => code.isSource(file)));
    const functionIds = new Set(files.flatMap((file) => bundler?.functionsReading(file) ?? []));
    const onlyFunctions =
      models.length === 0 &&
      bundler !== undefined &&
      files.every((file) => bundler.functionsReading(file).length > 0);
    try {
      if (onlyFunctions) {
        const errors = await bundler.rebuild([...functionIds]);
        if (errors.length > 0)
          throw new LocalGatewayError(`a function failed to bundle: ${errors.join("; ")}`);
        await runner.reset(functionIds);
        log?.(`rebuilt ${[...functionIds].join(", ")} in ${Date.now() - started} ms`);
        return;
      }
      for (const code of models) await code.regenerate();
      await reload();
      const what = models.length > 0 ? "regenerated and reloaded" : "reloaded";
      log?.(`${what} in ${Date.now() - started} ms: ${apis.map((api) => api.url).join(", ")}`);
    } catch (error) {
      if (closing.signal.aborted) return;
      log?.(`reload failed, still serving the previous version: ${(error as Error).message}`);
    }
  };

  const watchers: TreeWatcher[] = [];
  let reloadTimer: NodeJS.Timeout | undefined;
  if (options.watch) {
    const outdir = options.outdir ? resolve(cwd, options.outdir) : undefined;
    const root = appCommand ? cwd : resolve(cwd, options.assembly ?? "cdk.out");
    const ignored = (file: string): boolean =>
      EDITOR_FILE.test(file) ||
      generated.some((code) => file === code.outDir || file.startsWith(code.outDir + sep));
    const pending = new Set<string>();
    const changed = (file: string): void => {
      if (ignored(file)) return;
      pending.add(file);
      clearTimeout(reloadTimer);
      // A save is often several events (a temporary file, a rename): they are taken together.
      reloadTimer = setTimeout(() => {
        // Files gone by now were an editor's temporary ones, unless the app read them.
        const files = [...pending].filter(
          (file) => existsSync(file) || (bundler?.functionsReading(file).length ?? 0) > 0,
        );
        pending.clear();
        if (files.length === 0) return;
        reloading = (reloading ?? Promise.resolve()).then(() => onChanges(files));
      }, 50);
    };
    const skip = (folder: string): boolean => {
      const name = folder.slice(folder.lastIndexOf(sep) + 1);
      return name.startsWith(".") || NOT_WATCHED.has(name) || folder === outdir || ignored(folder);
    };
    for (const folder of watchedFolders(root, !!appCommand, outdir)) {
      watchers.push(new TreeWatcher(folder.path, changed, skip, folder.recursive));
    }
  }

  return {
    get url() {
      return baseUrl;
    },
    get apis() {
      return apis;
    },
    get auth() {
      return auth.info;
    },
    reload,
    close: async () => {
      closing.abort();
      for (const watcher of watchers) watcher.close();
      clearTimeout(reloadTimer);
      await reloading?.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await runner.close();
      await bundler?.dispose();
      if (bundleFolder) await rm(bundleFolder, { recursive: true, force: true });
      cancelBundleRemoval();
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
      return new LocalGatewayError(`port ${port} is in use: pass another --port`, "port-in-use");
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
