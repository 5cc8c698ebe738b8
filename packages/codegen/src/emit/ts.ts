/** Helpers for emitting TypeScript source text. */

const WIDTH = 110;

/** A `/** … *\/` block from lines of text, or "" when there is nothing to say. */
export function docComment(lines: readonly (string | undefined)[], indent = ""): string {
  const text = lines
    .filter((line): line is string => line !== undefined && line.trim() !== "")
    .flatMap((line) => line.replace(/\*\//g, "*\\/").trimEnd().split(/\r?\n/))
    .map((line) => line.trimEnd());
  while (text.length > 0 && text[text.length - 1] === "") text.pop();
  if (text.length === 0) return "";
  if (text.length === 1 && indent.length + text[0].length + 7 <= WIDTH) return `${indent}/** ${text[0]} */\n`;
  return `${indent}/**\n${text.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)).join("\n")}\n${indent} */\n`;
}

/** A TypeScript literal type for a JSON scalar, or undefined for objects and arrays. */
export function literalType(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** Whether a type expression has a top-level `|` or `&` (so it needs parentheses inside `[]`, `&`, …). */
export function topLevelOperator(type: string): "|" | "&" | undefined {
  let depth = 0;
  let quote: string | undefined;
  let found: "|" | "&" | undefined;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    else if (c === "}" || c === ")" || c === "]" || (c === ">" && type[i - 1] !== "=")) depth--;
    else if (depth === 0 && c === "|") return "|";
    else if (depth === 0 && c === "&") found = "&";
  }
  return found;
}

const wrap = (type: string): string => `(${type})`;

/** `A | B`, with duplicates removed; `never` when empty. */
export function unionOf(types: readonly string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 0) return "never";
  if (unique.includes("unknown")) return "unknown";
  return unique.join(" | ");
}

/** `A & B`, parenthesizing unions; `unknown` when empty. */
export function intersectionOf(types: readonly string[]): string {
  const unique = [...new Set(types)].filter((t) => t !== "unknown");
  if (unique.length === 0) return "unknown";
  if (unique.length === 1) return unique[0];
  return unique.map((t) => (topLevelOperator(t) === "|" ? wrap(t) : t)).join(" & ");
}

/** `T[]`, parenthesizing unions and intersections. */
export function arrayOf(type: string): string {
  return topLevelOperator(type) ? `${wrap(type)}[]` : `${type}[]`;
}

/**
 * `export type Name = Type;`, breaking a long top-level union over lines as Prettier would.
 */
export function typeAlias(name: string, type: string, doc = ""): string {
  const line = `export type ${name} = ${type};`;
  if (line.length <= WIDTH || type.includes("\n")) return `${doc}${line}\n`;
  if (topLevelOperator(type) === "|") {
    // Prettier moves a union that fits on the next line there whole, and breaks it by member otherwise.
    if (`  ${type};`.length <= WIDTH) return `${doc}export type ${name} =\n  ${type};\n`;
    return `${doc}export type ${name} =\n${splitTopLevel(type, "|")
      .map((member) => `  | ${member}`)
      .join("\n")};\n`;
  }
  const generic = /^([A-Za-z_$][\w$]*)<(.*)>$/.exec(type);
  if (generic && !topLevelOperator(type)) {
    const args = splitTopLevel(generic[2], ",").map((arg) => `  ${arg},`);
    return `${doc}export type ${name} = ${generic[1]}<\n${args.join("\n").replace(/,$/, "")}\n>;\n`;
  }
  return `${doc}${line}\n`;
}

function splitTopLevel(type: string, separator: "|" | ","): string[] {
  const members: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    else if (c === "}" || c === ")" || c === "]" || (c === ">" && type[i - 1] !== "=")) depth--;
    else if (depth === 0 && c === separator) {
      members.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(type.slice(start).trim());
  return members;
}

/** Indents every line but the first by `indent` (for nesting multi-line type literals). */
export function indentTail(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}

/** A JSON value as a TypeScript expression, formatted like Prettier would (2 spaces, trailing commas). */
export function jsonLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = `[${value.map((v) => jsonLiteral(v)).join(", ")}]`;
    if (!flat.includes("\n") && indent.length + flat.length <= 80) return flat;
    return `[\n${value.map((v) => `${inner}${jsonLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const key = (k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${jsonLiteral(v, inner)},`).join("\n")}\n${indent}}`;
}
