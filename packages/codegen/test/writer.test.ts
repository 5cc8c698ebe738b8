import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GenerationError, MANIFEST_FILE, writeGenerated } from "../src/writer";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "specgate-writer-"));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under a folder with its text, for comparing folder states. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(d, entry.name), rel);
      else out[rel] = fs.readFileSync(path.join(d, entry.name), "utf8");
    }
  };
  if (fs.existsSync(dir)) walk(dir, "");
  return out;
}

const files = (names: string[], text = "v1"): { path: string; content: string }[] =>
  names.map((name) => ({ path: name, content: `${text} ${name}\n` }));

describe("writeGenerated", () => {
  it("writes the files and a manifest listing them", () => {
    const outDir = path.join(root, "generated");
    const result = writeGenerated({ outDir, files: files(["runtime/index.ts", "infrastructure/api.ts"]) });
    expect(result.written).toBe(2);
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), "utf8"));
    expect(manifest.files).toEqual(["infrastructure/api.ts", "runtime/index.ts"]);
    expect(fs.readFileSync(path.join(outDir, "runtime/index.ts"), "utf8")).toBe("v1 runtime/index.ts\n");
  });

  it("removes stale generated files on regeneration", () => {
    const outDir = path.join(root, "generated");
    writeGenerated({ outDir, files: files(["a.ts", "old/b.ts"]) });
    const result = writeGenerated({ outDir, files: files(["a.ts", "c.ts"], "v2") });
    expect(result.removed).toEqual(["old/b.ts"]);
    expect(Object.keys(snapshot(outDir)).sort()).toEqual([MANIFEST_FILE, "a.ts", "c.ts"].sort());
    expect(fs.readFileSync(path.join(outDir, "a.ts"), "utf8")).toBe("v2 a.ts\n");
    expect(fs.readdirSync(root)).toEqual(["generated"]);
  });

  it("refuses an output folder holding files it did not write, and leaves them alone", () => {
    const outDir = path.join(root, "generated");
    writeGenerated({ outDir, files: files(["a.ts"]) });
    fs.writeFileSync(path.join(outDir, "mine.ts"), "hand-written");
    const before = snapshot(outDir);
    expect(() => writeGenerated({ outDir, files: files(["a.ts"], "v2") })).toThrow(
      /holds files specgate did not write or that changed since \(mine\.ts\)/,
    );
    expect(snapshot(outDir)).toEqual(before);
  });

  it("refuses a non-empty folder without a manifest", () => {
    const outDir = path.join(root, "src");
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, "app.ts"), "hand-written");
    expect(() => writeGenerated({ outDir, files: files(["a.ts"]) })).toThrow(GenerationError);
    expect(snapshot(outDir)).toEqual({ "app.ts": "hand-written" });
  });

  it("refuses an output path that is a file", () => {
    const outDir = path.join(root, "generated");
    fs.writeFileSync(outDir, "a file");
    expect(() => writeGenerated({ outDir, files: files(["a.ts"]) })).toThrow(/is a file/);
    expect(fs.readFileSync(outDir, "utf8")).toBe("a file");
  });

  it("leaves the output folder unchanged when writing fails midway", () => {
    const outDir = path.join(root, "generated");
    writeGenerated({ outDir, files: files(["a.ts", "b.ts"]) });
    const before = snapshot(outDir);
    // A file and a folder of the same name cannot both be written: the second write fails.
    const clash = [...files(["a.ts"], "v2"), { path: "a.ts/inner.ts", content: "x" }];
    expect(() => writeGenerated({ outDir, files: clash })).toThrow();
    expect(snapshot(outDir)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(["generated"]);
  });

  it("writes handler stubs once and never replaces an existing one", () => {
    const outDir = path.join(root, "generated");
    const handlersDir = path.join(root, "handlers");
    const first = writeGenerated({
      outDir,
      files: files(["a.ts"]),
      handlersDir,
      handlers: files(["sayHello.ts"]),
    });
    expect(first.handlersWritten).toEqual(["sayHello.ts"]);
    fs.writeFileSync(path.join(handlersDir, "sayHello.ts"), "my implementation");
    const second = writeGenerated({
      outDir,
      files: files(["a.ts"]),
      handlersDir,
      handlers: files(["sayHello.ts", "other.ts"], "v2"),
    });
    expect(second.handlersWritten).toEqual(["other.ts"]);
    expect(fs.readFileSync(path.join(handlersDir, "sayHello.ts"), "utf8")).toBe("my implementation");
  });

  it("writes no handler stub when the generated files cannot be written", () => {
    const outDir = path.join(root, "generated");
    const handlersDir = path.join(root, "handlers");
    const clash = [
      { path: "a.ts", content: "x" },
      { path: "a.ts/inner.ts", content: "x" },
    ];
    expect(() => writeGenerated({ outDir, files: clash, handlersDir, handlers: files(["h.ts"]) })).toThrow();
    expect(fs.existsSync(path.join(handlersDir, "h.ts"))).toBe(false);
    expect(fs.existsSync(outDir)).toBe(false);
  });

  it("rejects file paths that leave the output folder", () => {
    expect(() => writeGenerated({ outDir: path.join(root, "g"), files: files(["../escape.ts"]) })).toThrow(
      /not a plain relative path/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("replaces only files whose content is what the manifest recorded: a copied or stale manifest deletes nothing", () => {
    const outDir = path.join(root, "generated");
    writeGenerated({ outDir, files: files(["a.ts", "b.ts"]) });
    // A manifest copied from elsewhere, listing files of the person's own, with or without hashes.
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), "utf8"));
    fs.writeFileSync(path.join(outDir, "notes.md"), "mine");
    fs.writeFileSync(path.join(outDir, "b.ts"), "edited by hand");
    for (const copied of [
      { ...manifest, files: [...manifest.files, "notes.md"] },
      {
        ...manifest,
        files: [...manifest.files, "notes.md"],
        sha256: { ...manifest.sha256, "notes.md": "0".repeat(64) },
      },
      { generator: "specgate", files: ["a.ts", "b.ts", "notes.md"] },
    ]) {
      fs.writeFileSync(path.join(outDir, MANIFEST_FILE), JSON.stringify(copied));
      const before = snapshot(outDir);
      expect(() => writeGenerated({ outDir, files: files(["a.ts"]) })).toThrow(
        "holds files specgate did not write or that changed since (b.ts, notes.md)",
      );
      expect(snapshot(outDir)).toEqual(before);
    }
  });

  it("replaces a file whose content is what it writes now, manifest or not", () => {
    const outDir = path.join(root, "generated");
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, "a.ts"), "v2 a.ts\n");
    writeGenerated({ outDir, files: files(["a.ts", "b.ts"], "v2") });
    expect(snapshot(outDir)["b.ts"]).toBe("v2 b.ts\n");
  });

  it("counts a symbolic link or an empty folder in the output as not its own", () => {
    const outDir = path.join(root, "generated");
    writeGenerated({ outDir, files: files(["a.ts"]) });
    fs.writeFileSync(path.join(root, "secret"), "keep");
    fs.symlinkSync(path.join(root, "secret"), path.join(outDir, "link.ts"));
    fs.mkdirSync(path.join(outDir, "empty"));
    expect(() => writeGenerated({ outDir, files: files(["a.ts"]) })).toThrow("(empty/, link.ts)");
    expect(fs.readFileSync(path.join(root, "secret"), "utf8")).toBe("keep");
  });

  it("keeps a symbolic link --out a link, and writes into the folder it names", () => {
    const real = path.join(root, "real");
    const outDir = path.join(root, "generated");
    fs.mkdirSync(real);
    fs.symlinkSync(real, outDir);
    writeGenerated({ outDir, files: files(["a.ts"]) });
    writeGenerated({ outDir, files: files(["b.ts"], "v2") });
    expect(fs.lstatSync(outDir).isSymbolicLink()).toBe(true);
    expect(Object.keys(snapshot(real)).sort()).toEqual([MANIFEST_FILE, "b.ts"]);
    expect(fs.readdirSync(root).sort()).toEqual(["generated", "real"]);
  });

  it("names the missing folder a symbolic link --out points to", () => {
    const outDir = path.join(root, "generated");
    fs.symlinkSync(path.join(root, "gone"), outDir);
    expect(() => writeGenerated({ outDir, files: files(["a.ts"]) })).toThrow(
      `--out ${outDir} is a symbolic link to ${path.join(root, "gone")}, which does not exist: create that folder, or give another --out`,
    );
  });

  it("refuses the root of the file system as --out, before reading it", () => {
    expect(() => writeGenerated({ outDir: "/", files: files(["a.ts"]) })).toThrow(
      "--out / is the root of the file system: give a folder of its own for the generated code, e.g. generated",
    );
  });
});
