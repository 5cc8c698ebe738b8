// Scratch space outside the repository (so root lint and tests never see generated code), with a
// node_modules link per side: the PDK's code resolves bench/node_modules, specgate's the workspace's.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_DIR, REPO_ROOT } from "./paths.mjs";

export function createWorkspace({ keep = false } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), "specgate-bench-"));
  for (const [side, modules] of [
    ["pdk", path.join(BENCH_DIR, "node_modules")],
    ["specgate", path.join(REPO_ROOT, "node_modules")],
  ]) {
    mkdirSync(path.join(root, side), { recursive: true });
    symlinkSync(modules, path.join(root, side, "node_modules"), "dir");
  }
  if (!keep) process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  return {
    root,
    /** A fresh, empty folder for one case of one side. */
    dir(side, ...names) {
      const dir = path.join(root, side, ...names.map((name) => name.replace(/[^A-Za-z0-9._-]+/g, "_")));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}
