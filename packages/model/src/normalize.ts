import { ModelError } from "./errors";
import { setOwn } from "./own";
import { pathVariablesOf, resourcePathProblem, siblingVariableClashes } from "./api-gateway";
import { derefLocal, pointerOf } from "./pointer";
import { deriveOperationIds } from "./operation-ids";
import { danglingRefProblems, refCycleProblems } from "./refs";
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

function extensionsOf(node: Obj): ApiOperation["extensions"] {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key.startsWith("x-")) out[key] = value;
  return out as ApiOperation["extensions"];
}

function mediaTypes(document: OpenApiDocument, content: unknown): ApiMediaType[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([contentType, raw]) => {
    const media = derefLocal(document, raw) ?? {};
    const examples = isObject(media.examples)
      ? Object.values(media.examples).map((e) => derefLocal(document, e)?.value)
      : [];
    return {
      contentType,
      schema: isObject(media.schema) ? (media.schema as JsonSchema) : undefined,
      example: media.example,
      examples,
    };
  });
}

/** Path parameters whose document did not say `required: true` (the model makes them required anyway). */
const notDeclaredRequired = new WeakSet<ApiParameter>();

type Report = (pointer: string, message: string) => void;

function parametersOf(
  document: OpenApiDocument,
  list: unknown,
  basePointer: string,
  problem: Report,
): ApiParameter[] {
  if (!Array.isArray(list)) return [];
  const out: ApiParameter[] = [];
  list.forEach((raw, index) => {
    const param = derefLocal(document, raw);
    if (!param) return;
    if (param.name === "") {
      problem(
        `${basePointer}/parameters/${index}`,
        "parameter has an empty name: give it its name, or remove it",
      );
      return;
    }
    if (typeof param.name !== "string" || typeof param.in !== "string") {
      problem(
        `${basePointer}/parameters/${index}`,
        "parameter needs a name and an in (path, query, header or cookie): add them",
      );
      return;
    }
    const location = param.in as ParameterLocation;
    let schema = isObject(param.schema) ? (param.schema as JsonSchema) : undefined;
    if (!schema && isObject(param.content)) {
      schema = mediaTypes(document, param.content)[0]?.schema;
    }
    const parameter: ApiParameter = {
      name: param.name,
      in: location,
      required: location === "path" ? true : param.required === true,
      schema,
      description: typeof param.description === "string" ? param.description : undefined,
      style: typeof param.style === "string" ? param.style : undefined,
      explode: typeof param.explode === "boolean" ? param.explode : undefined,
      deprecated: param.deprecated === true,
      pointer: `${basePointer}/parameters/${index}`,
    };
    if (param.required !== true) notDeclaredRequired.add(parameter);
    out.push(parameter);
  });
  return out;
}

function requestBodyOf(document: OpenApiDocument, raw: unknown): ApiRequestBody | undefined {
  const body = derefLocal(document, raw);
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
    const header = derefLocal(document, value);
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
      const response = derefLocal(document, value) ?? {};
      return {
        statusCode,
        description: typeof response.description === "string" ? response.description : undefined,
        content: mediaTypes(document, response.content),
        headers: headersOf(document, response.headers),
      };
    });
}

/** Options of `buildModel`. */
export interface BuildModelOptions {
  /**
   * Check that API Gateway can serve every path and method (resource path syntax, one variable
   * per position, no TRACE).
   * @default true
   */
  readonly apiGateway?: boolean;
  /**
   * Maps a pointer in the bundled document to the file and pointer it came from, for documents
   * bundled from several files.
   * @default every pointer is in `source`
   */
  readonly locate?: (pointer: string) => { readonly file: string; readonly pointer: string };
}

const LOCATIONS: readonly string[] = ["path", "query", "header", "cookie"];

/**
 * Normalizes a bundled OpenAPI document (internal `$ref`s only) into an `ApiModel`, after checking
 * what the OpenAPI schema cannot: operationIds, path parameters against path templates, and what
 * API Gateway can serve. Throws one `ModelError` listing every problem found.
 */
export function buildModel(
  document: OpenApiDocument,
  source = "api",
  options: BuildModelOptions = {},
): ApiModel {
  const apiGateway = options.apiGateway ?? true;
  const problems: ModelProblem[] = [];
  const problem = (pointer: string, message: string): void => {
    const where = options.locate?.(pointer) ?? { file: source, pointer };
    problems.push({ file: where.file, pointer: where.pointer, message });
  };

  for (const { pointer, message } of danglingRefProblems(document)) problem(pointer, message);
  const shown = (pointer: string): string => {
    const at = options.locate?.(pointer) ?? { file: source, pointer };
    return `${at.file}${at.pointer}`;
  };
  for (const { pointer, message } of refCycleProblems(document, shown)) problem(pointer, message);

  const info = isObject(document.info) ? document.info : {};
  const components = isObject(document.components) ? document.components : {};
  const rootSecurity = Array.isArray(document.security)
    ? (document.security as SecurityRequirement[])
    : undefined;

  const operations: ApiOperation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  const templates = Object.keys(paths).filter((path) => !path.startsWith("x-"));
  const clashes = apiGateway ? siblingVariableClashes(templates) : new Map<string, string>();
  for (const path of templates) {
    const item = derefLocal(document, paths[path]);
    if (!item) continue;
    const itemPointer = pointerOf("paths", path);
    const query = queryVariablesOf(path);
    if (query) {
      // Its parameters are neither path nor query parameters as written: every check below would be noise.
      problem(
        itemPointer,
        `path "${path}" holds a query string with variables (${query.text}): a path template cannot; remove it from the path and declare ${query.names.join(", ")} as parameters with in: query`,
      );
      continue;
    }
    if (apiGateway) for (const message of pathProblems(path, clashes)) problem(itemPointer, message);
    const variables = pathVariablesOf(path);
    const shared = parametersOf(document, item.parameters, itemPointer, problem);
    checkParameters(shared, path, variables, problem);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = pointerOf("paths", path, method);
      const label = `${method.toUpperCase()} ${path}`;
      const own = parametersOf(document, op.parameters, pointer, problem);
      checkParameters(own, path, variables, problem);
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      for (const variable of variables) {
        if (!parameters.some((p) => p.in === "path" && p.name === variable)) {
          problem(
            pointer,
            `path parameter "${variable}" of ${path} is not declared: add { name: ${variable}, in: path, required: true, schema: { type: string } } to the parameters of ${label} or of its path item`,
          );
        }
      }
      if (method === "trace" && apiGateway) problem(pointer, traceProblem(label));
      const given = typeof op.operationId === "string" && op.operationId !== "";
      operations.push({
        operationId: given ? (op.operationId as string) : "",
        ...(given ? {} : { operationIdDerived: true as const }),
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

  // Operations without an operationId are read with an empty one, named here once all are known.
  const ids = deriveOperationIds(operations);
  operations.forEach((op, index) => {
    if (op.operationIdDerived) operations[index] = { ...op, operationId: ids[index] };
  });

  const byId = new Map<string, ApiOperation[]>();
  for (const op of operations) byId.set(op.operationId, [...(byId.get(op.operationId) ?? []), op]);
  for (const [operationId, ops] of byId) {
    if (ops.length < 2) continue;
    for (const op of ops) {
      const others = ops.filter((o) => o !== op).map((o) => `${o.method.toUpperCase()} ${o.path}`);
      problem(
        op.pointer,
        `operationId "${operationId}" is also used by ${others.join(", ")}: give each operation its own operationId`,
      );
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
    // A scheme may be a $ref to one defined elsewhere: what it names is the scheme.
    securitySchemes: Object.fromEntries(
      Object.entries(isObject(components.securitySchemes) ? components.securitySchemes : {}).map(
        ([name, scheme]) => [name, derefLocal(document, scheme) ?? scheme],
      ),
    ) as ApiModel["securitySchemes"],
    extensions: extensionsOf(document),
  };
}

/** The `?…` part of a path template and the variables in it, when it has any (`/a?q={q}`). */
function queryVariablesOf(path: string): { text: string; names: string[] } | undefined {
  const start = path.indexOf("?");
  if (start < 0) return undefined;
  const text = path.slice(start);
  const names = pathVariablesOf(text);
  return names.length > 0 ? { text, names } : undefined;
}

/** What API Gateway cannot serve at one path template, given the clashes between siblings' variables. */
function pathProblems(path: string, clashes: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  const pathProblem = resourcePathProblem(path);
  if (pathProblem) found.push(pathProblem);
  const clash = clashes.get(path);
  if (clash) {
    found.push(
      `API Gateway allows one path variable per position: ${clash}; use the same variable name in both paths`,
    );
  }
  return found;
}

const traceProblem = (label: string): string =>
  `API Gateway cannot serve TRACE (${label}): remove this operation`;

/**
 * What API Gateway cannot serve in a model (one built with `apiGateway: false` to get past them):
 * the problems `buildModel` rejects by default, in the same order; empty when it can serve it all.
 */
export function apiGatewayProblems(model: ApiModel): ModelProblem[] {
  const file = model.source ?? "api";
  const paths = isObject(model.document.paths) ? model.document.paths : {};
  const templates = Object.keys(paths).filter((path) => !path.startsWith("x-"));
  const clashes = siblingVariableClashes(templates);
  const traced = new Map(model.operations.filter((op) => op.method === "trace").map((op) => [op.path, op]));
  const problems: ModelProblem[] = [];
  for (const path of templates) {
    if (!derefLocal(model.document, paths[path])) continue;
    for (const message of pathProblems(path, clashes)) {
      problems.push({ file, pointer: pointerOf("paths", path), message });
    }
    const trace = traced.get(path);
    if (trace) problems.push({ file, pointer: trace.pointer, message: traceProblem(`TRACE ${path}`) });
  }
  return problems;
}

/** Checks one parameter list (a path item's or an operation's) on its own. */
function checkParameters(
  parameters: readonly ApiParameter[],
  path: string,
  variables: readonly string[],
  problem: Report,
): void {
  parameters.forEach((parameter, index) => {
    if (!LOCATIONS.includes(parameter.in)) {
      problem(
        parameter.pointer,
        `parameter "${parameter.name}" has in: ${JSON.stringify(parameter.in)}: use path, query, header or cookie (a body goes in requestBody)`,
      );
    }
    if (parameter.in === "path" && !variables.includes(parameter.name)) {
      problem(
        parameter.pointer,
        `path parameter "${parameter.name}" is not in the path ${path}: add {${parameter.name}} to the path or remove the parameter`,
      );
    }
    if (parameter.in === "path" && notDeclaredRequired.has(parameter)) {
      problem(parameter.pointer, `path parameter "${parameter.name}" must have required: true: add it`);
    }
    const first = parameters.findIndex((p) => p.name === parameter.name && p.in === parameter.in);
    if (first !== index) {
      problem(
        parameter.pointer,
        `${parameter.in} parameter "${parameter.name}" is declared twice in the same list (also at ${parameters[first].pointer}): remove one`,
      );
    }
  });
}

/** The operation lookup API Gateway integrations and generated code need, by operationId. */
export function operationLookupOf(model: ApiModel): OperationLookup {
  const lookup: Record<string, OperationLookup[string]> = {};
  for (const op of model.operations) {
    const types = op.requestBody?.content.map((m) => m.contentType) ?? [];
    setOwn(lookup, op.operationId, {
      method: op.method.toUpperCase() as Uppercase<HttpMethod>,
      path: op.path,
      contentTypes: types.length > 0 ? types : ["application/json"],
    });
  }
  return lookup;
}
