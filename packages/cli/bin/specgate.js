#!/usr/bin/env node
"use strict";
const path = require("node:path");

// The one-file bundle when it is built and current (`npm run build`), else the modules tsc wrote; those
// also when SPECGATE_DEBUG asks for stack traces, which then name the files and lines of lib/.
const bundle = process.env.SPECGATE_DEBUG
  ? undefined
  : require("../lib/bundle-loader.js").loadBundle(path.join(__dirname, "..", "lib", "bundle"));
const main = bundle ? bundle.main : require("../lib/main.js").main;
main(process.argv).then((code) => {
  process.exitCode = code;
});
