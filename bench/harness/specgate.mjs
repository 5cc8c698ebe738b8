// specgate's side: the `specgate` command and packages of this workspace, built from source.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { REPO_ROOT } from "./paths.mjs";
import { firstErrorLine, run } from "./proc.mjs";
import { firstDiagnostic, tsc, writeTsconfig } from "./typescript.mjs";

export const SPECGATE_BIN = path.join(REPO_ROOT, "packages", "cli", "bin", "specgate.js");
const requireFromRoot = createRequire(path.join(REPO_ROOT, "package.json"));

/** Builds the workspace (`tsc -b`), as users get the packages: compiled, with declarations. */
export async function buildSpecgate() {
  const result = await run(process.execPath, [requireFromRoot.resolve("typescript/lib/tsc.js"), "-b"], {
    cwd: REPO_ROOT,
  });
  return { ok: result.ok, wallMs: result.wallMs, error: result.ok ? undefined : firstErrorLine(result) };
}

export function specgateVersion() {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "packages", "cli", "package.json"), "utf8")).version;
}

/** `specgate generate --spec <spec> --out <caseDir>/generated` (handler stubs go to <caseDir>/handlers). */
export async function specgateGenerate(specFile, caseDir) {
  const result = await run(
    process.execPath,
    [SPECGATE_BIN, "generate", "--spec", specFile, "--out", path.join(caseDir, "generated")],
    { cwd: caseDir },
  );
  return {
    ok: result.ok,
    wallMs: result.wallMs,
    peakRssKb: result.peakRssKb,
    error: result.ok ? undefined : firstErrorLine(result),
    notAvailable: !result.ok && /not available/i.test(result.stderr),
  };
}

/** The compiler options specgate's generated code is held to: `strict`, as the workspace itself. */
export const STRICT_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023"],
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ["node"],
  noEmit: true,
};

/** `tsc --noEmit` over everything `specgate generate` wrote for one case (generated code and stubs). */
export async function specgateTypecheck(caseDir) {
  const config = writeTsconfig(caseDir, {
    compilerOptions: STRICT_OPTIONS,
    include: ["**/*.ts"],
    exclude: ["node_modules"],
  });
  const result = await tsc(["-p", config, "--noEmit"], { cwd: caseDir });
  return {
    ok: result.ok,
    wallMs: result.wallMs,
    peakRssKb: result.peakRssKb,
    error: result.ok ? undefined : firstDiagnostic(result),
  };
}

/** Whether a workspace package's build output exists and exports `names`. */
export function packageExports(name, names) {
  try {
    const entry = requireFromRoot.resolve(name);
    if (!existsSync(entry)) return { ok: false, reason: `${name} is not built` };
    const loaded = requireFromRoot(name);
    const missing = names.filter((n) => loaded[n] === undefined);
    return missing.length === 0
      ? { ok: true }
      : { ok: false, reason: `${name} does not export ${missing.join(", ")} yet` };
  } catch (error) {
    return {
      ok: false,
      reason: `${name} cannot be loaded: ${String(error.message ?? error).split("\n")[0]}`,
    };
  }
}
