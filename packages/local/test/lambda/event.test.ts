import { describe, expect, test } from "vitest";
import { buildProxyEvent } from "../../src/lambda";
import { proxyRequest } from "./helpers";

describe("buildProxyEvent", () => {
  test("builds every field of the v1.0 proxy event", () => {
    const event = buildProxyEvent(
      proxyRequest({
        method: "POST",
        path: "/pets/42",
        rawQuery: "limit=10",
        resource: "/pets/{petId}",
        pathParameters: { petId: "42" },
        stageVariables: { table: "pets" },
        body: Buffer.from('{"name":"Rex"}'),
        headers: [
          ["Host", "localhost:3000"],
          ["Content-Type", "application/json"],
          ["User-Agent", "curl/8.5.0"],
        ],
      }),
    );
    expect(event).toEqual({
      resource: "/pets/{petId}",
      path: "/pets/42",
      httpMethod: "POST",
      headers: {
        Host: "localhost:3000",
        "Content-Type": "application/json",
        "User-Agent": "curl/8.5.0",
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "3000",
        "X-Forwarded-Proto": "http",
        "X-Amzn-Trace-Id": expect.stringMatching(/^Root=1-6b065188-[0-9a-f]{24}$/),
      },
      multiValueHeaders: {
        Host: ["localhost:3000"],
        "Content-Type": ["application/json"],
        "User-Agent": ["curl/8.5.0"],
        "X-Forwarded-For": ["127.0.0.1"],
        "X-Forwarded-Port": ["3000"],
        "X-Forwarded-Proto": ["http"],
        "X-Amzn-Trace-Id": [expect.stringMatching(/^Root=1-6b065188-[0-9a-f]{24}$/)],
      },
      queryStringParameters: { limit: "10" },
      multiValueQueryStringParameters: { limit: ["10"] },
      pathParameters: { petId: "42" },
      stageVariables: { table: "pets" },
      requestContext: {
        resourceId: "a1b2c3",
        resourcePath: "/pets/{petId}",
        httpMethod: "POST",
        extendedRequestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        requestTime: "25/Nov/2026:03:10:00 +0000",
        path: "/prod/pets/42",
        accountId: "123456789012",
        protocol: "HTTP/1.1",
        stage: "prod",
        domainPrefix: "localhost",
        requestTimeEpoch: Date.UTC(2026, 10, 25, 3, 10, 0),
        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        identity: {
          cognitoIdentityPoolId: null,
          accountId: null,
          cognitoIdentityId: null,
          caller: null,
          sourceIp: "127.0.0.1",
          principalOrgId: null,
          accessKey: null,
          cognitoAuthenticationType: null,
          cognitoAuthenticationProvider: null,
          userArn: null,
          userAgent: "curl/8.5.0",
          user: null,
        },
        domainName: "localhost:3000",
        apiId: "abc123defg",
      },
      body: '{"name":"Rex"}',
      isBase64Encoded: false,
    });
  });

  test("absent query string, path parameters, stage variables and body are null, not {}", () => {
    const event = buildProxyEvent(proxyRequest({ rawQuery: "", pathParameters: null, stageVariables: null }));
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.stageVariables).toBeNull();
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
  });

  test("API Gateway's forwarding headers and trace id are added; a client's X-Forwarded-For is extended", () => {
    const event = buildProxyEvent(
      proxyRequest({
        domainName: "api.example.com",
        headers: [
          ["x-forwarded-for", "203.0.113.9"],
          ["X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000"],
        ],
      }),
    );
    expect(event.headers).toEqual({
      "x-forwarded-for": "203.0.113.9, 127.0.0.1",
      "X-Amzn-Trace-Id": "Root=1-00000000-000000000000000000000000",
      "X-Forwarded-Port": "80",
      "X-Forwarded-Proto": "http",
    });
    expect(event.multiValueHeaders?.["x-forwarded-for"]).toEqual(["203.0.113.9, 127.0.0.1"]);
    expect(event.requestContext.identity.userAgent).toBeNull();
    expect(event.requestContext.domainPrefix).toBe("api");
  });

  test("one request always gives the same generated ids", () => {
    const a = buildProxyEvent(proxyRequest());
    const b = buildProxyEvent(proxyRequest());
    expect(b.requestContext.extendedRequestId).toBe(a.requestContext.extendedRequestId);
    expect(b.headers?.["X-Amzn-Trace-Id"]).toBe(a.headers?.["X-Amzn-Trace-Id"]);
    const other = buildProxyEvent(proxyRequest({ requestId: "another-request" }));
    expect(other.requestContext.extendedRequestId).not.toBe(a.requestContext.extendedRequestId);
  });

  test("there is no requestContext.authorizer without an authorizer", () => {
    expect(buildProxyEvent(proxyRequest()).requestContext).not.toHaveProperty("authorizer");
  });

  test("a repeated query key keeps its last value in queryStringParameters and all in the multi-value map", () => {
    const event = buildProxyEvent(proxyRequest({ rawQuery: "tag=a&tag=b&limit=5&tag=c" }));
    expect(event.queryStringParameters).toEqual({ tag: "c", limit: "5" });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ["a", "b", "c"], limit: ["5"] });
  });

  test("the query string is decoded: + is a space and percent escapes are resolved", () => {
    const event = buildProxyEvent(
      proxyRequest({ rawQuery: "q=hello+world&name=J%C3%BCrgen%20M&a%2Bb=1%2B1" }),
    );
    expect(event.queryStringParameters).toEqual({ q: "hello world", name: "Jürgen M", "a+b": "1+1" });
  });

  test("a query key without a value is an empty string and a malformed escape stays as sent", () => {
    const event = buildProxyEvent(proxyRequest({ rawQuery: "flag&&bad=100%&x=" }));
    expect(event.queryStringParameters).toEqual({ flag: "", bad: "100%", x: "" });
  });

  test("query keys like __proto__ stay plain keys", () => {
    const event = buildProxyEvent(proxyRequest({ rawQuery: "__proto__=x&constructor=y" }));
    expect(Object.keys(event.queryStringParameters ?? {})).toEqual(["__proto__", "constructor"]);
    expect(event.multiValueQueryStringParameters?.["__proto__"]).toEqual(["x"]);
  });

  test("the path and path parameters are not percent-decoded", () => {
    const event = buildProxyEvent(
      proxyRequest({
        path: "/files/a%20b/c%2Fd",
        resource: "/files/{proxy+}",
        pathParameters: { proxy: "a%20b/c%2Fd" },
      }),
    );
    expect(event.path).toBe("/files/a%20b/c%2Fd");
    expect(event.pathParameters).toEqual({ proxy: "a%20b/c%2Fd" });
    expect(event.requestContext.path).toBe("/prod/files/a%20b/c%2Fd");
  });

  test("a trailing slash stays in path and requestContext.path", () => {
    const event = buildProxyEvent(proxyRequest({ path: "/pets/", resource: "/pets" }));
    expect(event.path).toBe("/pets/");
    expect(event.requestContext.path).toBe("/prod/pets/");
  });

  test("path has no stage while requestContext.path has it", () => {
    const event = buildProxyEvent(proxyRequest({ path: "/pets", stage: "dev" }));
    expect(event.path).toBe("/pets");
    expect(event.requestContext.path).toBe("/dev/pets");
    expect(event.requestContext.stage).toBe("dev");
  });

  test("repeated headers: headers holds the last value, multiValueHeaders all of them", () => {
    const event = buildProxyEvent(
      proxyRequest({
        headers: [
          ["Accept", "text/html"],
          ["X-Trace", "one"],
          ["x-trace", "two"],
          ["Accept", "application/json"],
        ],
      }),
    );
    expect(event.headers).toMatchObject({ Accept: "application/json", "X-Trace": "two" });
    expect(event.multiValueHeaders).toMatchObject({
      Accept: ["text/html", "application/json"],
      "X-Trace": ["one", "two"],
    });
  });

  test("a body is passed as UTF-8 text, not base64, as API Gateway does without binary media types", () => {
    const event = buildProxyEvent(proxyRequest({ method: "PUT", body: Buffer.from("grüße, ☃") }));
    expect(event.body).toBe("grüße, ☃");
    expect(event.isBase64Encoded).toBe(false);
  });

  test("requestTime uses the common log format in UTC", () => {
    const event = buildProxyEvent(proxyRequest({ requestTimeEpoch: Date.UTC(2026, 0, 5, 7, 8, 9, 123) }));
    expect(event.requestContext.requestTime).toBe("05/Jan/2026:07:08:09 +0000");
    expect(event.requestContext.requestTimeEpoch).toBe(Date.UTC(2026, 0, 5, 7, 8, 9, 123));
  });

  test("names and values JSON must escape reach the function as sent", () => {
    const tricky = 'say "hi" \\ tab\t ☃ \u2028';
    const event = buildProxyEvent(
      proxyRequest({
        headers: [
          ["X-Tricky", tricky],
          ["__proto__", "header"],
        ],
        pathParameters: { id: tricky },
        stageVariables: { 'a"b': tricky },
        body: Buffer.from(tricky),
      }),
    );
    expect(event.headers?.["X-Tricky"]).toBe(tricky);
    expect(Object.keys(event.headers ?? {})).toContain("__proto__");
    expect(event.multiValueHeaders?.["__proto__"]).toEqual(["header"]);
    expect(event.pathParameters).toEqual({ id: tricky });
    expect(event.stageVariables).toEqual({ 'a"b': tricky });
    expect(event.body).toBe(tricky);
  });

  test("the event survives a JSON round trip unchanged, as Lambda delivers it", () => {
    const event = buildProxyEvent(proxyRequest({ rawQuery: "a=1&a=2", pathParameters: { id: "7" } }));
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
