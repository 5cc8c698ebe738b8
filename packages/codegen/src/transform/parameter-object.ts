import type { ApiModel, ApiParameter, JsonSchema } from "@specgate/model";
import { resolvePointer } from "@specgate/model";

/** The scalar type a parameter's string form is coerced to; mirrors `ParameterType` of @specgate/runtime. */
export type ParameterType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "unknown";

/** Follows `$ref`s to the schema they name. */
export function derefSchema(model: ApiModel, schema: unknown): JsonSchema | undefined {
  let node = schema;
  for (let hops = 0; hops < 32; hops++) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    const ref = (node as JsonSchema).$ref;
    if (typeof ref !== "string") return node as JsonSchema;
    node = resolvePointer(model.document, ref);
  }
  return undefined;
}

const TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);

/** The type a parameter's value is coerced to, from its (possibly nullable or composed) schema. */
export function coercionType(model: ApiModel, schema: unknown): ParameterType {
  const s = derefSchema(model, schema);
  if (!s) return "string";
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => TYPES.has(String(t)));
  if (types.length === 1) return types[0] as ParameterType;
  if (types.length > 1) return "unknown";
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) return "string";
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const members = s[key];
    if (!Array.isArray(members)) continue;
    const found = new Set(members.map((m) => coercionType(model, m)));
    if (found.size === 1) return [...found][0];
  }
  if (s.items !== undefined) return "array";
  if (s.properties !== undefined) return "object";
  return "string";
}

/** The runtime's description of a parameter (`ParameterSpec`), as plain data. */
export function parameterSpec(model: ApiModel, parameter: ApiParameter): { [key: string]: unknown } {
  const type = coercionType(model, parameter.schema);
  const spec: { [key: string]: unknown } = {
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    type,
  };
  if (type === "array") spec.items = coercionType(model, derefSchema(model, parameter.schema)?.items);
  // Query and cookie parameters explode by default (form style); headers and paths do not.
  const explode = parameter.explode ?? (parameter.style === undefined || parameter.style === "form");
  if (type === "array" && parameter.in === "query" && !explode) spec.explode = false;
  return spec;
}

/** Keywords the runtime's type check after coercion already covers, or that only document. */
const TYPE_ONLY = new Set([
  "type",
  "nullable",
  "description",
  "title",
  "example",
  "examples",
  "deprecated",
  "default",
  "externalDocs",
  "xml",
  "items",
]);

/** Formats that say no more than the type does. */
const PLAIN_FORMATS = new Set(["int64", "float", "double", "binary", "password"]);

/**
 * Whether a parameter schema says more than its type (enum, bounds, pattern, a checked format…):
 * only those are validated with a JSON Schema validator, so simple handlers never load one.
 */
export function isConstrained(model: ApiModel, schema: unknown, depth = 0): boolean {
  const s = derefSchema(model, schema);
  if (!s || depth > 8) return false;
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith("x-") || TYPE_ONLY.has(key)) continue;
    if (key === "format" && typeof value === "string" && PLAIN_FORMATS.has(value)) continue;
    return true;
  }
  return s.items !== undefined && isConstrained(model, s.items, depth + 1);
}
