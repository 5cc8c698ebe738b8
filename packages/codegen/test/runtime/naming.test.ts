import { loadModelSync, type OpenApiDocument } from "@specgate/model";
import { describe, expect, it } from "vitest";
import { generateRuntime, runtimeWarnings } from "../../src/runtime";

const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "string" } } } } };

const document: OpenApiDocument = {
  openapi: "3.0.3",
  info: { title: "Names", version: "1" },
  paths: {
    "/a": { get: { operationId: "get-pet", responses: ok } },
    "/b": { get: { operationId: "getPet", responses: ok } },
    "/c": {
      get: {
        operationId: "send",
        parameters: [{ name: "filter", in: "query", style: "deepObject", schema: { type: "object" } }],
        responses: ok,
      },
    },
  },
  components: {
    schemas: {
      "pet-list": { type: "array", items: { type: "string" } },
      PetList: { type: "integer" },
      "2fa": { type: "boolean" },
      interface: { type: "string" },
      GetPetRequest: { type: "string" },
    },
  },
};

const file = (name: string): string =>
  generateRuntime(loadModelSync(document)).find((f) => f.path === `runtime/${name}`)?.content ?? "";

describe("generated names", () => {
  it("keeps operations whose ids give the same name apart, in document order", () => {
    expect(file("handlers.ts")).toContain("export function getPetHandler(handler: GetPetHandlerFunction)");
    expect(file("handlers.ts")).toContain("export function getPet2Handler(handler: GetPet2HandlerFunction)");
    expect(file("operations.ts")).toContain('  "get-pet": T;\n  getPet: T;');
  });

  it("makes schema names unique, valid and free of keywords, deterministically", () => {
    const models = file("models.ts");
    expect(models).toContain("export type PetList = string[];");
    expect(models).toContain("export type PetList2 = number;");
    expect(models).toContain("export type _2fa = boolean;");
    expect(models).toContain("export type interface_ = string;");
    expect(models).toContain("export type GetPetRequest2 = string;");
  });

  it("does not let a client method take the name of a member of the client base", () => {
    expect(file("client.ts")).toContain(
      "  send2(request: SendRequest = {}): Promise<ClientResult<SendResponse>> {",
    );
  });

  it("warns about parameter styles handler wrappers do not read", () => {
    expect(runtimeWarnings(loadModelSync(document))).toEqual([
      {
        pointer: "#/paths/~1c/get/parameters/0",
        message:
          'query parameter "filter" has style "deepObject": handler wrappers read only the form and simple styles, so its value may be missing or unparsed',
      },
    ]);
  });
});
