import { ModelError } from "./errors";
import { pointerOf, resolvePointer } from "./pointer";
import type {
  ApiHeader,
  ApiMediaType,
  ApiModel,
  ApiOperation,
  ApiParameter,
  ApiRequestBody,
  ApiResponse,
  HttpMethod,
  JsonSchema,
  ModelProblem,
  OpenApiDocument,
  OperationLookup,
  ParameterLocation,
  SecurityRequirement,
} from "./types";

const METHODS: readonly HttpMethod[] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Follows `$ref`s (local ones only) until a non-reference object. */
function deref(document: OpenApiDocument, value: unknown): Obj | undefined {
  let node = value;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    node = resolvePointer(document, node.$ref);
  }
  return isObject(node) ? node : undefined;
}

function extensionsOf(node: Obj): ApiOperation["extensions"] {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key.startsWith("x-")) out[key] = value;
  return out as ApiOperation["extensions"];
}

function mediaTypes(document: OpenApiDocument, content: unknown): ApiMediaType[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([contentType, raw]) => {
    const media = deref(document, raw) ?? {};
    const examples = isObject(media.examples)
      ? Object.values(media.examples).map((e) => deref(document, e)?.value)
      : [];
    return {
      contentType,
      schema: isObject(media.schema) ? (media.schema as JsonSchema) : undefined,
      example: media.example,
      examples,
    };
  });
}

function parametersOf(document: OpenApiDocument, list: unknown, basePointer: string): ApiParameter[] {
  if (!Array.isArray(list)) return [];
  const out: ApiParameter[] = [];
  list.forEach((raw, index) => {
    const param = deref(document, raw);
    if (!param || typeof param.name !== "string" || typeof param.in !== "string") return;
    const location = param.in as ParameterLocation;
    let schema = isObject(param.schema) ? (param.schema as JsonSchema) : undefined;
    if (!schema && isObject(param.content)) {
      schema = mediaTypes(document, param.content)[0]?.schema;
    }
    out.push({
      name: param.name,
      in: location,
      required: location === "path" ? true : param.required === true,
      schema,
      description: typeof param.description === "string" ? param.description : undefined,
      style: typeof param.style === "string" ? param.style : undefined,
      explode: typeof param.explode === "boolean" ? param.explode : undefined,
      deprecated: param.deprecated === true,
      pointer: `${basePointer}/parameters/${index}`,
    });
  });
  return out;
}

function requestBodyOf(document: OpenApiDocument, raw: unknown): ApiRequestBody | undefined {
  const body = deref(document, raw);
  if (!body) return undefined;
  return {
    required: body.required === true,
    description: typeof body.description === "string" ? body.description : undefined,
    content: mediaTypes(document, body.content),
  };
}

function headersOf(document: OpenApiDocument, raw: unknown): ApiHeader[] {
  if (!isObject(raw)) return [];
  return Object.entries(raw).flatMap(([name, value]) => {
    const header = deref(document, value);
    if (!header) return [];
    return [
      {
        name,
        required: header.required === true,
        schema: isObject(header.schema) ? (header.schema as JsonSchema) : undefined,
        description: typeof header.description === "string" ? header.description : undefined,
      },
    ];
  });
}

function responsesOf(document: OpenApiDocument, raw: unknown): ApiResponse[] {
  if (!isObject(raw)) return [];
  return Object.entries(raw)
    .filter(([code]) => !code.startsWith("x-"))
    .map(([statusCode, value]) => {
      const response = deref(document, value) ?? {};
      return {
        statusCode,
        description: typeof response.description === "string" ? response.description : undefined,
        content: mediaTypes(document, response.content),
        headers: headersOf(document, response.headers),
      };
    });
}

/**
 * Normalizes a bundled OpenAPI document (internal `$ref`s only) into an `ApiModel`.
 * Throws a `ModelError` listing every problem found.
 */
export function buildModel(document: OpenApiDocument, source = "api"): ApiModel {
  const problems: ModelProblem[] = [];
  const problem = (pointer: string, message: string): void => {
    problems.push({ file: source, pointer, message });
  };

  const info = isObject(document.info) ? document.info : {};
  const components = isObject(document.components) ? document.components : {};
  const rootSecurity = Array.isArray(document.security)
    ? (document.security as SecurityRequirement[])
    : undefined;

  const operations: ApiOperation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith("x-")) continue;
    const item = deref(document, rawItem);
    if (!item) continue;
    const itemPointer = pointerOf("paths", path);
    const shared = parametersOf(document, item.parameters, itemPointer);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = pointerOf("paths", path, method);
      const own = parametersOf(document, op.parameters, pointer);
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      if (typeof op.operationId !== "string" || op.operationId === "") {
        problem(pointer, `${method.toUpperCase()} ${path} has no operationId: give it a unique operationId`);
        continue;
      }
      operations.push({
        operationId: op.operationId,
        method,
        path,
        pointer,
        summary: typeof op.summary === "string" ? op.summary : undefined,
        description: typeof op.description === "string" ? op.description : undefined,
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [],
        deprecated: op.deprecated === true,
        parameters,
        requestBody: requestBodyOf(document, op.requestBody),
        responses: responsesOf(document, op.responses),
        security: Array.isArray(op.security) ? (op.security as SecurityRequirement[]) : rootSecurity,
        extensions: extensionsOf(op),
      });
    }
  }

  if (problems.length > 0) throw new ModelError(problems);

  return {
    openapiVersion: typeof document.openapi === "string" ? document.openapi : "",
    title: typeof info.title === "string" ? info.title : "",
    version: typeof info.version === "string" ? info.version : "",
    source: source === "api" ? undefined : source,
    document,
    operations,
    schemas: (isObject(components.schemas) ? components.schemas : {}) as ApiModel["schemas"],
    securitySchemes: (isObject(components.securitySchemes)
      ? components.securitySchemes
      : {}) as ApiModel["securitySchemes"],
    extensions: extensionsOf(document),
  };
}

/** The operation lookup API Gateway integrations and generated code need, by operationId. */
export function operationLookupOf(model: ApiModel): OperationLookup {
  const lookup: Record<string, OperationLookup[string]> = {};
  for (const op of model.operations) {
    const types = op.requestBody?.content.map((m) => m.contentType) ?? [];
    lookup[op.operationId] = {
      method: op.method.toUpperCase() as Uppercase<HttpMethod>,
      path: op.path,
      contentTypes: types.length > 0 ? types : ["application/json"],
    };
  }
  return lookup;
}
