#!/usr/bin/env node
"use strict";
// Writes the precompiled OpenAPI 3.0 and 3.1 schema validators from the built lib/ (run `tsc -b` first).
const { writeFileSync, mkdirSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { standaloneValidatorCode, VALIDATOR_FILES } = require("../lib/validator-code.js");

const root = join(__dirname, "..");
for (const [version, file] of Object.entries(VALIDATOR_FILES)) {
  const target = join(root, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, standaloneValidatorCode(version));
  console.log(`wrote ${file}`);
}
