import Ajv, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import { LocalGatewayError } from "./errors";

/** Compiles an API's JSON schemas (draft 4, as API Gateway models are) once, at start. */
export class SchemaCompiler {
  // OpenAPI keywords (nullable, example, discriminator) are not JSON Schema: ignore them, as API Gateway does.
  // A property named `toString` or `constructor` is absent unless the body has it itself.
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: false,
    validateFormats: false,
    logger: false,
    ownProperties: true,
  });

  constructor(private readonly document: Record<string, unknown>) {}

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
