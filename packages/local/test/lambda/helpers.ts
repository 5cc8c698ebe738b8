import { join } from "node:path";
import type { LocalFunction, ProxyRequest } from "../../src/lambda";

export const FIXTURES = join(__dirname, "..", "fixtures", "lambda");

export function localFunction(overrides: Partial<LocalFunction> = {}): LocalFunction {
  return {
    id: "Stack/HandlerFn",
    runtime: "nodejs22.x",
    handler: "index.handler",
    codeDir: join(FIXTURES, "cjs"),
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    ...overrides,
  };
}

export function proxyRequest(overrides: Partial<ProxyRequest> = {}): ProxyRequest {
  return {
    method: "GET",
    path: "/event",
    rawQuery: "",
    headers: [
      ["Host", "localhost:3000"],
      ["User-Agent", "test-agent/1.0"],
    ],
    body: Buffer.alloc(0),
    resource: "/{proxy+}",
    pathParameters: null,
    stage: "prod",
    stageVariables: null,
    apiId: "abc123defg",
    accountId: "123456789012",
    requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    requestTimeEpoch: Date.UTC(2026, 10, 25, 3, 10, 0),
    sourceIp: "127.0.0.1",
    domainName: "localhost:3000",
    protocol: "HTTP/1.1",
    resourceId: "a1b2c3",
    ...overrides,
  };
}
