import { readFileSync } from "node:fs";
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
  try {
    // js-yaml reads large specs ten times faster than yaml; yaml then explains what it rejects.
    return jsYaml.load(source, { schema: FAST_YAML_SCHEMA, filename: file });
  } catch {
    // Fall through to yaml for the line, column and message.
  }
  const document = yamlDocumentOf(source);
  const problem = yamlErrorOf(source, file, "YAML", document);
  if (problem) throw new FileProblem(problem);
  return document.toJS({ maxAliasCount: -1 });
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

/** Reads and parses a spec file; a missing or unreadable file is a `FileProblem`. */
export function readSpecFile(path: string, displayName: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileProblem({
      file: displayName,
      pointer: "",
      message:
        code === "ENOENT"
          ? `file not found (looked for ${path}): check the path`
          : code === "EISDIR"
            ? `is a directory, not a file: give the path of the OpenAPI YAML or JSON file`
            : `could not read the file: ${(error as Error).message}`,
    });
  }
  return parseText(text, displayName);
}
