import { escapePointerSegment, pointerOf, resolvePointer } from "./pointer";
import type { OpenApiDocument } from "./types";

/**
 * Swagger 2.0 documents (API Gateway's own exports among them) are converted to OpenAPI 3.0 with
 * swagger2openapi, the converter the APIs.guru directory converts its Swagger descriptions with.
 * Problems are still reported where they are in the Swagger document: `swaggerLocator` maps a
 * pointer of the converted document back to the Swagger document's.
 */

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Whether a parsed document says it is Swagger (`swagger: "2.0"`, or any other `swagger` version). */
export const isSwagger = (document: unknown): boolean => isObject(document) && "swagger" in document;

/** A part of the document swagger2openapi could not convert without losing its meaning. */
export interface ConversionProblem {
  /** Where, in the converted document (map it with `swaggerLocator`). */
  readonly pointer: string;
  readonly message: string;
}

/** What `convertSwagger` gives: the OpenAPI 3.0 document, unless the converter gave up, and what it could not convert. */
export interface Conversion {
  /** The converted document, which the problems' pointers are in; undefined when the converter gave up. */
  readonly document?: OpenApiDocument;
  readonly problems: readonly ConversionProblem[];
}

interface Swagger2OpenApi {
  convertObj(
    swagger: unknown,
    options: Record<string, unknown>,
  ): Promise<{ readonly openapi: OpenApiDocument }>;
}

/**
 * Converts a valid Swagger 2.0 document (checked against the Swagger 2.0 schema first, its internal
 * `$ref`s only) to OpenAPI 3.0. The input is not modified. What swagger2openapi can only convert
 * with a loss (a `collectionFormat` OpenAPI 3 has no style for, two request bodies) is a problem.
 */
export async function convertSwagger(swagger: OpenApiDocument): Promise<Conversion> {
  // Loaded only for Swagger documents.
  const converter = require("swagger2openapi") as Swagger2OpenApi;
  let openapi: OpenApiDocument;
  try {
    ({ openapi } = await converter.convertObj(structuredClone(swagger), {
      // Fix what a Swagger document commonly gets slightly wrong (a path parameter without
      // required: true, a response without a description), and mark what cannot be converted
      // in place, where it can be reported with its pointer.
      patch: true,
      warnOnly: true,
      // Request bodies stay in their operations, where the Swagger document declares them.
      resolveInternal: true,
      // swagger2openapi otherwise writes the whole document as YAML text that it never reads.
      text: "-",
    }));
  } catch (error) {
    return {
      problems: [
        {
          pointer: "#",
          message: `could not be converted from Swagger 2.0 to OpenAPI 3.0: ${(error as Error).message}: fix it in the Swagger document, or convert it to OpenAPI 3 yourself`,
        },
      ],
    };
  }
  const problems: ConversionProblem[] = [];
  removeConverterMarks(openapi, "#", problems);
  return { document: openapi, problems };
}

/** Removes swagger2openapi's `x-s2o-*` marks, each `x-s2o-warning` becoming a problem. */
function removeConverterMarks(node: unknown, pointer: string, problems: ConversionProblem[]): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => removeConverterMarks(item, `${pointer}/${index}`, problems));
    return;
  }
  const object = node as Obj;
  for (const key of Object.keys(object)) {
    if (key.startsWith("x-s2o-")) {
      if (key === "x-s2o-warning") {
        problems.push({
          pointer,
          message: `cannot be converted from Swagger 2.0 to OpenAPI 3.0 as written (${String(object[key])}): change it in the Swagger document`,
        });
      }
      delete object[key];
    } else if (!key.startsWith("x-")) {
      removeConverterMarks(object[key], `${pointer}/${escapePointerSegment(key)}`, problems);
    }
  }
}

const segmentsOf = (pointer: string): string[] =>
  pointer === "#" || pointer === ""
    ? []
    : pointer
        .slice(2)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

/**
 * Maps a pointer of the document `convertSwagger` made back to the same place in the Swagger
 * document: `components/schemas` are `definitions`, a request body is the body or formData
 * parameter it came from, a response's `content/<type>/schema` is its `schema`, and parameter
 * indexes skip the parameters that became the request body. Where the converted document has no
 * counterpart (a property OpenAPI 3 added), the nearest enclosing place is given.
 */
export function swaggerLocator(
  swagger: OpenApiDocument,
  converted: OpenApiDocument,
): (pointer: string) => string {
  const schemaNames = renamedKeys(swagger.definitions, converted.components, "schemas");
  const deref = (value: unknown): unknown => {
    let node = value;
    for (let hops = 0; hops < 8 && isObject(node) && typeof node.$ref === "string"; hops++) {
      node = resolvePointer(swagger, node.$ref);
    }
    return node;
  };
  const isBody = (parameter: unknown): boolean => {
    const location = (deref(parameter) as Obj | undefined)?.in;
    return location === "body" || location === "formData";
  };

  /** The parameters list of `owner` (a path item or an operation) in the Swagger document. */
  const parametersOf = (owner: readonly string[]): unknown[] => {
    const list = resolvePointer(swagger, pointerOf("paths", ...owner.slice(1), "parameters"));
    return Array.isArray(list) ? list : [];
  };

  const mapParameter = (owner: string[], index: string, rest: string[]): string[] => {
    const kept = parametersOf(owner)
      .map((parameter, original) => ({ parameter, original }))
      .filter(({ parameter }) => !isBody(parameter));
    const found = kept[Number(index)];
    if (!found) return [...owner, "parameters"];
    const at = [...owner, "parameters", String(found.original)];
    if (isObject(found.parameter) && "$ref" in found.parameter) return at;
    // A Swagger parameter holds its schema's keywords itself.
    return rest[0] === "schema" ? [...at, ...rest.slice(1)] : [...at, ...rest];
  };

  const mapRequestBody = (operation: string[], rest: string[]): string[] => {
    const candidates = [
      ...parametersOf(operation).map((p, i) => ({ p, at: [...operation, "parameters", String(i)] })),
    ];
    const pathItem = operation.slice(0, 2);
    candidates.push(
      ...parametersOf(pathItem).map((p, i) => ({ p, at: [...pathItem, "parameters", String(i)] })),
    );
    const bodies = candidates.filter(({ p }) => isBody(p));
    if (bodies.length === 0) return operation;
    const schema = rest[0] === "content" && rest[2] === "schema" ? rest.slice(3) : [];
    const body = bodies.find(({ p }) => (deref(p) as Obj).in === "body");
    if (body) {
      const ref = isObject(body.p) && "$ref" in body.p;
      return ref ? body.at : [...body.at, "schema", ...schema];
    }
    // Form data: one property of the converted schema per formData parameter.
    if (schema[0] === "properties" && schema[1] !== undefined) {
      const field = bodies.find(({ p }) => (deref(p) as Obj).name === schema[1]);
      if (field) return isObject(field.p) && "$ref" in field.p ? field.at : [...field.at, ...schema.slice(2)];
    }
    return bodies[0].at;
  };

  /** A response's `content/<type>/schema/…` is its `schema/…`; a header's `schema/…` is the header itself. */
  const mapResponse = (response: string[], rest: string[]): string[] => {
    if (rest[0] === "content")
      return rest[2] === "schema" ? [...response, "schema", ...rest.slice(3)] : response;
    if (rest[0] === "headers" && rest[2] === "schema")
      return [...response, ...rest.slice(0, 2), ...rest.slice(3)];
    return [...response, ...rest];
  };

  const map = (s: string[]): string[] => {
    const [top, kind, name, ...rest] = s;
    if (top === "components" && name !== undefined) {
      switch (kind) {
        case "schemas":
          return ["definitions", schemaNames.get(name) ?? name, ...rest];
        case "parameters":
          return rest[0] === "schema"
            ? ["parameters", name, ...rest.slice(1)]
            : ["parameters", name, ...rest];
        case "responses":
          return mapResponse(["responses", name], rest);
        case "securitySchemes":
          return ["securityDefinitions", name];
        default:
          return ["definitions"];
      }
    }
    if (top === "servers") return [isObject(swagger) && "host" in swagger ? "host" : "basePath"];
    if (top !== "paths" || kind === undefined || name === undefined) return s;
    if (name === "parameters" && rest[0] !== undefined)
      return mapParameter(["paths", kind], rest[0], rest.slice(1));
    const operation = ["paths", kind, name];
    const [part, key, ...more] = rest;
    if (part === "parameters" && key !== undefined) return mapParameter(operation, key, more);
    if (part === "requestBody") return mapRequestBody(operation, rest.slice(1));
    if (part === "responses" && key !== undefined) return mapResponse([...operation, "responses", key], more);
    return s;
  };

  return (pointer) => {
    const mapped = map(segmentsOf(pointer));
    // The nearest place the Swagger document has.
    for (let length = mapped.length; length > 0; length--) {
      const candidate = pointerOf(...mapped.slice(0, length));
      if (resolvePointer(swagger, candidate) !== undefined) return candidate;
    }
    return "#";
  };
}

/**
 * swagger2openapi renames the definitions OpenAPI 3 does not allow as component names
 * (`Pet[]` → `Pet__`), keeping the others; renamed ones move to the end, in their original order.
 */
function renamedKeys(original: unknown, components: unknown, kind: string): Map<string, string> {
  const before = isObject(original) ? Object.keys(original) : [];
  const converted = isObject(components) && isObject(components[kind]) ? Object.keys(components[kind]) : [];
  const kept = new Set(before);
  const now = new Set(converted);
  const gone = before.filter((name) => !now.has(name));
  const added = converted.filter((name) => !kept.has(name));
  return new Map(added.map((name, i) => [name, gone[i] ?? name]));
}
