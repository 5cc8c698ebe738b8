import { describe, expect, it } from "vitest";
import type { ProxyEvent } from "../generated/runtime";
import { handler } from "./listPets";

/** An API Gateway proxy event for GET /pets with every required parameter set. */
function event(): ProxyEvent {
  return {
    resource: "/pets",
    path: "/pets",
    httpMethod: "GET",
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
  };
}

describe("listPets", () => {
  it("answers 200", async () => {
    const result = await handler(event());
    expect(result.statusCode).toBe(200);
  });
});
