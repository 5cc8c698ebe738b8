import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import type * as Codegen from "@specgate/codegen";
import type * as Model from "@specgate/model";
import { printLine } from "../output";
import { projectOf } from "../project";
import { UserError } from "../user-error";

export interface GenerateCommandOptions {
  readonly spec: string;
  readonly out: string;
  readonly handlers?: string;
  readonly allHandlers?: boolean;
  /** Default: from the nearest package.json (`"type": "module"`: esm). */
  readonly moduleFormat?: Codegen.ModuleFormat;
  /** Default: the runner the nearest package.json's `test` script or dependencies name. */
  readonly testRunner?: Codegen.TestRunner;
  /** What the paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /** Default: typescript. */
  readonly language?: Codegen.Language;
  /** Java only. Default: from the model's title (`myapi.infra`). */
  readonly package?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Runs `specgate generate`; returns the lines it prints (warnings, then the summary). */
export async function runGenerate(options: GenerateCommandOptions): Promise<string[]> {
  const started = process.hrtime.bigint();
  // Loaded when the command runs, not when it is registered: `--help` and `serve` never need them.
  const { generate, GenerationError, isJavaPackage, writeGenerated } =
    require("@specgate/codegen") as typeof Codegen;
  const cwd = path.resolve(options.cwd ?? ".");
  const language = options.language ?? "typescript";
  if (options.package !== undefined && language !== "java") {
    throw new UserError("--package names the Java package: give it with --language java");
  }
  if (options.package !== undefined && !isJavaPackage(options.package)) {
    throw new UserError(
      `--package ${options.package} is not a Java package name: give dot-separated identifiers, e.g. myapi.infra`,
    );
  }
  const pythonPackage = path.basename(path.resolve(cwd, options.out));
  if (language === "python" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pythonPackage)) {
    throw new UserError(
      `--out ${options.out}: the folder is the Python package the app imports, so its name must be a Python identifier, e.g. myapi_infra`,
    );
  }
  const spec = path.resolve(cwd, options.spec);
  if (!fs.existsSync(spec)) {
    throw new UserError(`--spec ${options.spec} does not exist: give the path of your OpenAPI model`);
  }
  if (fs.statSync(spec).isDirectory()) {
    throw new UserError(`--spec ${options.spec} is a folder: give the path of your OpenAPI model file`);
  }
  // Relative to where the command runs: the model's messages name its files as the person gave them.
  const { model, apiGatewayProblems } = await loadForGeneration(path.relative(process.cwd(), spec) || spec);
  const outDir = path.resolve(cwd, options.out);
  const handlersDir = path.resolve(cwd, options.handlers ?? path.join(path.dirname(outDir), "handlers"));
  if (handlersDir === outDir || handlersDir.startsWith(outDir + path.sep)) {
    // The output folder is replaced on every run: stubs written once inside it would be lost.
    throw new UserError(
      `--handlers ${options.handlers ?? handlersDir} is inside --out ${options.out}: give a folder outside it`,
    );
  }
  const specPath = path.relative(cwd, spec).split(path.sep).join("/");
  const project = projectOf(path.dirname(outDir));
  const fromOut = (file: string): string => path.relative(outDir, file).split(path.sep).join("/");
  const generatedWith: Codegen.GeneratedWith = {
    spec: fromOut(spec),
    handlers: fromOut(handlersDir),
    allHandlers: options.allHandlers === true,
    moduleFormat: options.moduleFormat ?? project.moduleFormat,
    testRunner: options.testRunner ?? project.testRunner,
    language,
    ...(options.package !== undefined ? { javaPackage: options.package } : {}),
  };
  const { allHandlers, moduleFormat, testRunner, javaPackage } = generatedWith;
  const result = generate(model, {
    specPath,
    outDir,
    handlersDir,
    allHandlers,
    moduleFormat,
    testRunner,
    language,
    javaPackage,
  });
  let written;
  try {
    written = writeGenerated({
      outDir,
      files: result.files,
      handlersDir,
      handlers: result.handlers,
      specPath,
      generatedWith,
    });
  } catch (error) {
    if (error instanceof GenerationError) throw new UserError(error.message);
    throw error;
  }
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const files = written.written + written.handlersWritten.length;
  const stubs =
    written.handlersWritten.length > 0 ? ` (${plural(written.handlersWritten.length, "handler stub")})` : "";
  const removed = written.removed.length > 0 ? `, ${written.removed.length} stale removed` : "";
  return [
    ...apiGatewayProblems.map(
      (p) => `warning: ${p} (the Api construct cannot be deployed until this is fixed)`,
    ),
    ...result.warnings.map((w) => `warning: ${w}`),
    `Generated ${plural(model.operations.length, "operation")} and ${plural(Object.keys(model.schemas).length, "schema")}: ` +
      `${plural(files, "file")} written${stubs}${removed} in ${ms} ms`,
  ];
}

/**
 * Loads the model once; a model that is valid OpenAPI but that API Gateway cannot serve (e.g. two
 * path variables at one position) still generates, its API Gateway problems reported as warnings.
 */
async function loadForGeneration(
  spec: string,
): Promise<{ model: Model.ApiModel; apiGatewayProblems: string[] }> {
  const { apiGatewayProblems, formatProblem, loadModel } = require("@specgate/model") as typeof Model;
  const model = await loadModel(spec, { apiGateway: false });
  return { model, apiGatewayProblems: apiGatewayProblems(model).map(formatProblem) };
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "Generate typed TypeScript (runtime, CDK infrastructure, handler stubs), or CDK infrastructure in Java or Python, from an OpenAPI model",
    )
    .requiredOption("--spec <file>", "the OpenAPI model (YAML or JSON)")
    .requiredOption("--out <dir>", "where generated code goes (replaced on each run)")
    .option("--handlers <dir>", "where handler stubs go, written once (default: handlers beside --out)")
    .option("--all-handlers", "write a handler stub for every operation, not only those marked x-handler")
    .addOption(
      new Option(
        "--module-format <format>",
        'how the project runs TypeScript (default: esm when its package.json has "type": "module")',
      ).choices(["commonjs", "esm"]),
    )
    .addOption(
      new Option(
        "--test-runner <runner>",
        "what handler test stubs are written for (default: what the package.json's test script runs)",
      ).choices(["vitest", "jest", "node", "none"]),
    )
    .addOption(
      new Option(
        "--language <language>",
        "the language of the infrastructure: typescript (with runtime and handlers), python or java",
      )
        .choices(["typescript", "python", "java"])
        .default("typescript"),
    )
    .option("--package <name>", "the Java package of the generated classes (default: from the model's title)")
    .action(async (options: GenerateCommandOptions) => {
      const lines = await runGenerate(options);
      for (const line of lines) printLine(line.startsWith("warning: ") ? 2 : 1, line);
    });
}
