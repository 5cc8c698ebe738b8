import { resolvePointer, setOwn } from "@specgate/model";
import type { ApiModel } from "@specgate/model";

type Json = unknown;
type Schema = { [key: string]: Json };

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const escape = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Moves a property named `__proto__` from `properties` to `patternProperties` (`^__proto__$`),
 * which means the same: ajv skips a property of that name (a guard against prototype pollution),
 * and would accept any value there.
 */
export function moveProtoProperty(schema: Schema): void {
  if (!isSchema(schema.properties) || !Object.hasOwn(schema.properties, "__proto__")) return;
  const { ["__proto__"]: proto, ...others } = schema.properties;
  const patterns = isSchema(schema.patternProperties) ? { ...schema.patternProperties } : {};
  const pattern = "^__proto__$";
  patterns[pattern] = patterns[pattern] === undefined ? proto : { allOf: [patterns[pattern], proto] };
  schema.properties = others;
  schema.patternProperties = patterns;
}

/** Keywords of OpenAPI that only document: validators do not need them in the Lambda bundle. */
const DOCUMENTATION = new Set([
  "description",
  "example",
  "examples",
  "externalDocs",
  "xml",
  "title",
  "deprecated",
]);

/**
 * Rewrites OpenAPI schemas into what ajv validates: 3.0's `nullable` and boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become JSON Schema, 3.0's `$ref` siblings are dropped, and
 * `$ref`s outside `components.schemas` are copied under `refs` so the document stays self-contained.
 */
export class ValidationSchemas {
  readonly refs: { [key: string]: Json } = {};
  private readonly openapi30: boolean;

  constructor(private readonly model: ApiModel) {
    this.openapi30 = !model.openapiVersion.startsWith("3.1");
  }

  /** `components.schemas`, converted. */
  components(): { [name: string]: Json } {
    return Object.fromEntries(Object.entries(this.model.schemas).map(([name, s]) => [name, this.convert(s)]));
  }

  convert(schema: Json): Json {
    if (Array.isArray(schema)) return schema.map((s) => this.convert(s));
    if (!isSchema(schema)) return schema;
    if (typeof schema.$ref === "string") {
      const ref = this.ref(schema.$ref);
      // OpenAPI 3.0 ignores the siblings of a $ref; 3.1 applies them.
      if (this.openapi30)
        return schema.nullable === true ? { anyOf: [{ $ref: ref }, { type: "null" }] } : { $ref: ref };
      const rest = this.convertKeywords(schema);
      return { ...rest, $ref: ref };
    }
    const out = this.convertKeywords(schema);
    if (this.openapi30 && schema.nullable === true) return this.nullable(out);
    return out;
  }

  private convertKeywords(schema: Schema): Schema {
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (DOCUMENTATION.has(key) || key.startsWith("x-") || key === "$ref") continue;
      if (this.openapi30 && key === "nullable") continue;
      if (
        this.openapi30 &&
        (key === "exclusiveMinimum" || key === "exclusiveMaximum") &&
        typeof value === "boolean"
      ) {
        continue;
      }
      if (key === "properties" || key === "patternProperties" || key === "$defs" || key === "definitions") {
        setOwn(
          out,
          key,
          isSchema(value)
            ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, this.convert(s)]))
            : value,
        );
      } else if (
        key === "enum" ||
        key === "const" ||
        key === "required" ||
        key === "type" ||
        key === "default"
      ) {
        out[key] = value;
      } else {
        setOwn(out, key, this.convert(value));
      }
    }
    moveProtoProperty(out);
    if (this.openapi30) {
      for (const [flag, bound] of [
        ["exclusiveMinimum", "minimum"],
        ["exclusiveMaximum", "maximum"],
      ] as const) {
        if (schema[flag] === true && typeof schema[bound] === "number") {
          out[flag] = schema[bound];
          delete out[bound];
        }
      }
    }
    return out;
  }

  private nullable(schema: Schema): Schema {
    if (typeof schema.type === "string") {
      const out: Schema = { ...schema, type: [schema.type, "null"] };
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
      return out;
    }
    return { anyOf: [schema, { type: "null" }] };
  }

  /** The `$ref` to use in the validation document for a `$ref` of the spec. */
  private ref(ref: string): string {
    if (ref.startsWith("#/components/schemas/") || !ref.startsWith("#")) return ref;
    const key = escape(ref.slice(1));
    if (!(key in this.refs)) {
      this.refs[key] = {};
      this.refs[key] = this.convert(resolvePointer(this.model.document, ref));
    }
    return `#/refs/${escape(key)}`;
  }
}
