import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import ts from "typescript";
import { loadModel } from "@specgate/model";
import { generate, type GenerateOptions } from "../../src/generate";
import { writeGenerated } from "../../src/writer";
import { typeCheck } from "./typecheck";

const packageRoot = path.resolve(__dirname, "..", "..");
const repoRoot = path.resolve(packageRoot, "..", "..");

/** Stops early, with the fix, when the packages generated code imports have not been built. */
export function requireBuiltPackages(): void {
  for (const pkg of ["runtime", "cdk", "model"]) {
    const lib = path.join(repoRoot, "packages", pkg, "lib", "index.js");
    if (!fs.existsSync(lib))
      throw new Error(`${lib} is missing: run \`npx tsc -b packages/runtime packages/cdk\` first`);
  }
}

/**
 * A fresh folder under packages/codegen/.tmp holding `generated/` and `handlers/` for a fixture spec,
 * plus copies of the given user files, so that `@specgate/*` resolve through node_modules. An ES
 * module workspace has a package.json that says so.
 */
export async function generateWorkspace(
  name: string,
  spec: string,
  userFiles: readonly string[] = [],
  options: Pick<GenerateOptions, "allHandlers" | "moduleFormat" | "testRunner"> = {},
): Promise<string> {
  const dir = path.join(packageRoot, ".tmp", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (options.moduleFormat === "esm") {
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  }
  const model = await loadModel(spec);
  const outDir = path.join(dir, "generated");
  const handlersDir = path.join(dir, "handlers");
  const result = generate(model, { specPath: path.basename(spec), outDir, handlersDir, ...options });
  writeGenerated({ outDir, files: result.files, handlersDir, handlers: result.handlers });
  for (const file of userFiles) fs.copyFileSync(file, path.join(dir, path.basename(file)));
  return dir;
}

/** Every `.ts` file under a folder. */
export function typeScriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Type-checks files in one strict program (ES modules: with verbatimModuleSyntax too); returns each
 * diagnostic as `file:line: message`.
 */
export function typeCheckFiles(files: readonly string[], options: { esm?: boolean } = {}): Promise<string[]> {
  return typeCheck(files, repoRoot, options);
}

/** Compiles every `.ts` file of a folder to CommonJS beside it and loads `entry` with Node's own require. */
export function compileAndRequire<T>(dir: string, entry: string): T {
  for (const file of typeScriptFiles(dir)) {
    const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    fs.writeFileSync(file.replace(/\.ts$/, ".js"), output.outputText);
  }
  return createRequire(path.join(dir, "index.js"))(path.join(dir, entry)) as T;
}
