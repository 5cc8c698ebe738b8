import type { ErrorObject, ValidateFunction } from "ajv";
import type { SchemaDocument } from "./types";

/** One failed check, with where in the value it failed (a JSON pointer) and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type Validator = (value: unknown) => readonly ValidationIssue[];

type AjvInstance = {
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): ValidateFunction | undefined;
};

const ROOT_ID = "specgate:api";

const INT32 = 2 ** 31;

/** The formats OpenAPI defines on top of JSON Schema's. */
const OPENAPI_FORMATS = {
  int32: {
    type: "number" as const,
    validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  },
  int64: { type: "number" as const, validate: (n: number) => Number.isInteger(n) },
  float: { type: "number" as const, validate: () => true },
  double: { type: "number" as const, validate: () => true },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: true as const,
  password: true as const,
};

const escapeSegment = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Compiles validators from a schema document lazily: ajv is loaded on the first validation and
 * each schema is compiled once, so a Lambda cold start pays only for what its requests use.
 */
export class SchemaValidators {
  private ajv: AjvInstance | undefined;
  private readonly cache = new Map<string, Validator | undefined>();

  constructor(private readonly document: SchemaDocument) {}

  /** The validator of an operation's `parameters` or `body`, or undefined when it has none. */
  forOperation(operationId: string, part: "parameters" | "body"): Validator | undefined {
    const key = `${operationId}\u0000${part}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const operations = this.document.root.operations as
      { [id: string]: { [part: string]: unknown } } | undefined;
    const operation = operations && Object.hasOwn(operations, operationId) ? operations[operationId] : {};
    const validator =
      operation[part] === undefined
        ? undefined
        : // A pointer in a URI fragment: percent-encoded, as ajv reads it.
          this.compile(`#/operations/${encodeURIComponent(escapeSegment(operationId))}/${part}`);
    this.cache.set(key, validator);
    return validator;
  }

  private compile(pointer: string): Validator {
    const ajv = this.instance();
    const validate = ajv.getSchema(`${ROOT_ID}${pointer}`);
    if (!validate) throw new Error(`No schema at ${pointer}`);
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map(issueOf));
  }

  private instance(): AjvInstance {
    if (this.ajv) return this.ajv;
    // Loaded here rather than at import: handlers that never validate a body skip ajv's load time.
    const { fastFormats } = require("ajv-formats/dist/formats") as typeof import("ajv-formats/dist/formats");
    const options = {
      strict: false,
      allErrors: true,
      logger: false as const,
      // A property named `toString` or `constructor` is absent unless the value has it itself.
      ownProperties: true,
      // No meta-schema: the generated document is not user input, and adding one costs cold-start time.
      meta: false,
      validateSchema: false,
      formats: { ...fastFormats, ...OPENAPI_FORMATS },
    };
    const AjvClass =
      this.document.dialect === "openapi-3.1"
        ? (require("ajv/dist/2020") as typeof import("ajv/dist/2020")).default
        : (require("ajv") as typeof import("ajv")).default;
    const ajv = new AjvClass(options) as unknown as AjvInstance;
    ajv.addSchema({ ...this.document.root }, ROOT_ID);
    this.ajv = ajv;
    return ajv;
  }
}

function issueOf(error: ErrorObject): ValidationIssue {
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${error.instancePath}/${escapeSegment(missing)}`, message: "is required" };
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: `${error.instancePath}/${escapeSegment(extra)}`, message: "is not allowed" };
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return {
      path: error.instancePath,
      message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
    };
  }
  return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
}
