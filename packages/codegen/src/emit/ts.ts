/** Helpers for emitting TypeScript source text. */
import { propertyKey } from "../naming";

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

/** Indexes of the characters of a type expression that stand outside brackets and string literals. */
function* topLevelIndexes(type: string): Generator<number> {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{" || c === "(" || c === "[" || c === "<") depth++;
    else if (c === "}" || c === ")" || c === "]" || (c === ">" && type[i - 1] !== "=")) depth--;
    else if (depth === 0) yield i;
  }
}

/** Whether a type expression has a top-level `|` or `&` (so it needs parentheses inside `[]`, `&`, …). */
export function topLevelOperator(type: string): "|" | "&" | undefined {
  let found: "|" | "&" | undefined;
  for (const i of topLevelIndexes(type)) {
    if (type[i] === "|") return "|";
    if (type[i] === "&") found = "&";
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
    // Prettier keeps `= Name<` on the first line when it fits there, and moves the type down otherwise.
    const moved = `export type ${name} = ${generic[1]}<`.length > WIDTH;
    if (moved && `  ${type};`.length <= WIDTH) return `${doc}export type ${name} =\n  ${type};\n`;
    const indent = moved ? "  " : "";
    const args = splitTopLevel(generic[2], ",").map((arg) => `${indent}  ${arg},`);
    const head = moved ? `export type ${name} =\n  ${generic[1]}<` : `export type ${name} = ${generic[1]}<`;
    return `${doc}${head}\n${args.join("\n").replace(/,$/, "")}\n${indent}>;\n`;
  }
  // Prettier moves a type name that fits on the next line there.
  if (/^[\w$.]+$/.test(type) && `  ${type};`.length <= WIDTH)
    return `${doc}export type ${name} =\n  ${type};\n`;
  return `${doc}${line}\n`;
}

function splitTopLevel(type: string, separator: "|" | ","): string[] {
  const members: string[] = [];
  let start = 0;
  for (const i of topLevelIndexes(type)) {
    if (type[i] !== separator) continue;
    members.push(type.slice(start, i).trim());
    start = i + 1;
  }
  members.push(type.slice(start).trim());
  return members;
}

/** Indents every line but the first by `indent` (for nesting multi-line type literals). */
export function indentTail(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}

/** A JSON value as a TypeScript expression in generated code, laid out as Prettier would at its width. */
export function jsonLiteral(value: unknown, indent = ""): string {
  return tsLiteral(value, indent, indent.length, 1, WIDTH);
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
export const USER_CODE_WIDTH = 80;

/**
 * A JSON value as a TypeScript literal laid out as Prettier lays it out: objects one property a
 * line (Prettier keeps an object expanded once it is), arrays on one line when they fit, numbers
 * filled, trailing commas. `column` is where the literal starts on its line, `suffix` what follows it.
 */
export function tsLiteral(
  value: unknown,
  indent = "",
  column = indent.length,
  suffix = 1,
  width = USER_CODE_WIDTH,
): string {
  if (typeof value === "string") return prettierString(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = flatLiteral(value);
    if (flat !== undefined && column + flat.length + suffix <= width) return flat;
    if (value.length > 1 && value.every((v) => typeof v === "number")) {
      const lines: string[] = [];
      for (const text of value.map((v) => `${JSON.stringify(v)},`)) {
        const last = lines.length - 1;
        if (last >= 0 && inner.length + lines[last].length + 1 + text.length <= width) {
          lines[last] += ` ${text}`;
        } else lines.push(text);
      }
      return `[\n${lines.map((l) => `${inner}${l}\n`).join("")}${indent}]`;
    }
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner, inner.length, 1, width)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([k, v]) => {
      const key = `${propertyKey(k)}: `;
      if (typeof v === "string") {
        // Prettier moves a string that does not fit after its key to the next line, unless the key is
        // shorter than five characters (too little to gain).
        const text = prettierString(v);
        if (key.length - 2 >= 5 && inner.length + key.length + text.length + 1 > width) {
          return `${inner}${key.trimEnd()}\n${inner}  ${text},\n`;
        }
      }
      return `${inner}${key}${tsLiteral(v, inner, inner.length + key.length, 1, width)},\n`;
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
