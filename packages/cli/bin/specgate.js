#!/usr/bin/env node
"use strict";
require("../lib/main.js")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
