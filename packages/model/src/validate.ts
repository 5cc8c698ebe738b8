import type { ErrorObject, ValidateFunction } from "ajv";
import { resolvePointer } from "./pointer";
import type { OpenApiDocument } from "./types";
import type { OpenApiSchemaVersion } from "./validator-code";

/** A structural problem in the bundled document: a JSON pointer and what to do. */
export interface StructuralProblem {
  readonly pointer: string;
  readonly message: string;
  /** Only says the value matches none of the allowed forms; a specific problem at the same place says more. */
  readonly vague?: boolean;
}

/** Past this many, listing more problems helps nobody: the document is not OpenAPI. */
const MAX_PROBLEMS = 50;

/**
 * Each validator is loaded on first use, precompiled (the files VALIDATOR_FILES names): a document
 * needs only one. Literal paths (from src/ and lib/ alike), so that the CLI's bundle includes them.
 */
function validatorFor(version: OpenApiSchemaVersion): ValidateFunction {
  switch (version) {
    case "2.0":
      return require("../assets/validators/swagger20.cjs") as ValidateFunction;
    case "3.0":
      return require("../assets/validators/oas30.cjs") as ValidateFunction;
    case "3.1":
      return require("../assets/validators/oas31.cjs") as ValidateFunction;
  }
}

/**
 * Checks a bundled document against the official OpenAPI 3.0 or 3.1 (or Swagger 2.0) JSON Schema and turns ajv's
 * errors into one readable message per location.
 */
export function validateStructure(document: OpenApiDocument): StructuralProblem[] {
  const version = typeof document.openapi === "string" ? document.openapi : "";
  const validate = validatorFor(
    document.swagger !== undefined ? "2.0" : version.startsWith("3.1") ? "3.1" : "3.0",
  );
  if (validate(document)) return [];
  return readableProblems(document, validate.errors ?? []);
}

const SUMMARY_KEYWORDS = new Set(["oneOf", "anyOf", "allOf", "if", "$ref", "$dynamicRef"]);

const requiresRef = (error: ErrorObject): boolean =>
  error.keyword === "required" && error.params.missingProperty === "$ref";

/** The schema an error's keyword is in: its schema path less the keyword. */
const schemaOf = (error: ErrorObject): string =>
  `${error.instancePath} ${error.schemaPath.replace(/\/[^/]*$/, "")}`;

/**
 * Whether an error comes from the Reference form of a oneOf: OAS 3.0 and 3.1 name it in the schema
 * path; in precompiled Swagger 2.0 it is the schema whose `required: [$ref]` failed at the same place.
 */
function referenceBranchOf(errors: readonly ErrorObject[]): (error: ErrorObject) => boolean {
  const references = new Set(errors.filter(requiresRef).map(schemaOf));
  return (error) =>
    requiresRef(error) ||
    /#\/(definitions\/Reference|\$defs\/reference)\//.test(error.schemaPath) ||
    references.has(schemaOf(error));
}

/** Collapses ajv's errors (every failed oneOf branch) into one message per location. */
export function readableProblems(document: unknown, errors: readonly ErrorObject[]): StructuralProblem[] {
  const nodeAt = (path: string): unknown => resolvePointer(document, `#${path}`);
  const hasRef = (path: string): boolean => {
    const node = nodeAt(path);
    return node !== null && typeof node === "object" && "$ref" in node;
  };
  const isRefObject = (path: string): boolean =>
    hasRef(path) || (path.endsWith("/$ref") && hasRef(path.slice(0, -"/$ref".length)));

  const isReferenceBranch = referenceBranchOf(errors);
  let kept = errors.filter((error) => {
    // A `$ref` object is only ever meant as a Reference; a plain object never is.
    if (isRefObject(error.instancePath)) return isReferenceBranch(error);
    if (isReferenceBranch(error)) return false;
    // Parameter locations and required path parameters are checked by buildModel, with clearer
    // messages than OAS 3.0's oneOf of four locations gives.
    if (error.schemaPath.includes("ParameterLocation") || error.schemaPath.includes("styles-for-path")) {
      return false;
    }
    if (error.keyword === "enum" && /\/parameters\/\d+\/in$/.test(error.instancePath)) return false;
    const missing = error.keyword === "required" ? error.params.missingProperty : undefined;
    return !((missing === "name" || missing === "in") && /\/parameters\/\d+$/.test(error.instancePath));
  });
  kept = withoutRejectedBranches(kept);

  const specific = kept.filter((e) => !SUMMARY_KEYWORDS.has(e.keyword));
  const isAbove = (error: ErrorObject, other: ErrorObject): boolean =>
    other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`);
  kept = kept.filter(
    (error) => !SUMMARY_KEYWORDS.has(error.keyword) || !specific.some((s) => isAbove(error, s)),
  );

  const byLocation = new Map<string, Set<string>>();
  const add = (path: string, message: string): void => {
    const messages = byLocation.get(path) ?? new Set<string>();
    messages.add(message);
    byLocation.set(path, messages);
  };
  const unknownProperties = new Map<string, string[]>();
  const allowedValues = new Map<string, unknown[]>();
  const summaries = new Map<string, string>();
  for (const error of kept) {
    const path = error.instancePath;
    if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") {
      const name = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
      // A known property whose value failed is "unevaluated" too: its own errors say why.
      const inside = `${path}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (kept.some((e) => e.instancePath === inside || e.instancePath.startsWith(`${inside}/`))) continue;
      const names = unknownProperties.get(path) ?? [];
      if (!names.includes(name)) names.push(name);
      unknownProperties.set(path, names);
    } else if (error.keyword === "enum" || error.keyword === "const") {
      // Each failed branch lists its own values: list them all once.
      const values = allowedValues.get(path) ?? [];
      const more =
        error.keyword === "enum" ? (error.params.allowedValues as unknown[]) : [error.params.allowedValue];
      for (const value of more) if (!values.includes(value)) values.push(value);
      allowedValues.set(path, values);
    } else if (SUMMARY_KEYWORDS.has(error.keyword)) {
      // Only one summary per location, preferring the precise "matches more than one".
      const message = messageOf(error, nodeAt(path));
      if (!summaries.has(path) || error.params.passingSchemas) summaries.set(path, message);
    } else {
      add(path, messageOf(error, nodeAt(path)));
    }
  }
  for (const [path, values] of allowedValues) {
    add(
      path,
      `${JSON.stringify(nodeAt(path))} is not allowed: use ${values.length === 1 ? "" : "one of "}${values.map((v) => JSON.stringify(v)).join(", ")}`,
    );
  }
  for (const [path, names] of unknownProperties) {
    const list = names.map((n) => `"${n}"`).join(", ");
    const one = names.length === 1;
    add(
      path,
      `unknown ${one ? "property" : "properties"} ${list}: remove ${one ? "it" : "them"}, or prefix with x- to keep as an extension`,
    );
  }
  for (const [path, message] of summaries) if (!byLocation.has(path)) add(path, message);

  // In the order ajv met them, which follows the document.
  const order = new Map<string, number>();
  for (const error of kept) if (!order.has(error.instancePath)) order.set(error.instancePath, order.size);
  const located = [...byLocation].sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const problems: StructuralProblem[] = located.map(([path, messages]) => ({
    pointer: `#${path}`,
    message: `invalid OpenAPI: ${[...messages].join("; ")}`,
    vague: messages.size === 1 && summaries.get(path) === [...messages][0],
  }));
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { pointer: "#", message: `invalid OpenAPI: ${problems.length - MAX_PROBLEMS} more problems not shown` },
  ];
}

/** Properties whose value says which form of a oneOf an object takes (`type: oauth2`). */
const DISCRIMINATOR = /^(.*)\/(type|in)$/;

/**
 * Drops the errors of oneOf branches the object plainly is not: a branch whose `type` (or `in`)
 * does not match is not what the author meant, so its missing and unknown properties are noise.
 * When no branch matches, only the discriminator's own error is kept.
 */
function withoutRejectedBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const rejected: { path: string; branch: string }[] = [];
  for (const error of errors) {
    if (error.keyword !== "enum" && error.keyword !== "const") continue;
    const owner = DISCRIMINATOR.exec(error.instancePath);
    const branch = /^(.*)\/properties\/(type|in)\/(enum|const)$/.exec(error.schemaPath);
    if (owner && branch) rejected.push({ path: owner[1], branch: branch[1] });
  }
  if (rejected.length === 0) return [...errors];
  const inRejected = (error: ErrorObject): boolean =>
    rejected.some(
      (r) =>
        (error.instancePath === r.path || error.instancePath.startsWith(`${r.path}/`)) &&
        error.schemaPath.startsWith(`${r.branch}/`),
    );
  const isDiscriminator = (error: ErrorObject): boolean =>
    (error.keyword === "enum" || error.keyword === "const") && DISCRIMINATOR.test(error.instancePath);
  // A branch that matched but failed elsewhere explains the problem better than the others' values.
  const matchedFailed = new Set(
    errors
      .filter((e) => !inRejected(e) && !SUMMARY_KEYWORDS.has(e.keyword))
      .flatMap((e) =>
        rejected.filter((r) => e.instancePath === r.path || e.instancePath.startsWith(`${r.path}/`)),
      )
      .map((r) => r.path),
  );
  return errors.filter((error) => {
    if (!inRejected(error)) return true;
    if (!isDiscriminator(error)) return false;
    return !matchedFailed.has(DISCRIMINATOR.exec(error.instancePath)?.[1] ?? "");
  });
}

function messageOf(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `missing required property "${String(params.missingProperty)}": add it`;
    case "type":
      return `must be ${article(String(params.type))}, not ${describe(value)}`;
    case "enum":
      return `${JSON.stringify(value)} is not allowed: use one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "pattern":
      return `${JSON.stringify(value)} does not match the pattern ${String(params.pattern)}`;
    case "propertyNames":
      return `has a property name that is not allowed (${String(params.propertyName)})`;
    case "not":
      return error.schemaPath.includes("SchemaXORContent")
        ? "give either schema or content, not both"
        : error.schemaPath.includes("ExampleXORExamples")
          ? "give either example or examples, not both"
          : "has a combination of properties that is not allowed";
    case "oneOf":
      return params.passingSchemas
        ? "matches more than one of the forms OpenAPI allows here: keep the properties of only one"
        : "does not match any of the forms OpenAPI allows here";
    case "anyOf":
    case "if":
      return "does not match any of the forms OpenAPI allows here";
    default:
      return error.message ?? error.keyword;
  }
}

const article = (type: string): string =>
  type
    .split(",")
    .map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`))
    .join(" or ");

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}
