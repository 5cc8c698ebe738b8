import { readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { buildModel, type OpenApiDocument } from "@specgate/model";
import { generateRuntime } from "../../src/runtime";
import { SAY_HELLO, fixture, modelOf, writeProject } from "./support";

const RUNTIME_TYPES = path.resolve(__dirname, "../../../runtime/lib/index.d.ts");

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  // Generated code must not need Node's or the DOM's types.
  types: [],
  noUnusedLocals: true,
  skipLibCheck: true,
};

/** Type-checks a project's files; returns the diagnostics as `file:line: message`. */
function typeCheck(dir: string, roots: readonly string[]): string[] {
  const program = ts.createProgram(
    roots.map((r) => path.join(dir, r)),
    OPTIONS,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

const usage = (name: string): string => readFileSync(fixture(`usage/${name}.ts`), "utf8");

describe("generated runtime type-checks under strict", () => {
  beforeAll(() => {
    // The generated code imports @specgate/runtime through node_modules: its declarations must be built.
    expect(ts.sys.fileExists(RUNTIME_TYPES), "run `npx tsc -b packages/runtime` first").toBe(true);
  });

  const cases: { [name: string]: string } = {
    "say-hello": SAY_HELLO,
    petstore: fixture("petstore.yaml"),
    "things-3.1": fixture("things-3.1.yaml"),
    empty: fixture("empty.yaml"),
  };
  for (const [name, spec] of Object.entries(cases)) {
    it(`accepts correct handlers and client calls for ${name} and rejects every wrong one`, () => {
      const dir = writeProject(`compile-${name}`, generateRuntime(modelOf(spec)), {
        "usage.ts": usage(name),
      });
      expect(typeCheck(dir, ["runtime/index.ts", "usage.ts"])).toEqual([]);
    });
  }

  it("reports a wrong handler response as an error (the checks above can fail)", () => {
    const dir = writeProject("compile-wrong", generateRuntime(modelOf(SAY_HELLO)), {
      "wrong.ts":
        'import { sayHelloHandler, Response } from "./runtime/index.js";\n' +
        "export const handler = sayHelloHandler(async () => Response.ok({ greeting: 1 }));\n",
    });
    const diagnostics = typeCheck(dir, ["wrong.ts"]);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatch(/^wrong\.ts:2: /);
  });
});

it("imports no model whose name appears only as a property or parameter name", () => {
  const document: OpenApiDocument = {
    openapi: "3.0.3",
    info: { title: "Keys", version: "1" },
    paths: {
      "/items": {
        get: {
          operationId: "listItems",
          parameters: [{ name: "Limit", in: "query", schema: { type: "integer" } }],
          responses: {
            "200": {
              description: "Items",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      Limit: { type: "integer" },
                      items: { type: "array", items: { $ref: "#/components/schemas/Item" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Limit: { type: "integer", maximum: 100 },
        Item: { type: "object", properties: { Limit: { $ref: "#/components/schemas/Limit" } } },
      },
    },
  };
  const files = generateRuntime(buildModel(document, "keys.yaml"));
  const dir = writeProject("compile-keys", files, {});
  expect(typeCheck(dir, ["runtime/index.ts"])).toEqual([]);
});
