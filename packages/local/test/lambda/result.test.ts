import { describe, expect, test } from "vitest";
import { mapProxyResult } from "../../src/lambda";

const response = (result: unknown) => {
  const mapped = mapProxyResult(result);
  if ("invalid" in mapped) throw new Error(`unexpectedly invalid: ${mapped.invalid}`);
  return { statusCode: mapped.statusCode, headers: mapped.headers, body: mapped.body.toString("utf8") };
};

const invalid = (result: unknown): string => {
  const mapped = mapProxyResult(result);
  if (!("invalid" in mapped)) throw new Error("unexpectedly valid");
  return mapped.invalid;
};

describe("mapProxyResult", () => {
  test("maps status, headers and body", () => {
    expect(
      response({ statusCode: 201, headers: { "Content-Type": "text/plain", "X-Id": "7" }, body: "made" }),
    ).toEqual({
      statusCode: 201,
      headers: [
        ["Content-Type", "text/plain"],
        ["X-Id", "7"],
      ],
      body: "made",
    });
  });

  test("{} is a 200 with an empty body and the default content type", () => {
    expect(response({})).toEqual({
      statusCode: 200,
      headers: [["content-type", "application/json"]],
      body: "",
    });
  });

  test('"statusCode": "201" as a string is accepted', () => {
    expect(response({ statusCode: "201" }).statusCode).toBe(201);
  });

  test("a response without a content type gets content-type: application/json", () => {
    expect(response({ statusCode: 200, headers: { "X-A": "1" }, body: "{}" }).headers).toEqual([
      ["X-A", "1"],
      ["content-type", "application/json"],
    ]);
  });

  test("a content type in multiValueHeaders counts, in any letter case", () => {
    expect(response({ multiValueHeaders: { "CONTENT-TYPE": ["text/csv"] } }).headers).toEqual([
      ["CONTENT-TYPE", "text/csv"],
    ]);
  });

  test("an empty list of values sends no header", () => {
    expect(response({ multiValueHeaders: { "Content-Type": [], "X-Empty": [] } }).headers).toEqual([
      ["content-type", "application/json"],
    ]);
  });

  test("isBase64Encoded: true decodes the body", () => {
    const mapped = mapProxyResult({
      statusCode: 200,
      body: Buffer.from([0, 1, 2, 255]).toString("base64"),
      isBase64Encoded: true,
    });
    expect("invalid" in mapped).toBe(false);
    if (!("invalid" in mapped)) expect([...mapped.body]).toEqual([0, 1, 2, 255]);
  });

  test("headers and multiValueHeaders are merged: multi-value first, a single value not already listed appended", () => {
    const { headers } = response({
      headers: { "Set-Cookie": "c=3", "Content-Type": "text/html", "X-Same": "a" },
      multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"], "X-Same": ["a"], Vary: ["Accept", "Origin"] },
    });
    expect(headers).toEqual([
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["Set-Cookie", "c=3"],
      ["X-Same", "a"],
      ["Vary", "Accept"],
      ["Vary", "Origin"],
      ["Content-Type", "text/html"],
    ]);
  });

  test("numbers and booleans are read as text where text is expected; null values are skipped", () => {
    expect(
      response({ statusCode: 200, headers: { "X-Count": 3, "X-On": true, "X-None": null }, body: 42 }),
    ).toEqual({
      statusCode: 200,
      headers: [
        ["X-Count", "3"],
        ["X-On", "true"],
        ["content-type", "application/json"],
      ],
      body: "42",
    });
  });

  test("hop-by-hop headers the function sets come back remapped", () => {
    expect(
      response({ headers: { "Content-Length": "99", Date: "yesterday", "Content-Type": "text/plain" } })
        .headers,
    ).toEqual([
      ["x-amzn-Remapped-Content-Length", "99"],
      ["x-amzn-Remapped-Date", "yesterday"],
      ["Content-Type", "text/plain"],
    ]);
  });

  test.each([
    ["a bare string", "hello", /returned a string/],
    ["null (a handler that returned nothing)", null, /returned null/],
    ["an array", [{ statusCode: 200 }], /returned an array/],
    ["an unknown top-level key", { statusCode: 200, message: "hi" }, /unknown key "message"/],
    ["a non-numeric status", { statusCode: "OK" }, /statusCode/],
    ["a status out of range", { statusCode: 1000 }, /statusCode/],
    [
      "a non-list multiValueHeaders value",
      { multiValueHeaders: { "X-A": "1" } },
      /multiValueHeaders\["X-A"\]/,
    ],
    [
      "a multiValueHeaders that is not an object",
      { multiValueHeaders: ["X-A"] },
      /multiValueHeaders must be an object/,
    ],
    ["an object header value", { headers: { "X-A": { v: 1 } } }, /headers\["X-A"\]/],
    ["a list in headers", { headers: { "X-A": ["1"] } }, /headers\["X-A"\]/],
    ["an object body", { statusCode: 200, body: { hey: "dude" } }, /body must be a string/],
    ["a non-boolean isBase64Encoded", { body: "", isBase64Encoded: 1 }, /isBase64Encoded/],
  ])("%s is a malformed Lambda proxy response", (_name, result, reason) => {
    expect(invalid(result)).toMatch(reason);
  });
});
