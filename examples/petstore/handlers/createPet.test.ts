import { describe, expect, it } from "vitest";
import type { Pet, ValidationError } from "../generated/runtime";
import { jsonOf, proxyEvent } from "../test/proxy-event";
import { handler } from "./createPet";

const headers = { "x-request-id": "req-1" };

describe("createPet", () => {
  it("creates an available pet with an id that matches the model's petId pattern", async () => {
    const result = await handler(
      proxyEvent("POST", "/pets", { headers, body: { name: "Mr. Whiskers", species: "cat", tags: ["shy"] } }),
    );
    expect(result.statusCode).toBe(201);
    const pet = jsonOf(result) as Pet;
    expect(pet).toMatchObject({ name: "Mr. Whiskers", species: "cat", tags: ["shy"], status: "available" });
    expect(pet.id).toMatch(/^mr-whiskers-[a-z0-9]+$/);
  });

  it("echoes the x-request-id header through its interceptor", async () => {
    const result = await handler(
      proxyEvent("POST", "/pets", { headers, body: { name: "Rex", species: "dog" } }),
    );
    expect(result.headers?.["x-request-id"]).toBe("req-1");
  });

  it("answers the model's 400 for a birth date in the future", async () => {
    const result = await handler(
      proxyEvent("POST", "/pets", {
        headers,
        body: { name: "Future", species: "dog", birthDate: "2999-01-01" },
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result) as ValidationError).toEqual({
      message: "The pet is not valid",
      errors: [{ path: "/birthDate", message: "must not be in the future" }],
    });
  });

  it("rejects a body that breaks the model before the handler runs", async () => {
    const result = await handler(
      proxyEvent("POST", "/pets", { headers, body: { name: "", species: "dragon" } }),
    );
    expect(result.statusCode).toBe(400);
    expect((jsonOf(result) as { message: string }).message).toMatch(/^Invalid request body: /);
  });

  it("rejects a request without its required x-request-id header", async () => {
    const result = await handler(proxyEvent("POST", "/pets", { body: { name: "Rex", species: "dog" } }));
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result)).toEqual({ message: "Missing required request parameters: [x-request-id]" });
  });
});
