import { resolvePointer, type OpenApiDocument } from "@specgate/model";
import type * as Re2js from "re2js";

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function resolve(schema: unknown, document: OpenApiDocument): Obj {
  let node = schema;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    node = resolvePointer(document, node.$ref);
  }
  return isObject(node) && typeof node.$ref !== "string" ? node : {};
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

/** Compiled patterns, by source: specs repeat them, and conformance checks revisit them. */
const patterns = new Map<string, (value: string) => boolean>();

/**
 * Whether a string matches a schema's pattern. Real specs hold patterns that backtrack
 * catastrophically (`([\/\w .-]*)*` took minutes on one example URL), so patterns run on RE2
 * (re2js: linear time) wherever RE2 reads them; only those it cannot (lookarounds, backreferences)
 * fall back to JavaScript's engine.
 */
function patternMatches(pattern: string, value: string): boolean {
  let matches = patterns.get(pattern);
  if (!matches) {
    matches = compilePattern(pattern);
    patterns.set(pattern, matches);
  }
  return matches(value);
}

function compilePattern(pattern: string): (value: string) => boolean {
  // Loaded for the first pattern only: many specs have none.
  const { RE2JS } = require("re2js") as typeof Re2js;
  try {
    const re2 = RE2JS.compile(pattern);
    return (value) => re2.matcher(value).find();
  } catch {
    // Not RE2 syntax: JavaScript's engine below.
  }
  try {
    const regExp = new RegExp(pattern, "u");
    return (value) => regExp.test(value);
  } catch {
    // A pattern JavaScript cannot read either is not held against the value.
    return () => true;
  }
}

/** Generated types read `properties` as an object and `items` as an array even without `type`. */
function impliedTypes(schema: Obj): string[] {
  if (isObject(schema.properties) || isObject(schema.additionalProperties)) return ["object"];
  if (schema.items !== undefined) return ["array"];
  return [];
}

/** The properties a schema declares, its `allOf` parts' included; undefined when it declares none. */
function declaredProperties(schema: Obj, document: OpenApiDocument, depth = 0): Obj | undefined {
  let out: Obj | undefined = isObject(schema.properties) ? { ...schema.properties } : undefined;
  if (Array.isArray(schema.allOf) && depth < 16) {
    for (const part of schema.allOf) {
      const more = declaredProperties(resolve(part, document), document, depth + 1);
      if (more) out = { ...more, ...out };
    }
  }
  return out;
}

/**
 * Whether a value (a spec's own example or default) fits its schema closely enough to stand for it:
 * types, enums, required and undeclared properties, items, bounds and patterns. Stricter than JSON
 * Schema on undeclared properties, because generated types reject them in object literals.
 */
export function conforms(
  value: unknown,
  raw: unknown,
  document: OpenApiDocument,
  depth = 0,
  open = false,
): boolean {
  if (depth > 32) return true;
  const schema = resolve(raw, document);
  // Parts of a composition see only some of the object's properties: the whole is checked for undeclared ones.
  const partsOpen = open || isObject(schema.properties) || Array.isArray(schema.allOf);
  if (
    value === null &&
    (schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes("null")))
  ) {
    return true;
  }
  if (
    Array.isArray(schema.allOf) &&
    !schema.allOf.every((s) => conforms(value, s, document, depth + 1, true))
  ) {
    return false;
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const choices = schema[key];
    if (
      Array.isArray(choices) &&
      choices.length > 0 &&
      !choices.some((s) => conforms(value, s, document, depth + 1, partsOpen))
    ) {
      return false;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return false;
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) return false;
  const types =
    typeof schema.type === "string"
      ? [schema.type]
      : Array.isArray(schema.type)
        ? schema.type
        : impliedTypes(schema);
  if (types.length > 0 && !types.some((t) => typeMatches(String(t), value))) return false;

  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) return false;
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return false;
    if (typeof schema.pattern === "string" && !patternMatches(schema.pattern, value)) return false;
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return false;
    if (typeof schema.maximum === "number" && value > schema.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return false;
    if (
      schema.items !== undefined &&
      !value.every((item) => conforms(item, schema.items, document, depth + 1))
    ) {
      return false;
    }
  }
  if (isObject(value)) {
    const properties = declaredProperties(schema, document);
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    if (!required.every((key) => Object.hasOwn(value, key))) return false;
    const extra = schema.additionalProperties;
    // JSON Schema's additionalProperties sees only the properties beside it, never those of allOf parts.
    const own = isObject(schema.properties) ? schema.properties : {};
    const patterns = isObject(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
    for (const [key, item] of Object.entries(value)) {
      if (extra === false && !Object.hasOwn(own, key) && !patterns.some((p) => patternMatches(p, key))) {
        return false;
      }
      if (properties && Object.hasOwn(properties, key)) {
        if (!conforms(item, properties[key], document, depth + 1)) return false;
      } else if (isObject(extra)) {
        if (!conforms(item, extra, document, depth + 1)) return false;
      } else if (!open && (extra === false || (properties !== undefined && extra !== true))) {
        return false;
      }
    }
  }
  return true;
}
