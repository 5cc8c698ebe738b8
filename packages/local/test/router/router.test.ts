import { describe, expect, it } from "vitest";
import { Router } from "../../src/router/router";

function routerOf(routes: readonly (readonly [string, string])[]): Router<string> {
  const router = new Router<string>();
  for (const [method, resource] of routes) router.add(resource, method, `${method} ${resource}`);
  return router;
}

describe("Router", () => {
  const router = routerOf([
    ["GET", "/"],
    ["GET", "/pets"],
    ["POST", "/pets"],
    ["GET", "/pets/mine"],
    ["GET", "/pets/{petId}"],
    ["ANY", "/pets/{petId}"],
    ["DELETE", "/pets/{petId}/toys/{toyId}"],
    ["GET", "/files/readme"],
    ["ANY", "/files/{proxy+}"],
  ]);

  it("matches the root", () => {
    expect(router.match("GET", "/")?.route).toBe("GET /");
  });

  it("prefers a literal segment to a parameter", () => {
    expect(router.match("GET", "/pets/mine")?.route).toBe("GET /pets/mine");
  });

  it("prefers a method to ANY on the same resource", () => {
    expect(router.match("GET", "/pets/7")?.route).toBe("GET /pets/{petId}");
    expect(router.match("PATCH", "/pets/7")?.route).toBe("ANY /pets/{petId}");
  });

  it("falls back to a parameter when the literal branch lacks the method", () => {
    expect(router.match("PUT", "/pets/mine")).toMatchObject({
      route: "ANY /pets/{petId}",
      pathParameters: { petId: "mine" },
    });
  });

  it("captures several parameters, raw", () => {
    expect(router.match("DELETE", "/pets/a%20b/toys/9")).toEqual({
      route: "DELETE /pets/{petId}/toys/{toyId}",
      resource: "/pets/{petId}/toys/{toyId}",
      pathParameters: { petId: "a%20b", toyId: "9" },
    });
  });

  it("lets a greedy parameter take the rest of the path", () => {
    expect(router.match("GET", "/files/a/b/c")).toMatchObject({
      route: "ANY /files/{proxy+}",
      pathParameters: { proxy: "a/b/c" },
    });
  });

  it("gives a greedy parameter the rest of the path as sent, inner slashes kept, leading and trailing ones not", () => {
    expect(router.match("GET", "//files//a//b/")).toMatchObject({
      route: "ANY /files/{proxy+}",
      pathParameters: { proxy: "a//b" },
    });
  });

  it("lets a greedy parameter catch a method a literal sibling lacks", () => {
    expect(router.match("POST", "/files/readme")?.route).toBe("ANY /files/{proxy+}");
    expect(router.match("GET", "/files/readme")?.route).toBe("GET /files/readme");
  });

  it("does not let a greedy parameter match its parent", () => {
    expect(router.match("GET", "/files")).toBeUndefined();
  });

  it("misses unknown paths and methods", () => {
    expect(router.match("GET", "/nowhere")).toBeUndefined();
    expect(router.match("DELETE", "/pets")).toBeUndefined();
  });

  it("matches literal segments against the decoded path", () => {
    const spaced = routerOf([["GET", "/a b"]]);
    expect(spaced.match("GET", "/a%20b")?.route).toBe("GET /a b");
  });

  it("matches a parameterless resource however the path spells it", () => {
    for (const path of ["/pets/mine", "/pets/mine/", "//pets/mine", "/pets/m%69ne"]) {
      expect(router.match("GET", path)).toEqual({
        route: "GET /pets/mine",
        resource: "/pets/mine",
        pathParameters: {},
      });
    }
  });

  it("ignores a trailing slash", () => {
    expect(router.match("GET", "/pets/")?.route).toBe("GET /pets");
  });

  it("rejects a greedy parameter that is not last", () => {
    expect(() => routerOf([["GET", "/{proxy+}/x"]])).toThrow(/must be the last segment/);
  });
});
