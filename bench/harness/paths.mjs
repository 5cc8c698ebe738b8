import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(BENCH_DIR, "..");
/** The project's shared material (corpus sample list) sits beside the repository. */
export const SHARED_DIR = process.env.SPECGATE_SHARED_DIR ?? path.resolve(REPO_ROOT, "..", "shared");
