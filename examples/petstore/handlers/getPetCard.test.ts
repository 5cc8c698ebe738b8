import { describe, expect, it } from "vitest";
import { proxyEvent } from "../test/proxy-event";
import { handler } from "./getPetCard";

describe("getPetCard", () => {
  it("answers a plain-text card, as the model declares", async () => {
    const result = await handler(
      proxyEvent("GET", "/pets/{petId}/card", { pathParameters: { petId: "rex" } }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toBe("text/plain");
    expect(result.body).toBe("Rex\ndog, available\nborn 2021-04-02\nowner: Pet Store\n");
  });

  it("answers a JSON 404 for an unknown pet", async () => {
    const result = await handler(
      proxyEvent("GET", "/pets/{petId}/card", { pathParameters: { petId: "ghost" } }),
    );
    expect(result.statusCode).toBe(404);
    expect(result.headers?.["content-type"]).toBe("application/json");
  });
});
