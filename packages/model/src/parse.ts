import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import * as jsYaml from "js-yaml";
import type * as Yaml from "yaml";
import type { ModelProblem } from "./types";

/** Why a file could not be read or parsed; `problem` says where and what to do. */
export class FileProblem extends Error {
  constructor(readonly problem: ModelProblem) {
    super(problem.message);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Parses with yaml, loaded only when needed: it is slow to load and to run on large specs. */
function yamlDocumentOf(text: string): Yaml.Document.Parsed {
  const { parseDocument } = require("yaml") as typeof Yaml;
  return parseDocument(text, { uniqueKeys: true, merge: true });
}

/** YAML 1.2 core types (no timestamps: `2024-01-01` stays a string) plus `<<` merge keys, as in yaml. */
// `types` is exported at run time but missing from @types/js-yaml.
const { merge } = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types;
const FAST_YAML_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [merge] });

const looksLikeJson = (file: string, text: string): boolean =>
  file.toLowerCase().endsWith(".json") || /^\s*[{[]/.test(text);

/**
 * Parses a YAML or JSON file's text. JSON goes through `JSON.parse` and YAML through js-yaml (both
 * fast on large specs); what they reject goes through the `yaml` parser, whose errors carry a line
 * and column.
 */
export function parseText(text: string, file: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = looksLikeJson(file, source);
  if (json) {
    try {
      return JSON.parse(source);
    } catch (error) {
      // Report where the JSON breaks: the YAML parser (JSON is YAML) gives a line and column.
      const yamlProblem = yamlErrorOf(source, file, "JSON");
      if (yamlProblem) throw new FileProblem(yamlProblem);
      const position = /position (\d+)/.exec(String(error))?.[1];
      throw new FileProblem({
        file,
        pointer: "",
        ...(position ? lineAndColumn(source, Number(position)) : {}),
        message: `could not parse JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}: fix the JSON syntax`,
      });
    }
  }
  let value: unknown;
  try {
    // js-yaml reads large specs ten times faster than yaml; yaml then explains what it rejects.
    value = jsYaml.load(source, { schema: FAST_YAML_SCHEMA, filename: file });
  } catch {
    // Fall through to yaml for the line, column and message.
    const document = yamlDocumentOf(source);
    const problem = yamlErrorOf(source, file, "YAML", document);
    if (problem) throw new FileProblem(problem);
    // Aliases are counted below, the same way whichever parser read the file.
    value = document.toJS({ maxAliasCount: -1 });
  }
  if (ANCHOR.test(source)) checkAliases(value, file);
  return value;
}

/** An anchor (`&name`) where YAML allows one: without one, a file has no aliases to count. */
const ANCHOR = /(?:^|[\s[{,:-])&[^\s,[\]{}]/;

/**
 * How many values YAML aliases (`*name`) may add to one file. Each alias stands for the whole node
 * it names: aliases of aliases multiply (a "billion laughs" bomb of a few lines expands to
 * billions of values), and every later step walks the expanded document.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * Refuses a parsed YAML file whose aliases make a node contain itself, or expand it by more than
 * MAX_ALIAS_EXPANSION values. Both parsers share the aliased node rather than copy it, so this
 * counts each node once, without expanding anything.
 */
function checkAliases(value: unknown, file: string): void {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  // Values as the file writes them (an alias's node counted once), and each node's size expanded.
  let written = 0;
  // Depth first without recursion: a deeply nested file must not exhaust the stack.
  const stack: { node: object; children: unknown[]; size: number }[] = [];
  const enter = (node: object): void => {
    open.add(node);
    written++;
    stack.push({ node, children: Object.values(node), size: 1 });
  };
  if (value === null || typeof value !== "object") return;
  enter(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.children.length === 0) {
      stack.pop();
      open.delete(top.node);
      sizes.set(top.node, top.size);
      if (stack.length > 0) stack[stack.length - 1].size += top.size;
      // Sound early: what is expanded so far cannot shrink, and every value counted is a value written.
      if (top.size - written > MAX_ALIAS_EXPANSION) {
        throw new FileProblem({
          file,
          pointer: "",
          message: `its YAML aliases (*name) expand it by more than ${MAX_ALIAS_EXPANSION.toLocaleString("en")} values, the most specgate reads: write the repeated parts once and $ref them`,
        });
      }
      continue;
    }
    const child = top.children.pop();
    if (child !== null && typeof child === "object") {
      if (open.has(child)) {
        throw new FileProblem({
          file,
          pointer: "",
          message:
            "a YAML alias (*name) names a node that contains the alias itself, which never ends: use a $ref to make a recursive schema",
        });
      }
      const known = sizes.get(child);
      if (known === undefined) enter(child);
      else top.size += known;
    } else {
      written++;
      top.size += 1;
    }
  }
}

function yamlErrorOf(
  text: string,
  file: string,
  kind: "YAML" | "JSON",
  document = yamlDocumentOf(text),
): ModelProblem | undefined {
  const error = document.errors[0];
  if (!error) return undefined;
  const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const position = error.linePos?.[0];
  return {
    file,
    pointer: "",
    ...(position ? { line: position.line, column: position.col } : {}),
    message: `could not parse ${kind}: ${message}: fix the ${kind} syntax`,
  };
}

/**
 * The largest model file specgate reads: several times the largest public OpenAPI documents
 * (GitHub's REST API, about 12 MB of JSON), and far from what parsing can hold.
 */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

/** Why a model file's text could not be read: `code` as Node.js gives it, the message for people. */
export class ModelFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "not a file";
}

/**
 * A model file's text. Only a regular file of at most MAX_MODEL_FILE_BYTES is read: a device
 * (`/dev/zero`) or a pipe may never end, and the file is opened without waiting for a pipe's writer.
 */
export function readModelText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new ModelFileError(code ?? "EIO", message);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      throw new ModelFileError(
        "EISDIR",
        "is a directory, not a file: give the path of the OpenAPI YAML or JSON file",
      );
    }
    if (!stats.isFile()) {
      throw new ModelFileError(
        "ENOTFILE",
        `is ${kindOf(stats)}, not a file: give the path of an OpenAPI YAML or JSON file`,
      );
    }
    const tooLarge = (bytes: number): ModelFileError =>
      new ModelFileError(
        "EFBIG",
        `is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MB specgate reads from one model file: split it into files that $ref each other`,
      );
    if (stats.size > MAX_MODEL_FILE_BYTES) throw tooLarge(stats.size);
    const text = readFileSync(fd, "utf8");
    // A file that grew while it was read.
    if (text.length > MAX_MODEL_FILE_BYTES) throw tooLarge(Buffer.byteLength(text));
    return text;
  } finally {
    closeSync(fd);
  }
}

/** Reads and parses a spec file; a missing or unreadable file is a `FileProblem`. */
export function readSpecFile(path: string, displayName: string): unknown {
  let text: string;
  try {
    text = readModelText(path);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    throw new FileProblem({
      file: displayName,
      pointer: "",
      message:
        error.code === "ENOENT"
          ? `file not found (looked for ${path}): check the path`
          : error.code === "EISDIR" || error.code === "ENOTFILE" || error.code === "EFBIG"
            ? error.message
            : `could not read the file: ${error.message}`,
    });
  }
  return parseText(text, displayName);
}
