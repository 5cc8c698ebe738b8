import { describe, expect, it } from "vitest";
import {
  coerceScalar,
  missingParameters,
  readParameters,
  type ParameterSpec,
  type ProxyEvent,
} from "@specgate/runtime";

const event = (overrides: Partial<ProxyEvent>): ProxyEvent => ({
  resource: "/r",
  path: "/r",
  httpMethod: "GET",
  headers: null,
  multiValueHeaders: null,
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  body: null,
  isBase64Encoded: false,
  ...overrides,
});

describe("coerceScalar", () => {
  it("converts numbers and booleans, and leaves what does not convert as the string for validation to report", () => {
    expect(coerceScalar("42", "integer")).toBe(42);
    expect(coerceScalar("-1.5", "number")).toBe(-1.5);
    expect(coerceScalar("", "number")).toBe("");
    expect(coerceScalar("x1", "integer")).toBe("x1");
    expect(coerceScalar("true", "boolean")).toBe(true);
    expect(coerceScalar("false", "boolean")).toBe(false);
    expect(coerceScalar("1", "boolean")).toBe("1");
    expect(coerceScalar('{"a":1}', "object")).toEqual({ a: 1 });
    expect(coerceScalar("007", "string")).toBe("007");
  });
});

describe("readParameters", () => {
  const specs: ParameterSpec[] = [
    { name: "id", in: "path", required: true, type: "integer" },
    { name: "q", in: "query", required: false, type: "string" },
    { name: "tag", in: "query", required: false, type: "array", items: "string" },
    { name: "X-Ids", in: "header", required: false, type: "array", items: "number" },
    { name: "x-h", in: "header", required: true, type: "string" },
  ];

  it("reads null maps (what API Gateway sends when there are none) as absent", () => {
    const values = readParameters(event({}), specs);
    expect(values).toEqual({ path: {}, query: {}, header: {}, cookie: {} });
    expect(missingParameters(values, specs)).toEqual(["x-h", "id"]);
  });

  it("takes the last value of a repeated query key for a scalar, all of them for an array", () => {
    const values = readParameters(
      event({
        queryStringParameters: { q: "b", tag: "y" },
        multiValueQueryStringParameters: { q: ["a", "b"], tag: ["x", "y"] },
      }),
      specs,
    );
    expect(values.query).toEqual({ q: "b", tag: ["x", "y"] });
  });

  it("splits array headers on commas and matches header names case-insensitively", () => {
    const values = readParameters(
      event({
        headers: { "x-ids": "1, 2.5", "X-H": "v" },
        multiValueHeaders: { "x-ids": ["1, 2.5"], "X-H": ["v"] },
      }),
      specs,
    );
    expect(values.header).toEqual({ "X-Ids": [1, 2.5], "x-h": "v" });
  });

  it("lists missing required parameters header first, then path, as API Gateway does", () => {
    expect(missingParameters(readParameters(event({ pathParameters: { id: "1" } }), specs), specs)).toEqual([
      "x-h",
    ]);
  });
});
