// Preloaded into a measured Node.js process when GNU time is missing: records the process's own peak RSS.
"use strict";
const fs = require("node:fs");

const target = process.env.SPECGATE_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
