import * as fs from "node:fs";
import * as path from "node:path";
import type { ModuleFormat, TestRunner } from "@specgate/codegen";
import { UserError } from "./user-error";

/** The parts of a package.json specgate reads. */
export interface PackageJson {
  readonly name?: string;
  readonly type?: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** The npm project a folder belongs to: its package.json, and what generated code must fit. */
export interface Project {
  /** The folder of the package.json; undefined when no folder above has one. */
  readonly root?: string;
  readonly packageJson: PackageJson;
  readonly moduleFormat: ModuleFormat;
  readonly testRunner: TestRunner;
}

/** Reads a package.json; one clear error when it is not JSON. */
export function readPackageJson(file: string): PackageJson {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackageJson;
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${(error as Error).message}): fix it and run again`);
  }
}

/**
 * The test runner of a project: the one its `test` script runs, else the one it depends on;
 * `node` for `node --test` (or `tsx --test`); `none` when it has none.
 */
export function testRunnerOf(pkg: PackageJson): TestRunner {
  const script = pkg.scripts?.test ?? "";
  if (/\bvitest\b/.test(script)) return "vitest";
  if (/\bjest\b/.test(script)) return "jest";
  if (/(^|\s)--test(\s|$)/.test(script)) return "node";
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if ("vitest" in deps) return "vitest";
  if ("jest" in deps) return "jest";
  return "none";
}

/**
 * The project of `dir`: the nearest package.json at or above it decides, as it does for Node.js and
 * TypeScript, whether `.ts` files there run as ES modules (`"type": "module"`) or CommonJS.
 */
export function projectOf(dir: string): Project {
  for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
    const file = path.join(folder, "package.json");
    if (fs.existsSync(file)) {
      const packageJson = readPackageJson(file);
      return {
        root: folder,
        packageJson,
        moduleFormat: packageJson.type === "module" ? "esm" : "commonjs",
        testRunner: testRunnerOf(packageJson),
      };
    }
    if (folder === path.dirname(folder)) {
      return { packageJson: {}, moduleFormat: "commonjs", testRunner: "none" };
    }
  }
}
