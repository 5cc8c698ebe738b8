import { describe, expect, it } from "vitest";
import { jsonOf, proxyEvent } from "../test/proxy-event";
import { handler } from "./getPet";

describe("getPet", () => {
  it("answers 200 with the pet", async () => {
    const result = await handler(proxyEvent("GET", "/pets/{petId}", { pathParameters: { petId: "rex" } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toBe("application/json");
    expect(jsonOf(result)).toMatchObject({
      id: "rex",
      name: "Rex",
      owner: { address: { city: "Springfield" } },
    });
  });

  it("answers 404 with the model's NotFoundError for an unknown id", async () => {
    const result = await handler(proxyEvent("GET", "/pets/{petId}", { pathParameters: { petId: "nobody" } }));
    expect(result.statusCode).toBe(404);
    expect(jsonOf(result)).toEqual({ message: "No pet has the id nobody", id: "nobody" });
  });

  it("answers 400 for an id that breaks the model's pattern", async () => {
    const result = await handler(
      proxyEvent("GET", "/pets/{petId}", { pathParameters: { petId: "Not Valid" } }),
    );
    expect(result.statusCode).toBe(400);
  });
});
