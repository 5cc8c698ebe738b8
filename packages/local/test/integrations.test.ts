import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { call, lambdaIntegration, specApi, synth } from "./helpers";

const handlers = join(__dirname, "fixtures", "handlers");

/** A backend for HTTP integrations that says what it received. */
function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url?.startsWith("/slow")) {
        setTimeout(() => res.end("late"), 2000);
        return;
      }
      const status = req.url?.includes("fail") ? 503 : 200;
      res.writeHead(status, { "content-type": "application/json", server: "upstream", "x-upstream": "yes" });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          traced: req.headers["x-trace"] ?? null,
          mapped: req.headers["x-mapped"] ?? null,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("integrations over a synthesized app", () => {
  let upstream: Server;
  let upstreamUrl: string;
  let gateway: LocalGateway;
  const log: string[] = [];

  beforeAll(async () => {
    upstream = await startUpstream();
    const address = upstream.address();
    upstreamUrl = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
    const assembly = synth(
      (app) => {
        const stack = new Stack(app, "IntegrationStack");
        const bucket = new s3.Bucket(stack, "Photos");
        const fn = (
          id: string,
          handler: string,
          extra: Partial<lambda.FunctionProps> = {},
        ): lambda.Function =>
          new lambda.Function(stack, id, {
            runtime: lambda.Runtime.NODEJS_22_X,
            code: lambda.Code.fromAsset(handlers),
            handler: `index.${handler}`,
            ...extra,
          });
        const hello = fn("Hello", "hello", {
          environment: { GREETING: "hi", TABLE_NAME: bucket.bucketName },
        });
        const thrown = fn("Thrown", "thrown");
        const malformed = fn("Malformed", "malformed");
        const slow = fn("Slow", "slow", { timeout: Duration.seconds(1) });
        const echo = fn("Echo", "echo");
        const patient = fn("Patient", "slow", { timeout: Duration.seconds(10) });
        const inline = new lambda.Function(stack, "Inline", {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: "index.handler",
          code: lambda.Code.fromInline(
            'exports.handler = async () => ({ statusCode: 200, body: "inline" });',
          ),
        });
        const python = new lambda.Function(stack, "Python", {
          runtime: lambda.Runtime.PYTHON_3_12,
          handler: "index.handler",
          code: lambda.Code.fromInline(
            'def handler(event, context):\n    return {"statusCode": 200, "body": "inline python"}',
          ),
        });
        const java = new lambda.Function(stack, "Java", {
          runtime: lambda.Runtime.JAVA_21,
          handler: "example.Handler::handleRequest",
          code: lambda.Code.fromAsset(handlers),
        });
        const link = new apigateway.CfnVpcLink(stack, "Link", {
          name: "link",
          targetArns: ["arn:aws:elasticloadbalancing:x"],
        });
        const proxy = (integration: Record<string, unknown>): Record<string, unknown> => ({
          get: { "x-amazon-apigateway-integration": integration },
        });
        specApi(stack, "Api", {
          openapi: "3.0.3",
          info: { title: "Integrations", version: "1" },
          paths: {
            "/hello/{name}": proxy(lambdaIntegration(stack, hello.functionArn)),
            "/thrown": proxy(lambdaIntegration(stack, thrown.functionArn)),
            "/malformed": proxy(lambdaIntegration(stack, malformed.functionArn)),
            "/slow": proxy(lambdaIntegration(stack, slow.functionArn)),
            "/impatient": proxy({ ...lambdaIntegration(stack, patient.functionArn), timeoutInMillis: 300 }),
            "/inline": proxy(lambdaIntegration(stack, inline.functionArn)),
            "/python": proxy(lambdaIntegration(stack, python.functionArn)),
            "/java": proxy(lambdaIntegration(stack, java.functionArn)),
            "/echo": {
              post: { "x-amazon-apigateway-integration": lambdaIntegration(stack, echo.functionArn) },
            },
            "/upstream/{proxy+}": {
              "x-amazon-apigateway-any-method": {
                "x-amazon-apigateway-integration": {
                  type: "http_proxy",
                  httpMethod: "ANY",
                  uri: `${upstreamUrl}/{proxy}`,
                  requestParameters: {
                    "integration.request.path.proxy": "method.request.path.proxy",
                    "integration.request.header.x-mapped": "method.request.querystring.tag",
                  },
                },
              },
            },
            "/timeout": proxy({
              type: "http_proxy",
              httpMethod: "GET",
              uri: `${upstreamUrl}/slow`,
              timeoutInMillis: 200,
            }),
            "/templated/{id}": {
              post: {
                "x-amazon-apigateway-integration": {
                  type: "http",
                  httpMethod: "POST",
                  uri: `${upstreamUrl}/items/{id}`,
                  requestParameters: { "integration.request.path.id": "method.request.path.id" },
                  requestTemplates: { "application/json": "{\"wrapped\":$input.json('$')}" },
                  responses: {
                    "5\\d{2}": {
                      statusCode: "502",
                      responseTemplates: { "application/json": '{"error":"backend down"}' },
                    },
                    default: {
                      statusCode: "200",
                      responseParameters: {
                        "method.response.header.x-from": "integration.response.header.x-upstream",
                      },
                      responseTemplates: {
                        "application/json": '{"saw":$input.json(\'$.body\'),"url":"$input.path(\'$.url\')"}',
                      },
                    },
                  },
                },
              },
            },
            "/linked": proxy({
              type: "http_proxy",
              httpMethod: "GET",
              uri: "http://internal-nlb.example.com/linked",
              connectionType: "VPC_LINK",
              connectionId: link.ref,
            }),
            "/linked-port/{id}": proxy({
              type: "http_proxy",
              httpMethod: "GET",
              uri: "http://internal-nlb.example.com:80/vets/{id}",
              connectionType: "VPC_LINK",
              connectionId: link.ref,
              requestParameters: { "integration.request.path.id": "method.request.path.id" },
            }),
          },
        });
      },
      { "aws:cdk:enable-asset-metadata": true, "aws:cdk:enable-path-metadata": true },
    );
    gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: (line) => log.push(line),
      vpcLinks: { "IntegrationStack/Link": upstreamUrl },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    upstream?.close();
  });

  it("runs a Lambda proxy handler with its environment, intrinsics resolved", async () => {
    const result = await call(`${gateway.url}/hello/Ann%20Lee?name=Ann+Lee`);
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({
      message: "Hello, Ann Lee!",
      path: "/hello/Ann%20Lee",
      resource: "/hello/{name}",
      pathParameters: { name: "Ann%20Lee" },
      greeting: "hi",
      table: expect.stringMatching(/^Photos/),
    });
  });

  it("answers 502 for a handler that throws", async () => {
    const result = await call(`${gateway.url}/thrown`);
    expect([result.status, result.json()]).toEqual([502, { message: "Internal server error" }]);
    expect(log.some((line) => line.includes("IntegrationStack/Thrown"))).toBe(true);
  });

  it("answers 502 for a malformed result", async () => {
    const result = await call(`${gateway.url}/malformed`);
    expect([result.status, result.json()]).toEqual([502, { message: "Internal server error" }]);
  });

  it("answers 502 when the function passes its own timeout, as Lambda's error reaches API Gateway", async () => {
    const result = await call(`${gateway.url}/slow`);
    expect([result.status, result.json()]).toEqual([502, { message: "Internal server error" }]);
  });

  it("answers 504 when the integration passes timeoutInMillis", async () => {
    const result = await call(`${gateway.url}/impatient`);
    expect([result.status, result.json()]).toEqual([504, { message: "Endpoint request timed out" }]);
  });

  it("runs inline code", async () => {
    const result = await call(`${gateway.url}/inline`);
    expect([result.status, result.text, result.headers.get("content-type")]).toEqual([
      200,
      "inline",
      "application/json",
    ]);
  });

  it("runs a Python function's inline code", async () => {
    const result = await call(`${gateway.url}/python`);
    expect([result.status, result.text]).toEqual([200, "inline python"]);
  });

  it("answers 501 naming a runtime it cannot run", async () => {
    const result = await call(`${gateway.url}/java`);
    expect(result.status).toBe(501);
    expect(result.text).toContain("java21");
  });

  it("passes the body to the function", async () => {
    const result = await call(`${gateway.url}/echo`, { method: "POST", body: '{"a":1}' });
    expect([result.status, result.text]).toEqual([201, '{"a":1}']);
  });

  it("answers 413 for a body over 10 MB", async () => {
    const result = await call(`${gateway.url}/echo`, {
      method: "POST",
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 97),
    });
    expect(result.status).toBe(413);
    expect(result.json()).toEqual({ message: "Request Too Long" });
  });

  it("forwards HTTP_PROXY with path, query, headers and request parameters, renaming hop headers", async () => {
    const result = await call(`${gateway.url}/upstream/a/b?tag=blue`, {
      method: "PUT",
      headers: { "x-trace": "t1" },
      body: "payload",
    });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({
      method: "PUT",
      url: "/a/b?tag=blue",
      traced: "t1",
      mapped: "blue",
      body: "payload",
    });
    expect(result.headers.get("x-upstream")).toBe("yes");
    expect(result.headers.get("x-amzn-Remapped-server")).toBe("upstream");
  });

  it("passes the backend status through HTTP_PROXY", async () => {
    const result = await call(`${gateway.url}/upstream/fail`);
    expect(result.status).toBe(503);
  });

  it("answers 504 when an HTTP backend passes timeoutInMillis", async () => {
    const result = await call(`${gateway.url}/timeout`);
    expect([result.status, result.json()]).toEqual([504, { message: "Endpoint request timed out" }]);
  });

  it("maps HTTP requests and responses through templates and response parameters", async () => {
    const result = await call(`${gateway.url}/templated/42`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"n":1}',
    });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ saw: '{"wrapped":{"n":1}}', url: "/items/42" });
    expect(result.headers.get("x-from")).toBe("yes");
  });

  it("forwards a VPC link integration to the URL given for its construct path", async () => {
    const result = await call(`${gateway.url}/linked`);
    expect(result.status).toBe(200);
    expect(result.json()).toMatchObject({ url: "/linked" });
  });

  it("forwards a VPC link integration whose uri names the scheme's default port", async () => {
    const result = await call(`${gateway.url}/linked-port/7?sort=name`);
    expect(result.status).toBe(200);
    expect(result.json()).toMatchObject({ url: "/vets/7?sort=name" });
    expect(log.filter((line) => /^\s+at /m.test(line))).toEqual([]);
  });

  it("lists each route with its integration", () => {
    const routes = gateway.apis[0].routes;
    expect(routes.find((r) => r.resource === "/hello/{name}")?.integration).toMatch(
      /^AWS_PROXY IntegrationStack\/Hello/,
    );
    expect(routes.find((r) => r.resource === "/linked")?.integration).toContain("VPC_LINK");
  });

  it("writes one access log line per request", async () => {
    await call(`${gateway.url}/inline`);
    expect(log.some((line) => /^GET \/inline 200 AWS_PROXY \d+\.\dms$/.test(line))).toBe(true);
  });
});
