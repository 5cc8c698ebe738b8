import { describe, expect, it } from "vitest";
import type { PetList } from "../generated/runtime";
import { jsonOf, proxyEvent } from "../test/proxy-event";
import { handler } from "./listPets";

describe("listPets", () => {
  it("lists every pet when no status is given", async () => {
    const result = await handler(proxyEvent("GET", "/pets"));
    expect(result.statusCode).toBe(200);
    const list = jsonOf(result) as PetList;
    expect(list.items.map((pet) => pet.id)).toEqual(["rex", "tom", "tweety", "nemo"]);
    expect(list.nextToken).toBeUndefined();
  });

  it("filters by status, coerced from the query string", async () => {
    const result = await handler(proxyEvent("GET", "/pets", { query: { status: "available" } }));
    expect((jsonOf(result) as PetList).items.map((pet) => pet.id)).toEqual(["rex", "tweety"]);
  });

  it("returns at most limit pets and a nextToken when there are more", async () => {
    const result = await handler(proxyEvent("GET", "/pets", { query: { limit: "2" } }));
    const list = jsonOf(result) as PetList;
    expect(list.items).toHaveLength(2);
    expect(list.nextToken).toBe("2");
  });

  it("answers 400 for a status outside the enum, before the handler runs", async () => {
    const result = await handler(proxyEvent("GET", "/pets", { query: { status: "lost" } }));
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result)).toEqual({ message: expect.stringContaining('query parameter "status"') });
  });

  it("answers 400 for a limit above the maximum", async () => {
    const result = await handler(proxyEvent("GET", "/pets", { query: { limit: "1000" } }));
    expect(result.statusCode).toBe(400);
  });
});
