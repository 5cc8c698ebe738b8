import type * as ChildProcess from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Bundle, BundleProblems, bundleDocument, hasExternalRefs, locatorOf } from "./bundle";
import { ModelError } from "./errors";
import { buildModel } from "./normalize";
import { FileProblem, readSpecFile } from "./parse";
import type { ApiModel, ModelProblem, OpenApiDocument } from "./types";
import { danglingRefProblems } from "./refs";
import { convertSwagger, isSwagger, swaggerLocator } from "./swagger";
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
export interface Root {
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
    if (swagger === "2.0") return undefined;
    return {
      file,
      pointer: "#/swagger",
      message: `Swagger version ${JSON.stringify(swagger)} is not supported: specgate reads Swagger 2.0 and OpenAPI 3.0 and 3.1 (write it as a string, "2.0", or convert the document to OpenAPI 3)`,
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

/**
 * A document ready to validate and normalize: bundled into one, and converted to OpenAPI 3.0 when
 * it is Swagger 2.0 (then `swagger` is the bundled Swagger document, which problems point into).
 */
export interface PreparedDocument {
  /** `document` is the OpenAPI 3 document; `origins` say where the parts of the bundled root came from. */
  readonly bundle: Bundle;
  readonly swagger?: OpenApiDocument;
  /** What the Swagger document says that OpenAPI 3 cannot, reported with the model's other problems. */
  readonly conversionProblems?: readonly ModelProblem[];
}

/** Where each problem in a prepared document is, in the files the user wrote. */
function locatorFor(
  prepared: PreparedDocument,
  root: Root,
): ((pointer: string) => { file: string; pointer: string }) | undefined {
  const { bundle, swagger } = prepared;
  const inFiles = bundle.origins.length > 0 ? locatorOf(root.display, bundle.origins) : undefined;
  if (!swagger) return inFiles;
  const inSwagger = swaggerLocator(swagger, bundle.document);
  return (pointer) => {
    const original = inSwagger(pointer);
    return inFiles ? inFiles(original) : { file: root.display, pointer: original };
  };
}

/**
 * Bundles a document that spans several files and converts a Swagger 2.0 document to OpenAPI 3.0,
 * checking it against the Swagger 2.0 schema first. Throws a `ModelError`.
 */
export async function prepareDocument(root: Root): Promise<PreparedDocument> {
  let bundle: Bundle = { document: root.document, origins: [] };
  if (hasExternalRefs(root.document)) {
    try {
      bundle = await bundleDocument(root.document, root.path, root.display);
    } catch (error) {
      if (error instanceof BundleProblems) throw new ModelError(error.problems);
      throw error;
    }
  }
  if (!isSwagger(bundle.document)) return { bundle };
  const locate = bundle.origins.length > 0 ? locatorOf(root.display, bundle.origins) : undefined;
  const at = (pointer: string, message: string): ModelProblem => ({
    ...(locate?.(pointer) ?? { file: root.display, pointer }),
    message,
  });
  const before = [
    ...validateStructure(bundle.document).map((p) => at(p.pointer, p.message)),
    ...danglingRefProblems(bundle.document).map((p) => at(p.pointer, p.message)),
  ];
  if (before.length > 0) throw new ModelError(before);
  const conversion = await convertSwagger(bundle.document);
  const inSwagger = swaggerLocator(bundle.document, conversion.document ?? bundle.document);
  const conversionProblems = conversion.problems.map((p) => at(inSwagger(p.pointer), p.message));
  if (!conversion.document) throw new ModelError(conversionProblems);
  return {
    bundle: { document: conversion.document, origins: bundle.origins },
    swagger: bundle.document,
    conversionProblems,
  };
}

/** Validates a prepared document and normalizes it, reporting structural and semantic problems together. */
function modelOf(prepared: PreparedDocument, root: Root, options: LoadModelOptions): ApiModel {
  const { bundle } = prepared;
  const locate = locatorFor(prepared, root);
  const structural = validateStructure(bundle.document).map((problem) => ({
    ...(locate?.(problem.pointer) ?? { file: root.display, pointer: problem.pointer }),
    message: problem.message,
    vague: problem.vague === true,
  }));
  const conversion = prepared.conversionProblems ?? [];
  let semantic: readonly ModelProblem[] = [];
  try {
    const model = buildModel(bundle.document, root.display, { apiGateway: options.apiGateway, locate });
    if (structural.length === 0 && conversion.length === 0) return model;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    semantic = error.problems;
  }
  const specific = new Set(semantic.map((p) => `${p.file}${p.pointer}`));
  const kept = structural
    .filter((p) => !(p.vague && specific.has(`${p.file}${p.pointer}`)))
    .map(({ file, pointer, message }) => ({ file, pointer, message }));
  throw new ModelError([...conversion, ...kept, ...semantic]);
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
  return modelOf(await prepareDocument(root), root, options);
}

/**
 * The synchronous form of `loadModel`, for CDK constructs (synth is synchronous). A document with
 * `$ref`s to other files is bundled in a child process running `lib/bundle-worker.js`, because the
 * ref parser only reads files asynchronously; so the package must be built for those documents.
 */
export function loadModelSync(input: string | OpenApiDocument, options: LoadModelOptions = {}): ApiModel {
  const root = readRoot(input);
  if (!hasExternalRefs(root.document) && !isSwagger(root.document)) {
    return modelOf({ bundle: { document: root.document, origins: [] } }, root, options);
  }
  return modelOf(prepareInChildProcess(root), root, options);
}

/** Resolves from `src/` (tests) and from `lib/` (the built package) alike. */
const WORKER = join(__dirname, "..", "lib", "bundle-worker.js");

/** What `bundle-worker` writes to its standard output. */
export type BundleWorkerResult =
  | { readonly ok: true; readonly prepared: PreparedDocument }
  | { readonly ok: false; readonly problems: readonly ModelProblem[] };

function prepareInChildProcess(root: Root): PreparedDocument {
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
  return result.prepared;
}
