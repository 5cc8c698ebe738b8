import type { ApiModel, ApiOperation } from "@specgate/model";
import type { GeneratedFile } from "../files";
import { commentText, docComment, generatedHeader, jsonLiteral, stringLiteral } from "../emit/ts";
import { methodSignature } from "../infrastructure/emit";
import { lowerFirst, NameScope, objectKey, operationNames, propertyKey } from "../naming";
import { moduleSpecifier, type ModuleFormat } from "../project";
import { TypeContext, type RuntimeWarning } from "../transform/context";
import { claimOperationNames, transformOperation, type OperationOutput } from "../transform/operation-object";
import { declareType } from "../transform/schema-object";
import { ValidationSchemas } from "../transform/validation-schema";

export type { RuntimeWarning } from "../transform/context";

/** Names generated files export or import besides the ones derived from the spec. */
const FIXED_NAMES = [
  "OperationConfig",
  "OperationLookup",
  "Operations",
  "operationSpecs",
  "schemaDocument",
  "handlerRouter",
  "ApiClient",
  "Response",
  "ApiResponse",
  "EmptyResponse",
  "AnyResponse",
  "OperationHandler",
  "HandlerChain",
  "HandlerRequest",
  "Interceptor",
  "ProxyEvent",
  "ProxyHandler",
  "ProxyResult",
  "LambdaContext",
  "OperationSpec",
  "SchemaDocument",
  "ClientBase",
  "ClientOptions",
  "ClientResult",
  "createHandler",
  "createRouter",
  "Status1XX",
  "Status2XX",
  "Status3XX",
  "Status4XX",
  "Status5XX",
  "StatusCode",
];

/** The generated runtime files, what generation found to warn about, and the names it gave. */
export interface RuntimeGeneration {
  readonly files: GeneratedFile[];
  readonly warnings: RuntimeWarning[];
  /** The Lambda handler wrapper `runtime/handlers.ts` exports for each operation, by operationId. */
  readonly handlerWrappers: ReadonlyMap<string, string>;
}

/** Generates `runtime/`: types, operation config and lookup, handler wrappers and the client. */
export function generateRuntime(model: ApiModel, format: ModuleFormat = "commonjs"): GeneratedFile[] {
  return generateRuntimeWithWarnings(model, format).files;
}

/** The schema features the generated runtime types map loosely or not at all. */
export function runtimeWarnings(model: ApiModel): RuntimeWarning[] {
  return generateRuntimeWithWarnings(model).warnings;
}

/** The same first line `generate()` gives every generated file. */
function header(model: ApiModel): string {
  return generatedHeader((model.source ?? "the API model").replace(/\\/g, "/"));
}

/**
 * Comments, string literals and identifiers of generated code, left to right, so that a comment
 * opener inside a string (or a quote inside a comment) is read as the text it is.
 */
const TOKENS =
  /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_$][\w$]*)(\??:)?/g;

/** Names used in `text` among `candidates`, sorted, for an import list. */
function used(text: string, candidates: Iterable<string>): string[] {
  // One pass over the text, however many candidates: large specs have thousands.
  // Comments, string literals (docs, quoted keys, literal types) and property keys name no type.
  const identifiers = new Set<string>();
  for (const [, identifier, key] of text.matchAll(TOKENS)) {
    if (identifier !== undefined && key === undefined) identifiers.add(identifier);
  }
  return [...candidates].filter((name) => identifiers.has(name)).sort();
}

function importLine(names: readonly string[], from: string, typeOnly = true): string {
  if (names.length === 0) return "";
  const line = `import ${typeOnly ? "type " : ""}{ ${names.join(", ")} } from ${stringLiteral(from)};\n`;
  if (line.length <= 110) return line;
  return `import ${typeOnly ? "type " : ""}{\n${names.map((n) => `  ${n},`).join("\n")}\n} from ${stringLiteral(from)};\n`;
}

/** Generates the runtime files and returns the warnings with them. */
export function generateRuntimeWithWarnings(
  model: ApiModel,
  format: ModuleFormat = "commonjs",
): RuntimeGeneration {
  const local = (name: string): string => moduleSpecifier(`./${name}`, format);
  const scope = new NameScope(FIXED_NAMES);
  const ctx = new TypeContext(model, scope);
  const validation = new ValidationSchemas(model);
  const bases = operationNames(model.operations.map((op) => op.operationId));

  const operations = model.operations.map((operation) => {
    const base = bases.get(operation.operationId) as string;
    const handler = scope.claim(`${lowerFirst(base)}Handler`);
    return { operation, handler, names: claimOperationNames(ctx, operation, base) };
  });
  ctx.nameComponentSchemas();
  const outputs: OperationOutput[] = operations.map(({ operation, names }) =>
    transformOperation(ctx, model, validation, operation, names),
  );

  const modelNames: string[] = [];
  let models = "";
  for (let declaration = ctx.nextDeclaration(); declaration; declaration = ctx.nextDeclaration()) {
    modelNames.push(declaration.name);
    models += `\n${declareType(declaration.name, declaration.schema, ctx, declaration.pointer)}`;
  }
  const top = header(model);

  // operations.ts
  const operationTypes = outputs.map((o) => o.types).join("\n");
  const typeKeys = model.operations.map((op) => propertyKey(op.operationId));
  const valueKeys = model.operations.map((op) => objectKey(op.operationId));
  const lookup = Object.fromEntries(
    model.operations.map((op) => [
      op.operationId,
      {
        method: op.method.toUpperCase(),
        path: op.path,
        contentTypes:
          op.requestBody && op.requestBody.content.length > 0
            ? op.requestBody.content.map((m) => m.contentType)
            : ["application/json"],
      },
    ]),
  );
  const specs = Object.fromEntries(model.operations.map((op, i) => [op.operationId, outputs[i].spec]));
  const operationsBody =
    (operationTypes === "" ? "" : `${operationTypes}\n`) +
    `/** One value per operation, by operationId: what \`Api\` takes its integrations as. */\n` +
    (typeKeys.length === 0
      ? "export type OperationConfig<T> = Record<never, T>;\n"
      : `export type OperationConfig<T> = {\n${typeKeys.map((key, i) => `${derivedNote(model.operations[i], "  ")}  ${key}: T;`).join("\n")}\n};\n`) +
    `\n/** Method, path and request content types of each operation. */\n` +
    `export const OperationLookup = ${jsonLiteral(lookup)} as const;\n` +
    `\nexport const Operations = {\n` +
    `  /** The same value for every operation. */\n` +
    `  all<T>(${valueKeys.length === 0 ? "_value" : "value"}: T): OperationConfig<T> {\n` +
    (valueKeys.length === 0
      ? "    return {};\n"
      : `    return {\n${valueKeys.map((key) => `      ${key}: value,`).join("\n")}\n    };\n`) +
    `  },\n};\n` +
    `\n/** What the runtime needs to know of each operation to coerce, validate and marshal. */\n` +
    `export const operationSpecs: { readonly [K in keyof OperationConfig<unknown>]: OperationSpec } = ${jsonLiteral(specs)};\n`;
  const runtimeTypes = used(operationTypes, [
    "ApiResponse",
    "EmptyResponse",
    "OperationHandler",
    "Status1XX",
    "Status2XX",
    "Status3XX",
    "Status4XX",
    "Status5XX",
    "StatusCode",
  ]);
  const operationsFile =
    top +
    "\n" +
    importLine([...runtimeTypes, "OperationSpec"].sort(), "@specgate/runtime") +
    importLine(used(operationTypes, modelNames), local("models")) +
    "\n" +
    operationsBody;

  // schemas.ts
  const operationSchemas = Object.fromEntries(
    model.operations
      .map((op, i) => [op.operationId, outputs[i].validation] as const)
      .filter(([, v]) => Object.keys(v).length > 0),
  );
  const root: { [key: string]: unknown } = {
    components: { schemas: validation.components() },
    operations: operationSchemas,
  };
  if (Object.keys(validation.refs).length > 0) root.refs = validation.refs;
  const dialect = model.openapiVersion.startsWith("3.1") ? "openapi-3.1" : "openapi-3.0";
  const schemasFile =
    top +
    '\nimport type { SchemaDocument } from "@specgate/runtime";\n\n' +
    "/** The API's schemas, for validating requests; compiled on first use. */\n" +
    `export const schemaDocument: SchemaDocument = ${jsonLiteral({ dialect, root })};\n`;

  // handlers.ts
  let handlers = "";
  const handlerTypes = new Set<string>();
  operations.forEach(({ operation, handler, names }, i) => {
    const chain = `HandlerChain<${names.requestParameters}, ${outputs[i].bodyType}, ${names.response}>`;
    const typeArguments = [names.requestParameters, outputs[i].bodyType, names.response];
    // Prettier puts the type arguments a line each when the parameter's line is too long.
    const chainParameter =
      `  ...chain: ${chain}`.length <= 110
        ? `...chain: ${chain}`
        : `...chain: HandlerChain<\n${typeArguments.map((t) => `    ${t}`).join(",\n")}\n  >`;
    for (const name of used(chain, [names.requestParameters, names.requestBody, names.response]))
      handlerTypes.add(name);
    handlerTypes.add(names.handlerFunction);
    const signature = (parameters: string): string => {
      const line = `export function ${handler}(${parameters}): ProxyHandler`;
      // A rest parameter takes no trailing comma.
      const comma = parameters.startsWith("...") ? "" : ",";
      return line.length < 110
        ? line
        : `export function ${handler}(\n  ${parameters}${comma}\n): ProxyHandler`;
    };
    handlers +=
      `\n/**\n * The Lambda handler of ${commentText(`${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`)}:\n` +
      ` * give it interceptors (outermost first) and then the function implementing the operation.\n */\n` +
      `${signature(`handler: ${names.handlerFunction}`)};\n` +
      `${signature(chainParameter)};\n` +
      `${signature(chainParameter)} {\n` +
      `${callLine("  return createHandler", [member("operationSpecs", operation.operationId), "schemaDocument", "chain"])}\n}\n`;
  });
  handlers +=
    "\n/** One Lambda handler serving several operations: each request goes to its operation's handler. */\n" +
    "export function handlerRouter(handlers: {\n  readonly [K in keyof OperationConfig<unknown>]?: ProxyHandler;\n}): ProxyHandler {\n" +
    "  return createRouter(operationSpecs, handlers);\n}\n";
  const handlersFile =
    top +
    "\n" +
    (operations.length === 0
      ? 'import { createRouter, type ProxyHandler } from "@specgate/runtime";\n'
      : 'import { createHandler, createRouter, type HandlerChain, type ProxyHandler } from "@specgate/runtime";\n') +
    importLine(
      ["operationSpecs", ...[...handlerTypes, "OperationConfig"].sort().map((n) => `type ${n}`)],
      local("operations"),
      false,
    ) +
    (operations.length === 0 ? "" : `import { schemaDocument } from "${local("schemas")}";\n`) +
    handlers;

  // client.ts
  // ClientBase's members and those every object has (`toString`, `valueOf`…): a method of that
  // name would override one, which the compiler refuses without `override`.
  const methods = new NameScope([
    "send",
    "options",
    "baseUrl",
    ...Object.getOwnPropertyNames(Object.prototype),
  ]);
  let client = "";
  const clientTypes = new Set<string>();
  operations.forEach(({ operation, names }, i) => {
    const method = methods.claim(lowerFirst(names.base));
    clientTypes.add(names.request).add(names.response);
    const arg = outputs[i].requestOptional ? `request: ${names.request} = {}` : `request: ${names.request}`;
    client +=
      `\n  /** ${commentText(`${operation.method.toUpperCase()} ${operation.path}`)} */\n` +
      `${methodSignature(`  ${method}`, arg, `Promise<ClientResult<${names.response}>>`)} {\n` +
      `${callLine("    return this.send", [member("operationSpecs", operation.operationId), "request"])}\n  }\n`;
  });
  const clientFile =
    top +
    "\n" +
    (operations.length === 0
      ? 'import { ClientBase } from "@specgate/runtime";\n'
      : 'import { ClientBase, type ClientResult } from "@specgate/runtime";\n') +
    (operations.length === 0
      ? ""
      : importLine(
          ["operationSpecs", ...[...clientTypes].sort().map((n) => `type ${n}`)],
          local("operations"),
          false,
        )) +
    "\n/** A client of the API: one method per operation, resolving with the response whatever its status. */\n" +
    `export class ApiClient extends ClientBase {${client}}\n`;

  const indexFile =
    top +
    "\n" +
    ["models", "operations", "handlers", "client"]
      .map((name) => `export * from "${local(name)}";\n`)
      .join("") +
    'export { Response } from "@specgate/runtime";\n' +
    'export type {\n  ApiResponse,\n  ClientOptions,\n  ClientResult,\n  EmptyResponse,\n  HandlerRequest,\n  Interceptor,\n  LambdaContext,\n  ProxyEvent,\n  ProxyHandler,\n  ProxyResult,\n} from "@specgate/runtime";\n';

  const modelsFile = top + (models === "" ? "\nexport {};\n" : models);
  return {
    files: [
      { path: "runtime/models.ts", content: modelsFile },
      { path: "runtime/operations.ts", content: operationsFile },
      { path: "runtime/schemas.ts", content: schemasFile },
      { path: "runtime/handlers.ts", content: handlersFile },
      { path: "runtime/client.ts", content: clientFile },
      { path: "runtime/index.ts", content: indexFile },
    ],
    warnings: ctx.warnings,
    handlerWrappers: new Map(operations.map(({ operation, handler }) => [operation.operationId, handler])),
  };
}

/** `<prefix>(a, b);`, its arguments a line each when Prettier would put them there. */
function callLine(prefix: string, args: readonly string[]): string {
  const line = `${prefix}(${args.join(", ")});`;
  if (line.length <= 110) return line;
  const indent = /^ */.exec(prefix)?.[0] ?? "";
  return `${prefix}(\n${args.map((a) => `${indent}  ${a},\n`).join("")}${indent});`;
}

/** `operationSpecs.sayHello` or `operationSpecs["say-hello"]`. */
function member(object: string, key: string): string {
  const written = propertyKey(key);
  return written.startsWith('"') ? `${object}[${written}]` : `${object}.${written}`;
}

/** Says where a derived operationId comes from, beside the name users key integrations by. */
function derivedNote(operation: ApiOperation, indent: string): string {
  if (!operation.operationIdDerived) return "";
  return docComment(
    [
      `${operation.method.toUpperCase()} ${operation.path}: the model gives no operationId, so this one is derived from the method and path.`,
    ],
    indent,
  );
}
