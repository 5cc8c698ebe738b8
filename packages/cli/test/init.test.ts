import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const bin = path.resolve(__dirname, "..", "bin", "specgate.js");
const typecheck = path.resolve(__dirname, "..", "..", "codegen", "scripts", "typecheck.js");
/** Projects that must resolve specgate's packages go here, under the repository's node_modules. */
const inRepo = path.resolve(__dirname, "..", ".tmp", "init");
const made: string[] = [];

function specgate(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(parent = os.tmpdir()): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, "specgate-init-"));
  made.push(dir);
  return dir;
}

/** Every file under a folder, relative, with its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
  }
  return files;
}

/** The layout of an app as `cdk init app --language typescript` (aws-cdk 2.1149) writes it. */
function cdkInitApp(dir: string, name: string): void {
  const write = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  write(
    "package.json",
    JSON.stringify({ name, version: "0.1.0", scripts: { build: "tsc", test: "jest", cdk: "cdk" } }, null, 2),
  );
  write("cdk.json", JSON.stringify({ app: `npx tsc && npx tsx bin/${name}.ts` }, null, 2));
  write("bin/my-app.ts", `import * as cdk from "aws-cdk-lib/core";\n`);
  write("lib/my-app-stack.ts", "export class MyAppStack {}\n");
  write("test/my-app.test.ts", "test('x', () => {});\n");
  write("jest.config.js", "module.exports = { roots: ['<rootDir>/test'] };\n");
}

beforeAll(() => {
  if (!fs.existsSync(path.resolve(__dirname, "..", "lib", "main.js")))
    throw new Error("packages/cli/lib is missing: build first with `npx tsc -b packages/cli`");
});
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("specgate init in a new folder", () => {
  it("writes a CDK app in cdk init's layout with the model, its generated code, a handler and tests", () => {
    const cwd = tempDir();
    const run = specgate(cwd, "init", "my-api", "--no-install");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const files = Object.keys(snapshot(path.join(cwd, "my-api"))).filter((f) => !f.startsWith("generated/"));
    expect(files.sort()).toEqual([
      ".gitignore",
      ".npmignore",
      "README.md",
      "api/openapi.yaml",
      "bin/my-api.ts",
      "cdk.json",
      "handlers/sayHello.test.ts",
      "handlers/sayHello.ts",
      "jest.config.js",
      "lib/hello-api.ts",
      "lib/my-api-stack.ts",
      "package.json",
      "test/hello-api.test.ts",
      "tsconfig.json",
    ]);
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, "my-api", "package.json"), "utf8"));
    expect(pkg.scripts.test).toBe("npm run build && jest");
    expect(pkg.scripts.dev).toBe('npm run generate && specgate serve --app "tsx bin/my-api.ts" --watch');
    expect(pkg.dependencies["@specgate/cdk"]).toBe("^0.1.0");
    // jest's globals, no import: the stubs fit the project's runner.
    const test = fs.readFileSync(path.join(cwd, "my-api", "handlers", "sayHello.test.ts"), "utf8");
    expect(test).not.toContain("vitest");
    expect(run.stdout).toContain("npm run dev");
  });

  it("refuses a folder that holds files and no cdk.json, and writes nothing", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "notes.txt"), "mine\n");
    const run = specgate(cwd, "init", ".", "--no-install");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^specgate: .* is not empty and has no cdk.json: give a new folder/);
    expect(fs.readdirSync(cwd)).toEqual(["notes.txt"]);
  });

  it("refuses jest for an ES module app, before writing anything", () => {
    const cwd = tempDir();
    const run = specgate(
      cwd,
      "init",
      "app",
      "--module-format",
      "esm",
      "--test-runner",
      "jest",
      "--no-install",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("jest runs ES modules only behind an experimental Node.js flag");
    expect(fs.existsSync(path.join(cwd, "app"))).toBe(false);
  });

  it("names tarballs it cannot find in --packages", () => {
    const cwd = tempDir();
    const run = specgate(cwd, "init", "app", "--packages", cwd, "--no-install");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("has no specgate-cdk-0.1.0.tgz: run `npm pack`");
  });

  it("writes a mock-only app that type-checks and synthesizes with no Lambda function", async () => {
    const dir = path.join(tempDir(inRepo), "mocked");
    expect(
      specgate(
        path.dirname(dir),
        "init",
        "mocked",
        "--template",
        "mock-only",
        "--test-runner",
        "vitest",
        "--no-install",
      ).status,
    ).toBe(0);
    expect(fs.existsSync(path.join(dir, "handlers"))).toBe(false);
    const sources = Object.keys(snapshot(dir))
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(dir, file));
    const { stdout } = await promisify(execFile)(process.execPath, [typecheck, dir, ...sources]);
    expect(JSON.parse(stdout)).toEqual([]);
    const synth = await promisify(execFile)(
      process.execPath,
      ["--import", require.resolve("tsx"), "-e", 'require("./bin/mocked.ts")'],
      // The CDK's own template validation is not what this checks, and costs seconds.
      { cwd: dir, env: { ...process.env, CDK_OUTDIR: path.join(dir, "cdk.out"), CDK_VALIDATION: "false" } },
    );
    expect(synth.stderr).toBe("");
    const template = JSON.parse(
      fs.readFileSync(path.join(dir, "cdk.out", "MockedStack.template.json"), "utf8"),
    );
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain("AWS::ApiGateway::RestApi");
    expect(types).not.toContain("AWS::Lambda::Function");
  });

  it("writes an ES module app that type-checks with verbatimModuleSyntax and node:test stubs", async () => {
    const dir = path.join(tempDir(inRepo), "esm-app");
    const run = specgate(
      path.dirname(dir),
      "init",
      "esm-app",
      "--module-format",
      "esm",
      "--test-runner",
      "node",
      "--no-install",
    );
    expect(run.status).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.type).toBe("module");
    expect(pkg.scripts.test).toBe("npm run build && tsx --test test/*.test.ts handlers/*.test.ts");
    const sources = Object.keys(snapshot(dir))
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(dir, file));
    const { stdout } = await promisify(execFile)(process.execPath, [typecheck, "--esm", dir, ...sources]);
    expect(JSON.parse(stdout)).toEqual([]);
  });
});

describe("specgate init in a CDK app", () => {
  it("adds the model, HelloApi, its handler and tests, and changes none of the app's files", () => {
    const app = tempDir();
    cdkInitApp(app, "my-app");
    const before = snapshot(app);
    const run = specgate(app, "init");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const after = snapshot(app);
    for (const [file, content] of Object.entries(before)) expect(after[file], file).toBe(content);
    const added = Object.keys(after).filter((file) => !(file in before) && !file.startsWith("generated/"));
    expect(added.sort()).toEqual([
      "api/openapi.yaml",
      "handlers/sayHello.test.ts",
      "handlers/sayHello.ts",
      "lib/hello-api.ts",
      "test/hello-api.test.ts",
    ]);
    expect(run.stdout).toContain("npm install @specgate/cdk @specgate/runtime");
    expect(run.stdout).toContain("In lib/my-app-stack.ts, the API:");
    expect(run.stdout).toContain('import { HelloApi } from "./hello-api";');
    expect(run.stdout).toContain('In jest.config.js, "<rootDir>/handlers" in roots');
  });

  it("writes nothing when one of its files is there already", () => {
    const app = tempDir();
    cdkInitApp(app, "my-app");
    fs.mkdirSync(path.join(app, "api"));
    fs.writeFileSync(path.join(app, "api", "openapi.yaml"), "mine\n");
    const before = snapshot(app);
    const run = specgate(app, "init");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `specgate init never replaces a file, and ${app} has api/openapi.yaml already`,
    );
    expect(snapshot(app)).toEqual(before);
  });
});
