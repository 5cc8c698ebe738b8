import { describe, expect, it } from "vitest";
import type { IntegrationInput, IntegrationOutcome } from "../../src/integrations/integration";
import { mockIntegration } from "../../src/integrations/mock";
import type { MethodRequest } from "../../src/request";

function input(query: Record<string, string> = {}, headers: Record<string, string> = {}): IntegrationInput {
  const request: MethodRequest = {
    method: "GET",
    path: "/greeting",
    rawQuery: new URLSearchParams(query).toString(),
    rawHeaders: Object.entries(headers),
    headers,
    query,
    body: Buffer.alloc(0),
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    extendedRequestId: "AbCdEfGhIjKlMnO=",
    traceHeader: "Root=1-695b0000-0123456789abcdef01234567",
    requestTimeEpoch: Date.UTC(2026, 0, 5),
    sourceIp: "127.0.0.1",
    protocol: "HTTP/1.1",
    resource: "/greeting",
    rawPathParameters: {},
    pathParameters: {},
  };
  return {
    request,
    context: { requestId: request.requestId, responseOverride: { header: {} } },
    api: {
      apiId: "abcdefghij",
      accountId: "123456789012",
      stage: "prod",
      stageVariables: null,
      templateStageVariables: {},
    },
  };
}

const mock = (responses: Record<string, unknown>, requestTemplate = '{"statusCode": 200}') =>
  mockIntegration(
    { type: "mock", requestTemplates: { "application/json": requestTemplate }, responses },
    "test",
  );

const response = (outcome: IntegrationOutcome) => {
  if (outcome.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return { statusCode: outcome.statusCode, headers: outcome.headers, body: String(outcome.body) };
};

describe("MOCK integration responses", () => {
  it("answers a static template with the same response on every request", async () => {
    const integration = mock({
      default: { statusCode: "201", responseTemplates: { "application/json": '{"ok":true}' } },
    });
    const first = response(await integration.invoke(input({ name: "a" })));
    const second = response(await integration.invoke(input({ name: "b" })));
    expect(first).toEqual({
      statusCode: 201,
      headers: [["Content-Type", "application/json"]],
      body: '{"ok":true}',
    });
    expect(second).toEqual(first);
  });

  it("renders a template that reads the request for each request", async () => {
    const integration = mock({
      default: {
        statusCode: "200",
        responseTemplates: { "application/json": `{"name":"$input.params('name')"}` },
      },
    });
    expect(response(await integration.invoke(input({ name: "first" }))).body).toBe('{"name":"first"}');
    expect(response(await integration.invoke(input({ name: "second" }))).body).toBe('{"name":"second"}');
  });

  it("maps response headers from each request even when the template is static", async () => {
    const integration = mock({
      default: {
        statusCode: "200",
        responseParameters: { "method.response.header.x-name": "method.request.querystring.name" },
        responseTemplates: { "application/json": "{}" },
      },
    });
    expect(response(await integration.invoke(input({ name: "first" }))).headers).toContainEqual([
      "x-name",
      "first",
    ]);
    expect(response(await integration.invoke(input({ name: "second" }))).headers).toContainEqual([
      "x-name",
      "second",
    ]);
  });

  it("chooses among several templates by each request's Accept header", async () => {
    const integration = mock({
      default: {
        statusCode: "200",
        responseTemplates: {
          "application/json": '{"format":"json"}',
          "application/xml": "<format>xml</format>",
        },
      },
    });
    const xml = response(await integration.invoke(input({}, { accept: "application/xml" })));
    const json = response(await integration.invoke(input({}, { accept: "application/json" })));
    expect(xml).toMatchObject({
      body: "<format>xml</format>",
      headers: [["Content-Type", "application/xml"]],
    });
    expect(json).toMatchObject({
      body: '{"format":"json"}',
      headers: [["Content-Type", "application/json"]],
    });
  });

  it("selects the integration response by each request's rendered status code", async () => {
    const integration = mock(
      {
        "4\\d{2}": { statusCode: "404", responseTemplates: { "application/json": '{"found":false}' } },
        default: { statusCode: "200", responseTemplates: { "application/json": '{"found":true}' } },
      },
      `{"statusCode": $input.params('code')}`,
    );
    for (const [code, expected] of [
      ["404", { statusCode: 404, body: '{"found":false}' }],
      ["200", { statusCode: 200, body: '{"found":true}' }],
      ["404", { statusCode: 404, body: '{"found":false}' }],
    ] as const) {
      expect(response(await integration.invoke(input({ code })))).toMatchObject(expected);
    }
  });

  it("answers 500 for a status code no integration response selects, every time", async () => {
    const integration = mock(
      { "2\\d{2}": { statusCode: "200", responseTemplates: { "application/json": "{}" } } },
      '{"statusCode": 500}',
    );
    for (let i = 0; i < 2; i++) {
      expect(await integration.invoke(input())).toMatchObject({
        kind: "error",
        error: { type: "API_CONFIGURATION_ERROR" },
      });
    }
  });
});
