import * as fs from "node:fs";
import * as path from "node:path";
import type { GeneratedFile } from "./files";

/** The file in the output folder that lists what specgate wrote there. */
export const MANIFEST_FILE = ".specgate-manifest.json";

/** A problem with the output folder that the person running the command has to fix. */
export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GenerationError";
  }
}

export interface WriteOptions {
  /** The output folder: replaced as a whole, atomically. */
  readonly outDir: string;
  /** Files of the output folder, paths relative to it. */
  readonly files: readonly GeneratedFile[];
  /** Where handler stubs go; a stub is written only when no file of that name exists. */
  readonly handlersDir?: string;
  readonly handlers?: readonly GeneratedFile[];
  /** Recorded in the manifest: the model the files came from. */
  readonly specPath?: string;
}

export interface WriteResult {
  /** Files written into the output folder (the manifest not counted). */
  readonly written: number;
  /** Generated files of the previous run that are gone now. */
  readonly removed: readonly string[];
  /** Handler stubs written, paths relative to the handlers folder. */
  readonly handlersWritten: readonly string[];
}

interface Manifest {
  readonly generator: "specgate";
  readonly spec?: string;
  readonly files: readonly string[];
}

/** Every file under `dir`, relative paths with `/`, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out.sort();
}

function readManifest(outDir: string): Manifest | undefined {
  const file = path.join(outDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Manifest>;
    if (manifest.generator === "specgate" && Array.isArray(manifest.files)) return manifest as Manifest;
  } catch {
    // An unreadable manifest is treated as none: the folder is then not known to be ours.
  }
  return undefined;
}

/** Refuses an output folder that is a file or holds files specgate did not write; returns the old manifest. */
function checkOutDir(outDir: string): Manifest | undefined {
  if (!fs.existsSync(outDir)) return undefined;
  if (!fs.statSync(outDir).isDirectory()) {
    throw new GenerationError(`--out ${outDir} is a file: give a folder for the generated code`);
  }
  const present = listFiles(outDir);
  if (present.length === 0) return undefined;
  const manifest = readManifest(outDir);
  const ours = new Set([...(manifest?.files ?? []), MANIFEST_FILE]);
  const foreign = present.filter((file) => !ours.has(file));
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : "");
    throw new GenerationError(
      `--out ${outDir} holds files specgate did not write (${shown}): move them or choose an empty folder`,
    );
  }
  return manifest;
}

function writeTree(root: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const target = path.join(root, ...file.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
}

/** Rejects paths that would land outside the folder they belong to. */
function checkPaths(files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const normalized = path.posix.normalize(file.path);
    if (path.posix.isAbsolute(normalized) || normalized.startsWith("..") || normalized !== file.path) {
      throw new Error(`generated file path ${JSON.stringify(file.path)} is not a plain relative path`);
    }
  }
}

/**
 * Writes generated files: the output folder is built beside itself and swapped in, so that a
 * failure leaves it as it was. Handler stubs are written only where no file exists, never replaced.
 */
export function writeGenerated(options: WriteOptions): WriteResult {
  const outDir = path.resolve(options.outDir);
  checkPaths(options.files);
  checkPaths(options.handlers ?? []);
  const previous = checkOutDir(outDir);
  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  // mkdtemp names the staging folder uniquely, without node:crypto (a few milliseconds to load).
  const prefix = path.join(parent, `.${path.basename(outDir)}.specgate-`);
  const staging = fs.mkdtempSync(`${prefix}new-`);
  const retired = `${prefix}old-${staging.slice(`${prefix}new-`.length)}`;
  const createdStubs: string[] = [];
  try {
    writeTree(staging, options.files);
    const manifest: Manifest = {
      generator: "specgate",
      spec: options.specPath,
      files: options.files.map((f) => f.path).sort(),
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    const handlersWritten: string[] = [];
    if (options.handlersDir) {
      for (const stub of options.handlers ?? []) {
        const target = path.join(path.resolve(options.handlersDir), ...stub.path.split("/"));
        if (fs.existsSync(target)) continue;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // `wx` fails rather than replace a file that appeared meanwhile.
        fs.writeFileSync(target, stub.content, { flag: "wx" });
        createdStubs.push(target);
        handlersWritten.push(stub.path);
      }
    }

    const hadOut = fs.existsSync(outDir);
    if (hadOut) fs.renameSync(outDir, retired);
    try {
      fs.renameSync(staging, outDir);
    } catch (error) {
      if (hadOut) fs.renameSync(retired, outDir);
      throw error;
    }
    if (hadOut) fs.rmSync(retired, { recursive: true, force: true });

    const now = new Set(manifest.files);
    return {
      written: options.files.length,
      removed: (previous?.files ?? []).filter((f) => !now.has(f)),
      handlersWritten,
    };
  } catch (error) {
    for (const stub of createdStubs) fs.rmSync(stub, { force: true });
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
