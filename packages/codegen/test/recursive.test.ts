import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { proxyEvent } from "./runtime/events";
import {
  compileAndRequire,
  generateWorkspace,
  requireBuiltPackages,
  typeCheckFiles,
  typeScriptFiles,
} from "./support/workspace";

type Result = { statusCode: number; body: string };
type Wrapper = (handler: () => Promise<unknown>) => (event: unknown) => Promise<Result>;

/** A tree `depth` levels deep, its innermost name `name`. */
function tree(depth: number, name = "leaf"): unknown {
  let node: unknown = { name };
  for (let i = 1; i < depth; i++) node = { name: "n", children: [node] };
  return node;
}

describe("schemas that refer to themselves through a property or an item", () => {
  let dir: string;
  let plantTree: (event: unknown) => Promise<Result>;
  const post = (body: string): Promise<Result> =>
    plantTree(
      proxyEvent({
        resource: "/trees",
        path: "/trees",
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );

  beforeAll(async () => {
    requireBuiltPackages();
    dir = await generateWorkspace("recursive", path.join(__dirname, "fixtures", "recursive.yaml"), [
      path.join(__dirname, "fixtures", "compile", "recursive-usage.ts"),
    ]);
    const runtime = compileAndRequire<{ plantTreeHandler: Wrapper }>(dir, "generated/runtime/index.js");
    plantTree = runtime.plantTreeHandler(async () => ({ statusCode: 200, body: {} }));
  });

  it("generate recursive types that type-check, with the handler stub and values of each", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("are validated by the handler wrapper at every depth", async () => {
    expect((await post(JSON.stringify(tree(3)))).statusCode).toBe(200);
    expect((await post(JSON.stringify(tree(500)))).statusCode).toBe(200);
    const deepWrong = await post(JSON.stringify(tree(500, "waytoolong")));
    expect(deepWrong.statusCode).toBe(400);
    expect(JSON.parse(deepWrong.body).message).toMatch(
      /^Invalid request body: request body \/children\/0\/.* must NOT have more than 5 characters/,
    );
    expect((await post('{"name":"a","parent":{"parent":{}}}')).statusCode).toBe(400);
  });

  it("refuse a body nested deeper than the stack allows with a 400, not an error", async () => {
    const deepest = await post(
      `${'{"name":"n","parent":'.repeat(100_000)}{"name":"leaf"}${"}".repeat(100_000)}`,
    );
    expect(deepest.statusCode).toBe(400);
    expect(JSON.parse(deepest.body)).toEqual({ message: "Invalid request body: nested too deeply" });
  });
});
