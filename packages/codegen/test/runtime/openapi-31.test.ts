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

/** Values that break one rule each; `typed`: the TypeScript type rejects it too (a bound it cannot). */
const BROKEN: readonly { readonly value: unknown; readonly why: string; readonly typed: boolean }[] = [
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
];

/** Values that keep every rule: written to reach each feature, and generated from the schema. */
const KEPT: readonly unknown[] = [
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
  ...Array.from({ length: 20 }, (_, seed) =>
    mockValue({ $ref: "#/components/schemas/Shape" }, model.document, `shape ${seed}`),
  ),
];

/** The reference: ajv's JSON Schema 2020-12 build on the document's own schemas. */
function reference(): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ components: model.document.components }, "spec");
  const validate = ajv.getSchema("spec#/components/schemas/Shape");
  if (!validate) throw new Error("no Shape schema");
  return (value) => validate(value) as boolean;
}

describe("OpenAPI 3.1 schemas, against a JSON Schema 2020-12 validator", () => {
  const isValid = reference();

  it("has values on both sides of every rule", () => {
    for (const value of KEPT) expect(isValid(value), JSON.stringify(value)).toBe(true);
    for (const { value, why } of BROKEN) expect(isValid(value), why).toBe(false);
  });

  it("leaves webhooks out of the generated operations", () => {
    expect(model.operations.map((op) => op.operationId)).toEqual(["createShape"]);
  });

  describe("the handler wrapper", () => {
    let createShape: (value: unknown) => Promise<number>;
    beforeAll(async () => {
      type Wrapper = (fn: () => Promise<unknown>) => (event: unknown) => Promise<{ statusCode: number }>;
      const runtime = await loadGeneratedRuntime<{ createShapeHandler: Wrapper }>(
        writeProject("openapi-31-handler", generateRuntime(model)),
      );
      const handler = runtime.createShapeHandler(async () => ({ statusCode: 201, body: base }));
      createShape = async (value) =>
        (
          await handler(
            proxyEvent({
              resource: "/shapes",
              path: "/shapes",
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(value),
            }),
          )
        ).statusCode;
    });

    it("accepts what 2020-12 accepts and rejects what it rejects", async () => {
      for (const value of KEPT) expect(await createShape(value), JSON.stringify(value)).toBe(201);
      for (const { value, why } of BROKEN) expect(await createShape(value), why).toBe(400);
    });
  });

  it("specgate serve's request validation accepts what 2020-12 accepts and rejects what it rejects", () => {
    const body = model.operations[0].requestBody?.content[0].schema ?? {};
    const validate = new SchemaCompiler(model.document as Record<string, unknown>).compile(
      body,
      "createShape",
    );
    for (const value of KEPT) expect(validate(value), JSON.stringify(value)).toBe(true);
    for (const { value, why } of BROKEN) expect(validate(value), why).toBe(false);
  });

  it("types the body so that the values kept compile and the values broken do not, where a type can say so", () => {
    // One line each, so that @ts-expect-error covers the whole value.
    const literal = (value: unknown): string => JSON.stringify(value);
    const lines = [
      'import type { Shape } from "./runtime/index.js";',
      ...KEPT.map((value, i) => `export const kept${i}: Shape = ${literal(value)};`),
      ...BROKEN.filter((b) => b.typed).map(
        ({ value, why }, i) =>
          `// @ts-expect-error ${why}\nexport const broken${i}: Shape = ${literal(value)};`,
      ),
    ];
    const dir = writeProject("openapi-31-types", generateRuntime(model), { "values.ts": lines.join("\n") });
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
