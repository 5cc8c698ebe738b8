import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUILT_FROM_FILE, BUNDLE_FILE, CACHE_FILE, loadBundle } from "../src/bundle-loader";

const packageRoot = path.resolve(__dirname, "..");
const builtLoader = path.join(packageRoot, "lib", "bundle-loader.js");
const builtMain = path.join(packageRoot, "lib", "main.js");
const fixtures = path.resolve(packageRoot, "..", "codegen", "test", "fixtures");
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-bundle-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sets a file's modification time `seconds` from now. */
function age(file: string, seconds: number): void {
  const time = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(file, time, time);
}

function writeBundle(source: string): void {
  fs.writeFileSync(path.join(dir, BUNDLE_FILE), source);
}

describe("loadBundle", () => {
  it("returns the bundle's main, and the code cache it writes is accepted on the next load", async () => {
    writeBundle("exports.main = async (argv) => argv.length;\n");
    const first = loadBundle(dir);
    expect(await first?.main(["a", "b"])).toBe(2);
    expect(first?.cacheRejected).toBe(true);
    first?.writeCodeCache();
    const second = loadBundle(dir);
    expect(second?.cacheRejected).toBe(false);
    expect(await second?.main(["a"])).toBe(1);
  });

  it("is undefined without a bundle", () => {
    expect(loadBundle(dir)).toBeUndefined();
  });

  it("is undefined once a file the bundle was built from is newer than the bundle", () => {
    writeBundle("exports.main = async () => 0;\n");
    fs.writeFileSync(path.join(dir, "input.tsbuildinfo"), "{}");
    fs.writeFileSync(path.join(dir, BUILT_FROM_FILE), JSON.stringify(["input.tsbuildinfo"]));
    age(path.join(dir, BUNDLE_FILE), -10);
    age(path.join(dir, "input.tsbuildinfo"), -20);
    expect(loadBundle(dir)).toBeDefined();
    age(path.join(dir, "input.tsbuildinfo"), 0);
    expect(loadBundle(dir)).toBeUndefined();
  });

  it("is undefined when a file the bundle was built from is gone", () => {
    writeBundle("exports.main = async () => 0;\n");
    fs.writeFileSync(path.join(dir, BUILT_FROM_FILE), JSON.stringify(["missing.tsbuildinfo"]));
    expect(loadBundle(dir)).toBeUndefined();
  });

  it("ignores a code cache older than the bundle", async () => {
    writeBundle("exports.main = async () => 1;\n");
    loadBundle(dir)?.writeCodeCache();
    writeBundle("exports.main = async () => 2;\n");
    age(path.join(dir, CACHE_FILE), -10);
    const bundle = loadBundle(dir);
    expect(bundle?.cacheRejected).toBe(true);
    expect(await bundle?.main([])).toBe(2);
  });

  it("names a bundle that does not export main", () => {
    writeBundle("exports.other = 1;\n");
    expect(() => loadBundle(dir)).toThrow(/specgate\.js does not export main: rebuild it/);
  });
});

describe("scripts/bundle.js", () => {
  beforeAll(() => {
    if (!fs.existsSync(builtMain) || !fs.existsSync(builtLoader)) {
      throw new Error(`${builtMain} is missing: build first with \`npx tsc -b packages/cli\``);
    }
  });

  it("bundles a CLI that generates what lib/main.js generates, from a code cache V8 accepts", () => {
    const build = spawnSync(
      process.execPath,
      [path.join(packageRoot, "scripts", "bundle.js"), "--out-dir", path.join(dir, "bundle")],
      { encoding: "utf8" },
    );
    expect(build.status, build.stderr).toBe(0);
    const builtFrom = JSON.parse(
      fs.readFileSync(path.join(dir, "bundle", BUILT_FROM_FILE), "utf8"),
    ) as string[];
    expect(builtFrom.map((file) => path.basename(file))).toEqual(
      expect.arrayContaining(["main.js", "generate.js", ".package-lock.json", "oas30.cjs", "oas31.cjs"]),
    );

    fs.copyFileSync(path.join(fixtures, "pets.yaml"), path.join(dir, "pets.yaml"));
    const generate = (main: string, out: string): string => {
      const script = `${main}.main(["node", "specgate", "generate", "--spec", "pets.yaml", "--out", ${JSON.stringify(out)}]).then((code) => { process.exitCode = code; });`;
      const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      return run.stderr;
    };
    const fromBundle = `const bundle = require(${JSON.stringify(builtLoader)}).loadBundle(${JSON.stringify(path.join(dir, "bundle"))});
if (bundle.cacheRejected) throw new Error("code cache rejected");
bundle`;
    const bundleWarnings = generate(fromBundle, "from-bundle/generated");
    const libWarnings = generate(`require(${JSON.stringify(builtMain)})`, "from-lib/generated");
    expect(bundleWarnings).toBe(libWarnings);
    const tree = (root: string): Record<string, string> =>
      Object.fromEntries(
        (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
          .filter((entry) => entry.isFile())
          .map((entry) => {
            const file = path.join(entry.parentPath, entry.name);
            return [path.relative(root, file), fs.readFileSync(file, "utf8")];
          }),
      );
    const expected = tree(path.join(dir, "from-lib"));
    expect(Object.keys(expected).length).toBeGreaterThan(5);
    expect(tree(path.join(dir, "from-bundle"))).toEqual(expected);
  });
});
