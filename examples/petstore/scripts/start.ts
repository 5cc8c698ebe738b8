import * as path from "node:path";
import { startLocalGateway } from "@specgate/local";
import { startVetsServer } from "../services/vets/server";

/**
 * `npm start`: starts the vets service on a free port, synthesizes the CDK app, serves its API on
 * localhost with the VPC link pointed at the vets service, and prints what to try.
 */
async function main(): Promise<void> {
  const root = path.join(__dirname, "..");
  const port = Number(process.env.PORT ?? 3000);
  const vets = await startVetsServer(0);
  console.log(`vets service (what the VPC link leads to) on ${vets.url}`);
  console.log("synthesizing the CDK app (infra/main.ts)…");
  const gateway = await startLocalGateway({
    cwd: root,
    app: "npx tsx infra/main.ts",
    port,
    vpcLinks: { "PetStore/Vets/VpcLink": vets.url },
  }).catch((error: Error) => {
    vets.server.close();
    throw error;
  });

  const stop = (): void => {
    console.log("\nstopping");
    void gateway.close().finally(() => vets.server.close(() => process.exit(0)));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  for (const api of gateway.apis) {
    console.log(`\n${api.name} (stage ${api.stage}) on ${api.url}`);
    for (const route of api.routes) {
      console.log(`  ${route.method.padEnd(7)} ${route.resource.padEnd(24)} ${route.integration}`);
    }
    for (const warning of api.warnings) console.log(`  warning: ${warning}`);
  }
  const url = gateway.url;
  console.log(`
The Pet Store API is running on ${url}
Try it (Ctrl-C stops everything):

  curl -s "${url}/pets?status=available"
  curl -s -X POST ${url}/pets -H 'content-type: application/json' -H 'x-request-id: try-1' -d '{"name":"Luna","species":"cat","tags":["calm"]}'
  curl -s "${url}/vets?specialty=cats"
`);
}

main().catch((error: Error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
