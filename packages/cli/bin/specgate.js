#!/usr/bin/env node
"use strict";
const path = require("node:path");

// The one-file bundle when it is built and current (`npm run build`), else the modules tsc wrote.
const bundle = require("../lib/bundle-loader.js").loadBundle(path.join(__dirname, "..", "lib", "bundle"));
const main = bundle ? bundle.main : require("../lib/main.js").main;
main(process.argv).then((code) => {
  process.exitCode = code;
});
