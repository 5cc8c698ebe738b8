import { curlLines, servePetStore, ServeExitedError } from "./serve-petstore";

/**
 * `npm start`: serves the Pet Store on localhost with `specgate serve` (after `specgate generate`,
 * see package.json), the vets service beside it, and prints what to try. Ctrl-C stops both.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  console.log("Synthesizing the CDK app (infra/main.ts) and starting specgate serve…");
  const petStore = await servePetStore({ port, log: (line) => console.log(line) });
  const url = petStore.url;
  console.log(`The Pet Store API is running on ${url} (the vets service on ${petStore.vetsUrl}).
Try it:

${curlLines(url)
  .map((line) => `  ${line}`)
  .join("\n")}

Ctrl-C stops everything.
`);
  const stop = (): void => {
    void petStore.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const code = await petStore.exited;
  // `specgate serve` stopped on its own (not through Ctrl-C here): stop the vets service too.
  await petStore.stop();
  process.exit(code);
}

main().catch((error: Error) => {
  // specgate serve's own error is already printed above, as it said it.
  if (!(error instanceof ServeExitedError)) console.error(`npm start: ${error.message}`);
  process.exit(1);
});
