import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, test } from "vitest";
import type * as Lambda from "../../src/lambda";
import { localFunction, proxyRequest } from "./helpers";

const BUILT = join(__dirname, "..", "..", "lib", "lambda", "index.js");

// `npm test` builds before it tests: the built runner must find the runtime script shipped in assets/.
test.runIf(existsSync(BUILT))("the built package runs a function from lib/", async () => {
  const built = createRequire(__filename)(BUILT) as typeof Lambda;
  const runner = new built.LambdaRunner({ log: () => undefined });
  try {
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/count" }), 5000);
    expect(outcome).toMatchObject({ kind: "response", response: { statusCode: 200 } });
  } finally {
    await runner.close();
  }
});
