import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "@specgate/model";
import { mockMediaValue, mockValue } from "../src/mock-data";
import { schemaValidator } from "./support/schema-validator";

const fixture = path.join(__dirname, "fixtures", "mock-shapes.yaml");

describe("mock data", () => {
  it("fits every schema of the fixture, for many seeds", async () => {
    const model = await loadModel(fixture);
    const validatorAt = schemaValidator(model.document);
    for (const name of Object.keys(model.schemas)) {
      const validate = validatorAt(`#/components/schemas/${name}`);
      for (let seed = 0; seed < 25; seed++) {
        const value = mockValue({ $ref: `#/components/schemas/${name}` }, model.document, `${name} ${seed}`);
        const valid = validate(value);
        expect(
          valid,
          `${name} (seed ${seed}): ${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`,
        ).toBe(true);
      }
    }
  });

  it("fits the response schema of every operation", async () => {
    const model = await loadModel(fixture);
    const validatorAt = schemaValidator(model.document);
    const media = model.operations[0].responses[0].content[0];
    const value = mockMediaValue(media, model.document, "listShapes 200");
    expect(validatorAt("#/paths/~1shapes/get/responses/200/content/application~1json/schema")(value)).toBe(
      true,
    );
    expect((value as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it("is the same for the same seed and differs between seeds", async () => {
    const model = await loadModel(fixture);
    const ref = { $ref: "#/components/schemas/Strings" };
    expect(JSON.stringify(mockValue(ref, model.document, "a"))).toBe(
      JSON.stringify(mockValue(ref, model.document, "a")),
    );
    expect(JSON.stringify(mockValue(ref, model.document, "a"))).not.toBe(
      JSON.stringify(mockValue(ref, model.document, "b")),
    );
  });

  it("uses the schema's example first", async () => {
    const model = await loadModel(fixture);
    expect(mockValue({ $ref: "#/components/schemas/WithExample" }, model.document, "x")).toEqual({
      message: "hello from the example",
    });
  });

  it("generates strings from patterns", async () => {
    const model = await loadModel(fixture);
    const value = mockValue({ $ref: "#/components/schemas/Strings" }, model.document, "pattern") as Record<
      string,
      string
    >;
    expect(value.code).toMatch(/^[A-Z]{3}-[0-9]{4}$/);
    expect(value.sku).toMatch(/^sku_[a-f0-9]+$/);
  });

  it("stops recursive schemas at a bounded depth", async () => {
    const model = await loadModel(fixture);
    const depth = (tree: { children: unknown[]; parent?: unknown }): number =>
      1 +
      Math.max(0, ...[...tree.children, ...(tree.parent ? [tree.parent] : [])].map((t) => depth(t as never)));
    const value = mockValue({ $ref: "#/components/schemas/Tree" }, model.document, "tree");
    expect(depth(value as never)).toBeLessThanOrEqual(6);
  });

  it("leaves out examples and defaults that do not fit their schema", () => {
    const document = {
      components: {
        schemas: {
          Stop: {
            type: "object",
            required: ["ids"],
            properties: { ids: { type: "array", items: { type: "string" }, example: "BKK" } },
            example: { ids: ["a"], undeclared: true },
          },
          Limit: { type: "integer", minimum: 1, maximum: 10, default: 50 },
        },
      },
    };
    const stop = mockValue({ $ref: "#/components/schemas/Stop" }, document, "s") as { ids: unknown };
    expect(Object.keys(stop)).toEqual(["ids"]);
    expect(Array.isArray(stop.ids)).toBe(true);
    const limit = mockValue({ $ref: "#/components/schemas/Limit" }, document, "l");
    expect(limit).toBeGreaterThanOrEqual(1);
    expect(limit).toBeLessThanOrEqual(10);
    const media = {
      contentType: "application/json",
      schema: { type: "integer" },
      example: "seven",
      examples: [8],
    };
    expect(mockMediaValue(media, document, "m")).toBe(8);
  });

  it("checks examples against patterns that backtrack catastrophically in JavaScript, in linear time", () => {
    // From a real spec: JavaScript's engine spends minutes on the example before giving up.
    const pattern = "^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})([\\/\\w \\.-]*)*\\/?$";
    const example = "https://www.example.com/some/long/path/with/many/segments/and/then?";
    const document = { components: { schemas: { Url: { type: "string", pattern, example } } } };
    const started = Date.now();
    const value = mockValue({ $ref: "#/components/schemas/Url" }, document, "u");
    expect(Date.now() - started).toBeLessThan(1000);
    // The example does not match (a `?` the pattern has no room for): a value is generated instead.
    expect(value).not.toBe(example);
    expect(mockValue({ type: "string", pattern, example: "https://example.com/a/b" }, document, "u")).toBe(
      "https://example.com/a/b",
    );
  });

  it("generates short strings from patterns with large repetition bounds", () => {
    // From a real spec: up to two million characters, which the generator wrote one at a time.
    const huge = mockValue({ type: "string", pattern: "^.{1,2097152}" }, {}, "h") as string;
    expect(huge).toMatch(/^.{1,2097152}$/);
    expect(huge.length).toBeLessThanOrEqual(1 + 8);
    const nested = mockValue({ type: "string", pattern: "^(a{2,100000}-){1,100000}$" }, {}, "n") as string;
    expect(nested).toMatch(/^(a{2,100000}-){1,100000}$/);
    expect(nested.length).toBeLessThanOrEqual(9 * (2 + 8 + 1));
    // A run past any sensible mock value: a plain string stands in, within maxLength.
    const long = mockValue({ type: "string", pattern: "^[0-9]{5000000}$", maxLength: 12 }, {}, "l") as string;
    expect(long.length).toBeLessThanOrEqual(12);
  });

  it("holds additionalProperties: false to the properties beside it, as JSON Schema does, not to allOf's", () => {
    const document = {
      components: {
        schemas: {
          Money: { type: "object", properties: { amount: { type: "number" } } },
          // The example breaks the schema: no property is allowed, since `amount` is only in the allOf part.
          Closed: {
            type: "object",
            additionalProperties: false,
            allOf: [{ $ref: "#/components/schemas/Money" }],
            example: { amount: 1 },
          },
        },
      },
    };
    const media = {
      contentType: "application/json",
      schema: { $ref: "#/components/schemas/Closed" },
      examples: [],
    };
    expect(mockMediaValue({ ...media, example: { amount: 1 } }, document, "c")).not.toEqual({ amount: 1 });
    const open = { ...media, schema: { $ref: "#/components/schemas/Money" }, example: { amount: 1 } };
    expect(mockMediaValue(open, document, "c")).toEqual({ amount: 1 });
  });

  it("prefers a media type's example over generated data", () => {
    const media = {
      contentType: "application/json",
      schema: { type: "string" },
      example: "given",
      examples: [],
    };
    expect(mockMediaValue(media, {}, "s")).toBe("given");
  });
});
