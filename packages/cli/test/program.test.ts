import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const bin = path.resolve(__dirname, "..", "bin", "specgate.js");
const lib = path.resolve(__dirname, "..", "lib", "main.js");

beforeAll(() => {
  if (!fs.existsSync(lib)) throw new Error(`${lib} is missing: build first with \`npx tsc -b packages/cli\``);
});

function specgate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("specgate program", () => {
  it("lists both commands in --help", () => {
    const run = specgate("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\s+generate \[options\]\s+Generate typed TypeScript/m);
    expect(run.stdout).toMatch(/^\s+serve \[options\]\s+Run a synthesized CDK app's REST APIs/m);
  });

  it("lists every option of generate and of serve in their --help", () => {
    const generate = specgate("generate", "--help");
    expect(generate.status).toBe(0);
    for (const option of ["--spec <file>", "--out <dir>", "--handlers <dir>", "--all-handlers"]) {
      expect(generate.stdout).toContain(option);
    }
    const serve = specgate("serve", "--help");
    expect(serve.status).toBe(0);
    for (const option of ["--app", "--assembly", "--port", "--host", "--watch", "--strict", "--vpc-link"]) {
      expect(serve.stdout).toContain(option);
    }
  });

  it("prints the package version", () => {
    const version = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8"))
      .version as string;
    expect(specgate("--version").stdout.trim()).toBe(version);
  });

  it("registers its commands without loading what they run", () => {
    // Start-up time: `generate` must not pay for the local gateway, nor `--help` for code generation.
    const script = [
      `const { createProgram } = require(${JSON.stringify(lib)});`,
      "createProgram();",
      "console.log(JSON.stringify(Object.keys(require.cache)));",
    ].join("\n");
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const loaded = (JSON.parse(result.stdout) as string[]).map((file) => file.split(path.sep).join("/"));
    expect(loaded.some((file) => file.endsWith("/cli/lib/main.js"))).toBe(true);
    for (const name of ["local", "codegen", "model"]) {
      expect(
        loaded.filter((file) => file.includes(`/packages/${name}/`) || file.includes(`@specgate/${name}/`)),
      ).toEqual([]);
    }
  });
});
