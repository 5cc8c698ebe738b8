import { Stack } from "aws-cdk-lib";
import { afterEach, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, specApi, synth } from "./helpers";

const assembly = (): string =>
  synth((app) => {
    specApi(new Stack(app, "LogStack"), "Api", {
      openapi: "3.0.3",
      info: { title: "Logged", version: "1" },
      paths: {
        "/hello": {
          get: {
            "x-amazon-apigateway-integration": {
              type: "mock",
              requestTemplates: { "application/json": '{"statusCode": 200}' },
              responses: { default: { statusCode: "200", responseTemplates: { "application/json": "{}" } } },
            },
          },
        },
      },
    });
  });

describe("the default access log", () => {
  let gateway: LocalGateway | undefined;
  const write = process.stdout.write.bind(process.stdout);
  afterEach(async () => {
    process.stdout.write = write;
    await gateway?.close();
  });

  it("writes one line per request to stdout, whole lines in each write, all of them by close", async () => {
    const writes: string[] = [];
    gateway = await startLocalGateway({ assembly: assembly(), port: 0 });
    process.stdout.write = ((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    await Promise.all([1, 2, 3].map((n) => call(`${gateway?.url}/hello?n=${n}`)));
    await gateway.close();
    gateway = undefined;
    const lines = writes.join("").split("\n").filter(Boolean);
    expect(lines.sort()).toEqual([
      expect.stringMatching(/^GET \/hello\?n=1 200 MOCK \d+\.\dms$/),
      expect.stringMatching(/^GET \/hello\?n=2 200 MOCK \d+\.\dms$/),
      expect.stringMatching(/^GET \/hello\?n=3 200 MOCK \d+\.\dms$/),
    ]);
    expect(writes.every((text) => text.endsWith("\n"))).toBe(true);
  });
});
