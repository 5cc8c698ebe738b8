#!/usr/bin/env node
"use strict";
/**
 * Type-checks TypeScript files the way generated code must pass: strict and the stricter checks
 * `tsc --init` suggests, the project's module settings (CommonJS, or ES modules with
 * verbatimModuleSyntax where a package.json says `"type": "module"`).
 * `node typecheck.js [--esm] <base> <file>...` prints the diagnostics as a JSON array of
 * `file:line: message` strings (paths relative to <base>). Also used in-process by corpus.js.
 */
const path = require("node:path");
const ts = require("typescript");

const baseOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noImplicitOverride: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

/**
 * A checker that parses declaration files (aws-cdk-lib's are large) once and shares them between
 * programs. `esm`: the files are ES modules (a package.json with `"type": "module"` above them), checked
 * with verbatimModuleSyntax too, which CommonJS files cannot be.
 */
function createTypeChecker(base, { esm = false } = {}) {
  const declarations = new Map();
  const options = esm ? { ...baseOptions, verbatimModuleSyntax: true } : baseOptions;
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

module.exports = { createTypeChecker, options: baseOptions };

if (require.main === module) {
  const esm = process.argv[2] === "--esm";
  const [base, ...files] = process.argv.slice(esm ? 3 : 2);
  process.stdout.write(JSON.stringify(createTypeChecker(base, { esm })(files)));
}
