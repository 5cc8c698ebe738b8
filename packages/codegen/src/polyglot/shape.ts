/**
 * What a JSON schema describes, in the terms the Java and Python generators type bodies with: one
 * reading of the schema keywords, which each language then writes in its own syntax.
 */

type Schema = { readonly [key: string]: unknown };

export type Literal = string | number | boolean | null;

export interface Property {
  /** The JSON name, as it goes over the wire. */
  readonly name: string;
  readonly shape: Shape;
  readonly required: boolean;
  readonly doc?: string;
}

export type Shape =
  | { readonly kind: "any" }
  | { readonly kind: "ref"; readonly name: string }
  | { readonly kind: "string" }
  | { readonly kind: "integer"; readonly int64: boolean }
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "literals"; readonly values: readonly Literal[]; readonly base: Shape }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "map"; readonly values: Shape }
  | { readonly kind: "object"; readonly properties: readonly Property[]; readonly open: boolean }
  | { readonly kind: "union"; readonly members: readonly Shape[] }
  | { readonly kind: "all"; readonly members: readonly Shape[] }
  | { readonly kind: "nullable"; readonly inner: Shape };

const SCHEMAS = "#/components/schemas/";
const ANY: Shape = { kind: "any" };

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const isLiteral = (value: unknown): value is Literal =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

/** The name of a `components.schemas` entry a `$ref` points to; undefined for any other `$ref`. */
export function schemaRefName(ref: string): string | undefined {
  if (!ref.startsWith(SCHEMAS)) return undefined;
  const rest = ref.slice(SCHEMAS.length);
  if (rest.includes("/")) return undefined;
  return decodeURIComponent(rest).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The title and description of a schema, as one line of documentation. */
export function schemaDocText(schema: unknown): string | undefined {
  if (!isSchema(schema)) return undefined;
  const parts = [schema.title, schema.description].filter((part): part is string => typeof part === "string");
  return parts.length > 0 ? parts.join(": ") : undefined;
}

function typeShape(type: string, schema: Schema): Shape {
  switch (type) {
    case "string":
      return { kind: "string" };
    case "integer":
      return { kind: "integer", int64: schema.format === "int64" };
    case "number":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    case "null":
      return { kind: "null" };
    case "array":
      return { kind: "array", items: schema.items === undefined ? ANY : shapeOf(schema.items) };
    case "object":
      return objectShape(schema);
    default:
      return ANY;
  }
}

function objectShape(schema: Schema): Shape {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const properties = isSchema(schema.properties)
    ? Object.entries(schema.properties).map(([name, property]): Property => ({
        name,
        shape: shapeOf(property),
        required: required.has(name),
        doc: schemaDocText(property),
      }))
    : [];
  const additional = schema.additionalProperties;
  if (properties.length === 0 && isSchema(additional) && Object.keys(additional).length > 0) {
    return { kind: "map", values: shapeOf(additional) };
  }
  if (properties.length === 0) return { kind: "map", values: ANY };
  return { kind: "object", properties, open: additional !== false };
}

/** The structural part of a schema: its type, properties and items, without composition. */
function ownShape(schema: Schema): Shape | undefined {
  const literals = Array.isArray(schema.enum)
    ? schema.enum
    : schema.const !== undefined
      ? [schema.const]
      : undefined;
  const base = Array.isArray(schema.type)
    ? { kind: "union" as const, members: schema.type.map((t) => typeShape(String(t), schema)) }
    : typeof schema.type === "string"
      ? typeShape(schema.type, schema)
      : isSchema(schema.properties) || schema.additionalProperties !== undefined
        ? objectShape(schema)
        : schema.items !== undefined
          ? typeShape("array", schema)
          : undefined;
  if (literals && literals.every(isLiteral)) return { kind: "literals", values: literals, base: base ?? ANY };
  return base;
}

/** The shape of a schema (OpenAPI 3.0 or 3.1). */
export function shapeOf(schema: unknown): Shape {
  if (!isSchema(schema) || Object.keys(schema).length === 0) return ANY;
  const nullable = schema.nullable === true;
  const wrap = (shape: Shape): Shape =>
    nullable && shape.kind !== "any" ? { kind: "nullable", inner: shape } : shape;
  if (typeof schema.$ref === "string") {
    const name = schemaRefName(schema.$ref);
    return wrap(name === undefined ? ANY : { kind: "ref", name });
  }
  const parts: Shape[] = [];
  const own = ownShape(schema);
  if (own) parts.push(own);
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = schema[keyword];
    if (Array.isArray(members)) parts.push({ kind: "union", members: members.map(shapeOf) });
  }
  if (Array.isArray(schema.allOf)) parts.push(...schema.allOf.map(shapeOf));
  if (parts.length === 0) return ANY;
  return wrap(parts.length === 1 ? parts[0] : { kind: "all", members: parts });
}

/**
 * An `allOf` of objects (named or inline) as one object with all their properties: what the
 * generators declare a class for. Any other shape is returned as it is.
 */
export function mergeAllOf(shape: Shape, named: ReadonlyMap<string, Shape>, depth = 0): Shape {
  if (shape.kind !== "all" || depth > 8) return shape;
  const properties = new Map<string, Property>();
  let open = true;
  for (const member of shape.members) {
    const resolved = member.kind === "ref" ? named.get(member.name) : member;
    const object = resolved === undefined ? undefined : mergeAllOf(resolved, named, depth + 1);
    if (object?.kind !== "object") return shape;
    open &&= object.open;
    for (const property of object.properties) {
      const earlier = properties.get(property.name);
      properties.set(
        property.name,
        earlier ? { ...earlier, required: earlier.required || property.required } : property,
      );
    }
  }
  return { kind: "object", properties: [...properties.values()], open };
}
