// The AWS PDK Type Safe API's own generator and compiler options, called the way its projen projects
// call them (the model project parses, then the runtime and infrastructure projects generate), minus
// the `npx -p @aws/pdk` wrapper its tasks add. Its TypeScript generator runs on Node.js (ejs templates):
// no Java is needed for the `typescript` and `typescript-cdk-infrastructure` templates.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BENCH_DIR } from "./paths.mjs";
import { firstErrorLine, run } from "./proc.mjs";
import { firstDiagnostic, tsc, writeTsconfig } from "./typescript.mjs";

const require = createRequire(path.join(BENCH_DIR, "package.json"));
const RUNTIME_PACKAGE = "bench-api-runtime";

export function pdkAvailable() {
  try {
    return existsSync(typeSafeApiScript());
  } catch {
    return false;
  }
}

export function pdkVersion() {
  return JSON.parse(readFileSync(require.resolve("@aws/pdk/package.json"), "utf8")).version;
}

function typeSafeApiScript() {
  return path.join(
    path.dirname(require.resolve("@aws/pdk/package.json")),
    "scripts",
    "type-safe-api",
    "run.js",
  );
}

/** What the PDK's TypeScript infrastructure project passes as metadata when no handler projects exist. */
const INFRASTRUCTURE_METADATA = {
  srcDir: "src",
  runtimePackageName: RUNTIME_PACKAGE,
  relativeSpecPath: "../assets/api.json",
  enableMockIntegrations: true,
  "x-handlers-python-module": "",
  "x-handlers-java-package": "",
  "x-handlers-typescript-asset-path": "",
  "x-handlers-python-asset-path": "",
  "x-handlers-java-asset-path": "",
  "x-handlers-node-lambda-runtime-version": "",
  "x-handlers-python-lambda-runtime-version": "",
  "x-handlers-java-lambda-runtime-version": "",
};

/**
 * Generates the TypeScript runtime and CDK infrastructure (with mock data) for `specFile` into `outDir`:
 * four processes, as the PDK's generate tasks run them. Resolves { ok, wallMs, peakRssKb, error }.
 */
export async function pdkGenerate(specFile, outDir) {
  const script = typeSafeApiScript();
  const parsed = path.join(outDir, "model", ".api.json");
  const steps = [
    ["parse-openapi-spec", "--specPath", specFile, "--outputPath", parsed],
    ...[
      ["runtime", "typescript", { srcDir: "src" }],
      ["infra", "typescript-cdk-infrastructure", INFRASTRUCTURE_METADATA],
    ].map(([dir, template, metadata]) => [
      "generate",
      "--specPath",
      parsed,
      "--outputPath",
      path.join(outDir, dir),
      "--templateDirs",
      template,
      "--metadata",
      JSON.stringify(metadata),
    ]),
    ["generate-mock-data", "--specPath", parsed, "--outputPath", path.join(outDir, "infra")],
  ];
  let wallMs = 0;
  let peakRssKb = 0;
  for (const args of steps) {
    const result = await run(process.execPath, [script, ...args], { cwd: outDir });
    wallMs += result.wallMs;
    peakRssKb = Math.max(peakRssKb, result.peakRssKb ?? 0);
    if (!result.ok) return { ok: false, wallMs, peakRssKb, error: `${args[0]}: ${firstErrorLine(result)}` };
  }
  return { ok: true, wallMs, peakRssKb };
}

/** projen's TypeScriptProject defaults, which the PDK's generated projects start from. */
const PROJEN_DEFAULTS = {
  alwaysStrict: true,
  declaration: true,
  esModuleInterop: true,
  experimentalDecorators: true,
  lib: ["es2019"],
  module: "CommonJS",
  noFallthroughCasesInSwitch: true,
  noImplicitAny: true,
  noImplicitReturns: true,
  noImplicitThis: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  resolveJsonModule: true,
  strict: true,
  strictNullChecks: true,
  strictPropertyInitialization: true,
  stripInternal: true,
  target: "ES2019",
  types: ["node"],
  rootDir: "src",
  outDir: "lib",
};

/** The runtime project relaxes strictness ("generated code isn't very strict"). */
const RUNTIME_OPTIONS = {
  ...PROJEN_DEFAULTS,
  lib: ["dom", "es2019"],
  strict: false,
  alwaysStrict: false,
  noImplicitAny: false,
  noImplicitReturns: false,
  noImplicitThis: false,
  noUnusedLocals: false,
  noUnusedParameters: false,
  strictNullChecks: false,
  strictPropertyInitialization: false,
  skipLibCheck: true,
};

/** The infrastructure project keeps projen's strict defaults but allows unused imports. */
const INFRASTRUCTURE_OPTIONS = {
  ...PROJEN_DEFAULTS,
  lib: ["dom", "es2019"],
  noUnusedLocals: false,
  noUnusedParameters: false,
  skipLibCheck: true,
  // The infrastructure depends on the runtime package through its built declarations.
  paths: { [RUNTIME_PACKAGE]: ["../runtime/lib/index.d.ts"] },
};

/**
 * Type-checks what pdkGenerate wrote, each project under its own compiler options: `tsc --noEmit` of the
 * runtime, then of the infrastructure against the runtime's declarations (emitted in between, untimed).
 */
export async function pdkTypecheck(outDir) {
  const runtimeConfig = writeTsconfig(path.join(outDir, "runtime"), {
    compilerOptions: RUNTIME_OPTIONS,
    include: ["src/**/*.ts"],
  });
  const infraConfig = writeTsconfig(path.join(outDir, "infra"), {
    compilerOptions: INFRASTRUCTURE_OPTIONS,
    include: ["src/**/*.ts"],
  });
  const runtime = await tsc(["-p", runtimeConfig, "--noEmit"], { cwd: outDir });
  await tsc(["-p", runtimeConfig, "--emitDeclarationOnly"], { cwd: outDir });
  const infra = await tsc(["-p", infraConfig, "--noEmit"], { cwd: outDir });
  const failed = [runtime, infra].find((result) => !result.ok);
  return {
    ok: !failed,
    wallMs: runtime.wallMs + infra.wallMs,
    peakRssKb: Math.max(runtime.peakRssKb ?? 0, infra.peakRssKb ?? 0) || undefined,
    error: failed
      ? `${failed === runtime ? "runtime" : "infrastructure"}: ${firstDiagnostic(failed)}`
      : undefined,
  };
}
