import type * as ChildProcess from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Bundle, BundleProblems, bundleDocument, hasExternalRefs, locatorOf } from "./bundle";
import { ModelError } from "./errors";
import { buildModel } from "./normalize";
import { FileProblem, readSpecFile } from "./parse";
import type { ApiModel, ModelProblem, OpenApiDocument } from "./types";
import { validateStructure } from "./validate";

/** Options of `loadModel` and `loadModelSync`. */
export interface LoadModelOptions {
  /**
   * Check that API Gateway can serve every path and method (see `buildModel`).
   * @default true
   */
  readonly apiGateway?: boolean;
}

/** The root document, where it is and how problems name it. */
interface Root {
  readonly document: OpenApiDocument;
  /** Absolute path relative `$ref`s are resolved against. */
  readonly path: string;
  /** The file name problems show: the path as given, or `api` for a document passed as an object. */
  readonly display: string;
}

const SUPPORTED = /^3\.[01]\.\d+(-.+)?$/;

function versionProblem(document: unknown, file: string): ModelProblem | undefined {
  if (document === null || document === undefined) {
    return { file, pointer: "", message: "is empty: write an OpenAPI 3.0 or 3.1 document in it" };
  }
  if (typeof document !== "object" || Array.isArray(document)) {
    return {
      file,
      pointer: "",
      message: "is not an OpenAPI document (expected a mapping with openapi, info and paths)",
    };
  }
  const { openapi, swagger } = document as Record<string, unknown>;
  if (swagger !== undefined) {
    return {
      file,
      pointer: "#/swagger",
      message:
        `this is a Swagger ${String(swagger)} document; specgate reads OpenAPI 3.0 and 3.1: convert it ` +
        "(e.g. `npx swagger2openapi <file> -o openapi.yaml`, or paste it into https://converter.swagger.io)",
    };
  }
  if (openapi === undefined) {
    return {
      file,
      pointer: "",
      message: 'missing the "openapi" field: start the document with openapi: 3.0.3',
    };
  }
  if (typeof openapi !== "string" || !SUPPORTED.test(openapi)) {
    return {
      file,
      pointer: "#/openapi",
      message: `OpenAPI version ${JSON.stringify(openapi)} is not supported: specgate reads OpenAPI 3.0.x and 3.1.x (write it as a string, e.g. "3.0.3")`,
    };
  }
  return undefined;
}

function readRoot(input: string | OpenApiDocument): Root {
  let root: Root;
  if (typeof input === "string") {
    const path = resolve(input);
    try {
      root = { document: readSpecFile(path, input) as OpenApiDocument, path, display: input };
    } catch (error) {
      if (error instanceof FileProblem) throw new ModelError([error.problem]);
      throw error;
    }
  } else {
    root = { document: input, path: join(process.cwd(), "api"), display: "api" };
  }
  const problem = versionProblem(root.document, root.display);
  if (problem) throw new ModelError([problem]);
  return root;
}

/** Validates a bundled document and normalizes it, reporting structural and semantic problems together. */
function modelOf(bundle: Bundle, root: Root, options: LoadModelOptions): ApiModel {
  const locate = bundle.origins.length > 0 ? locatorOf(root.display, bundle.origins) : undefined;
  const structural = validateStructure(bundle.document).map((problem) => ({
    ...(locate?.(problem.pointer) ?? { file: root.display, pointer: problem.pointer }),
    message: problem.message,
    vague: problem.vague === true,
  }));
  let semantic: readonly ModelProblem[] = [];
  try {
    const model = buildModel(bundle.document, root.display, { apiGateway: options.apiGateway, locate });
    if (structural.length === 0) return model;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    semantic = error.problems;
  }
  const specific = new Set(semantic.map((p) => `${p.file}${p.pointer}`));
  const kept = structural
    .filter((p) => !(p.vague && specific.has(`${p.file}${p.pointer}`)))
    .map(({ file, pointer, message }) => ({ file, pointer, message }));
  throw new ModelError([...kept, ...semantic]);
}

/**
 * Loads a model from a file path (YAML or JSON, relative to the working directory, `$ref`s to other
 * files allowed) or a parsed document. Throws a `ModelError` listing every problem found.
 */
export async function loadModel(
  input: string | OpenApiDocument,
  options: LoadModelOptions = {},
): Promise<ApiModel> {
  const root = readRoot(input);
  if (!hasExternalRefs(root.document))
    return modelOf({ document: root.document, origins: [] }, root, options);
  try {
    return modelOf(await bundleDocument(root.document, root.path, root.display), root, options);
  } catch (error) {
    if (error instanceof BundleProblems) throw new ModelError(error.problems);
    throw error;
  }
}

/**
 * The synchronous form of `loadModel`, for CDK constructs (synth is synchronous). A document with
 * `$ref`s to other files is bundled in a child process running `lib/bundle-worker.js`, because the
 * ref parser only reads files asynchronously; so the package must be built for those documents.
 */
export function loadModelSync(input: string | OpenApiDocument, options: LoadModelOptions = {}): ApiModel {
  const root = readRoot(input);
  if (!hasExternalRefs(root.document))
    return modelOf({ document: root.document, origins: [] }, root, options);
  return modelOf(bundleInChildProcess(root), root, options);
}

/** Resolves from `src/` (tests) and from `lib/` (the built package) alike. */
const WORKER = join(__dirname, "..", "lib", "bundle-worker.js");

/** What `bundle-worker` writes to its standard output. */
export type BundleWorkerResult =
  | { readonly ok: true; readonly bundle: Bundle }
  | { readonly ok: false; readonly problems: readonly ModelProblem[] };

function bundleInChildProcess(root: Root): Bundle {
  if (!existsSync(WORKER)) {
    throw new Error(`@specgate/model is not built (${WORKER} is missing): run \`npx tsc -b packages/model\``);
  }
  // Loaded here only: node:child_process takes milliseconds to load, and one-file documents never need it.
  const { execFileSync } = require("node:child_process") as typeof ChildProcess;
  const output = execFileSync(process.execPath, [WORKER], {
    input: JSON.stringify(root),
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const result = JSON.parse(output) as BundleWorkerResult;
  if (!result.ok) throw new ModelError(result.problems);
  return result.bundle;
}
