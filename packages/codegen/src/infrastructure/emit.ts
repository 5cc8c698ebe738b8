import { propertyKey } from "../naming";

const PRINT_WIDTH = 110;

/** A doc comment, safe for any text a spec holds; wrapped onto several lines when it is long. */
export function docLine(text: string, indent = ""): string {
  const clean = text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
  const single = `${indent}/** ${clean} */`;
  if (single.length <= PRINT_WIDTH) return single;
  const lines: string[] = [];
  let line = "";
  for (const word of clean.split(" ")) {
    if (line && indent.length + 3 + line.length + 1 + word.length > PRINT_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** The summary of an operation for doc comments: `GET /pets/{petId}: Info for a pet`. */
export function describeOperation(method: string, path: string, summary: string | undefined): string {
  const route = `${method.toUpperCase()} ${path}`;
  return summary ? `${route}: ${summary}` : route;
}

/** A string literal in the style of the rest of the generated code (double quotes). */
export function quote(text: string): string {
  return JSON.stringify(text);
}

/** `import { a, b } from "x";`, on several lines when it would be longer than the print width. */
export function importLine(names: readonly string[], from: string, typeOnly = false): string {
  return namesLine(typeOnly ? "import type" : "import", names, from);
}

/** `export { a, b } from "x";`, wrapped like `importLine`. */
export function exportLine(names: readonly string[], from: string): string {
  return namesLine("export", names, from);
}

function namesLine(keyword: string, names: readonly string[], from: string): string {
  const single = `${keyword} { ${names.join(", ")} } from ${quote(from)};`;
  if (single.length <= PRINT_WIDTH) return single;
  return `${keyword} {\n${names.map((n) => `  ${n},\n`).join("")}} from ${quote(from)};`;
}

/** `f({ a: 1, b: 2 })`, or with one property a line when it would be longer than the print width. */
export function callWithObject(
  indent: string,
  prefix: string,
  entries: readonly string[],
  suffix: string,
): string {
  const single = `${indent}${prefix}{ ${entries.join(", ")} }${suffix}`;
  if (single.length <= PRINT_WIDTH) return single;
  return `${indent}${prefix}{\n${entries.map((e) => `${indent}  ${e},\n`).join("")}${indent}}${suffix}`;
}

/** A JSON value as a TypeScript literal: bare keys where allowed, two-space indent, trailing commas. */
export function tsLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${tsLiteral(v, inner)},\n`).join("")}${indent}}`;
}
