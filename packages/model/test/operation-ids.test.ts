import { describe, expect, it } from "vitest";
import {
  buildModel,
  deriveOperationIds,
  operationIdFor,
  type HttpMethod,
  type OpenApiDocument,
} from "@specgate/model";

const ok = { "200": { description: "ok" } };

/** A document of the given operations (`METHOD path` → operationId or undefined), path parameters declared. */
function documentOf(operations: readonly [string, string | undefined][]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [label, operationId] of operations) {
    const [method, path] = label.split(" ");
    const parameters = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      ...(operationId ? { operationId } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      responses: ok,
    };
  }
  return { openapi: "3.0.3", info: { title: "t", version: "1" }, paths };
}

/** The operationId of each operation, in the order given. */
function idsOf(operations: readonly [string, string | undefined][]): string[] {
  const model = buildModel(documentOf(operations), "api.yaml", { apiGateway: false });
  const byLabel = new Map(model.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  return operations.map(([label]) => byLabel.get(label)?.operationId ?? "missing");
}

/** Identifier rules of TypeScript, Java and Python, ASCII only, and keywords no language may redefine. */
const IDENTIFIER = /^[a-z][A-Za-z0-9]*$/;

describe("operationIdFor", () => {
  it.each([
    ["get", "/pets", "getPets"],
    ["get", "/pets/{petId}", "getPetsByPetId"],
    ["post", "/pets/{petId}/toys", "postPetsByPetIdToys"],
    ["delete", "/", "deleteRoot"],
    ["get", "/api/1.0/calculate", "getApi10Calculate"],
    ["get", "/annotation_layer/", "getAnnotationLayer"],
    ["post", "/createPathway", "postCreatePathway"],
    ["get", "/v{version}/{format}", "getVByVersionByFormat"],
    ["get", "/files/{proxy+}", "getFilesByProxy"],
    ["get", "/search?view=full", "getSearchViewFull"],
    ["get", "/Ärzte/{straße}", "getArzteByStraE"],
    ["put", "/users/{user-id}/e-mail", "putUsersByUserIdEMail"],
  ])("%s %s → %s", (method, path, expected) => {
    expect(operationIdFor(method as HttpMethod, path)).toBe(expected);
  });

  it("is an identifier in TypeScript, Java and Python for any path, even one with no ASCII word", () => {
    for (const path of ["/", "/日本", "/{日本}", "/_/-/", "/1/2", "/$batch", "/class", "/import/{def}"]) {
      expect(operationIdFor("get", path)).toMatch(IDENTIFIER);
    }
  });
});

describe("derived operationIds", () => {
  it("names operations without an operationId from their method and path, and marks them derived", () => {
    const model = buildModel(
      documentOf([
        ["GET /pets", "listPets"],
        ["POST /pets", undefined],
        ["GET /pets/{petId}", undefined],
      ]),
    );
    expect(model.operations.map((op) => [op.operationId, op.operationIdDerived])).toEqual([
      ["listPets", undefined],
      ["postPets", true],
      ["getPetsByPetId", true],
    ]);
  });

  it("never takes an operationId the document gives, wherever it is in the document", () => {
    expect(
      idsOf([
        ["GET /pets", undefined],
        ["GET /animals", "getPets"],
      ]),
    ).toEqual(["getPets2", "getPets"]);
  });

  it("makes names unique ignoring case, the later in the document numbered", () => {
    expect(
      idsOf([
        ["GET /user-name", undefined],
        ["GET /user_name", undefined],
        ["GET /UserName", undefined],
        ["GET /names", "GETUSERNAME2"],
      ]),
    ).toEqual(["getUserName", "getUserName3", "getUserName4", "GETUSERNAME2"]);
  });

  it("keeps every derived name when operations are added before, between and after the others", () => {
    const before: [string, string | undefined][] = [
      ["GET /pets", undefined],
      ["POST /pets", undefined],
      ["GET /pets/{petId}", undefined],
      ["DELETE /pets/{petId}", undefined],
    ];
    const first = idsOf(before);
    const names = new Map(before.map(([label], i) => [label, first[i]]));
    const after: [string, string | undefined][] = [
      ["GET /", undefined],
      ...before.slice(0, 2),
      ["GET /owners/{ownerId}", undefined],
      ["PATCH /pets/{petId}", "updatePet"],
      ...before.slice(2),
      ["GET /pets/{petId}/toys", undefined],
    ];
    const derived = idsOf(after);
    after.forEach(([label], i) => {
      if (names.has(label)) expect(derived[i], label).toBe(names.get(label));
    });
  });

  it("is deterministic: the same document gives the same names", () => {
    const operations: [string, string | undefined][] = [
      ["GET /a-b", undefined],
      ["GET /a_b", undefined],
      ["GET /a/{b}", undefined],
    ];
    expect(idsOf(operations)).toEqual(idsOf(operations));
    expect(idsOf(operations)).toEqual(["getAB", "getAB2", "getAByB"]);
  });

  it("never derives a keyword or a name a Java class inherits", () => {
    expect(
      deriveOperationIds([
        { method: "get", path: "/class" },
        { method: "get", path: "/Class" },
      ]),
    ).toEqual(["getClass2", "getClass3"]);
  });

  it("still reports an operationId the document gives twice", () => {
    expect(() =>
      idsOf([
        ["GET /a", "same"],
        ["GET /b", "same"],
        ["GET /c", undefined],
      ]),
    ).toThrow(/operationId "same" is also used by GET \/b/);
  });
});
