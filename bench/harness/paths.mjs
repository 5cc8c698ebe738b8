import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(BENCH_DIR, "..");
/** The fixed sample of real-world specs that day-to-day runs use, one path of the directory a line. */
export const DEV_SAMPLE = path.join(REPO_ROOT, "corpus", "dev-sample.txt");
