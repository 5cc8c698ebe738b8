import {
  arrayOf,
  docComment,
  intersectionOf,
  literalType,
  propertySignature,
  topLevelOperator,
  typeAlias,
  unionOf,
} from "../emit/ts";
import { childPointer, type TypeContext } from "./context";

type Schema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Keywords whose meaning TypeScript types cannot carry; the type is looser than the schema. */
const LOOSE_KEYWORDS: readonly string[] = [
  "not",
  "if",
  "patternProperties",
  "unevaluatedProperties",
  "dependentSchemas",
  "propertyNames",
];

/** The documentation a schema carries, as comment lines. */
export function schemaDoc(schema: unknown): string[] {
  if (!isSchema(schema)) return [];
  const lines: string[] = [];
  if (typeof schema.title === "string") lines.push(schema.title);
  if (typeof schema.description === "string") lines.push(schema.description);
  if (typeof schema.format === "string") lines.push(`@format ${schema.format}`);
  if (schema.deprecated === true) lines.push("@deprecated");
  return lines;
}

/** Whether a named schema reads best as an `interface` (a plain object, no unions or nullability). */
export function isInterfaceSchema(schema: unknown): schema is Schema {
  if (!isSchema(schema) || schema.$ref !== undefined || schema.nullable === true) return false;
  for (const key of ["allOf", "anyOf", "oneOf", "enum", "const"]) if (schema[key] !== undefined) return false;
  if (schema.type === "object") return true;
  return (
    schema.type === undefined && (isSchema(schema.properties) || schema.additionalProperties !== undefined)
  );
}

/** The members of an object schema as interface body lines, each indented by `indent`. */
export function objectMembers(schema: Schema, ctx: TypeContext, pointer: string, indent: string): string {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const properties = isSchema(schema.properties) ? Object.entries(schema.properties) : [];
  let out = "";
  for (const [name, property] of properties) {
    const type = schemaType(property, ctx, childPointer(pointer, "properties", name), indent);
    out += docComment(schemaDoc(property), indent);
    out += `${indent}${propertySignature(name, required.has(name), type)}\n`;
  }
  const additional = schema.additionalProperties;
  if (additional === false) return out;
  if (additional === undefined) {
    // OpenAPI objects allow other properties unless told otherwise; only a bare object says so in its type.
    if (properties.length === 0) out += `${indent}[key: string]: unknown;\n`;
    return out;
  }
  if (additional === true || (isSchema(additional) && Object.keys(additional).length === 0)) {
    // Said outright: other properties are part of the contract, and object literals may hold them.
    out += `${indent}[key: string]: unknown;\n`;
    return out;
  }
  // An index signature must admit every declared property's type: with properties present, `unknown`.
  const valueType =
    properties.length === 0
      ? schemaType(additional, ctx, childPointer(pointer, "additionalProperties"), indent)
      : "unknown";
  out += `${indent}[key: string]: ${valueType};\n`;
  return out;
}

function objectType(schema: Schema, ctx: TypeContext, pointer: string, indent: string): string {
  const members = objectMembers(schema, ctx, pointer, `${indent}  `);
  if (members === "") return "Record<string, never>";
  return `{\n${members}${indent}}`;
}

function singleType(type: string, schema: Schema, ctx: TypeContext, pointer: string, indent: string): string {
  switch (type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array": {
      if (Array.isArray(schema.prefixItems)) {
        // prefixItems constrain the items that are there: past minItems, each may be missing.
        const present = typeof schema.minItems === "number" ? schema.minItems : 0;
        const items = schema.prefixItems.map((item, i) => {
          const type = schemaType(item, ctx, childPointer(pointer, "prefixItems", i), indent);
          if (i < present) return type;
          return topLevelOperator(type) ? `(${type})?` : `${type}?`;
        });
        const rest =
          schema.items === false
            ? ""
            : `, ...${arrayOf(schema.items === undefined ? "unknown" : schemaType(schema.items, ctx, childPointer(pointer, "items"), indent))}`;
        return `[${items.join(", ")}${rest}]`;
      }
      if (schema.items === undefined) return "unknown[]";
      return arrayOf(schemaType(schema.items, ctx, childPointer(pointer, "items"), indent));
    }
    case "object":
      return objectType(schema, ctx, pointer, indent);
    default:
      ctx.warn(pointer, `unknown type "${type}": typed as unknown`);
      return "unknown";
  }
}

/** The structural part of a schema (type, properties, items), without composition or nullability. */
function ownType(schema: Schema, ctx: TypeContext, pointer: string, indent: string): string | undefined {
  if (Array.isArray(schema.enum)) {
    const literals = schema.enum.map(literalType);
    if (literals.every((l): l is string => l !== undefined)) return unionOf(literals);
    ctx.warn(pointer, "enum with values JSON cannot hold: typed by its schema type");
  }
  if (schema.const !== undefined) {
    const literal = literalType(schema.const);
    if (literal !== undefined) return literal;
    ctx.warn(pointer, "const with a value JSON cannot hold: typed by its schema type");
  }
  if (Array.isArray(schema.type)) {
    return unionOf(schema.type.map((t) => singleType(String(t), schema, ctx, pointer, indent)));
  }
  if (typeof schema.type === "string") return singleType(schema.type, schema, ctx, pointer, indent);
  if (isSchema(schema.properties) || schema.additionalProperties !== undefined) {
    return objectType(schema, ctx, pointer, indent);
  }
  if (schema.items !== undefined || schema.prefixItems !== undefined) {
    return singleType("array", schema, ctx, pointer, indent);
  }
  return undefined;
}

/** The TypeScript type of a schema; nested object literals are indented from `indent`. */
export function schemaType(schema: unknown, ctx: TypeContext, pointer: string, indent = ""): string {
  if (schema === true || (isSchema(schema) && Object.keys(schema).length === 0)) return "unknown";
  if (schema === false) return "never";
  if (!isSchema(schema)) {
    ctx.warn(pointer, "not a schema object: typed as unknown");
    return "unknown";
  }
  for (const keyword of LOOSE_KEYWORDS) {
    if (schema[keyword] !== undefined)
      ctx.warn(pointer, `"${keyword}" is not expressed in the TypeScript type`);
  }
  const nullable = schema.nullable === true ? ["null"] : [];
  if (typeof schema.$ref === "string") {
    return unionOf([ctx.refType(schema.$ref, pointer), ...nullable]);
  }

  const parts: string[] = [];
  const own = ownType(schema, ctx, pointer, indent);
  if (own !== undefined) parts.push(own);
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    parts.push(
      unionOf(members.map((member, i) => schemaType(member, ctx, childPointer(pointer, keyword, i), indent))),
    );
  }
  if (Array.isArray(schema.allOf)) {
    parts.push(
      ...schema.allOf.map((member, i) => schemaType(member, ctx, childPointer(pointer, "allOf", i), indent)),
    );
  }
  const type = parts.length === 0 ? "unknown" : intersectionOf(parts);
  if (nullable.length === 0 || type === "unknown") return type;
  return unionOf([type, "null"]);
}

/** The declaration of a named type: an interface for plain objects, else a type alias. */
export function declareType(name: string, schema: unknown, ctx: TypeContext, pointer: string): string {
  const doc = docComment(schemaDoc(schema));
  if (isInterfaceSchema(schema)) {
    const members = objectMembers(schema, ctx, pointer, "  ");
    if (members === "" && schema.additionalProperties === false) {
      return `${doc}export type ${name} = Record<string, never>;\n`;
    }
    return `${doc}export interface ${name} {\n${members}}\n`;
  }
  return typeAlias(name, schemaType(schema, ctx, pointer), doc);
}
