import { describe, expect, it } from "vitest";
import type { ProxyEvent } from "../generated/runtime";
import { handler } from "./createPet";

/** An API Gateway proxy event for POST /pets with every required parameter set. */
function event(): ProxyEvent {
  return {
    resource: "/pets",
    path: "/pets",
    httpMethod: "POST",
    headers: {
      "content-type": "application/json",
    },
    multiValueHeaders: {
      "content-type": ["application/json"],
    },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    body: '{"name":"name-13","tag":"tag-641"}',
    isBase64Encoded: false,
  };
}

describe("create-pet", () => {
  it("answers 201", async () => {
    const result = await handler(event());
    expect(result.statusCode).toBe(201);
  });
});
