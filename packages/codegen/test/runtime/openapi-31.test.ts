import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { SchemaCompiler } from "../../../local/src/schemas";
import { generateRuntime } from "../../src/runtime";
import { mockValue } from "../../src/mock-data";
import { proxyEvent } from "./events";
import { fixture, loadGeneratedRuntime, modelOf, writeProject } from "./support";

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12. For a model using what real 3.1 specs use (`const`,
 * `prefixItems`, `$defs`, type arrays with null, `examples` arrays, `contentMediaType` and
 * `contentEncoding`, `webhooks`), the generated types, the handler wrapper's validation and
 * `specgate serve`'s request validation must each say what ajv's 2020-12 build says of the same
 * values: valid ones generated from the schema, and invalid ones made by breaking one rule each.
 */
const SPEC = fixture("features-3.1.yaml");
const model = modelOf(SPEC);

const point = { x: 1, y: 2 };
const base = { kind: "polygon", origin: point, corners: [point] };

/** A value that breaks one rule; `typed`: the TypeScript type rejects it too (a bound it cannot). */
interface Broken {
  readonly value: unknown;
  readonly why: string;
  readonly typed: boolean;
}

/** A schema of the fixture, the operation whose body it is, and values on both sides of its rules. */
interface Case {
  readonly schema: string;
  readonly operation: string;
  readonly path: string;
  readonly status: number;
  /** Values that keep every rule: written to reach each feature (values generated from the schema join them). */
  readonly kept: readonly unknown[];
  readonly broken: readonly Broken[];
}

const SHAPE: Case = {
  schema: "Shape",
  operation: "createShape",
  path: "/shapes",
  status: 201,
  kept: [
    base,
    { ...base, label: null, weight: null },
    { ...base, label: "triangle", weight: 0.5 },
    { ...base, style: [] },
    { ...base, style: ["dashed"] },
    { ...base, style: ["solid", 3] },
    { ...base, tags: [] },
    { ...base, tags: ["first", "a", "b"] },
    // contentEncoding and contentMediaType annotate: 2020-12 does not assert them.
    { ...base, thumbnail: "not base64 at all", metadata: "{ not json" },
  ],
  broken: [
    { value: { ...base, kind: "circle" }, why: "const", typed: true },
    { value: { kind: "polygon", corners: [point] }, why: "a required property", typed: true },
    { value: { ...base, origin: { x: 1 } }, why: "a required property of a $defs schema", typed: true },
    {
      value: { ...base, origin: { x: 1, y: 2, z: 3 } },
      why: "additionalProperties of a $defs schema",
      typed: true,
    },
    { value: { ...base, corners: [{ x: "1", y: 2 }] }, why: "a type inside items", typed: true },
    { value: { ...base, corners: [] }, why: "minItems", typed: false },
    { value: { ...base, label: 5 }, why: "a type array", typed: true },
    {
      value: { ...base, label: "a label far too long to be one" },
      why: "maxLength beside a type array",
      typed: false,
    },
    { value: { ...base, style: ["round"] }, why: "an enum in prefixItems", typed: true },
    { value: { ...base, style: ["solid", 0] }, why: "a minimum in prefixItems", typed: false },
    { value: { ...base, style: ["solid", 1, 2] }, why: "items: false after prefixItems", typed: true },
    { value: { ...base, tags: ["second"] }, why: "const in prefixItems", typed: true },
    { value: { ...base, tags: ["first", 3] }, why: "items after prefixItems", typed: true },
    { value: { ...base, weight: 0 }, why: "a numeric exclusiveMinimum", typed: false },
    { value: { ...base, weight: "1" }, why: "a type array with null", typed: true },
    { value: { ...base, color: "red" }, why: "additionalProperties: false", typed: true },
  ],
};

const EXTRA: Case = {
  schema: "Extra",
  operation: "createExtra",
  path: "/extras",
  status: 204,
  kept: [
    {},
    { count: 3, flag: true, nothing: null, point: { x: 1 }, nothingElse: null },
    { id: "a", owner: null, list: null, mode: null },
    { id: 7, owner: { name: "Ann" }, list: [1, 2], mode: "off" },
    { pair: ["a", 1], open: [], code: "ABC", deep: {}, start: { x: 0, y: 0 } },
    { start: [0, 0] },
    { open: [true, "anything", 3], deep: { inner: 0 }, bytes: "not base64 either" },
  ],
  broken: [
    { value: { count: 4 }, why: "a number const", typed: true },
    { value: { flag: false }, why: "a boolean const", typed: true },
    { value: { nothing: 0 }, why: "a null const", typed: true },
    { value: { point: { x: 2 } }, why: "an object const", typed: true },
    { value: { point: { x: 1, y: 2 } }, why: "a property more than an object const", typed: true },
    { value: { start: { x: 1, y: 0 } }, why: "an enum of objects", typed: true },
    { value: { start: [0] }, why: "an enum of arrays", typed: true },
    { value: { id: 1.5 }, why: "integer in a type array", typed: false },
    { value: { id: true }, why: "a type array of two types", typed: true },
    { value: { owner: {} }, why: "required in an object type array", typed: true },
    { value: { owner: { name: "Ann", age: 3 } }, why: "additionalProperties in a type array", typed: true },
    { value: { list: ["a"] }, why: "items in an array type array", typed: true },
    { value: { pair: ["a"] }, why: "minItems over prefixItems", typed: true },
    { value: { pair: ["a", 1, 2] }, why: "items: false after a full tuple", typed: true },
    { value: { open: ["yes"] }, why: "prefixItems without items", typed: true },
    { value: { code: "abc" }, why: "a pattern through a $ref with siblings", typed: false },
    { value: { code: 3 }, why: "a $ref to $defs with siblings", typed: true },
    { value: { deep: { inner: -1 } }, why: "nested $defs", typed: false },
    { value: { deep: { inner: "1" } }, why: "a type in nested $defs", typed: true },
    { value: { mode: "maybe" }, why: "an enum with null", typed: true },
    { value: { nothingElse: 0 }, why: "type null", typed: true },
  ],
};

const CASES: readonly Case[] = [SHAPE, EXTRA];

/** The written values and values generated from the schema (the spec's examples first, where they fit). */
const keptOf = (c: Case): readonly unknown[] => [
  ...c.kept,
  ...Array.from({ length: 20 }, (_, seed) =>
    mockValue({ $ref: `#/components/schemas/${c.schema}` }, model.document, `${c.schema} ${seed}`),
  ),
];

/** The reference: ajv's JSON Schema 2020-12 build on the document's own schemas. */
const ajv = new Ajv2020({ strict: false });
ajv.addSchema({ components: model.document.components }, "spec");

function reference(schema: string): (value: unknown) => boolean {
  const validate = ajv.getSchema(`spec#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no ${schema} schema`);
  return (value) => validate(value) as boolean;
}

type Wrapper = (fn: () => Promise<unknown>) => (event: unknown) => Promise<{ statusCode: number }>;
let runtime: { [handler: string]: Wrapper };
beforeAll(async () => {
  runtime = await loadGeneratedRuntime(writeProject("openapi-31-handler", generateRuntime(model)));
});

it("leaves webhooks out of the generated operations", () => {
  expect(model.operations.map((op) => op.operationId)).toEqual(["createShape", "createExtra"]);
});

describe.each(CASES)("OpenAPI 3.1 schema $schema, against a JSON Schema 2020-12 validator", (c) => {
  const isValid = reference(c.schema);
  const kept = keptOf(c);

  it("has values on both sides of every rule", () => {
    for (const value of kept) expect(isValid(value), JSON.stringify(value)).toBe(true);
    for (const { value, why } of c.broken) expect(isValid(value), why).toBe(false);
  });

  it("the handler wrapper accepts what 2020-12 accepts and rejects what it rejects", async () => {
    const handler = runtime[`${c.operation}Handler`](async () => ({ statusCode: c.status, body: c.kept[0] }));
    const send = async (value: unknown): Promise<number> =>
      (
        await handler(
          proxyEvent({
            resource: c.path,
            path: c.path,
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(value),
          }),
        )
      ).statusCode;
    for (const value of kept) expect(await send(value), JSON.stringify(value)).toBe(c.status);
    for (const { value, why } of c.broken) expect(await send(value), why).toBe(400);
  });

  it("specgate serve's request validation accepts what 2020-12 accepts and rejects what it rejects", () => {
    const operation = model.operations.find((op) => op.operationId === c.operation);
    const body = operation?.requestBody?.content[0].schema ?? {};
    const validate = new SchemaCompiler(model.document as Record<string, unknown>).compile(body, c.operation);
    for (const value of kept) expect(validate(value), JSON.stringify(value)).toBe(true);
    for (const { value, why } of c.broken) expect(validate(value), why).toBe(false);
  });

  it("types the body so that the values kept compile and the values broken do not, where a type can say so", () => {
    // One line each, so that @ts-expect-error covers the whole value.
    const literal = (value: unknown): string => JSON.stringify(value);
    const lines = [
      `import type { ${c.schema} } from "./runtime/index.js";`,
      ...kept.map((value, i) => `export const kept${i}: ${c.schema} = ${literal(value)};`),
      ...c.broken
        .filter((b) => b.typed)
        .map(
          ({ value, why }, i) =>
            `// @ts-expect-error ${why}\nexport const broken${i}: ${c.schema} = ${literal(value)};`,
        ),
    ];
    const dir = writeProject(`openapi-31-types-${c.schema}`, generateRuntime(model), {
      "values.ts": lines.join("\n"),
    });
    const program = ts.createProgram([path.join(dir, "values.ts")], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    // An unused @ts-expect-error would mean the type accepts a value 2020-12 rejects.
    expect(diagnostics).toEqual([]);
  });
});
