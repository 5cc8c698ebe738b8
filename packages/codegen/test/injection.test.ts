import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { build } from "esbuild";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { buildModel, type ApiModel, type OpenApiDocument } from "@specgate/model";
import { generate } from "../src/generate";
import { generateRuntimeWithWarnings } from "../src/runtime";
import { writeGenerated } from "../src/writer";
import { proxyEvent, type ProxyEvent } from "./runtime/events";
import { requireBuiltPackages, typeCheckFiles, typeScriptFiles } from "./support/workspace";

/**
 * A model whose every text field tries to end the comment or the string literal it lands in and
 * run code: block and line comment ends (star-slash, every line terminator), both quotes, backticks and
 * `${`, a trailing backslash. Each breaker calls `INJECTED(n)`; generated code that ran one would
 * call it, and generated code that parsed one would hold a statement or expression the generator
 * did not write.
 */
const breaker = (n: number): string =>
  `t${n} */ INJECTED(${n}); /* ' + INJECTED(${n}) + ' " + INJECTED(${n}) + " ` +
  `\` + INJECTED(${n}) + \` \${INJECTED(${n})} \n INJECTED(${n}); //\u2028INJECTED(${n});` +
  `\u2029INJECTED(${n});\rINJECTED(${n}); -->\\`;

/** The same text with every character that could break out made harmless, keeping its length and words. */
const harmless = (text: string): string => text.replace(/[^A-Za-z0-9 ]/g, "x");

/** A path segment: no `{` or `}`, which would make template variables. */
const segment = (text: string): string => text.replace(/[{}]/g, "");

/** JSON pointer reference to a component, its name escaped as RFC 6901 and RFC 3986 ask. */
const ref = (kind: string, name: string): string =>
  `#/components/${kind}/${encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;

/**
 * The model, with `text(n)` for its n-th text field: titles, descriptions, summaries, operationIds,
 * paths and their variables, schema, property, parameter, header, media type, example and security
 * scheme names, enum values, examples, defaults and extension values.
 */
function hostileDocument(text: (n: number) => string): OpenApiDocument {
  const t = text;
  const item = t(40);
  const itemSchema = {
    type: "object",
    title: t(41),
    description: t(42),
    "x-schema-note": t(43),
    required: [t(44), t(45)],
    properties: {
      [t(44)]: { type: "string", enum: [t(46), t(47)], default: t(46), example: t(47), description: t(48) },
      [t(45)]: { type: "string", example: t(49), default: t(50), "x-property-note": t(51) },
      [t(52)]: {
        type: "object",
        description: t(53),
        properties: { [t(54)]: { type: "array", items: { type: "string", enum: [t(55)] } } },
      },
    },
    example: { [t(44)]: t(46), [t(45)]: t(56) },
  };
  return {
    openapi: "3.0.3",
    info: { title: t(1), description: t(2), version: t(3), "x-info-note": t(4) },
    externalDocs: { url: "https://example.com/docs", description: t(5) },
    tags: [{ name: t(6), description: t(7) }],
    security: [{ [t(8)]: [] }],
    paths: {
      [`/${segment(t(10))}/{${segment(t(11))}}`]: {
        summary: t(12),
        description: t(13),
        parameters: [
          {
            name: segment(t(11)),
            in: "path",
            required: true,
            description: t(14),
            schema: { type: "string", example: t(15) },
          },
        ],
        post: {
          operationId: t(20),
          summary: t(21),
          description: t(22),
          tags: [t(6)],
          "x-operation-note": t(23),
          "x-handler": { language: "typescript", "x-handler-note": t(24) },
          parameters: [
            {
              name: t(25),
              in: "query",
              required: true,
              description: t(26),
              "x-parameter-note": t(27),
              schema: { type: "string", enum: [t(28), t(29)], default: t(28), example: t(29) },
            },
            { name: t(30), in: "header", description: t(31), schema: { type: "string", default: t(32) } },
          ],
          requestBody: {
            description: t(33),
            required: true,
            content: {
              "application/json": { schema: { $ref: ref("schemas", item) }, example: itemSchema.example },
            },
          },
          responses: {
            "200": {
              description: t(34),
              headers: { [t(35)]: { description: t(36), schema: { type: "string", example: t(37) } } },
              content: {
                "application/json": {
                  schema: { $ref: ref("schemas", item) },
                  examples: { [t(38)]: { summary: t(39), value: itemSchema.example } },
                },
              },
            },
            "400": {
              description: t(57),
              content: { [`text/plain; charset=${t(58)}`]: { schema: { type: "string", example: t(59) } } },
            },
            default: { description: t(60) },
          },
        },
      },
      [`/${segment(t(70))}`]: {
        get: {
          operationId: t(71),
          summary: t(72),
          parameters: [{ $ref: ref("parameters", t(73)) }],
          responses: {
            "200": {
              description: t(74),
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    description: t(75),
                    properties: { [t(76)]: { type: "array", items: { $ref: ref("schemas", item) } } },
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
        [item]: itemSchema,
        [t(80)]: { type: "string", enum: [t(81), t(82)], description: t(83), default: t(81) },
      },
      parameters: {
        [t(73)]: { name: t(84), in: "query", description: t(85), schema: { $ref: ref("schemas", t(80)) } },
      },
      securitySchemes: { [t(8)]: { type: "apiKey", name: t(86), in: "header", description: t(87) } },
    },
  };
}

const HOSTILE_SPEC = `api/${breaker(90)}.yaml`;
const TWIN_SPEC = `api/${harmless(breaker(90))}.yaml`;

const modelOf = (text: (n: number) => string): ApiModel =>
  buildModel(hostileDocument(text), "api/openapi.yaml", { apiGateway: false });

/** Every node of a TypeScript file as `depth kind`, in order: the shape of its code, whatever its text. */
function shapeOf(
  file: string,
  content: string,
): { shape: string[]; nodes: ts.Node[]; source: ts.SourceFile } {
  const source = ts.createSourceFile(file, content, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const shape: string[] = [];
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node, depth: number): void => {
    shape.push(`${depth} ${ts.SyntaxKind[node.kind]}`);
    nodes.push(node);
    node.forEachChild((child) => visit(child, depth + 1));
  };
  visit(source, 0);
  return { shape, nodes, source };
}

/** The TypeScript files generated from the model, by path; handler stubs (named after their operation) by kind. */
function generated(text: (n: number) => string, specPath: string): Map<string, string> {
  const result = generate(modelOf(text), {
    specPath,
    outDir: "/project/generated",
    handlersDir: "/project/handlers",
  });
  const files = new Map<string, string>();
  for (const file of result.files)
    if (file.path.endsWith(".ts")) files.set(`generated/${file.path}`, file.content);
  for (const file of result.handlers)
    files.set(`handlers/<stub>${file.path.endsWith(".test.ts") ? ".test.ts" : ".ts"}`, file.content);
  return files;
}

const TMP = path.resolve(__dirname, "..", ".tmp", "injection");

describe("text from the model in generated code", () => {
  const hostile = generated(breaker, HOSTILE_SPEC);
  const twin = generated((n) => harmless(breaker(n)), TWIN_SPEC);

  it("every text field of the model holds breakers, and they reach the generated code", () => {
    const all = [...hostile.values()].join("\n");
    // Comments and literals of every kind carry them: docs, keys, enum literal types, values.
    for (const n of [
      1, 3, 10, 11, 20, 21, 25, 26, 28, 30, 33, 34, 41, 42, 44, 46, 48, 53, 57, 71, 75, 83, 90,
    ]) {
      expect(all, `text ${n}`).toContain(`t${n} *`);
    }
    expect(hostile.size).toBe(twin.size);
    expect([...hostile.keys()].some((f) => f.startsWith("handlers/"))).toBe(true);
  });

  it("parses to exactly the code the same model with harmless text gives: no statement or expression of the model's", () => {
    for (const [file, content] of hostile) {
      const ours = shapeOf(file, content);
      const expected = twin.get(file);
      expect(expected, `${file} is generated for the harmless twin too`).toBeDefined();
      const theirs = shapeOf(file, expected as string);
      const diagnostics = (ours.source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(
        diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")),
        file,
      ).toEqual([]);
      const differs = ours.shape.findIndex((kind, i) => kind !== theirs.shape[i]);
      if (differs >= 0 || ours.shape.length !== theirs.shape.length) {
        const at = ours.nodes[differs >= 0 ? differs : Math.min(ours.nodes.length, theirs.nodes.length) - 1];
        expect.fail(
          `${file}: code the generator did not write, at: ${at.getText(ours.source).slice(0, 200)}`,
        );
      }
      const injected = ours.nodes.filter((node) => ts.isIdentifier(node) && node.text === "INJECTED");
      expect(
        injected.map((node) => node.parent.getText(ours.source)),
        file,
      ).toEqual([]);
    }
  });

  describe("written out", () => {
    const projectDir = TMP;
    const handlersDir = path.join(projectDir, "handlers");
    const outDir = path.join(projectDir, "generated");
    const model = modelOf(breaker);
    const [upload] = model.operations;
    const wrapper = generateRuntimeWithWarnings(model).handlerWrappers.get(upload.operationId) as string;

    beforeAll(() => {
      requireBuiltPackages();
      fs.rmSync(projectDir, { recursive: true, force: true });
      const result = generate(model, { specPath: HOSTILE_SPEC, outDir, handlersDir });
      writeGenerated({ outDir, files: result.files, handlersDir, handlers: result.handlers });
    });

    it("type-checks under strict: runtime, infrastructure, handler stubs and their tests", async () => {
      expect(await typeCheckFiles(typeScriptFiles(projectDir))).toEqual([]);
    });

    describe("run", () => {
      type Handler = (event: ProxyEvent) => Promise<{ statusCode: number; body: string }>;
      let runtime: { [name: string]: unknown };
      let stub: { handler: Handler };
      const calls: unknown[] = [];
      const pathTemplate = upload.path;
      const [query, header] = upload.parameters.filter((p) => p.in !== "path");
      const pathParameter = upload.parameters.find((p) => p.in === "path")?.name as string;
      const item = Object.keys(model.schemas)[0];
      const [stringKey, otherKey] = model.schemas[item].required as string[];
      const event = (body: unknown, queryValue: string | null = breaker(28)): ProxyEvent =>
        proxyEvent({
          resource: pathTemplate,
          path: pathTemplate.replace(`{${pathParameter}}`, "p1"),
          method: "POST",
          pathParameters: { [pathParameter]: "p1" },
          query: queryValue === null ? {} : { [query.name]: [queryValue] },
          headers: { "content-type": "application/json", [header.name]: "h" },
          body: JSON.stringify(body),
        });

      beforeAll(async () => {
        // Were any breaker run, it would call this.
        (globalThis as { INJECTED?: (n: number) => void }).INJECTED = (n) => calls.push(n);
        const require = createRequire(__filename);
        const bundle = async (entry: string, name: string): Promise<string> => {
          const outfile = path.join(projectDir, "bundle", `${name}.js`);
          await build({
            entryPoints: [entry],
            bundle: true,
            platform: "node",
            format: "cjs",
            target: "node20",
            outfile,
            alias: { "@specgate/runtime": path.resolve(__dirname, "../../runtime/src/index.ts") },
            logLevel: "silent",
          });
          return outfile;
        };
        runtime = require(await bundle(path.join(outDir, "runtime", "index.ts"), "runtime"));
        const stubFile = typeScriptFiles(handlersDir).find((f) => !f.endsWith(".test.ts")) as string;
        stub = require(await bundle(stubFile, "stub"));
      });

      it("runs none of the model's text when the runtime and a handler stub are loaded and called", async () => {
        const result = await stub.handler(event({ [stringKey]: breaker(46), [otherKey]: "x" }));
        expect(result.statusCode).toBe(200);
        expect(calls).toEqual([]);
        expect(Object.keys(runtime)).toContain(wrapper);
      });

      it("validates with the model's values: enum members, required property and parameter names", async () => {
        const handle = (runtime[wrapper] as (fn: () => Promise<unknown>) => Handler)(async () => ({
          statusCode: 200,
        }));
        expect((await handle(event({ [stringKey]: breaker(47), [otherKey]: breaker(49) }))).statusCode).toBe(
          200,
        );
        const wrongEnum = await handle(event({ [stringKey]: harmless(breaker(47)), [otherKey]: "x" }));
        expect(wrongEnum.statusCode).toBe(400);
        const missing = await handle(event({ [stringKey]: breaker(46) }));
        expect(missing.statusCode).toBe(400);
        expect(JSON.parse(missing.body).message).toMatch(
          /^Invalid request body: request body \/t45 .* is required$/s,
        );
        const noQuery = await handle(event({ [stringKey]: breaker(46), [otherKey]: "x" }, null));
        expect(JSON.parse(noQuery.body).message).toBe(`Missing required request parameters: [${query.name}]`);
        const badQuery = await handle(event({ [stringKey]: breaker(46), [otherKey]: "x" }, "nope"));
        expect(badQuery.statusCode).toBe(400);
        expect(calls).toEqual([]);
      });
    });
  });
});
