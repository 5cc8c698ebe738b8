import * as path from "node:path";
import ts from "typescript";

/** The compiler options generated code must type-check under: the project's, strict. */
export const strictOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUnusedLocals: true,
  noImplicitOverride: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

// Declaration files (aws-cdk-lib's are large) are parsed once per process and shared by every program.
const declarationFiles = new Map<string, ts.SourceFile>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const shared = fileName.endsWith(".d.ts");
    const cached = shared ? declarationFiles.get(fileName) : undefined;
    if (cached) return cached;
    const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (shared && file) declarationFiles.set(fileName, file);
    return file;
  };
  return host;
}

/** Type-checks files as one program; returns each diagnostic as `file:line: message` (paths relative to `base`). */
export function typeCheck(
  files: readonly string[],
  base: string,
  options: ts.CompilerOptions = strictOptions,
): string[] {
  const program = ts.createProgram({ rootNames: [...files], options, host: cachingHost(options) });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(base, d.file.fileName)}:${line + 1}: ${message}`;
  });
}
