import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandlerFunction } from "@specgate/cdk";

const { LOCAL_BUNDLING_KEY } = HandlerFunction;

let dir: string;
let entry: string;
let depsLockFilePath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "specgate-handler-function-"));
  entry = join(dir, "hello.ts");
  writeFileSync(entry, 'export const handler = async () => ({ statusCode: 200, body: "hi" });\n');
  depsLockFilePath = join(dir, "package-lock.json");
  writeFileSync(depsLockFilePath, "{}\n");
  writeFileSync(join(dir, "package.json"), '{ "dependencies": { "left-pad": "1.3.0" } }\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The metadata of the stack's one Lambda function, bundling skipped as `specgate serve` skips it. */
function functionMetadata(context: Record<string, unknown>, props: object = {}): Record<string, unknown> {
  const stack = new Stack(new App({ context: { "aws:cdk:bundling-stacks": [], ...context } }), "Stack");
  new HandlerFunction(stack, "Hello", {
    entry,
    depsLockFilePath,
    ...props,
  });
  const [fn] = Object.values(Template.fromStack(stack).findResources("AWS::Lambda::Function"));
  return (fn?.Metadata ?? {}) as Record<string, unknown>;
}

describe("HandlerFunction", () => {
  it("runs on Node.js 22 with the handler exported as `handler`", () => {
    const stack = new Stack(new App({ context: { "aws:cdk:bundling-stacks": [] } }), "Stack");
    new HandlerFunction(stack, "Hello", { entry, depsLockFilePath });
    Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Handler: "index.handler",
    });
  });

  it("records how to bundle it for specgate serve only when the app is synthesized for it", () => {
    expect(functionMetadata({})[LOCAL_BUNDLING_KEY]).toBeUndefined();
    expect(functionMetadata({ [LOCAL_BUNDLING_KEY]: true })[LOCAL_BUNDLING_KEY]).toEqual({
      entry,
      target: "node22",
      format: "cjs",
      external: ["@aws-sdk/*"],
      minify: false,
      sourcemap: false,
      sourcesContent: true,
      keepNames: false,
    });
  });

  it("records the esbuild options it is given, and nothing when serve could not reproduce them", () => {
    const bundling = { minify: true, format: OutputFormat.ESM, define: { DEBUG: "false" } };
    expect(functionMetadata({ [LOCAL_BUNDLING_KEY]: true }, { bundling })[LOCAL_BUNDLING_KEY]).toMatchObject({
      minify: true,
      format: "esm",
      define: { DEBUG: "false" },
    });
    const installs = { bundling: { nodeModules: ["left-pad"] } };
    expect(functionMetadata({ [LOCAL_BUNDLING_KEY]: true }, installs)[LOCAL_BUNDLING_KEY]).toBeUndefined();
  });

  it("fails at synth with the fix, not a Docker build, when esbuild is not installed", () => {
    const lib = join(__dirname, "..", "lib", "index.js");
    if (!existsSync(lib)) throw new Error(`${lib} is missing: build first (npx tsc -b packages/cdk)`);
    // esbuild made unresolvable, and no `esbuild` (nor `docker`) on the PATH: as in a project without it.
    const hide = join(dir, "hide-esbuild.js");
    writeFileSync(
      hide,
      `const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "esbuild" || request.startsWith("esbuild/")) throw Object.assign(new Error("not found"), { code: "MODULE_NOT_FOUND" });
  return resolve.call(this, request, ...rest);
};`,
    );
    const app = `
const { App, Stack } = require("aws-cdk-lib");
const { HandlerFunction } = require(${JSON.stringify(lib)});
const stack = new Stack(new App(), "Stack");
try {
  new HandlerFunction(stack, "Hello", { entry: ${JSON.stringify(entry)} });
  console.log("constructed");
} catch (error) {
  console.log(error.message);
}`;
    const output = execFileSync(process.execPath, ["--require", hide, "-e", app], {
      cwd: join(__dirname, ".."),
      encoding: "utf8",
      env: { PATH: dir, HOME: process.env.HOME },
    });
    expect(output.trim()).toBe(
      `Stack/Hello: esbuild is not installed, so the CDK would bundle ${entry} in Docker: ` +
        "run `npm install --save-dev esbuild` (or set bundling.forceDockerBundling to bundle in Docker on purpose)",
    );
  });
});
