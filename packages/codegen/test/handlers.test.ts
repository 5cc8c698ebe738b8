import * as path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { buildModel, loadModelSync, type OpenApiDocument } from "@specgate/model";
import { generate } from "../src/generate";
import { generateRuntimeWithWarnings } from "../src/runtime";

const document: OpenApiDocument = {
  openapi: "3.0.3",
  info: { title: "Stubs", version: "1" },
  paths: {
    "/things": {
      post: {
        operationId: "create",
        "x-handler": { language: "typescript" },
        responses: {
          "201": { description: "Created", content: { "text/plain": { schema: { type: "string" } } } },
        },
      },
      get: {
        operationId: "listThings",
        "x-handler": { language: "typescript" },
        responses: {
          "200": {
            description: "Impossible",
            content: {
              "application/json": {
                schema: { type: "object", allOf: [{ type: "string", enum: ["a"] }] },
              },
            },
          },
        },
      },
    },
  },
};

function stubs(): Map<string, string> {
  const result = generate(buildModel(document, "api/stubs.yaml"), { outDir: "/p/generated" });
  return new Map(result.handlers.map((f) => [f.path, f.content]));
}

describe("handler stubs", () => {
  it("call the wrapper the generated runtime exports, even when its name had to change", () => {
    const result = generate(buildModel(document, "api/stubs.yaml"), { outDir: "/p/generated" });
    const runtime = result.files.find((f) => f.path === "runtime/handlers.ts")?.content ?? "";
    const wrapper = /export function (\w+)\((?:(?!export function)[^])*operationSpecs\.create\b/.exec(
      runtime,
    )?.[1];
    expect(wrapper).toBeDefined();
    expect(stubs().get("create.ts")).toMatch(
      new RegExp(`^import \\{ ${wrapper} \\} from .*\\nimport type \\{ Create201ResponseBody \\}`),
    );
    expect(stubs().get("create.ts")).toContain(`export const handler = ${wrapper}(`);
  });

  it("take their wrapper's name from the runtime generation, which names it as runtime/handlers.ts exports it", () => {
    const runtime = generateRuntimeWithWarnings(buildModel(document, "api/stubs.yaml"));
    const handlers = runtime.files.find((f) => f.path === "runtime/handlers.ts")?.content ?? "";
    const exported = [...handlers.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
    const create = runtime.handlerWrappers.get("create");
    // `createHandler` is the runtime's own function: the wrapper gets another name.
    expect(create).not.toBe("createHandler");
    expect(exported).toContain(create);
    expect(exported).toContain(runtime.handlerWrappers.get("listThings"));
    expect(stubs().get("create.ts")).toContain(`export const handler = ${create}(`);
  });

  it("answer text responses with a string", () => {
    expect(stubs().get("create.ts")).toMatch(
      /const body: Create201ResponseBody = "[^"]*";\n {2}return \{ statusCode: 201, body \};/,
    );
  });

  it("throw, and their tests expect a 500, when no body fits the response schema", () => {
    expect(stubs().get("listThings.ts")).toContain('throw new Error("listThings is not implemented yet");');
    expect(stubs().get("listThings.test.ts")).toContain("expect(result.statusCode).toBe(500);");
  });
});

describe("handler stubs are Prettier-clean", () => {
  const specs = [
    path.resolve(__dirname, "../../../examples/petstore/api/openapi.yaml"),
    path.resolve(__dirname, "fixtures/mock-shapes.yaml"),
    path.resolve(__dirname, "fixtures/pets.yaml"),
  ];
  const configs = {
    "Prettier's defaults": {},
    "the repository's .prettierrc.json": { printWidth: 110, trailingComma: "all" as const },
  };
  for (const [configName, config] of Object.entries(configs)) {
    for (const spec of specs) {
      it(`under ${configName}: ${path.basename(spec)}`, async () => {
        const result = generate(loadModelSync(spec), { outDir: "/p/generated", allHandlers: true });
        expect(result.handlers.length).toBeGreaterThan(0);
        for (const file of result.handlers) {
          const formatted = await prettier.format(file.content, { ...config, parser: "typescript" });
          expect({ path: file.path, content: file.content }).toEqual({ path: file.path, content: formatted });
        }
      });
    }
  }
});

describe("generated TypeScript", () => {
  it("is Prettier-clean under the repository's .prettierrc.json (Pet Store)", async () => {
    const model = loadModelSync(path.resolve(__dirname, "../../../examples/petstore/api/openapi.yaml"));
    const files = generate(model, { outDir: "/p/generated" }).files.filter((f) => f.path.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const options = { printWidth: 110, trailingComma: "all" as const, parser: "typescript" };
      const formatted = await prettier.format(file.content, options);
      expect({ path: file.path, content: file.content }).toEqual({ path: file.path, content: formatted });
    }
  });
});

describe("generated TypeScript for long names", () => {
  const operationId = "copilot/remove-organizations-from-enterprise-coding-agent-policy-for-enterprise";
  const longNames: OpenApiDocument = {
    openapi: "3.0.3",
    info: { title: "Long names", version: "1" },
    paths: {
      "/enterprises/{enterprise}/copilot/policies/coding-agent/organizations": {
        delete: {
          operationId,
          "x-handler": { language: "typescript" },
          parameters: [{ name: "enterprise", in: "path", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/organization-key" } } },
          },
          responses: { "204": { description: "Removed" } },
        },
      },
    },
    components: {
      schemas: {
        "organization-key": {
          type: "object",
          properties: {
            key: {
              type: "string",
              pattern:
                "^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) |^(sk-ssh-ed25519|sk-ecdsa-sha2-nistp256)@openssh.com ",
            },
          },
        },
      },
    },
  };

  it("is Prettier-clean: runtime and infrastructure under the repository's config, stubs under Prettier's defaults", async () => {
    const result = generate(buildModel(longNames, "api/long.yaml"), { outDir: "/p/generated" });
    const checked = [
      "runtime/client.ts",
      "runtime/handlers.ts",
      "runtime/schemas.ts",
      "runtime/operations.ts",
      "infrastructure/api.ts",
    ];
    const files = result.files.filter((f) => checked.includes(f.path));
    expect(files).toHaveLength(checked.length);
    expect(result.handlers).toHaveLength(2);
    for (const file of files) {
      const options = { printWidth: 110, trailingComma: "all" as const, parser: "typescript" };
      const formatted = await prettier.format(file.content, options);
      expect({ path: file.path, content: file.content }).toEqual({ path: file.path, content: formatted });
    }
    for (const file of result.handlers) {
      const formatted = await prettier.format(file.content, { parser: "typescript" });
      expect({ path: file.path, content: file.content }).toEqual({ path: file.path, content: formatted });
    }
  });
});
