import { describe, expect, it } from "vitest";
import { jsonOf, proxyEvent } from "../test/proxy-event";
import { handler } from "./deletePet";

describe("deletePet", () => {
  it("answers 204 with no body for a known pet", async () => {
    const result = await handler(proxyEvent("DELETE", "/pets/{petId}", { pathParameters: { petId: "tom" } }));
    expect(result.statusCode).toBe(204);
    expect(result.body).toBe("");
  });

  it("answers 404 for an unknown pet", async () => {
    const result = await handler(
      proxyEvent("DELETE", "/pets/{petId}", { pathParameters: { petId: "ghost" } }),
    );
    expect(result.statusCode).toBe(404);
    expect(jsonOf(result)).toEqual({ message: "No pet has the id ghost", id: "ghost" });
  });
});
