#!/usr/bin/env node
"use strict";
/**
 * Type-checks TypeScript files the way generated code must pass: strict, the project's module
 * settings. `node typecheck.js <base> <file>...` prints the diagnostics as a JSON array of
 * `file:line: message` strings (paths relative to <base>). Also used in-process by corpus.js.
 */
const path = require("node:path");
const ts = require("typescript");

const options = {
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

/** A checker that parses declaration files (aws-cdk-lib's are large) once and shares them between programs. */
function createTypeChecker(base) {
  const declarations = new Map();
  return (files) => {
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const shared = fileName.endsWith(".d.ts");
      if (shared && declarations.has(fileName)) return declarations.get(fileName);
      const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (shared && file) declarations.set(fileName, file);
      return file;
    };
    const program = ts.createProgram({ rootNames: files, options, host });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
      if (!d.file || d.start === undefined) return message;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.relative(base, d.file.fileName)}:${line + 1}: ${message}`;
    });
  };
}

module.exports = { createTypeChecker, options };

if (require.main === module) {
  const [base, ...files] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(createTypeChecker(base)(files)));
}
