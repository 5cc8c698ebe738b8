import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { build } from "esbuild";
import { loadModelSync, type ApiModel } from "@specgate/model";
import type { GeneratedFile } from "../../src/files";

export const FIXTURES = path.resolve(__dirname, "../fixtures/runtime");
export const GOLDEN = path.resolve(__dirname, "../golden/runtime");
export const SAY_HELLO = path.resolve(__dirname, "../fixtures/say-hello.yaml");
const TMP = path.resolve(__dirname, "../../.tmp");
const RUNTIME_SOURCE = path.resolve(__dirname, "../../../runtime/src/index.ts");

/** Loads a spec, naming its source by file name so generated headers do not depend on the checkout. */
export function modelOf(file: string): ApiModel {
  return { ...loadModelSync(file), source: path.basename(file) };
}

export const fixture = (name: string): string => path.join(FIXTURES, name);

/** Writes generated files (and extra sources) into a fresh folder under `packages/codegen/.tmp/`. */
export function writeProject(
  name: string,
  files: readonly GeneratedFile[],
  extra: { [file: string]: string } = {},
): string {
  const dir = path.join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  for (const file of [...files, ...Object.entries(extra).map(([p, content]) => ({ path: p, content }))]) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return dir;
}

/**
 * Bundles a project's `runtime/index.ts` for Node as a Lambda deployment would (esbuild, CommonJS),
 * with @specgate/runtime taken from its sources, and loads it.
 */
export async function loadGeneratedRuntime<T>(dir: string): Promise<T> {
  const outfile = path.join(dir, "bundle", "runtime.js");
  await build({
    entryPoints: [path.join(dir, "runtime", "index.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    alias: { "@specgate/runtime": RUNTIME_SOURCE },
    logLevel: "silent",
  });
  return createRequire(__filename)(outfile) as T;
}
