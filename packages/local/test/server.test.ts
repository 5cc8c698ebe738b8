import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledApi, CompiledMethod } from "../src/api";
import type { RestApiDefinition } from "../src/assembly/rest-apis";
import { GatewayResponses } from "../src/gateway-responses";
import type { Integration } from "../src/integrations/integration";
import { Router } from "../src/router/router";
import { RequestHandler } from "../src/server";
import { call } from "./helpers";

const integration = (invoke: Integration["invoke"]): Integration => ({
  type: "TEST",
  description: "test",
  invoke,
});

describe("the request handler when an integration fails unexpectedly", () => {
  let server: Server;
  let url: string;
  const log: string[] = [];

  beforeAll(async () => {
    const router = new Router<CompiledMethod>();
    const add = (resource: string, invoke: Integration["invoke"]): void =>
      router.add(resource, "GET", {
        resource,
        method: "GET",
        label: resource,
        integration: integration(invoke),
      });
    add("/throws", () => {
      throw new TypeError("Invalid URL");
    });
    add("/rejects", () => Promise.reject(new Error("backend vanished")));
    add("/bad-header", async () => ({
      kind: "response",
      statusCode: 200,
      headers: [["x-broken", "line\nbreak"]],
      body: "ok",
    }));
    const api: CompiledApi = {
      definition: { constructPath: "Test/Api", logicalId: "Api" } as RestApiDefinition,
      context: {
        apiId: "abcdefghij",
        accountId: "123456789012",
        stage: "prod",
        stageVariables: null,
        templateStageVariables: {},
      },
      router,
      gatewayResponses: new GatewayResponses(undefined, "Test/Api"),
      routes: [],
      warnings: [],
    };
    const handler = new RequestHandler([{ name: "Api", prefix: "", api }], {
      strict: false,
      log: (line) => log.push(line),
    });
    server = createServer(handler.handle);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
    const address = server.address();
    url = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
  });
  afterAll(() => {
    server.close();
  });

  it.each(["/throws", "/rejects", "/bad-header"])(
    "answers %s with API Gateway's 500 and logs one line without a stack trace",
    async (path) => {
      log.length = 0;
      const result = await call(`${url}${path}`);
      expect([result.status, result.json()]).toEqual([500, { message: "Internal server error" }]);
      expect(result.headers.get("content-type")).toBe("application/json");
      const problems = log.filter((line) => !/^GET \S+ 500 /.test(line));
      expect(problems).toHaveLength(1);
      expect(problems[0]).not.toMatch(/\n|\bat /);
    },
  );
});
