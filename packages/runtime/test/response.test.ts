import { describe, expect, it } from "vitest";
import { Response, isJsonContentType, toProxyResult, type OperationSpec } from "@specgate/runtime";

const spec: OperationSpec = {
  operationId: "op",
  method: "GET",
  path: "/op",
  parameters: [],
  responses: { "200": "application/json", "4XX": "application/problem+json", default: "text/plain" },
};

describe("Response", () => {
  it("builds responses with their status codes", () => {
    expect(Response.ok({ a: 1 })).toEqual({ statusCode: 200, body: { a: 1 } });
    expect(Response.created("x", { location: "/x" })).toEqual({
      statusCode: 201,
      body: "x",
      headers: { location: "/x" },
    });
    expect(Response.noContent()).toEqual({ statusCode: 204 });
    expect(Response.notFound({ message: "no" }).statusCode).toBe(404);
    expect(Response.of(418, "teapot")).toEqual({ statusCode: 418, body: "teapot" });
    expect(Response.empty(304)).toEqual({ statusCode: 304 });
  });
});

describe("toProxyResult", () => {
  it("uses the content type the spec declares for the exact status, its range, then default", () => {
    expect(toProxyResult(spec, Response.ok({ a: 1 })).headers).toEqual({
      "content-type": "application/json",
    });
    const problem = toProxyResult(spec, Response.notFound({ title: "gone" }));
    expect(problem).toEqual({
      statusCode: 404,
      headers: { "content-type": "application/problem+json" },
      body: '{"title":"gone"}',
    });
    expect(toProxyResult(spec, Response.of(503, "down"))).toEqual({
      statusCode: 503,
      headers: { "content-type": "text/plain" },
      body: "down",
    });
  });

  it("JSON-encodes a string body when the content type is JSON", () => {
    expect(toProxyResult(spec, Response.ok("hi")).body).toBe('"hi"');
  });

  it("keeps a content type the handler set, in any case", () => {
    const result = toProxyResult(spec, Response.ok("<p/>", { "Content-Type": "text/html" }));
    expect(result).toEqual({ statusCode: 200, headers: { "Content-Type": "text/html" }, body: "<p/>" });
  });

  it("base64-encodes binary bodies", () => {
    const result = toProxyResult(
      undefined,
      Response.ok(Buffer.from([0, 1, 2]), { "content-type": "image/png" }),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: { "content-type": "image/png" },
      body: "AAEC",
      isBase64Encoded: true,
    });
  });
});

describe("isJsonContentType", () => {
  it("recognizes JSON and +json media types, with parameters", () => {
    expect(isJsonContentType("application/json")).toBe(true);
    expect(isJsonContentType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonContentType("application/vnd.api+json")).toBe(true);
    expect(isJsonContentType("text/plain")).toBe(false);
    expect(isJsonContentType("application/jsonl")).toBe(false);
  });
});
