import type { ValidateFunction } from "ajv-draft-04";
import { parseJsonBody } from "./json-body";
import { describeSchemaError, type SchemaCompiler } from "./schemas";

/** The responses an operation declares, checked against what its integration answers. */
export type ResponseContract = (
  statusCode: number,
  contentType: string | undefined,
  body: Buffer | string,
) => string | undefined;

interface DeclaredResponse {
  readonly schema?: ValidateFunction;
  readonly hasContent: boolean;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Compiles the operation's declared `responses` (already dereferenced) once; the check returns a
 * problem (status and schema path) or undefined.
 */
export function compileResponseContract(
  responses: Readonly<Record<string, Obj>>,
  schemas: SchemaCompiler,
  where: string,
): ResponseContract | undefined {
  const declared = new Map<string, DeclaredResponse>();
  for (const [status, response] of Object.entries(responses)) {
    const content = isObject(response.content) ? response.content : {};
    const json = Object.entries(content).find(([type]) => /[/+]json\b/i.test(type))?.[1];
    const schema = isObject(json) && isObject(json.schema) ? json.schema : undefined;
    // Swagger 2 puts the schema on the response itself.
    const swagger2 = isObject(response.schema) ? response.schema : undefined;
    const chosen = schema ?? swagger2;
    declared.set(status.toUpperCase(), {
      schema: chosen ? schemas.compile(chosen, `${where} responses.${status}`) : undefined,
      hasContent: Object.keys(content).length > 0 || swagger2 !== undefined,
    });
  }
  if (declared.size === 0) return undefined;
  // A constant template or handler answers the same body every time: a body that kept the contract once keeps it.
  let kept: { statusCode: number; contentType: string | undefined; body: Buffer | string } | undefined;
  const sameBody = (a: Buffer | string, b: Buffer | string): boolean =>
    typeof a === "string" ? a === b : typeof b !== "string" && a.equals(b);
  const check: ResponseContract = (statusCode, contentType, body) => {
    const status = String(statusCode);
    const response = declared.get(status) ?? declared.get(`${status[0]}XX`) ?? declared.get("DEFAULT");
    if (!response)
      return `status ${status} is not a declared response (declared: ${[...declared.keys()].join(", ")})`;
    if (!response.schema) return undefined;
    if (body.length === 0)
      return `status ${status} has an empty body, but the declared response has a schema`;
    if (contentType && !/[/+]json\b/i.test(contentType)) return undefined;
    const parsed = parseJsonBody(typeof body === "string" ? body : body.toString("utf8"));
    if ("invalid" in parsed) {
      const why = parsed.invalid === "malformed" ? "not JSON" : `JSON ${parsed.invalid}`;
      return `status ${status} body is ${why}, but the declared response has a JSON schema`;
    }
    if (response.schema(parsed.value)) return undefined;
    return `status ${status} ${describeSchemaError(response.schema.errors)}`;
  };
  return (statusCode, contentType, body) => {
    if (
      kept !== undefined &&
      statusCode === kept.statusCode &&
      contentType === kept.contentType &&
      sameBody(body, kept.body)
    )
      return undefined;
    const problem = check(statusCode, contentType, body);
    // Small bodies only: comparing a large one costs about what checking it does.
    if (problem === undefined && body.length <= 4096) {
      kept = { statusCode, contentType, body: typeof body === "string" ? body : Buffer.from(body) };
    }
    return problem;
  };
}
