import { commentText, stringLiteral } from "../emit/ts";

export const PRINT_WIDTH = 110;

/** A doc comment, safe for any text a spec holds; wrapped onto several lines when it is long. */
export function docLine(text: string, indent = ""): string {
  const clean = commentText(text.replace(/\s+/g, " ").trim());
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

/** `import { a, b } from "x";`, on several lines when it would be longer than the print width. */
export function importLine(names: readonly string[], from: string, typeOnly = false): string {
  return namesLine(typeOnly ? "import type" : "import", names, from);
}

/** `export { a, b } from "x";`, wrapped like `importLine`. */
export function exportLine(names: readonly string[], from: string): string {
  return namesLine("export", names, from);
}

function namesLine(keyword: string, names: readonly string[], from: string): string {
  const single = `${keyword} { ${names.join(", ")} } from ${stringLiteral(from)};`;
  if (single.length <= PRINT_WIDTH) return single;
  return `${keyword} {\n${names.map((n) => `  ${n},\n`).join("")}} from ${stringLiteral(from)};`;
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

export { prettierString, tsLiteral } from "../emit/ts";

/** `name(parameter): Returns`, the parameter on a line of its own when Prettier would put it there. */
export function methodSignature(name: string, parameter: string, returns: string): string {
  const line = `${name}(${parameter}): ${returns}`;
  if (line.length + 2 <= PRINT_WIDTH) return line;
  const indent = /^ */.exec(name)?.[0] ?? "";
  return `${name}(\n${indent}  ${parameter},\n${indent}): ${returns}`;
}
