import type Ajv2020 from "ajv/dist/2020";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import { LocalGatewayError } from "./errors";

/**
 * Compiles an API's JSON schemas once, at start: draft 4, as API Gateway models are, for OpenAPI 3.0
 * (and 2.0); JSON Schema 2020-12, what OpenAPI 3.1 schemas are, for 3.1 (`const`, `prefixItems`,
 * `$defs`, type arrays).
 */
export class SchemaCompiler {
  private readonly ajv: Pick<Ajv, "compile">;

  constructor(private readonly document: Record<string, unknown>) {
    // OpenAPI keywords (nullable, example, discriminator) are not JSON Schema: ignore them, as API Gateway does.
    // A property named `toString` or `constructor` is absent unless the body has it itself.
    const options = {
      strict: false,
      allErrors: false,
      validateFormats: false,
      logger: false,
      ownProperties: true,
    } as const;
    const openapi = typeof document.openapi === "string" ? document.openapi : "";
    this.ajv = openapi.startsWith("3.1")
      ? new (require("ajv/dist/2020") as { default: typeof Ajv2020 }).default(options)
      : new Ajv(options);
  }

  /** A validator for `schema`, whose `#/…` references point into the API's document. */
  compile(schema: Record<string, unknown>, where: string): ValidateFunction {
    // The document's schemas sit beside the schema, so its `#/components/schemas/X` references resolve.
    const root = {
      components: this.document.components,
      definitions: this.document.definitions,
      allOf: [schema],
    };
    try {
      return this.ajv.compile(root);
    } catch (error) {
      throw new LocalGatewayError(`${where}: the schema does not compile: ${(error as Error).message}`);
    }
  }
}

/** The first validation error, as `<schema path>: <message>` for people. */
export function describeSchemaError(errors: readonly ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return "does not match its schema";
  const at = error.instancePath === "" ? "body" : `body${error.instancePath.replace(/\//g, ".")}`;
  const schemaPath = error.schemaPath.replace(/^#\/allOf\/0/, "#");
  return `${at} ${error.message ?? "is invalid"} (schema ${schemaPath})`;
}
