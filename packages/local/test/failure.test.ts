import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarizeFailure } from "../src/assembly/failure";

const cwd = "/home/dev/my-api";

describe("summarizeFailure", () => {
  it("gives an uncaught error's message and the first frame in the app's own files, not Node.js's last lines", () => {
    const output = `/home/dev/my-api/node_modules/aws-cdk-lib/core/lib/errors.js:1
"use strict";var __createBinding=...

ValidationError: Loop/Api: 1 operation has no integration:
  - ping (GET /ping)
    at path [Loop/Api] in aws-cdk-lib.aws_apigateway.SpecRestApi

    at new TypeSafeRestApi (/home/dev/my-api/node_modules/@specgate/cdk/lib/type-safe-rest-api.js:58:19)
    at new HelloApi (/home/dev/my-api/lib/hello-api.ts:14:16)
    at new MyApiStack (/home/dev/my-api/lib/my-api-stack.ts:8:5)
    at Object.<anonymous> (/home/dev/my-api/bin/my-api.ts:6:1)
    at Module._compile (node:internal/modules/cjs/loader:1554:14)

Node.js v20.20.2`;
    expect(summarizeFailure(output, cwd)).toBe(
      "ValidationError: Loop/Api: 1 operation has no integration: - ping (GET /ping) (lib/hello-api.ts:14)",
    );
  });

  it("gives aws-cdk-lib's «Code» errors by their code, at the app's first frame rather than a library's", () => {
    const output = `node:internal/modules/run_main:123
    triggerUncaughtException(
    ^

«CannotFindPackageLockFile» Cannot find a package lock file (\`package-lock.json\`). Please specify it with \`depsLockFilePath\`.
    ...new NodejsFunction in aws-cdk-lib...
    at new HandlerFunction (/home/dev/specgate/packages/cdk/src/handler-function.ts:75:5)
    at new ListPetsFunction (/home/dev/my-api/generated/infrastructure/functions.ts:16:5)
    at new PetStoreStack (/home/dev/my-api/infra/petstore-stack.ts:32:54)
    ...node internals, tsx...
Relates to construct:
    <.> (aws-cdk-lib.App)
     └─ PetStore (aws-cdk-lib.Stack)

Node.js v20.20.2`;
    expect(summarizeFailure(output, cwd)).toBe(
      "CannotFindPackageLockFile: Cannot find a package lock file (`package-lock.json`). Please specify it with `depsLockFilePath`. (generated/infrastructure/functions.ts:16)",
    );
  });

  it("places an error thrown in generated code at the app's own frame that called it, if there is one", () => {
    const project = mkdtempSync(join(tmpdir(), "specgate-failure-"));
    try {
      mkdirSync(join(project, "generated", "infrastructure"), { recursive: true });
      writeFileSync(join(project, "generated", ".specgate-manifest.json"), "{}");
      const output = (
        appFrame: boolean,
      ): string => `ValidationError: MyApiStack/HelloApi/Api: 1 operation has no integration: - sayBye (GET /bye)
    at new TypeSafeRestApi (${project}/node_modules/@specgate/cdk/lib/type-safe-rest-api.js:58:19)
    at new Api (${project}/generated/infrastructure/api.ts:16:5)
${appFrame ? `    at new HelloApi (${project}/lib/hello-api.ts:9:5)\n` : ""}    at Module._compile (node:internal/modules/cjs/loader:1554:14)`;
      const message =
        "ValidationError: MyApiStack/HelloApi/Api: 1 operation has no integration: - sayBye (GET /bye)";
      expect(summarizeFailure(output(true), project)).toBe(`${message} (lib/hello-api.ts:9)`);
      expect(summarizeFailure(output(false), project)).toBe(
        `${message} (generated/infrastructure/api.ts:16)`,
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("gives the file and line esbuild names for a syntax error under tsx", () => {
    const output = `node:internal/modules/run_main:123
    triggerUncaughtException(
    ^
Error [TransformError]: Transform failed with 1 error:
/home/dev/my-api/lib/my-api-stack.ts:7:10: ERROR: Expected ";" but found "oops"
    at failureErrorWithLog (/home/dev/my-api/node_modules/esbuild/lib/main.js:1477:15)

Node.js v20.20.2`;
    expect(summarizeFailure(output, cwd)).toBe('Expected ";" but found "oops" (lib/my-api-stack.ts:7)');
  });

  it("gives the file and line TypeScript names for a type error under ts-node", () => {
    const output = `/home/dev/my-api/node_modules/ts-node/src/index.ts:859
    return new TSError(diagnosticText, diagnosticCodes, diagnostics);
           ^
TSError: ⨯ Unable to compile TypeScript:
lib/hello-api.ts(9,7): error TS2322: Type 'number' is not assignable to type 'string'.

    at createTSError (/home/dev/my-api/node_modules/ts-node/src/index.ts:859:12)`;
    expect(summarizeFailure(output, cwd)).toBe(
      "TS2322: Type 'number' is not assignable to type 'string'. (lib/hello-api.ts:9)",
    );
  });

  it("gives an error thrown in an ES module at its file URL's path", () => {
    const output = `file:///home/dev/my-api/bin/my-api.ts:4
throw new Error("no region");
      ^

Error: no region
    at file:///home/dev/my-api/bin/my-api.ts:4:7
    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)

Node.js v20.20.2`;
    expect(summarizeFailure(output, cwd)).toBe("Error: no region (bin/my-api.ts:4)");
  });

  it("finds nothing in output without an error", () => {
    expect(summarizeFailure("Bundling asset Stack/Fn...\nDone", cwd)).toBeUndefined();
  });
});
