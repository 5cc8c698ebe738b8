import * as path from "node:path";
import type { ApiModel, ApiOperation } from "@specgate/model";
import type { GeneratedFile } from "./files";
import { generateHandlerStubs, stubFileName } from "./handlers";
import { generateInfrastructure } from "./infrastructure";
import { handlerLanguage, planOperations } from "./infrastructure/responses";
import { moduleSpecifier, type ModuleFormat, type TestRunner } from "./project";
import { generateJava } from "./polyglot/java";
import { generatePython } from "./polyglot/python";
import { generateRuntimeWithWarnings } from "./runtime";
import { generatedHeader } from "./emit/ts";

export interface GenerateOptions {
  /** The model's path as generated headers name it, e.g. `api/openapi.yaml`. @default the model's source */
  readonly specPath?: string;
  /** The output folder, as given on the command line; only relative paths between folders are derived from it. @default "generated" */
  readonly outDir?: string;
  /** The handlers folder, as given on the command line. @default `handlers` beside the output folder */
  readonly handlersDir?: string;
  /** A handler stub for every operation, not only those marked `x-handler`. @default false */
  readonly allHandlers?: boolean;
  /** How the project runs its TypeScript: CommonJS or ES modules. @default "commonjs" */
  readonly moduleFormat?: ModuleFormat;
  /** The test runner handler test stubs are written for; `none` writes none. @default "vitest" */
  readonly testRunner?: TestRunner;
  /** The language of the infrastructure: TypeScript (with the runtime and handlers), Python or Java. @default "typescript" */
  readonly language?: Language;
  /** The Java package of the generated classes. @default derived from the model's title: `myapi.infra` */
  readonly javaPackage?: string;
}

/** The languages `specgate generate` writes infrastructure in. */
export const LANGUAGES = ["typescript", "python", "java"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface GenerateResult {
  /** Files of the output folder, paths relative to it, in a stable order. */
  readonly files: readonly GeneratedFile[];
  /** Handler stubs and their tests, paths relative to the handlers folder: written only where none exists. */
  readonly handlers: readonly GeneratedFile[];
  /** What was generated loosely or left out, one line each. */
  readonly warnings: readonly string[];
}

const toPosix = (p: string): string => p.split(path.sep).join("/");

export { generatedHeader } from "./emit/ts";

/** Generates everything `specgate generate` writes from a model. Pure: no file system access. */
export function generate(model: ApiModel, options: GenerateOptions = {}): GenerateResult {
  const specPath = toPosix(options.specPath ?? model.source ?? "the API model");
  const outDir = path.resolve(options.outDir ?? "generated");
  const handlersDir = path.resolve(options.handlersDir ?? path.join(path.dirname(outDir), "handlers"));
  const moduleFormat = options.moduleFormat ?? "commonjs";
  const warnings: string[] = [];
  const derived = model.operations.filter((op) => op.operationIdDerived);
  if (derived.length > 0) warnings.push(derivedIdsWarning(specPath, derived));
  const webhooks = model.document.webhooks;
  const webhookCount = webhooks !== null && typeof webhooks === "object" ? Object.keys(webhooks).length : 0;
  if (webhookCount > 0) {
    warnings.push(
      `${specPath}#/webhooks: ${webhookCount === 1 ? "1 webhook is" : `${webhookCount} webhooks are`} left out: ` +
        "they are requests the API sends, not operations API Gateway serves",
    );
  }
  const plans = planOperations(model);

  if (options.language === "python" || options.language === "java") {
    const handled = plans.filter((plan) => handlerLanguage(plan.operation) !== undefined);
    if (handled.length > 0) {
      warnings.push(
        `x-handler: ${handled.map((plan) => plan.operation.operationId).join(", ")} get no handler wrapper or function in ${options.language} yet (only in typescript): give each a Lambda function of your own with Integrations.lambda`,
      );
    }
    const files =
      options.language === "python"
        ? generatePython(model, plans, { specPath })
        : generateJava(model, plans, {
            specPath,
            javaPackage: options.javaPackage ?? defaultJavaPackage(model),
          });
    return { files: sortByPath(files), handlers: [], warnings };
  }

  const functionOperations = plans.filter((plan) => {
    const language = handlerLanguage(plan.operation);
    if (language === undefined) return false;
    if (language === "typescript") return true;
    warnings.push(
      `${plan.operation.operationId}: x-handler language "${language}" is not supported (only typescript): no function or stub generated`,
    );
    return false;
  });
  for (const plan of plans) {
    for (const ignored of plan.operation.responses.filter(
      (r) => !plan.responses.some((m) => m.response === r),
    )) {
      warnings.push(
        `${plan.operation.operationId}: response "${ignored.statusCode}" is not an HTTP status code: no mock integration generated`,
      );
    }
  }

  const infrastructure = generateInfrastructure(model, plans, {
    functionOperations,
    handlersFromInfrastructure:
      toPosix(path.relative(path.join(outDir, "infrastructure"), handlersDir)) || ".",
    stubFileName,
    moduleFormat,
  });
  const runtime = generateRuntimeWithWarnings(model, moduleFormat);
  for (const warning of runtime.warnings) warnings.push(`${specPath}${warning.pointer}: ${warning.message}`);
  const header = generatedHeader(specPath);
  const files = [...runtime.files, ...infrastructure]
    .map((file) =>
      file.path.endsWith(".ts") && !file.content.startsWith("// Generated")
        ? { path: file.path, content: header + file.content }
        : file,
    )
    .sort(byPath);

  const runtimeIndex = toPosix(path.relative(handlersDir, path.join(outDir, "runtime", "index")));
  const stubPlans = options.allHandlers ? plans : functionOperations;
  const handlers = generateHandlerStubs(model, stubPlans, {
    wrappers: runtime.handlerWrappers,
    runtimeImport: moduleSpecifier(
      runtimeIndex.startsWith(".") ? runtimeIndex : `./${runtimeIndex}`,
      moduleFormat,
    ),
    moduleFormat,
    testRunner: options.testRunner ?? "vitest",
  });
  return { files, handlers, warnings };
}

const byPath = (a: GeneratedFile, b: GeneratedFile): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
const sortByPath = (files: GeneratedFile[]): GeneratedFile[] => [...files].sort(byPath);

/** `MyApi` → `myapi.infra`: the Java package when none is given. */
export function defaultJavaPackage(model: ApiModel): string {
  const name = (model.title || "api").toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${/^[a-z]/.test(name) ? name : `api${name}`}.infra`;
}

/** One line for every operation named from its method and path, with two of the names. */
function derivedIdsWarning(specPath: string, derived: readonly ApiOperation[]): string {
  const examples = derived
    .slice(0, 2)
    .map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`)
    .join(", ");
  const count = derived.length === 1 ? "1 operation has" : `${derived.length} operations have`;
  return (
    `${specPath}: ${count} no operationId, named from the method and path instead: ${examples}` +
    `${derived.length > 2 ? ", …" : ""}; the generated OperationConfig lists every name (give operationIds to choose them)`
  );
}
