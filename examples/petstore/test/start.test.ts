import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { servePetStore } from "../scripts/serve-petstore";

describe("npm start", () => {
  it("says which PORT to set when its port is in use", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    const script = process.env.npm_lifecycle_event;
    // As `npm start` runs it.
    process.env.npm_lifecycle_event = "start";
    try {
      await expect(servePetStore({ port })).rejects.toThrow(
        `specgate: port ${port} is in use: set PORT to another, e.g. PORT=${port + 1} npm start (PORT=0 picks a free one)`,
      );
    } finally {
      process.env.npm_lifecycle_event = script;
      if (script === undefined) delete process.env.npm_lifecycle_event;
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
