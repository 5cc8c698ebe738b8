import type { ValidateFunction } from "ajv-draft-04";
import type { GatewayError } from "./gateway-responses";
import { parseJsonBody } from "./json-body";
import type { MethodRequest } from "./request";
import { describeSchemaError, type SchemaCompiler } from "./schemas";

/** A request validator as `x-amazon-apigateway-request-validators` defines it. */
export interface RequestValidatorSettings {
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
}

/** What a method declares that its request validator checks. */
export interface MethodRequestModel {
  /** Required parameters, as `{ in, name }`. */
  readonly requiredParameters: readonly { readonly in: string; readonly name: string }[];
  /** The JSON body schema (the model for application/json), if any. */
  readonly bodySchema?: Record<string, unknown>;
}

/** Checks a method request before integration; compiled once per method. */
export type RequestValidator = (request: MethodRequest) => GatewayError | undefined;

/** Compiles the validator a method's settings ask for; undefined when it validates nothing. */
export function compileRequestValidator(
  settings: RequestValidatorSettings | undefined,
  model: MethodRequestModel,
  schemas: SchemaCompiler,
  where: string,
): RequestValidator | undefined {
  if (!settings) return undefined;
  // API Gateway lists missing parameters header first, then path, then query string.
  const order = ["header", "path", "query"];
  const required = settings.validateRequestParameters
    ? order.flatMap((location) => model.requiredParameters.filter((p) => p.in === location))
    : [];
  const headers = required
    .filter((p) => p.in === "header")
    .map((p) => ({ name: p.name, key: p.name.toLowerCase() }));
  const paths = required.filter((p) => p.in === "path").map((p) => p.name);
  const queries = required.filter((p) => p.in === "query").map((p) => p.name);
  const body: ValidateFunction | undefined =
    settings.validateRequestBody && model.bodySchema
      ? schemas.compile(model.bodySchema, `${where} request body`)
      : undefined;
  if (required.length === 0 && !body) return undefined;

  return (request) => {
    if (required.length > 0) {
      const missing: string[] = [];
      for (const header of headers) if (request.headers[header.key] === undefined) missing.push(header.name);
      for (const name of paths) if (!request.pathParameters[name]) missing.push(name);
      for (const name of queries) if (request.query[name] === undefined) missing.push(name);
      if (missing.length > 0) {
        const message = `Missing required request parameters: [${missing.join(", ")}]`;
        return { type: "BAD_REQUEST_PARAMETERS", message, validationError: message };
      }
    }
    if (body) {
      // A request without a body is validated as an empty JSON object.
      const parsed = request.body.length === 0 ? { value: {} } : parseJsonBody(request.body.toString("utf8"));
      if ("invalid" in parsed) {
        return {
          type: "BAD_REQUEST_BODY",
          message: "Invalid request body",
          validationError:
            parsed.invalid === "malformed" ? "[Invalid JSON]" : `[Invalid JSON: ${parsed.invalid}]`,
        };
      }
      if (!body(parsed.value)) {
        return {
          type: "BAD_REQUEST_BODY",
          message: "Invalid request body",
          validationError: describeSchemaError(body.errors),
        };
      }
    }
    return undefined;
  };
}
