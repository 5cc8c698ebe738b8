import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

type Obj = Record<string, unknown>;

/** OpenAPI 3.0 schema keywords in their JSON Schema (draft 2019+) form, so ajv checks what OpenAPI means. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (out.exclusiveMinimum === true) {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (out.exclusiveMinimum === false) delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === true) {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  } else if (out.exclusiveMaximum === false) delete out.exclusiveMaximum;
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (out.type === undefined && out.$ref === undefined) {
      /* already accepts null */
    } else return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/** Validates values against schemas of an OpenAPI document, `$ref`s and formats included. */
export function schemaValidator(document: unknown): (pointer: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(toJsonSchema(document) as Obj, "doc");
  return (pointer) => {
    const validate = ajv.getSchema(`doc${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
}
