import type RandExp from "randexp";
import {
  resolvePointer,
  setOwn,
  type ApiMediaType,
  type JsonSchema,
  type OpenApiDocument,
} from "@specgate/model";
import { conforms } from "./conforms";
import { seededRandom, type Random } from "./random";

/** How deep optional properties and array items are followed; recursive schemas stop here. */
const OPTIONAL_DEPTH = 4;
/** Past this depth even required properties are left out: a schema that requires itself has no finite value. */
const HARD_DEPTH = 12;
/** Longest string a pattern may generate when the schema sets no `maxLength`. */
const PATTERN_MAX_REPEAT = 8;

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

interface Context {
  readonly document: OpenApiDocument;
  readonly random: Random;
}

/**
 * A value that fits `schema`, the same for the same seed: the schema's own example first, then
 * `const`, `enum` and `default`, then a value built from its type, format, pattern and bounds.
 * Recursive schemas are followed to a bounded depth. `$ref`s are resolved against `document`.
 */
export function mockValue(schema: JsonSchema | undefined, document: OpenApiDocument, seed: string): unknown {
  return valueOf(schema, { document, random: seededRandom(seed) }, 0, undefined);
}

/** The mock body of a response or request media type: its examples first, else a value of its schema. */
export function mockMediaValue(media: ApiMediaType, document: OpenApiDocument, seed: string): unknown {
  const fits = (value: unknown): boolean =>
    value !== undefined && (media.schema === undefined || conforms(value, media.schema, document));
  if (fits(media.example)) return media.example;
  const example = media.examples.find(fits);
  if (example !== undefined) return example;
  return mockValue(media.schema, document, seed);
}

/** Follows `$ref`s; a broken or cyclic chain ends as an empty schema (any value). */
function resolve(schema: unknown, document: OpenApiDocument): Obj {
  let node = schema;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    node = resolvePointer(document, node.$ref);
  }
  return isObject(node) && typeof node.$ref !== "string" ? node : {};
}

/** Flattens `allOf` into one schema: properties and required lists merged, other keywords first one wins. */
function flatten(schema: Obj, document: OpenApiDocument, depth = 0): Obj {
  if (!Array.isArray(schema.allOf) || depth > 16) return schema;
  const merged: Obj = {};
  let properties: Obj = {};
  const required = new Set<string>();
  const parts = [{ ...schema, allOf: undefined }, ...schema.allOf.map((s) => resolve(s, document))];
  for (const raw of parts) {
    const part = flatten(raw, document, depth + 1);
    for (const [key, value] of Object.entries(part)) {
      if (value === undefined) continue;
      // Spread, not assigned: a property may be named `__proto__`.
      if (key === "properties" && isObject(value)) properties = { ...value, ...properties };
      else if (key === "required" && Array.isArray(value)) value.forEach((r) => required.add(String(r)));
      else if (!Object.hasOwn(merged, key)) setOwn(merged, key, value);
    }
  }
  delete merged.allOf;
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function typeOf(schema: Obj): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) {
    const nonNull = type.find((t) => t !== "null");
    return typeof nonNull === "string" ? nonNull : "null";
  }
  if (isObject(schema.properties) || schema.additionalProperties !== undefined) return "object";
  if (schema.items !== undefined) return "array";
  if (schema.minimum !== undefined || schema.maximum !== undefined) return "number";
  if (schema.pattern !== undefined || schema.format !== undefined || schema.minLength !== undefined) {
    return "string";
  }
  return undefined;
}

function valueOf(raw: unknown, ctx: Context, depth: number, name: string | undefined): unknown {
  const schema = flatten(resolve(raw, ctx.document), ctx.document);
  // Specs' own examples and defaults come first, when they fit the schema (many do not).
  const fits = (value: unknown): boolean => value !== undefined && conforms(value, raw, ctx.document);
  if (fits(schema.example)) return schema.example;
  const example = Array.isArray(schema.examples) ? schema.examples.find(fits) : undefined;
  if (example !== undefined) return example;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  }
  if (fits(schema.default)) return schema.default;
  const choices = Array.isArray(schema.oneOf)
    ? schema.oneOf
    : Array.isArray(schema.anyOf)
      ? schema.anyOf
      : [];
  if (choices.length > 0) {
    // The first choice that is not `null`, with the parent's own keywords (often `properties`) kept.
    const choice = choices.find((c) => typeOf(resolve(c, ctx.document)) !== "null") ?? choices[0];
    const rest = { ...schema, oneOf: undefined, anyOf: undefined };
    return valueOf({ allOf: [rest, choice] }, ctx, depth, name);
  }
  switch (typeOf(schema)) {
    case "object":
      return objectOf(schema, ctx, depth);
    case "array":
      return arrayOf(schema, ctx, depth, name);
    case "string":
      return stringOf(schema, ctx, name);
    case "integer":
      return numberOf(schema, ctx, true);
    case "number":
      return numberOf(schema, ctx, false);
    case "boolean":
      return ctx.random.next() < 0.5;
    case "null":
      return null;
    default:
      return schema.not !== undefined ? null : {};
  }
}

function objectOf(schema: Obj, ctx: Context, depth: number): Obj {
  const out: Obj = {};
  if (depth >= HARD_DEPTH) return out;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    const isRequired = required.has(key);
    if (!isRequired && depth >= OPTIONAL_DEPTH) continue;
    const resolved = resolve(property, ctx.document);
    // Leave out optional properties that cannot be sent (readOnly in requests is the caller's concern).
    if (!isRequired && resolved.writeOnly === true) continue;
    setOwn(out, key, valueOf(property, ctx, depth + 1, key));
  }
  // Required names without a property schema still need a value.
  for (const key of required) if (!Object.hasOwn(out, key)) setOwn(out, key, WORDS[0]);
  const minProperties = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  const extra = schema.additionalProperties;
  if (extra !== false && (Object.keys(out).length < minProperties || Object.keys(properties).length === 0)) {
    const wanted = Math.max(minProperties - Object.keys(out).length, isObject(extra) ? 1 : 0);
    for (let i = 1; i <= wanted && depth < OPTIONAL_DEPTH; i++) {
      out[`key${i}`] = isObject(extra) ? valueOf(extra, ctx, depth + 1, "key") : WORDS[i % WORDS.length];
    }
  }
  return out;
}

function arrayOf(schema: Obj, ctx: Context, depth: number, name: string | undefined): unknown[] {
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 2);
  let count = depth >= OPTIONAL_DEPTH ? min : Math.min(max, Math.max(min, 1));
  if (depth >= HARD_DEPTH) count = 0;
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const itemSchema = i < prefix.length ? prefix[i] : schema.items;
    items.push(valueOf(itemSchema, ctx, depth + 1, name));
  }
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    return items.filter((item) => {
      const key = JSON.stringify(item);
      if (seen.has(key) && items.length > min) return false;
      seen.add(key);
      return true;
    });
  }
  return items;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function formatted(format: string, random: Random): string | undefined {
  const year = random.int(2020, 2025);
  const date = `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
  const time = `${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}`;
  const word = random.pick(WORDS);
  const hex = (length: number): string =>
    Array.from({ length }, () => random.int(0, 15).toString(16)).join("");
  switch (format) {
    case "date-time":
      return `${date}T${time}Z`;
    case "date":
      return date;
    case "time":
      return `${time}Z`;
    case "email":
    case "idn-email":
      return `${word}@example.com`;
    case "uri":
    case "url":
    case "iri":
    case "uri-reference":
    case "iri-reference":
      return `https://example.com/${word}`;
    case "uri-template":
      return `https://example.com/${word}/{id}`;
    case "hostname":
    case "idn-hostname":
      return `${word}.example.com`;
    case "ipv4":
      return `192.0.2.${random.int(1, 254)}`;
    case "ipv6":
      return `2001:db8::${random.int(1, 65535).toString(16)}`;
    case "uuid":
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
    case "byte":
      return Buffer.from(word).toString("base64");
    case "int64":
    case "int32":
      return String(random.int(1, 1000));
    case "duration":
      return `PT${random.int(1, 59)}M`;
    case "json-pointer":
      return `/${word}`;
    case "regex":
      return "^[a-z]+$";
    default:
      return undefined;
  }
}

/** Longest run a pattern's bounded repetition may need (`[0-9]{64}`): past it, a plain value stands in. */
const PATTERN_MAX_MINIMUM = 1024;

/** A node of the parsed pattern randexp generates from (ret's tokens), as far as repetitions go. */
interface PatternToken {
  min?: unknown;
  max?: unknown;
  value?: unknown;
  stack?: unknown;
  options?: unknown;
}

/**
 * Holds the pattern's bounded repetitions to what `max` holds its unbounded ones to: randexp draws a
 * count anywhere up to the bound, and `^.{1,2097152}` (a real spec's) wrote megabytes one character
 * at a time. False when a repetition needs more than PATTERN_MAX_MINIMUM.
 */
function limitRepetitions(token: unknown, max: number): boolean {
  if (token === null || typeof token !== "object") return true;
  if (Array.isArray(token)) return token.every((t) => limitRepetitions(t, max));
  const node = token as PatternToken;
  if (typeof node.min === "number" && typeof node.max === "number") {
    if (node.min > PATTERN_MAX_MINIMUM) return false;
    // Infinity stays: randexp bounds it with `max` itself.
    if (node.max !== Infinity) node.max = Math.min(node.max, node.min + max);
  }
  return [node.value, node.stack, node.options].every((child) => limitRepetitions(child, max));
}

function fromPattern(pattern: string, random: Random, maxLength: number | undefined): string | undefined {
  // Loaded for the first pattern only (many specs have none); its module.exports is the class itself.
  const RandExpClass = require("randexp") as typeof RandExp;
  try {
    const generator = new RandExpClass(pattern);
    generator.max = Math.min(PATTERN_MAX_REPEAT, maxLength ?? PATTERN_MAX_REPEAT);
    if (!limitRepetitions((generator as unknown as { tokens: unknown }).tokens, generator.max))
      return undefined;
    generator.randInt = (a: number, b: number) => random.int(a, b);
    return generator.gen();
  } catch {
    // A pattern the generator cannot read (e.g. a lookbehind): fall back to a plain value.
    return undefined;
  }
}

function stringOf(schema: Obj, ctx: Context, name: string | undefined): string {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  let value: string | undefined;
  if (typeof schema.pattern === "string") {
    // A generated string can miss the length bounds: a few draws usually find one that fits.
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate = fromPattern(schema.pattern, ctx.random, maxLength);
      if (candidate === undefined) break;
      value = candidate;
      if (candidate.length >= minLength && (maxLength === undefined || candidate.length <= maxLength)) {
        return candidate;
      }
    }
    if (value !== undefined) return value;
  }
  if (typeof schema.format === "string") value = formatted(schema.format, ctx.random);
  if (value === undefined) {
    const base = name !== undefined && /^[A-Za-z]/.test(name) ? name : ctx.random.pick(WORDS);
    value = `${base}-${ctx.random.int(1, 999)}`;
  }
  while (value.length < minLength) value += ctx.random.pick(WORDS);
  if (maxLength !== undefined && value.length > maxLength) value = value.slice(0, maxLength);
  return value;
}

function numberOf(schema: Obj, ctx: Context, integer: boolean): number {
  const step = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers.
  let low = typeof schema.minimum === "number" ? schema.minimum : undefined;
  let high = typeof schema.maximum === "number" ? schema.maximum : undefined;
  let lowExclusive = schema.exclusiveMinimum === true;
  let highExclusive = schema.exclusiveMaximum === true;
  if (typeof schema.exclusiveMinimum === "number" && (low === undefined || schema.exclusiveMinimum >= low)) {
    low = schema.exclusiveMinimum;
    lowExclusive = true;
  }
  if (
    typeof schema.exclusiveMaximum === "number" &&
    (high === undefined || schema.exclusiveMaximum <= high)
  ) {
    high = schema.exclusiveMaximum;
    highExclusive = true;
  }
  const unit = step ?? (integer ? 1 : 0.5);
  const from = low === undefined ? (high === undefined ? 1 : Math.min(1, high - 100 * unit)) : low;
  const to = high === undefined ? from + 100 * unit : high;
  // Candidates are multiples of the unit (integers for integer schemas) inside the bounds.
  let first = Math.ceil(from / unit);
  let last = Math.floor(to / unit);
  if (lowExclusive && first * unit <= from) first++;
  if (highExclusive && last * unit >= to) last--;
  if (integer && !Number.isInteger(unit)) {
    const value = Math.ceil(from);
    return value;
  }
  if (last < first) return low ?? high ?? 0;
  // Floating point steps (0.1) would print as 0.30000000000000004: round to the step's precision.
  const decimals = (String(unit).split(".")[1] ?? "").length;
  const at = (k: number): number => (decimals > 0 ? Number((k * unit).toFixed(decimals)) : k * unit);
  const top = Math.min(last, first + 1000);
  let k = ctx.random.int(first, top);
  // Validators divide by multipleOf in floating point: keep a value whose quotient is a whole number.
  for (
    let tries = 0;
    step !== undefined && tries <= top - first && !Number.isInteger(at(k) / step);
    tries++
  ) {
    k = k >= top ? first : k + 1;
  }
  return at(k);
}
