// Serves a cloud assembly with specgate's local API Gateway (access log off), on an ephemeral loopback port.
// Usage: node specgate-gateway.cjs <cdk.out>; prints {"url": ...} (the first API's base URL) once it listens.
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");
const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "package.json"));
const { startLocalGateway } = requireFromRoot("@specgate/local");

startLocalGateway({ assembly: process.argv[2], port: 0, host: "127.0.0.1", log: false }).then(
  (gateway) => {
    process.stdout.write(JSON.stringify({ url: gateway.apis[0]?.url ?? gateway.url }) + "\n");
    process.on("SIGTERM", () => gateway.close().then(() => process.exit(0)));
  },
  (error) => {
    console.error(`cannot start the local gateway: ${error.message}`);
    process.exit(1);
  },
);
