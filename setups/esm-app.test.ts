import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanUp,
  editJson,
  environment,
  expectHelloApi,
  freshFolder,
  npxSpecgate,
  PACKAGE_NAMES,
  packages,
  run,
  serve,
  writeStricterTsconfig,
} from "./support";

/**
 * An ES module app (`"type": "module"`, `module: nodenext`, verbatimModuleSyntax) run by tsx and
 * tested by vitest, type-checked by TypeScript 7 (its own) and TypeScript 5.9 (installed beside it).
 */
describe("specgate init --module-format esm: an ES module app run by tsx, TypeScript 5.9 and 7, vitest", () => {
  let app: string;
  afterAll(cleanUp);

  it("is created and installed, with TypeScript 5.9 beside its TypeScript 7", async () => {
    const cwd = freshFolder("esm-app");
    const args = [
      "init",
      "esm-api",
      "--module-format",
      "esm",
      "--test-runner",
      "vitest",
      "--packages",
      packages(),
    ];
    const init = await run("npx", [...npxSpecgate(), ...args, "--no-install"], cwd);
    expect(init.stdout).toContain("Created esm-api");
    app = path.join(cwd, "esm-api");
    editJson(path.join(app, "package.json"), (pkg) => {
      expect(pkg.type).toBe("module");
      pkg.devDependencies = { ...(pkg.devDependencies as object), "typescript-5.9": "npm:typescript@~5.9.3" };
    });
    const install = await run("npm", ["install"], app);
    console.log(`setups: npm install of the ES module app: ${install.ms} ms`);
  });

  it("passes npm test: generate, tsc (TypeScript 7), vitest", async () => {
    const test = await run("npm", ["test"], app);
    console.log(`setups: npm test in the ES module app: ${test.ms} ms`);
    expect(test.stdout).toMatch(/Tests\s+2 passed \(2\)/);
  });

  it("type-checks with verbatimModuleSyntax and the stricter checks under TypeScript 7 and 5.9", async () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(app, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions.verbatimModuleSyntax).toBe(true);
    const stricter = writeStricterTsconfig(app);
    const seven = await run("npx", ["tsc", "-p", stricter], app);
    const typescript59 = path.join(app, "node_modules", "typescript-5.9", "bin", "tsc");
    const five = await run(process.execPath, [typescript59, "-p", stricter], app);
    console.log(
      `setups: tsc of the ES module app: TypeScript 7 ${seven.ms} ms, TypeScript 5.9 ${five.ms} ms`,
    );
    expect((await run(process.execPath, [typescript59, "--version"], app)).stdout).toMatch(/^Version 5\.9\./);
  });

  it("imports every export of specgate's packages as ES modules, as CommonJS requires them", async () => {
    const names = PACKAGE_NAMES;
    const script = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const missing = {};
for (const name of ${JSON.stringify(names)}) {
  const esm = Object.keys(await import(name)).filter((key) => key !== "default");
  missing[name] = Object.keys(require(name)).filter((key) => key !== "__esModule" && !esm.includes(key));
}
console.log(JSON.stringify(missing));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], app);
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(names.map((name) => [name, []])));
  });

  it("serves the API with npm run dev", async () => {
    const started = Date.now();
    const dev = await serve("npm", ["run", "dev"], app, environment({ PORT: "0" }));
    console.log(`setups: npm run dev in the ES module app, first answer: ${Date.now() - started} ms`);
    try {
      await expectHelloApi(dev.url);
    } finally {
      await dev.stop();
    }
  });
});
