import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
};
const tsconfig = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as {
  references?: { path: string }[];
};

/** The source of every file that ships: src/ and assets/. */
function shippedSources(): string {
  const texts: string[] = [];
  for (const folder of ["src", "assets"]) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|cjs|js)$/.test(entry.name))
        texts.push(readFileSync(join(entry.parentPath, entry.name), "utf8"));
    }
  }
  return texts.join("\n");
}

/** A dependency's own package.json, installed beside the package or hoisted to the workspace root. */
function manifestOf(name: string): { peerDependencies?: Record<string, string> } {
  const beside = join(root, "node_modules", name, "package.json");
  const file = existsSync(beside) ? beside : join(root, "..", "..", "node_modules", name, "package.json");
  return JSON.parse(readFileSync(file, "utf8")) as { peerDependencies?: Record<string, string> };
}

describe("@specgate/local's package", () => {
  const sources = shippedSources();
  const imported = (name: string): boolean =>
    new RegExp(`(from |require\\(|import\\()"${name.replace(/[/.]/g, "\\$&")}(/[^"]*)?"`).test(sources);

  it("depends only on packages its code imports (or that they need as peers)", () => {
    const dependencies = Object.keys(manifest.dependencies ?? {});
    const peers = new Set(
      dependencies.filter(imported).flatMap((name) => Object.keys(manifestOf(name).peerDependencies ?? {})),
    );
    const unused = dependencies.filter((name) => !imported(name) && !peers.has(name));
    expect(unused).toEqual([]);
  });

  it("references only the workspace packages it depends on", () => {
    const referenced = (tsconfig.references ?? []).map(
      (reference) => `@specgate/${reference.path.split("/").pop()}`,
    );
    expect(referenced.filter((name) => !(name in (manifest.dependencies ?? {})))).toEqual([]);
  });
});
