import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/** The CLI's bundle in its folder (written by scripts/bundle.js), beside `CACHE_FILE` and `BUILT_FROM_FILE`. */
export const BUNDLE_FILE = "specgate.js";
/** A V8 code cache of the bundle, taken after a warm-up run so that it holds the functions a run compiles. */
export const CACHE_FILE = "specgate.js.cache";
/**
 * The files the bundle was built from (for node_modules, npm's record of it), relative to its folder;
 * absent where the bundle is all there is.
 */
export const BUILT_FROM_FILE = "built-from.json";

/** The CLI's entry point, as `lib/main.js` exports it. */
export type Main = (argv: readonly string[]) => Promise<number>;

export interface LoadedBundle {
  readonly main: Main;
  /** Whether the bundle was compiled anew: no code cache, or V8 refused it (another Node.js version or flags). */
  readonly cacheRejected: boolean;
  /** Writes the code cache of everything compiled so far; called after a warm-up run. */
  writeCodeCache(): void;
}

const statOf = (file: string): fs.Stats | undefined => fs.statSync(file, { throwIfNoEntry: false });

/** A bundle older than a file it was built from (a later `tsc -b` or `npm install`) would run old code. */
function isCurrent(dir: string, bundle: fs.Stats): boolean {
  const builtFrom = path.join(dir, BUILT_FROM_FILE);
  if (!fs.existsSync(builtFrom)) return true;
  return (JSON.parse(fs.readFileSync(builtFrom, "utf8")) as string[]).every((input) => {
    const stats = statOf(path.resolve(dir, input));
    return stats !== undefined && stats.mtimeMs <= bundle.mtimeMs;
  });
}

/**
 * Loads the CLI from its one-file bundle with its V8 code cache: half of specgate's start-up went to
 * resolving and compiling ninety modules. Undefined when the bundle is missing or out of date, and
 * the caller loads `lib/main.js` instead.
 */
export function loadBundle(folder: string): LoadedBundle | undefined {
  const dir = path.resolve(folder);
  const file = path.join(dir, BUNDLE_FILE);
  const bundle = statOf(file);
  if (bundle === undefined || !isCurrent(dir, bundle)) return undefined;
  const cacheFile = path.join(dir, CACHE_FILE);
  // The build removes the cache before it rewrites the bundle; an older cache belongs to another bundle.
  const cache = statOf(cacheFile);
  const cachedData = cache && cache.mtimeMs >= bundle.mtimeMs ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, "utf8")}\n})`,
    { filename: file, cachedData },
  );
  const loaded = { exports: {} as { main?: Main } };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    loaded.exports,
    createRequire(file),
    loaded,
    file,
    dir,
  );
  const { main } = loaded.exports;
  if (typeof main !== "function") throw new Error(`${file} does not export main: rebuild it`);
  return {
    main,
    cacheRejected: cachedData === undefined || script.cachedDataRejected === true,
    writeCodeCache: () => fs.writeFileSync(cacheFile, script.createCachedData()),
  };
}
