import { describe, expect, it } from "vitest";
import { compileResponseContract } from "../src/contract";
import { SchemaCompiler } from "../src/schemas";

const schema = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
const contract = compileResponseContract(
  {
    "200": { content: { "application/json": { schema } } },
    "404": { content: { "application/json": { schema: { type: "array" } } } },
  },
  new SchemaCompiler({}),
  "Test GET /pets",
);

describe("the response contract", () => {
  it("checks every answer, also after the same body kept the contract", () => {
    const body = '{"name":"Rex"}';
    expect(contract?.(200, "application/json", body)).toBeUndefined();
    expect(contract?.(200, "application/json", body)).toBeUndefined();
    // The same string under another status, or another string, is checked again.
    expect(contract?.(404, "application/json", body)).toMatch(/^status 404 body must be array/);
    expect(contract?.(200, "application/json", '{"name":7}')).toMatch(
      /^status 200 body\.name must be string/,
    );
    expect(contract?.(201, "application/json", body)).toMatch(/^status 201 is not a declared response/);
    expect(contract?.(200, "application/json", body)).toBeUndefined();
    expect(contract?.(200, "application/json", Buffer.from('{"name":7}'))).toMatch(
      /body\.name must be string/,
    );
  });

  it("checks a handler's bytes again whenever they differ from the bytes that kept the contract", () => {
    const kept = Buffer.from('{"name":"Rex"}');
    expect(contract?.(200, "application/json", kept)).toBeUndefined();
    expect(contract?.(200, "application/json", Buffer.from('{"name":"Rex"}'))).toBeUndefined();
    // Same length, other bytes; and the kept buffer changed in place after the check.
    expect(contract?.(200, "application/json", Buffer.from('{"name":12345}'))).toMatch(
      /body\.name must be string/,
    );
    kept.write('{"name":12345}');
    expect(contract?.(200, "application/json", kept)).toMatch(/body\.name must be string/);
    expect(contract?.(404, "application/json", Buffer.from('{"name":"Rex"}'))).toMatch(/must be array/);
  });
});
