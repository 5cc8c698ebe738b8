import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  $RefParser,
  JSONParserError,
  MissingPointerError,
  FileInfo,
  ResolverError,
} from "@apidevtools/json-schema-ref-parser";
import type * as RefParserModule from "@apidevtools/json-schema-ref-parser";
import { FileProblem, ModelFileError, parseText, readModelText } from "./parse";
import { forEachRef, isLiteralPath, refCycleMessage, refCyclesAcrossFiles } from "./refs";
import { escapePointerSegment, pointerOf, resolvePointer } from "./pointer";
import type { ModelProblem, OpenApiDocument } from "./types";

/** Where a subtree of the bundled document came from: bundled pointer → [file, pointer in that file]. */
export type Origins = readonly (readonly [pointer: string, file: string, filePointer: string])[];

/** A bundled document and where each part inlined from another file came from. */
export interface Bundle {
  readonly document: OpenApiDocument;
  readonly origins: Origins;
}

/** Whether any `$ref` in the document points outside it. */
export function hasExternalRefs(document: unknown): boolean {
  let found = false;
  forEachRef(document, (_pointer, ref) => {
    found ||= !ref.startsWith("#");
  });
  return found;
}

/** Turns the ref parser's file URLs into paths shown the way the root file was given. */
function displayNameFor(rootDisplay: string): (location: string) => string {
  return (location) => {
    let path = location;
    if (location.startsWith("file://")) path = fileURLToPath(location);
    else if (isAbsolute(location)) path = decodeURIComponent(location);
    else return location;
    return isAbsolute(rootDisplay) ? path : relative(process.cwd(), path);
  };
}

/**
 * Bundles a document whose `$ref`s point to other files into one document with internal `$ref`s
 * only, using json-schema-ref-parser; each external part is inlined once, the rest point to it.
 * `rootPath` is the absolute path the document's relative `$ref`s are resolved against.
 */
export async function bundleDocument(
  document: OpenApiDocument,
  rootPath: string,
  rootDisplay: string,
): Promise<Bundle> {
  const display = displayNameFor(rootDisplay);
  const fileProblems: ModelProblem[] = [];
  // Indexed as each file is parsed, before bundling moves its parts around.
  const index = new WeakMap<object, Origin>();
  const parsed = new Map<string, unknown>([[rootPath, document]]);
  // Each file as written: bundling rewrites the `$ref`s of the parsed values in place.
  const written = new Map<string, unknown>([[rootPath, document]]);
  const specgateParser = {
    name: "specgate",
    order: 1,
    canParse: true,
    allowEmpty: false,
    parse(file: FileInfo): unknown {
      const text = Buffer.isBuffer(file.data) ? file.data.toString("utf8") : String(file.data);
      try {
        const name = display(file.url);
        const value = parseText(text, name);
        if (value === null || value === undefined) {
          throw new FileProblem({
            file: name,
            pointer: "",
            message:
              "is empty, and a $ref points into it: write what the $ref refers to in it, or fix the $ref",
          });
        }
        indexObjects(value, name, index);
        parsed.set(file.url, value);
        written.set(pathOf(file.url), structuredClone(value));
        return value;
      } catch (error) {
        if (error instanceof FileProblem) fileProblems.push(error.problem);
        throw error;
      }
    },
  };
  // Files are read as the root is: regular files only, of a bounded size (a $ref to /dev/zero never ends).
  const specgateResolver = {
    order: 1,
    // Paths and file: URLs; any other URL is refused as remote.
    canRead: (file: FileInfo): boolean =>
      !/^[a-z][a-z\d+.-]+:\/\//i.test(file.url) || file.url.startsWith("file://"),
    read(file: FileInfo): string {
      try {
        return readModelText(pathOf(file.url).replace(/[/\\]$/, ""));
      } catch (error) {
        if (!(error instanceof ModelFileError)) throw error;
        // The ref parser reports a missing file from this message, as its own resolver words it.
        const message =
          error.code === "ENOENT"
            ? `Error opening file ${pathOf(file.url)}: ${error.message}`
            : error.message;
        throw new refParser.ResolverError(Object.assign(new Error(message), { code: error.code }), file.url);
      }
    },
  };
  // Loaded only for documents that span several files.
  const refParser = require("@apidevtools/json-schema-ref-parser") as typeof RefParserModule;
  const parser = new refParser.$RefParser();
  const root = structuredClone(document) as Record<string, unknown>;
  try {
    await parser.bundle(rootPath, root, {
      continueOnError: true,
      parse: { json: false, yaml: false, text: false, binary: false, specgate: specgateParser },
      resolve: { http: false, file: false, specgate: specgateResolver, external: true },
    } as Parameters<$RefParser["bundle"]>[2]);
  } catch (error) {
    if (!(error instanceof refParser.JSONParserErrorGroup)) throw error;
    // The bundler has finished when it reports errors: map them back like any other problem.
    const locate = locatorOf(rootDisplay, originsOf(root, index));
    const failures = error.errors.filter((failure) => !failure.path || !isLiteralPath(failure.path));
    // A missing pointer is reported once while files are read (path within the referencing file)
    // and again while bundling (path in the bundled document): keep the one that can be placed.
    const isMissing = (failure: JSONParserError): boolean =>
      failure.code === "EMISSINGPOINTER" || failure.code === "EINVALIDPOINTER";
    const targetOf = (failure: JSONParserError): string =>
      `${failure.source}${(failure as MissingPointerError).targetRef}`;
    const placed = new Set(
      failures.filter((f) => isMissing(f) && inBundle(root, f.path)).map((f) => targetOf(f)),
    );
    const kept = failures.filter((f) => !isMissing(f) || inBundle(root, f.path) || !placed.has(targetOf(f)));
    if (kept.length > 0 || fileProblems.length > 0) {
      const problems = [...fileProblems];
      for (const failure of kept) {
        const problem = problemOf(failure, display, parsed, locate);
        if (problem) problems.push(problem);
      }
      throw new BundleProblems(problems);
    }
  }
  // Bundling rewrites a cycle across files into one that no longer says which files it spans.
  const cycles = refCyclesAcrossFiles(written);
  if (cycles.length > 0) {
    throw new BundleProblems(
      cycles.map((cycle) => {
        const shown = cycle.map((at) => {
          const hash = at.indexOf("#");
          return `${display(at.slice(0, hash))}${at.slice(hash)}`;
        });
        const hash = shown[0].indexOf("#");
        return {
          file: shown[0].slice(0, hash),
          pointer: shown[0].slice(hash),
          message: refCycleMessage(shown),
        };
      }),
    );
  }
  return { document: root, origins: originsOf(root, index) };
}

/** A file's absolute path, from the ref parser's file URL or path. */
const pathOf = (location: string): string =>
  location.startsWith("file://") ? fileURLToPath(location) : decodeURIComponent(location);

const inBundle = (root: unknown, path: readonly (string | number)[] | null): boolean =>
  path !== null && resolvePointer(root, pointerOf(...path)) !== undefined;

/** Every problem found while bundling, at once. */
export class BundleProblems extends Error {
  constructor(readonly problems: readonly ModelProblem[]) {
    super(problems.map((p) => p.message).join("\n"));
  }
}

function problemOf(
  failure: JSONParserError,
  display: (location: string) => string,
  parsed: ReadonlyMap<string, unknown>,
  locate: (pointer: string) => { file: string; pointer: string },
): ModelProblem | undefined {
  const file = failure.source ? display(failure.source) : "";
  const pointer = failure.path ? pointerOf(...failure.path) : "";
  const node =
    failure.source && failure.path ? resolvePointer(parsed.get(failure.source), pointer) : undefined;
  const ref =
    node !== null && typeof node === "object" ? JSON.stringify((node as { $ref?: unknown }).$ref) : "";
  switch (failure.code) {
    case "EPARSER":
      // Reported from the parser itself, with a line and column.
      return undefined;
    case "ERESOLVER": {
      const target = /Error opening file (.*?): /.exec(failure.message)?.[1];
      return (failure as ResolverError).ioErrorCode === "ENOENT" && target
        ? {
            file,
            pointer,
            message: `$ref ${ref} points to a file that does not exist (${display(target)}): fix the path`,
          }
        : { file, pointer, message: `$ref ${ref} could not be read: ${failure.message}` };
    }
    case "EUNMATCHEDRESOLVER":
      return {
        file,
        pointer,
        message: `$ref ${ref} points to a remote URL: download the file and refer to it by a relative path`,
      };
    case "EMISSINGPOINTER":
    case "EINVALIDPOINTER": {
      // Here the path is where the $ref sits in the bundled document, and the source is its target.
      const target = `${file}${(failure as MissingPointerError).targetRef ?? ""}`;
      return { ...locate(pointer), message: `$ref to ${target} points to nothing: fix the reference` };
    }
    default:
      return { file, pointer, message: failure.message };
  }
}

type Origin = readonly [file: string, pointer: string];

function indexObjects(value: unknown, file: string, index: WeakMap<object, Origin>): void {
  const visit = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== "object" || index.has(node)) return;
    index.set(node, [file, pointer]);
    for (const [key, child] of Object.entries(node)) visit(child, `${pointer}/${escapePointerSegment(key)}`);
  };
  visit(value, "#");
}

/**
 * Maps the parts of the bundled document that were inlined from other files back to those files,
 * by object identity: the bundler inlines the very objects it parsed from each file.
 */
function originsOf(root: unknown, index: WeakMap<object, Origin>): Origins {
  const origins: (readonly [string, string, string])[] = [];
  const seen = new Set<object>();
  // Record a subtree only where it does not simply continue its parent's file and pointer.
  const walk = (node: unknown, pointer: string, expected: Origin | undefined): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    const origin = index.get(node);
    if (origin && (origin[0] !== expected?.[0] || origin[1] !== expected[1])) {
      origins.push([pointer, origin[0], origin[1]]);
    }
    const here = origin ?? expected;
    for (const [key, child] of Object.entries(node)) {
      const segment = `/${escapePointerSegment(key)}`;
      walk(child, pointer + segment, here ? [here[0], here[1] + segment] : undefined);
    }
  };
  walk(root, "#", undefined);
  return origins;
}

/** Finds the file and pointer a bundled pointer came from, given the bundle's origins. */
export function locatorOf(
  rootFile: string,
  origins: Origins,
): (pointer: string) => { file: string; pointer: string } {
  const byPointer = new Map(origins.map(([pointer, file, filePointer]) => [pointer, [file, filePointer]]));
  return (pointer) => {
    for (let end = pointer.length; end > 0; end = pointer.lastIndexOf("/", end - 1)) {
      const origin = byPointer.get(pointer.slice(0, end));
      if (origin) return { file: origin[0], pointer: origin[1] + pointer.slice(end) };
    }
    return { file: rootFile, pointer };
  };
}
