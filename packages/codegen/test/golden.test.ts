import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "@specgate/model";
import { generate } from "../src/generate";

// UPDATE_GOLDEN=1 rewrites the golden files from the current output: review the diff before committing.
const update = process.env.UPDATE_GOLDEN === "1";
const fixtures = path.join(__dirname, "fixtures");
const goldenRoot = path.join(__dirname, "golden");

/** The generated infrastructure and handler stubs of a fixture, by path (`infrastructure/…`, `handlers/…`). */
async function generatedFor(fixture: string): Promise<Map<string, string>> {
  const model = await loadModel(path.join(fixtures, fixture));
  const result = generate(model, {
    specPath: `api/${fixture}`,
    outDir: "/project/generated",
    handlersDir: "/project/handlers",
  });
  const out = new Map<string, string>();
  for (const file of result.files)
    if (file.path.startsWith("infrastructure/")) out.set(file.path, file.content);
  for (const file of result.handlers) out.set(`handlers/${file.path}`, file.content);
  return out;
}

function goldenFiles(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? goldenFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

describe.each(["say-hello.yaml", "pets.yaml"])("generated infrastructure of %s", (fixture) => {
  const goldenDir = path.join(goldenRoot, fixture.replace(/\.yaml$/, ""));

  it("matches the golden files", async () => {
    const generated = await generatedFor(fixture);
    if (update) {
      fs.rmSync(goldenDir, { recursive: true, force: true });
      for (const [file, content] of generated) {
        fs.mkdirSync(path.dirname(path.join(goldenDir, file)), { recursive: true });
        fs.writeFileSync(path.join(goldenDir, file), content);
      }
    }
    expect(goldenFiles(goldenDir).sort()).toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) {
      expect(content, file).toBe(fs.readFileSync(path.join(goldenDir, file), "utf8"));
    }
  });

  it("is the same bytes on every run", async () => {
    const first = await generatedFor(fixture);
    const second = await generatedFor(fixture);
    expect([...second]).toEqual([...first]);
  });
});
