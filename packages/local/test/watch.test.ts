import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call } from "./helpers";

// Inside the package, so the app resolves aws-cdk-lib from the workspace.
const scratch = join(__dirname, ".tmp");

const spec = (message: string): string =>
  JSON.stringify({
    openapi: "3.0.3",
    info: { title: "Watched", version: "1" },
    paths: {
      "/message": {
        get: {
          "x-amazon-apigateway-integration": {
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 200}' },
            responses: {
              default: {
                statusCode: "200",
                responseTemplates: { "application/json": JSON.stringify({ message }) },
              },
            },
          },
        },
      },
    },
  });

const appSource = `
const { App, Stack } = require("aws-cdk-lib");
const apigateway = require("aws-cdk-lib/aws-apigateway");
const spec = require("./api/spec.json");
const app = new App();
new apigateway.SpecRestApi(new Stack(app, "WatchedStack"), "Api", { apiDefinition: apigateway.ApiDefinition.fromInline(spec) });
app.synth();
`;

describe("--watch", () => {
  let gateway: LocalGateway | undefined;
  let project: string | undefined;
  afterAll(async () => {
    await gateway?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("re-synthesizes and serves the new version when the spec changes", async () => {
    mkdirSync(scratch, { recursive: true });
    project = mkdtempSync(join(scratch, "watch-"));
    mkdirSync(join(project, "api"));
    writeFileSync(join(project, "api", "spec.json"), spec("first"));
    writeFileSync(join(project, "app.js"), appSource);
    const log: string[] = [];
    gateway = await startLocalGateway({
      app: "node app.js",
      cwd: project,
      port: 0,
      watch: true,
      log: (line) => log.push(line),
    });
    expect((await call(`${gateway.url}/message`)).json()).toEqual({ message: "first" });

    writeFileSync(join(project, "api", "spec.json"), spec("second"));
    let message: unknown;
    for (let attempt = 0; attempt < 240 && message !== "second"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      message = ((await call(`${gateway.url}/message`)).json() as { message: string }).message;
    }
    expect(message).toBe("second");
    expect(log.some((line) => /^reloaded in \d+ ms: /.test(line))).toBe(true);
  });
});
