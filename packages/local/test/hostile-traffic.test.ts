import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, specApi, synth } from "./helpers";

const MB = 1024 * 1024;

/** A backend whose answers are too large for API Gateway: streamed past 10 MB, or announced at 300 MB. */
function startBackend(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/streamed") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(MB, "x");
      let sent = 0;
      const more = (): void => {
        while (sent < 11 && res.write(chunk)) sent++;
        if (sent < 11) res.once("drain", more);
        else res.end();
      };
      more();
    } else if (req.url === "/announced") {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": 300 * MB });
      res.write(Buffer.alloc(MB, "x"));
      // It never sends the rest: the gateway must not wait for it.
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ url: req.url }));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        server,
        url: `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`,
      });
    }),
  );
}

describe("hostile traffic", () => {
  let backend: { server: Server; url: string };
  let gateway: LocalGateway;
  const log: string[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    const assembly = synth((app) => {
      const stack = new Stack(app, "TrafficStack");
      specApi(stack, "Api", {
        openapi: "3.0.3",
        info: { title: "Traffic", version: "1" },
        "x-amazon-apigateway-request-validators": { body: { validateRequestBody: true } },
        "x-amazon-apigateway-gateway-responses": {
          BAD_REQUEST_BODY: {
            statusCode: 400,
            responseTemplates: { "application/json": '{"detail":"$context.error.validationErrorString"}' },
          },
        },
        paths: {
          "/mock": {
            get: {
              "x-amazon-apigateway-integration": {
                type: "mock",
                requestTemplates: { "application/json": '{"statusCode": 200}' },
                responses: {
                  default: { statusCode: "200", responseTemplates: { "application/json": "{}" } },
                },
              },
            },
          },
          "/validated": {
            post: {
              "x-amazon-apigateway-request-validator": "body",
              requestBody: { content: { "application/json": { schema: { type: "array" } } } },
              "x-amazon-apigateway-integration": {
                type: "mock",
                requestTemplates: { "application/json": '{"statusCode": 200}' },
                responses: { default: { statusCode: "200" } },
              },
            },
          },
          "/templated": {
            post: {
              "x-amazon-apigateway-integration": {
                type: "mock",
                // The status says whether the template could read the body as JSON.
                requestTemplates: {
                  "application/json": `{"statusCode": #if($input.json('$[0]') == "")400#{else}200#end}`,
                },
                responses: { "400": { statusCode: "400" }, default: { statusCode: "200" } },
              },
            },
          },
          "/backend/{proxy+}": {
            get: {
              "x-amazon-apigateway-integration": {
                type: "http_proxy",
                httpMethod: "GET",
                uri: `${backend.url}/{proxy}`,
                requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
              },
            },
          },
        },
      });
    });
    gateway = await startLocalGateway({ assembly, port: 0, log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await gateway?.close();
    backend?.server.closeAllConnections();
    backend?.server.close();
  });

  it("a 9 MB body of nested arrays is refused before it is parsed, and other requests keep being served", async () => {
    const deep = "[".repeat(9 * MB);
    const started = Date.now();
    const [refused, other] = await Promise.all([
      call(`${gateway.url}/validated`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: deep,
      }),
      new Promise<void>((resolve) => setTimeout(resolve, 50)).then(async () => {
        const sent = Date.now();
        await call(`${gateway.url}/mock`);
        return Date.now() - sent;
      }),
    ]);
    expect([refused.status, refused.json()]).toEqual([
      400,
      { detail: "[Invalid JSON: nested deeper than 1000 levels]" },
    ]);
    // V8 took seconds over such a body, and every other request waited.
    expect(other).toBeLessThan(2500);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a nested body is no JSON to a mapping template either", async () => {
    const post = async (body: string): Promise<number> =>
      (
        await call(`${gateway.url}/templated`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        })
      ).status;
    expect(await post(`${"[".repeat(2000)}1${"]".repeat(2000)}`)).toBe(400);
    expect(await post(`${"[".repeat(10)}1${"]".repeat(10)}`)).toBe(200);
  });

  it.each(["/streamed", "/announced"])(
    "an HTTP backend answer past API Gateway's 10 MB limit (%s) is a 502, and is not kept",
    async (path) => {
      const rss = process.memoryUsage.rss();
      log.length = 0;
      const result = await call(`${gateway.url}/backend${path}`);
      expect([result.status, result.json()]).toEqual([502, { message: "Internal server error" }]);
      expect(log).toContainEqual(expect.stringMatching(/more than API Gateway's 10 MB payload limit/));
      expect(process.memoryUsage.rss() - rss).toBeLessThan(64 * MB);
    },
  );

  it("a client that goes away in the middle of its body is logged as aborted, with no error and no response", async () => {
    log.length = 0;
    const { port } = new URL(gateway.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          "POST /validated HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[1,2,",
          () => setTimeout(() => socket.destroy(), 50),
        );
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    await expect
      .poll(() => log)
      .toContainEqual("POST /validated aborted: the client went away before its body arrived");
    expect(log.filter((line) => /internal error|500/.test(line))).toEqual([]);
  });
});

describe("VPC links", () => {
  let backend: { server: Server; url: string };
  let assembly: string;

  beforeAll(async () => {
    backend = await startBackend();
    assembly = synth(
      (app) => {
        const stack = new Stack(app, "LinkStack");
        const link = new apigateway.CfnVpcLink(stack, "Link", {
          name: "link",
          targetArns: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1"],
        });
        specApi(stack, "Api", {
          openapi: "3.0.3",
          info: { title: "Linked", version: "1" },
          paths: {
            "/linked": {
              get: {
                "x-amazon-apigateway-integration": {
                  type: "http_proxy",
                  httpMethod: "GET",
                  uri: "http://internal-nlb.example.com/linked",
                  connectionType: "VPC_LINK",
                  connectionId: link.ref,
                },
              },
            },
          },
        });
      },
      // No aws:cdk:path in the template: the construct path is only in the assembly's metadata.
      { "aws:cdk:enable-path-metadata": false },
    );
  });
  afterAll(() => {
    backend?.server.close();
  });

  it("a --vpc-link given by construct path is found in an assembly synthesized without path metadata", async () => {
    const gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: false,
      vpcLinks: { "LinkStack/Link": backend.url },
    });
    try {
      const result = await call(`${gateway.url}/linked`);
      expect([result.status, result.json()]).toEqual([200, { url: "/linked" }]);
    } finally {
      await gateway.close();
    }
  });

  it("a --vpc-link that no integration goes through is named in a warning, with the links the app has", async () => {
    const log: string[] = [];
    const gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: (line) => log.push(line),
      vpcLinks: { "LinkStack/Lnk": backend.url },
    });
    await gateway.close();
    expect(log).toContainEqual(
      "warning: --vpc-link LinkStack/Lnk names no VPC link an integration of the app goes through (its VPC links: LinkStack/Link)",
    );
  });
});
