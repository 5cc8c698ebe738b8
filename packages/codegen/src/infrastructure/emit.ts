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

/**
 * A string literal as Prettier writes it: double quotes, unless the text holds more double quotes
 * than single ones.
 */
export function prettierString(text: string): string {
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  const json = JSON.stringify(text);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** Prettier's default print width: code users keep in their repository is laid out within it. */
const USER_CODE_WIDTH = 80;

/**
 * A JSON value as a TypeScript literal laid out as Prettier lays it out: objects one property a
 * line (Prettier keeps an object expanded once it is), arrays on one line when they fit, numbers
 * filled, trailing commas. `column` is where the literal starts on its line, `suffix` what follows it.
 */
export function tsLiteral(value: unknown, indent = "", column = indent.length, suffix = 1): string {
  if (typeof value === "string") return prettierString(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = flatLiteral(value);
    if (flat !== undefined && column + flat.length + suffix <= USER_CODE_WIDTH) return flat;
    if (value.length > 1 && value.every((v) => typeof v === "number")) {
      const lines: string[] = [];
      for (const text of value.map((v) => `${JSON.stringify(v)},`)) {
        const last = lines.length - 1;
        if (last >= 0 && inner.length + lines[last].length + 1 + text.length <= USER_CODE_WIDTH) {
          lines[last] += ` ${text}`;
        } else lines.push(text);
      }
      return `[\n${lines.map((l) => `${inner}${l}\n`).join("")}${indent}]`;
    }
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([k, v]) => {
      const key = `${propertyKey(k)}: `;
      return `${inner}${key}${tsLiteral(v, inner, inner.length + key.length)},\n`;
    })
    .join("")}${indent}}`;
}

/** A value on one line, as Prettier prints it when it fits; undefined when it holds a non-empty object. */
function flatLiteral(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return tsLiteral(value);
  if (!Array.isArray(value)) return Object.keys(value).length === 0 ? "{}" : undefined;
  // Prettier breaks an array of several arrays that each hold several items, fitting or not.
  if (value.length > 1 && value.every((v) => Array.isArray(v) && v.length > 1)) return undefined;
  const items = value.map(flatLiteral);
  return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
}
