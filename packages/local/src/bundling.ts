import { createHash } from "node:crypto";
import { isAbsolute, join, resolve } from "node:path";
import type { BuildContext, BuildOptions, Message } from "esbuild";
import { LocalGatewayError } from "./errors";

/**
 * How a function is bundled, as `@specgate/cdk`'s `HandlerFunction` records it in its resource's
 * metadata (`specgate:local-bundling`) when `specgate serve` synthesizes the app: its entry and the
 * esbuild options NodejsFunction would give esbuild.
 */
export interface LocalBundling {
  readonly entry: string;
  readonly target: string;
  readonly format: "cjs" | "esm";
  readonly external: readonly string[];
  readonly minify: boolean;
  readonly sourcemap: false | "default" | "inline" | "external" | "both";
  readonly sourcesContent: boolean;
  readonly mainFields?: readonly string[];
  readonly loader?: Readonly<Record<string, string>>;
  readonly define?: Readonly<Record<string, string>>;
  readonly banner?: string;
  readonly footer?: string;
  readonly keepNames: boolean;
  readonly tsconfig?: string;
  readonly charset?: "ascii" | "utf8";
}

/** The metadata key of a function's local bundling. */
export const LOCAL_BUNDLING_KEY = "specgate:local-bundling";

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const isStringMap = (value: unknown): value is Record<string, string> =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === "string");

/** The local bundling a resource's metadata records, or undefined when it records none it can use. */
export function localBundlingOf(metadata: Readonly<Record<string, unknown>>): LocalBundling | undefined {
  const value = metadata[LOCAL_BUNDLING_KEY];
  if (value === null || typeof value !== "object") return undefined;
  const r = value as Record<string, unknown>;
  const optional = (key: string, check: (v: unknown) => boolean): boolean =>
    r[key] === undefined || check(r[key]);
  const valid =
    typeof r.entry === "string" &&
    isAbsolute(r.entry) &&
    typeof r.target === "string" &&
    (r.format === "cjs" || r.format === "esm") &&
    isStrings(r.external) &&
    typeof r.minify === "boolean" &&
    (r.sourcemap === false || ["default", "inline", "external", "both"].includes(String(r.sourcemap))) &&
    typeof r.sourcesContent === "boolean" &&
    typeof r.keepNames === "boolean" &&
    optional("mainFields", isStrings) &&
    optional("loader", isStringMap) &&
    optional("define", isStringMap) &&
    optional("banner", (v) => typeof v === "string") &&
    optional("footer", (v) => typeof v === "string") &&
    optional("tsconfig", (v) => typeof v === "string") &&
    optional("charset", (v) => v === "ascii" || v === "utf8");
  return valid ? (value as LocalBundling) : undefined;
}

/** An esbuild message as a person reads it: `handlers/getPet.ts:3:10: Expected ";" but found "x"`. */
function formatMessage(message: Message): string {
  const where = message.location;
  return where ? `${where.file}:${where.line}:${where.column}: ${message.text}` : message.text;
}

interface Build {
  /** The options it was made with, as JSON: a change makes a new build. */
  readonly key: string;
  readonly context: BuildContext;
  readonly codeDir: string;
  inputs: ReadonlySet<string>;
}

/**
 * Bundles the functions `specgate serve` runs, as NodejsFunction would, with esbuild's incremental
 * builds: after the first, a rebuild reads again only what changed, so a saved handler is bundled in
 * milliseconds, and the app is not synthesized again for it.
 */
export class LocalBundler {
  private readonly builds = new Map<string, Build>();

  /** `folder`: where bundles go, one folder a function; `cwd`: what the app's paths are relative to. */
  constructor(
    private readonly folder: string,
    private readonly cwd: string,
  ) {}

  /**
   * Bundles each function (by id), building anew those whose options changed, rebuilding the others;
   * resolves with each function's code folder. Fails with every build error, file and line first.
   */
  async bundle(functions: ReadonlyMap<string, LocalBundling>): Promise<Map<string, string>> {
    for (const [id, build] of this.builds) {
      if (!functions.has(id)) {
        this.builds.delete(id);
        await build.context.dispose();
      }
    }
    const built = await Promise.all(
      [...functions].map(async ([id, bundling]) => {
        const key = JSON.stringify(bundling);
        let build = this.builds.get(id);
        if (build?.key !== key) {
          if (build) await build.context.dispose();
          build = await this.create(id, bundling, key);
          this.builds.set(id, build);
        }
        return [id, build, await this.run(build)] as const;
      }),
    );
    const errors = built.flatMap(([id, , problems]) => problems.map((p) => `${id}: ${p}`));
    if (errors.length > 0) {
      throw new LocalGatewayError(`a function failed to bundle: ${errors.join("; ")}`);
    }
    return new Map(built.map(([id, build]) => [id, build.codeDir]));
  }

  /** The functions whose last bundle read the file (absolute path). */
  functionsReading(file: string): string[] {
    return [...this.builds].filter(([, build]) => build.inputs.has(file)).map(([id]) => id);
  }

  /** Rebuilds the functions named; resolves with the build errors (none: each has its new code). */
  async rebuild(ids: readonly string[]): Promise<string[]> {
    const results = await Promise.all(
      ids.map(async (id) => {
        const build = this.builds.get(id);
        return build ? (await this.run(build)).map((p) => `${id}: ${p}`) : [];
      }),
    );
    return results.flat();
  }

  async dispose(): Promise<void> {
    const builds = [...this.builds.values()];
    this.builds.clear();
    await Promise.all(builds.map((build) => build.context.dispose()));
  }

  private async create(id: string, bundling: LocalBundling, key: string): Promise<Build> {
    const esbuild = require("esbuild") as typeof import("esbuild");
    const codeDir = join(this.folder, createHash("sha256").update(id).digest("hex").slice(0, 16));
    const options: BuildOptions = {
      entryPoints: [bundling.entry],
      bundle: true,
      platform: "node",
      target: bundling.target,
      format: bundling.format,
      outfile: join(codeDir, bundling.format === "esm" ? "index.mjs" : "index.js"),
      external: [...bundling.external],
      minify: bundling.minify,
      sourcemap: bundling.sourcemap === "default" ? true : bundling.sourcemap,
      sourcesContent: bundling.sourcesContent,
      keepNames: bundling.keepNames,
      metafile: true,
      logLevel: "silent",
      absWorkingDir: this.cwd,
      ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
      ...(bundling.loader ? { loader: { ...bundling.loader } as BuildOptions["loader"] } : {}),
      ...(bundling.define ? { define: { ...bundling.define } } : {}),
      ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
      ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
      ...(bundling.tsconfig ? { tsconfig: bundling.tsconfig } : {}),
      ...(bundling.charset ? { charset: bundling.charset } : {}),
    };
    return { key, context: await esbuild.context(options), codeDir, inputs: new Set([bundling.entry]) };
  }

  /** Builds once; the build's inputs are kept for `functionsReading`. Resolves with its errors. */
  private async run(build: Build): Promise<string[]> {
    try {
      const result = await build.context.rebuild();
      build.inputs = new Set(
        Object.keys(result.metafile?.inputs ?? {}).map((input) => resolve(this.cwd, input)),
      );
      return [];
    } catch (error) {
      const errors = (error as { errors?: Message[] }).errors;
      return errors && errors.length > 0 ? errors.map(formatMessage) : [String(error)];
    }
  }
}
