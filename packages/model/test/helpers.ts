import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import { ModelError, formatProblem } from "@specgate/model";

/** A fixture's path relative to the working directory, as a user would type it. */
export const fixture = (name: string): string => relative(process.cwd(), join(__dirname, "fixtures", name));

/** The formatted problems a failing load reports; fails the test when it does not fail. */
export async function problemsOf(load: () => unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    if (error instanceof ModelError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error("expected a ModelError");
}

/** `loadModelSync` bundles multi-file documents with the built worker: build the package first. */
export function buildModelPackage(): void {
  const root = join(__dirname, "..", "..", "..");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "packages/model"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
}
