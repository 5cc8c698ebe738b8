import {
  setOwn,
  type ApiMediaType,
  type ApiModel,
  type ApiOperation,
  type ApiResponse,
} from "@specgate/model";
import { isJsonMediaType, statusName } from "../naming";
import { docComment, propertySignature, typeAlias, unionOf } from "../emit/ts";
import { childPointer, type TypeContext } from "./context";
import { isConstrained, parameterSpec } from "./parameter-object";
import { schemaDoc, schemaType } from "./schema-object";
import { moveProtoProperty, type ValidationSchemas } from "./validation-schema";

/** The names generated for one operation; the infrastructure generator relies on the same ones. */
export interface OperationNames {
  /** `pascalCase(operationId)`, made unique. */
  readonly base: string;
  readonly requestParameters: string;
  readonly requestBody: string;
  readonly request: string;
  readonly response: string;
  readonly handlerFunction: string;
  /** `<Op><Status>ResponseBody` and `<Op><Status>OperationResponse`, by status code as written. */
  readonly responseBody: ReadonlyMap<string, string>;
  readonly operationResponse: ReadonlyMap<string, string>;
}

/** Claims every exported name of an operation, before schema names, so these names are exact. */
export function claimOperationNames(ctx: TypeContext, operation: ApiOperation, base: string): OperationNames {
  const claim = (suffix: string): string => {
    const name = ctx.scope.claim(`${base}${suffix}`);
    if (name !== `${base}${suffix}`) {
      ctx.warn(operation.pointer, `the name ${base}${suffix} is taken twice: the second one is ${name}`);
    }
    return name;
  };
  const responseBody = new Map<string, string>();
  const operationResponse = new Map<string, string>();
  for (const response of operation.responses) {
    if (response.content.length > 0)
      responseBody.set(response.statusCode, claim(`${statusName(response.statusCode)}ResponseBody`));
    operationResponse.set(response.statusCode, claim(`${statusName(response.statusCode)}OperationResponse`));
  }
  return {
    base,
    requestParameters: claim("RequestParameters"),
    requestBody: claim("RequestBody"),
    request: claim("Request"),
    response: claim("Response"),
    handlerFunction: claim("HandlerFunction"),
    responseBody,
    operationResponse,
  };
}

/** What one operation contributes to the generated files. */
export interface OperationOutput {
  /** Declarations for `operations.ts`. */
  readonly types: string;
  /** The `OperationSpec` the runtime reads, as plain data. */
  readonly spec: { readonly [key: string]: unknown };
  /** Schemas for `operations.<operationId>` of the validation document. */
  readonly validation: { readonly [key: string]: unknown };
  /** The type of the handler's `input.body`. */
  readonly bodyType: string;
  /** Whether the client method may be called without a request. */
  readonly requestOptional: boolean;
}

const jsonMedia = (content: readonly ApiMediaType[]): ApiMediaType | undefined =>
  content.find((m) => isJsonMediaType(m.contentType));

/**
 * The status code type of a response: `200`, `Status4XX` less the 4xx codes declared on their own,
 * `StatusCode` less every other declared one for `default`, so checks on `statusCode` narrow.
 */
function statusCodeType(statusCode: string, declared: readonly string[]): string {
  if (/^\d{3}$/.test(statusCode)) return statusCode;
  const range = /^([1-5])XX$/i.exec(statusCode);
  const codes = declared.filter((code) => /^\d{3}$/.test(code));
  if (range) {
    const inRange = codes.filter((code) => code[0] === range[1]);
    const all = `Status${range[1]}XX`;
    return inRange.length === 0 ? all : `Exclude<${all}, ${inRange.join(" | ")}>`;
  }
  const others = declared
    .filter((code) => code !== statusCode)
    .map((code) => (/^[1-5]XX$/i.test(code) ? `Status${code[0]}XX` : code));
  return others.length === 0 ? "StatusCode" : `Exclude<StatusCode, ${others.join(" | ")}>`;
}

/** The type of a media type's content: its `$ref`'d schema, or its inline schema hoisted as `wanted`. */
function contentType(
  ctx: TypeContext,
  content: readonly ApiMediaType[],
  wanted: string,
  pointer: string,
): string {
  const json = jsonMedia(content);
  const others = content.some((m) => !isJsonMediaType(m.contentType)) ? ["string"] : [];
  if (!json) return "string";
  const schema = json.schema;
  const mediaPointer = childPointer(pointer, "content", json.contentType, "schema");
  let type: string;
  if (schema === undefined) type = "unknown";
  else if (typeof schema.$ref === "string" && Object.keys(schema).length === 1)
    type = ctx.refType(schema.$ref, mediaPointer);
  else type = ctx.hoist(wanted, schema, mediaPointer);
  return unionOf([type, ...others]);
}

function responseTypes(
  ctx: TypeContext,
  operation: ApiOperation,
  names: OperationNames,
  response: ApiResponse,
): string {
  const pointer = childPointer(operation.pointer, "responses", response.statusCode);
  const status = statusCodeType(
    response.statusCode,
    operation.responses.map((r) => r.statusCode),
  );
  const doc = docComment([`${response.statusCode}: ${response.description ?? ""}`.replace(/: $/, "")]);
  const operationResponse = names.operationResponse.get(response.statusCode) as string;
  const bodyName = names.responseBody.get(response.statusCode);
  if (bodyName === undefined) return typeAlias(operationResponse, `EmptyResponse<${status}>`, doc);
  const body = contentType(
    ctx,
    response.content,
    `${names.base}${statusName(response.statusCode)}Response`,
    pointer,
  );
  return `${typeAlias(bodyName, body)}\n${typeAlias(operationResponse, `ApiResponse<${status}, ${bodyName}>`, doc)}\n`;
}

/** Generates the types, runtime description and validation schemas of one operation. */
export function transformOperation(
  ctx: TypeContext,
  model: ApiModel,
  validation: ValidationSchemas,
  operation: ApiOperation,
  names: OperationNames,
): OperationOutput {
  const title = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
  let types = "";

  // Request parameters: one flat object by the names the spec gives them.
  const seen = new Set<string>();
  const parameters = operation.parameters.filter((p) => {
    if (seen.has(p.name)) {
      ctx.warn(
        p.pointer,
        `${p.in} parameter "${p.name}" shares its name with another parameter: only the first is typed`,
      );
      return false;
    }
    seen.add(p.name);
    return true;
  });
  for (const parameter of parameters) {
    if (parameter.style !== undefined && !["form", "simple"].includes(parameter.style)) {
      ctx.warn(
        parameter.pointer,
        `${parameter.in} parameter "${parameter.name}" has style "${parameter.style}": handler wrappers read only the form and simple styles, so its value may be missing or unparsed`,
      );
    }
  }
  let members = "";
  for (const parameter of parameters) {
    const type = schemaType(parameter.schema ?? {}, ctx, childPointer(parameter.pointer, "schema"), "  ");
    members += docComment(
      [
        parameter.description,
        ...schemaDoc(parameter.schema),
        parameter.deprecated ? "@deprecated" : undefined,
        `In ${parameter.in}.`,
      ],
      "  ",
    );
    members += `  ${propertySignature(parameter.name, parameter.required, type)}\n`;
  }
  types += docComment([`Parameters of ${title}.`]);
  types +=
    members === ""
      ? `export type ${names.requestParameters} = Record<string, never>;\n`
      : `export interface ${names.requestParameters} {\n${members}}\n`;
  types += "\n";

  // Request body.
  const requestBody = operation.requestBody;
  let bodyType = "undefined";
  if (requestBody) {
    const pointer = childPointer(operation.pointer, "requestBody");
    const body =
      requestBody.content.length === 0
        ? "unknown"
        : contentType(ctx, requestBody.content, `${names.base}RequestContent`, pointer);
    types += typeAlias(
      names.requestBody,
      body,
      docComment([requestBody.description ?? `Request body of ${title}.`]),
    );
    types += "\n";
    bodyType = requestBody.required ? names.requestBody : `${names.requestBody} | undefined`;
  }

  // What a client sends.
  const hasRequiredParameter = parameters.some((p) => p.required);
  let request = "";
  if (parameters.length > 0)
    request += `  readonly requestParameters${hasRequiredParameter ? "" : "?"}: ${names.requestParameters};\n`;
  if (requestBody) request += `  readonly body${requestBody.required ? "" : "?"}: ${names.requestBody};\n`;
  types += docComment([`What a client sends to ${title}.`]);
  types +=
    request === ""
      ? `export type ${names.request} = Record<string, never>;\n`
      : `export interface ${names.request} {\n${request}}\n`;
  types += "\n";

  // Responses: one type per declared status code, and their union.
  for (const response of operation.responses) types += responseTypes(ctx, operation, names, response);
  types += typeAlias(
    names.response,
    unionOf(operation.responses.map((r) => names.operationResponse.get(r.statusCode) as string)),
    docComment([`Every response ${title} declares.`]),
  );
  types += "\n";
  types += typeAlias(
    names.handlerFunction,
    `OperationHandler<${names.requestParameters}, ${bodyType}, ${names.response}>`,
    docComment([`The function implementing ${title}.`]),
  );

  // What the runtime needs to coerce, validate and marshal.
  const responses: { [status: string]: string } = {};
  for (const response of operation.responses) {
    if (response.content.length > 0) responses[response.statusCode] = response.content[0].contentType;
  }
  const spec: { [key: string]: unknown } = {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    parameters: parameters.map((p) => parameterSpec(model, p)),
  };
  if (requestBody) {
    spec.requestBody = {
      required: requestBody.required,
      contentTypes: requestBody.content.map((m) => m.contentType),
    };
  }
  spec.responses = responses;

  const validationOut: { [key: string]: unknown } = {};
  const withSchemas = parameters.filter((p) => p.schema !== undefined && isConstrained(model, p.schema));
  if (withSchemas.length > 0) {
    const byLocation: { [location: string]: { type: "object"; properties: { [name: string]: unknown } } } =
      {};
    for (const p of withSchemas) {
      byLocation[p.in] ??= { type: "object", properties: {} };
      setOwn(byLocation[p.in].properties, p.name, validation.convert(p.schema));
    }
    for (const location of Object.values(byLocation)) moveProtoProperty(location);
    validationOut.parameters = { type: "object", properties: byLocation };
  }
  const json = requestBody && jsonMedia(requestBody.content);
  if (json?.schema !== undefined) validationOut.body = validation.convert(json.schema);

  return {
    types,
    spec,
    validation: validationOut,
    bodyType,
    requestOptional: !hasRequiredParameter && !(requestBody?.required ?? false),
  };
}
