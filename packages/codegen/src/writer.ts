import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { GeneratedFile } from "./files";
import type { Language } from "./generate";
import type { ModuleFormat, TestRunner } from "./project";

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
  /** The output folder: replaced as a whole, atomically. A symbolic link stays one: its target is replaced. */
  readonly outDir: string;
  /** Files of the output folder, paths relative to it. */
  readonly files: readonly GeneratedFile[];
  /** Where handler stubs go; a stub is written only when no file of that name exists. */
  readonly handlersDir?: string;
  readonly handlers?: readonly GeneratedFile[];
  /** Recorded in the manifest: the model the files came from. */
  readonly specPath?: string;
  /** Recorded in the manifest: how to generate the files again (`specgate serve --watch` does). */
  readonly generatedWith?: GeneratedWith;
}

/** How an output folder was generated, so that it can be generated again the same way. */
export interface GeneratedWith {
  /** The model, relative to the output folder. */
  readonly spec: string;
  /** The handlers folder, relative to the output folder. */
  readonly handlers: string;
  readonly allHandlers: boolean;
  readonly moduleFormat: ModuleFormat;
  readonly testRunner: TestRunner;
  readonly language: Language;
  /** Java only: the package given with --package. */
  readonly javaPackage?: string;
}

export interface WriteResult {
  /** Files written into the output folder (the manifest not counted). */
  readonly written: number;
  /** Generated files of the previous run that are gone now. */
  readonly removed: readonly string[];
  /** Handler stubs written, paths relative to the handlers folder. */
  readonly handlersWritten: readonly string[];
}

/** What `.specgate-manifest.json` holds. */
export interface Manifest {
  readonly generator: "specgate";
  readonly spec?: string;
  readonly generatedWith?: GeneratedWith;
  readonly files: readonly string[];
  /** The SHA-256 of each file as specgate wrote it: a file is replaced only while it still has it. */
  readonly sha256?: { readonly [file: string]: string };
}

const sha256 = (content: string | Buffer): string => createHash("sha256").update(content).digest("hex");

function readManifest(outDir: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(outDir, MANIFEST_FILE), "utf8"),
    ) as Partial<Manifest>;
    if (manifest.generator === "specgate" && Array.isArray(manifest.files)) return manifest as Manifest;
  } catch {
    // No manifest, or not one of specgate's: nothing in the folder is known to be ours.
  }
  return undefined;
}

/** What an `fs` error means for the person running the command, and what to do; undefined when it is not theirs to fix. */
function reasonOf(error: unknown): string | undefined {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EACCES":
    case "EPERM":
      return "permission denied: make it writable, or choose a folder you can write to";
    case "EROFS":
      return "the file system is read-only: choose a folder on a writable one";
    case "ENOSPC":
    case "EDQUOT":
      return "no space left on the device: free some and run again";
    case "ENOTDIR":
    case "EEXIST":
      return "a file stands where a folder must be: move it, or choose another folder";
    case "ENAMETOOLONG":
      return "the path is too long: choose a shorter one";
    case "ELOOP":
      return "its symbolic links loop: fix them, or choose another folder";
    case "EBUSY":
      return "the folder is in use (a mount point?): choose a folder inside it";
    default:
      return undefined;
  }
}

/** Runs `step`, turning an `fs` error the person can fix into a GenerationError that starts with `what`. */
function attempt<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof GenerationError) throw error;
    const reason = reasonOf(error);
    if (reason === undefined) throw error;
    throw new GenerationError(`${what}: ${reason}`);
  }
}

/** Whether a folder may not be written to: its mode says so (`chmod a-w`, which binds root too), or access does. */
function isReadOnly(dir: string): boolean {
  if ((fs.statSync(dir).mode & 0o222) === 0) return true;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** The nearest folder that exists at or above `dir`. */
function existingAncestor(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** The folder generated code goes into: `--out` itself, or the folder a symbolic link `--out` names. */
function targetOf(outDir: string): string {
  if (outDir === path.parse(outDir).root) {
    throw new GenerationError(
      `--out ${outDir} is the root of the file system: give a folder of its own for the generated code, e.g. generated`,
    );
  }
  const link = attempt(`cannot use --out ${outDir}`, () => fs.lstatSync(outDir, { throwIfNoEntry: false }));
  if (!link?.isSymbolicLink()) return outDir;
  try {
    return fs.realpathSync(outDir);
  } catch {
    const to = path.resolve(path.dirname(outDir), fs.readlinkSync(outDir));
    throw new GenerationError(
      `--out ${outDir} is a symbolic link to ${to}, which does not exist: create that folder, or give another --out`,
    );
  }
}

/**
 * What is in an existing output folder that specgate cannot prove it wrote: anything but regular
 * files whose SHA-256 is the manifest's, or whose content is what it writes there now (replacing
 * those loses nothing). Stops after `limit` of them: a wrong `--out` (a home folder) is not walked.
 */
function foreignEntries(
  dir: string,
  manifest: Manifest | undefined,
  generated: ReadonlyMap<string, string>,
  limit: number,
): string[] {
  const foreign: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    const entries = fs
      .readdirSync(folder, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.length === 0 && prefix !== "") foreign.push(`${prefix}/`);
    for (const entry of entries) {
      if (foreign.length >= limit) return;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full, relative);
      else if (!entry.isFile() || !isOurs(full, relative)) foreign.push(relative);
    }
  };
  const isOurs = (full: string, relative: string): boolean => {
    if (relative === MANIFEST_FILE) return manifest !== undefined;
    const recorded = manifest?.sha256?.[relative];
    const now = generated.get(relative);
    if (recorded === undefined && now === undefined) return false;
    const content = fs.readFileSync(full);
    return (
      (recorded !== undefined && sha256(content) === recorded) ||
      (now !== undefined && content.equals(Buffer.from(now)))
    );
  };
  walk(dir, "");
  return foreign;
}

/** Every folder under `dir`, `dir` included. */
function foldersUnder(dir: string): string[] {
  return [
    dir,
    ...fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(entry.parentPath, entry.name)),
  ];
}

/**
 * Refuses an output folder specgate may not replace: a file, one holding anything it cannot prove
 * it wrote, or one marked read-only. Returns the old manifest.
 */
function checkOutDir(outDir: string, generated: ReadonlyMap<string, string>): Manifest | undefined {
  const stats = attempt(`cannot use --out ${outDir}`, () => fs.statSync(outDir, { throwIfNoEntry: false }));
  if (stats === undefined) return undefined;
  if (!stats.isDirectory()) {
    throw new GenerationError(`--out ${outDir} is a file: give a folder for the generated code`);
  }
  const manifest = readManifest(outDir);
  const foreign = attempt(`cannot read --out ${outDir}`, () =>
    foreignEntries(outDir, manifest, generated, 4),
  );
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ", and more" : "");
    throw new GenerationError(
      `--out ${outDir} holds files specgate did not write or that changed since (${shown}): move them, or choose an empty folder`,
    );
  }
  const readOnly = foldersUnder(outDir).find(isReadOnly);
  if (readOnly !== undefined) {
    throw new GenerationError(
      `--out ${outDir} is read-only${readOnly === outDir ? "" : ` (${path.relative(outDir, readOnly)} in it)`}: make it writable (chmod -R u+w ${outDir}), or choose another --out`,
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
 * failure leaves it as it was. Only what specgate can prove it wrote is replaced; a read-only
 * folder is left as it is. Handler stubs are written only where no file exists, never replaced.
 * Folders and files get the permissions the process's umask gives.
 */
export function writeGenerated(options: WriteOptions): WriteResult {
  const outDir = path.resolve(options.outDir);
  checkPaths(options.files);
  checkPaths(options.handlers ?? []);
  const target = targetOf(outDir);
  const generated = new Map(options.files.map((file) => [file.path, file.content]));
  const previous = checkOutDir(target, generated);
  const parent = path.dirname(target);
  const writeOut = `cannot write --out ${outDir} in ${parent}`;
  if (isReadOnly(existingAncestor(parent))) {
    throw new GenerationError(`${writeOut}: it is read-only: make it writable, or choose another --out`);
  }

  const handlersDir = options.handlersDir === undefined ? undefined : path.resolve(options.handlersDir);
  const stubs = (options.handlers ?? [])
    .map((stub) => ({ stub, file: path.join(handlersDir ?? "", ...stub.path.split("/")) }))
    .filter(({ file }) => handlersDir !== undefined && !fs.existsSync(file));
  if (handlersDir !== undefined && stubs.length > 0 && isReadOnly(existingAncestor(handlersDir))) {
    throw new GenerationError(
      `--handlers ${handlersDir} is read-only, and handler stubs are to be written in it: make it writable, or choose another --handlers`,
    );
  }

  attempt(writeOut, () => fs.mkdirSync(parent, { recursive: true }));
  // A private folder beside the output holds the new tree while it is written, and the old one
  // while it is removed; the new tree inside it is made with the umask's permissions.
  const staging = attempt(writeOut, () =>
    fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.specgate-`)),
  );
  const fresh = path.join(staging, "new");
  const retired = path.join(staging, "old");
  const createdStubs: string[] = [];
  let result: WriteResult;
  try {
    const manifest: Manifest = {
      generator: "specgate",
      spec: options.specPath,
      ...(options.generatedWith ? { generatedWith: options.generatedWith } : {}),
      files: options.files.map((f) => f.path).sort(),
      sha256: Object.fromEntries(
        [...options.files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sha256(f.content)]),
      ),
    };
    attempt(writeOut, () => {
      fs.mkdirSync(fresh);
      writeTree(fresh, options.files);
      fs.writeFileSync(path.join(fresh, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    });

    const handlersWritten: string[] = [];
    for (const { stub, file } of stubs) {
      attempt(`cannot write the handler stub ${file}`, () => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // `wx` fails rather than replace a file that appeared meanwhile.
        fs.writeFileSync(file, stub.content, { flag: "wx" });
      });
      createdStubs.push(file);
      handlersWritten.push(stub.path);
    }

    const hadOut = fs.existsSync(target);
    attempt(writeOut, () => {
      if (hadOut) fs.renameSync(target, retired);
      try {
        fs.renameSync(fresh, target);
      } catch (error) {
        if (hadOut) fs.renameSync(retired, target);
        throw error;
      }
    });
    const now = new Set(manifest.files);
    result = {
      written: options.files.length,
      removed: (previous?.files ?? []).filter((f) => !now.has(f)),
      handlersWritten,
    };
  } catch (error) {
    for (const stub of createdStubs) fs.rmSync(stub, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // The new output is in place: what is left to remove is the old one.
  attempt(`generated --out ${outDir}, but could not remove the previous output, kept in ${retired}`, () =>
    fs.rmSync(staging, { recursive: true, force: true }),
  );
  return result;
}
