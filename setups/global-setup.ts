import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Packs specgate's six packages once for every setup test, into a folder of its own for this run (npx
 * keys what it installs by the tarballs' paths: a fresh folder is never served from an older run).
 */
export default function setup(project: TestProject): () => void {
  // What npx installs from this run's tarballs is this run's only: removed at the end.
  const npxCache = path.join(process.env.npm_config_cache ?? path.join(os.homedir(), ".npm"), "_npx");
  const npxBefore = new Set(fs.existsSync(npxCache) ? fs.readdirSync(npxCache) : []);
  const { pack } = require("../scripts/pack.js") as { pack: (folder: string) => string[] };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-packages-"));
  const started = Date.now();
  pack(folder);
  console.log(`setups: packed specgate's packages into ${folder} in ${Date.now() - started} ms`);
  project.provide("packages", folder);
  return () => {
    fs.rmSync(folder, { recursive: true, force: true });
    if (!fs.existsSync(npxCache)) return;
    for (const entry of fs.readdirSync(npxCache)) {
      if (!npxBefore.has(entry)) fs.rmSync(path.join(npxCache, entry), { recursive: true, force: true });
    }
  };
}
