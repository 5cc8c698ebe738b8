import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  LambdaRunner,
  type LambdaOutcome,
  type LambdaRunnerOptions,
  type ProxyResponse,
} from "../../src/lambda";
import { FIXTURES, localFunction, proxyRequest } from "./helpers";

const runners: LambdaRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.close()));
});

interface Logged {
  readonly functionId: string;
  readonly line: string;
}

function newRunner(options: LambdaRunnerOptions = {}): { runner: LambdaRunner; logs: Logged[] } {
  const logs: Logged[] = [];
  const runner = new LambdaRunner({ log: (functionId, line) => logs.push({ functionId, line }), ...options });
  runners.push(runner);
  return { runner, logs };
}

function responseOf(outcome: LambdaOutcome): ProxyResponse {
  if (outcome.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome.response;
}

const jsonOf = <T = Record<string, unknown>>(outcome: LambdaOutcome): T =>
  JSON.parse(responseOf(outcome).body.toString("utf8")) as T;

const resultRequest = (result: unknown) =>
  proxyRequest({ method: "POST", path: "/result", body: Buffer.from(JSON.stringify({ result })) });

describe("LambdaRunner", () => {
  test("invokes a CommonJS handler with the proxy event and maps its response", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(
      localFunction(),
      proxyRequest({ path: "/event", rawQuery: "a=1&a=2&q=x+y", headers: [["X-Custom", "v"]] }),
      5000,
    );
    const response = responseOf(outcome);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual([["content-type", "application/json"]]);
    const event = JSON.parse(response.body.toString("utf8")) as Record<string, unknown>;
    expect(event).toMatchObject({
      path: "/event",
      httpMethod: "GET",
      headers: { "X-Custom": "v" },
      queryStringParameters: { a: "2", q: "x y" },
      multiValueQueryStringParameters: { a: ["1", "2"], q: ["x y"] },
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { path: "/prod/event", stage: "prod", requestTime: "25/Nov/2026:03:10:00 +0000" },
    });
  });

  test("keeps the module warm: state persists across invocations", async () => {
    const { runner } = newRunner();
    const fn = localFunction();
    const first = jsonOf<{ count: number; environmentId: string }>(
      await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000),
    );
    const second = jsonOf<{ count: number; environmentId: string }>(
      await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000),
    );
    expect(first.count).toBe(1);
    expect(second).toEqual({ count: 2, environmentId: first.environmentId });
  });

  test("functions are isolated from each other: each has its own module instance", async () => {
    const { runner } = newRunner();
    const a = localFunction({ id: "Stack/A" });
    const b = localFunction({ id: "Stack/B" });
    await runner.invoke(a, proxyRequest({ path: "/count" }), 5000);
    await runner.invoke(a, proxyRequest({ path: "/count" }), 5000);
    expect(jsonOf(await runner.invoke(b, proxyRequest({ path: "/count" }), 5000))).toMatchObject({
      count: 1,
    });
  });

  test("runs the handler with its environment and the variables the Lambda runtime sets", async () => {
    process.env.SPECGATE_HOST_ONLY = "must not leak";
    try {
      const { runner } = newRunner({
        baseEnvironment: { AWS_REGION: "eu-west-1", SHARED: "base", TABLE: "base" },
      });
      const fn = localFunction({ environment: { TABLE: "pets" }, memoryMb: 256 });
      const env = jsonOf<Record<string, string>>(
        await runner.invoke(fn, proxyRequest({ path: "/env" }), 5000),
      );
      expect(env).toMatchObject({
        TABLE: "pets",
        SHARED: "base",
        AWS_REGION: "eu-west-1",
        AWS_DEFAULT_REGION: "eu-west-1",
        AWS_LAMBDA_FUNCTION_NAME: "Stack-HandlerFn",
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
        AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/Stack-HandlerFn",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        LAMBDA_TASK_ROOT: join(FIXTURES, "cjs"),
        _HANDLER: "index.handler",
      });
      expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(env).not.toHaveProperty("SPECGATE_HOST_ONLY");
    } finally {
      delete process.env.SPECGATE_HOST_ONLY;
    }
  });

  test("process.cwd() is the function's code folder, as on Lambda", async () => {
    const { runner } = newRunner();
    expect(jsonOf(await runner.invoke(localFunction(), proxyRequest({ path: "/cwd" }), 5000))).toEqual({
      cwd: join(FIXTURES, "cjs"),
      resolved: join(FIXTURES, "cjs", "data.json"),
    });
  });

  test("passes a realistic context object", async () => {
    const { runner } = newRunner({ baseEnvironment: { AWS_REGION: "eu-central-1" } });
    const fn = localFunction({ timeoutSeconds: 10 });
    const first = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/context" }), 5000));
    const second = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/context" }), 5000));
    expect(first).toMatchObject({
      functionName: "Stack-HandlerFn",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:Stack-HandlerFn",
      memoryLimitInMB: "128",
      logGroupName: "/aws/lambda/Stack-HandlerFn",
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(first.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.awsRequestId).not.toBe(first.awsRequestId);
    expect(first.remaining).toBeGreaterThan(0);
    expect(first.remaining).toBeLessThanOrEqual(10_000);
  });

  test("a thrown error is an integration failure", async () => {
    const { runner, logs } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/throw" }), 5000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: "TypeError: boom" });
    expect(logs.some(({ line }) => /ERROR\tInvoke Error \t.*"errorMessage":"boom"/.test(line))).toBe(true);
  });

  test("a thrown error comes with the error Lambda's Invoke answers: type, message and stack", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/throw" }), 5000);
    const error = JSON.parse((outcome as { error: string }).error) as Record<string, unknown>;
    expect(error).toMatchObject({ errorType: "TypeError", errorMessage: "boom" });
    expect((error.trace as string[])[0]).toBe("TypeError: boom");
  });

  test("an invocation with an event of its own answers the result as the function returned it", async () => {
    const { runner } = newRunner();
    const event = JSON.stringify({
      path: "/result",
      body: JSON.stringify({ result: ["not", "a", "proxy result"] }),
    });
    const outcome = await runner.invokeWith(localFunction(), event, "123456789012", 5000);
    expect(outcome).toEqual({ kind: "payload", payload: '["not","a","proxy result"]' });
  });

  test("a thrown non-error value is an integration failure", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/throw-string" }), 5000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: "string: plain text" });
  });

  test.each(["/crash", "/reject-unhandled", "/exit"])(
    "%s takes down only its execution environment, which is replaced",
    async (path) => {
      const { runner } = newRunner();
      const fn = localFunction();
      const other = localFunction({ id: "Stack/Other" });
      const before = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
      await runner.invoke(other, proxyRequest({ path: "/count" }), 5000);

      const outcome = await runner.invoke(fn, proxyRequest({ path }), 5000);
      expect(outcome.kind).toBe("integration-failure");

      const after = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
      expect(after.count).toBe(1);
      expect(after.environmentId).not.toBe(before.environmentId);
      // The other function's environment kept its state.
      expect(jsonOf(await runner.invoke(other, proxyRequest({ path: "/count" }), 5000))).toMatchObject({
        count: 2,
      });
    },
  );

  test.each([
    ["an unknown top-level key", { statusCode: 200, body: "x", extra: true }],
    ["a non-numeric status", { statusCode: "two hundred" }],
    ["a non-list multiValueHeaders value", { statusCode: 200, multiValueHeaders: { "X-A": "1" } }],
    ["a bare string", "just text"],
    ["an object body", { statusCode: 200, body: { not: "a string" } }],
  ])("a result with %s is a malformed Lambda proxy response", async (_name, result) => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), resultRequest(result), 5000);
    expect(outcome.kind).toBe("integration-failure");
    if (outcome.kind === "integration-failure")
      expect(outcome.detail).toMatch(/^Malformed Lambda proxy response: /);
  });

  test("a handler that returns nothing is a malformed response", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/undefined" }), 5000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: expect.stringMatching(/returned null/),
    });
  });

  test("a result that cannot be serialized is an integration failure", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/circular" }), 5000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: expect.stringMatching(/SerializationError/),
    });
  });

  test("a response above Lambda's 6 MB payload limit is an integration failure", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(localFunction(), proxyRequest({ path: "/big" }), 5000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: expect.stringMatching(/6 MB/) });
  });

  test("{} is a 200 with an empty body", async () => {
    const { runner } = newRunner();
    const response = responseOf(await runner.invoke(localFunction(), resultRequest({}), 5000));
    expect(response).toEqual({
      statusCode: 200,
      headers: [["content-type", "application/json"]],
      body: Buffer.alloc(0),
    });
  });

  test('"statusCode": "201" as a string is accepted', async () => {
    const { runner } = newRunner();
    const response = responseOf(
      await runner.invoke(localFunction(), resultRequest({ statusCode: "201", body: "ok" }), 5000),
    );
    expect(response.statusCode).toBe(201);
    expect(response.body.toString()).toBe("ok");
  });

  test("a base64 body is decoded to its bytes", async () => {
    const { runner } = newRunner();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const response = responseOf(
      await runner.invoke(
        localFunction(),
        resultRequest({
          statusCode: 200,
          headers: { "Content-Type": "image/png" },
          body: bytes.toString("base64"),
          isBase64Encoded: true,
        }),
        5000,
      ),
    );
    expect(response.body.equals(bytes)).toBe(true);
    expect(response.headers).toEqual([["Content-Type", "image/png"]]);
  });

  test("single and multi-value headers of the result are merged", async () => {
    const { runner } = newRunner();
    const response = responseOf(
      await runner.invoke(
        localFunction(),
        resultRequest({ headers: { "Set-Cookie": "b=2" }, multiValueHeaders: { "Set-Cookie": ["a=1"] } }),
        5000,
      ),
    );
    expect(response.headers).toEqual([
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["content-type", "application/json"],
    ]);
  });

  test("a callback-style handler answers through its callback", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ id: "Stack/Callback", handler: "index.callback" });
    const response = responseOf(await runner.invoke(fn, proxyRequest({ path: "/ok" }), 5000));
    expect(response.statusCode).toBe(201);
    expect(response.body.toString()).toBe("from a callback");
    expect(await runner.invoke(fn, proxyRequest({ path: "/fail" }), 5000)).toMatchObject({
      kind: "integration-failure",
      detail: "Error: callback failure",
    });
  });

  test("a synchronous handler without a callback returns no result, as on Lambda", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ id: "Stack/Sync", handler: "index.synchronous" });
    expect(await runner.invoke(fn, proxyRequest(), 5000)).toMatchObject({ kind: "integration-failure" });
  });

  test("a handler reached through a nested export path is invoked", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ id: "Stack/Nested", handler: "index.nested.deeper" });
    expect(responseOf(await runner.invoke(fn, proxyRequest(), 5000)).body.toString()).toBe("nested");
  });

  test("loads an ES module from a .mjs file", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ id: "Stack/Mjs", codeDir: join(FIXTURES, "esm-mjs") });
    expect(jsonOf(await runner.invoke(fn, proxyRequest(), 5000))).toEqual({
      kind: "mjs",
      count: 1,
      esm: true,
    });
    expect(jsonOf(await runner.invoke(fn, proxyRequest(), 5000))).toEqual({
      kind: "mjs",
      count: 2,
      esm: true,
    });
  });

  test('loads a .js ES module under "type": "module" from a nested handler path', async () => {
    const { runner } = newRunner();
    const fn = localFunction({
      id: "Stack/Esm",
      codeDir: join(FIXTURES, "esm-type-module"),
      handler: "src/app.handler",
    });
    const response = responseOf(
      await runner.invoke(
        fn,
        proxyRequest({ resource: "/hello/{name}", pathParameters: { name: "Ada" } }),
        5000,
      ),
    );
    expect(response.body.toString()).toBe("Hello, Ada!");
    expect(response.headers).toEqual([["Content-Type", "text/plain"]]);
  });

  test("loads a .cjs file", async () => {
    const { runner } = newRunner();
    const fn = localFunction({
      id: "Stack/Cjs",
      codeDir: join(FIXTURES, "cjs-ext"),
      handler: "handler.main",
    });
    expect(responseOf(await runner.invoke(fn, proxyRequest(), 5000)).statusCode).toBe(204);
  });

  test.each([
    [
      "a missing module",
      "missing.handler",
      /^Runtime\.ImportModuleError: Error: Cannot find module 'missing'/,
    ],
    [
      "a missing export",
      "noexport.handler",
      /^Runtime\.HandlerNotFound: noexport\.handler is undefined or not exported/,
    ],
    ["a syntax error", "syntax.handler", /^Runtime\.UserCodeSyntaxError: SyntaxError/],
    ["an error thrown at init", "init-throws.handler", /^Error: cannot connect at init/],
    ["a malformed handler setting", "nodot", /^Runtime\.MalformedHandlerName/],
  ])("%s fails the invocation, and the next one retries initialization", async (_name, handler, detail) => {
    const { runner } = newRunner();
    const fn = localFunction({ id: "Stack/Broken", codeDir: join(FIXTURES, "broken"), handler });
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await runner.invoke(fn, proxyRequest(), 5000);
      expect(outcome.kind).toBe("integration-failure");
      if (outcome.kind === "integration-failure") expect(outcome.detail).toMatch(detail);
    }
  });

  test("the integration timeout answers timeout, stops the environment, and the next invocation works", async () => {
    const { runner, logs } = newRunner();
    const fn = localFunction();
    const before = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
    const outcome = await runner.invoke(fn, proxyRequest({ path: "/hang" }), 200);
    expect(outcome).toMatchObject({
      kind: "timeout",
      detail: expect.stringMatching(/timed out after 200 ms/),
    });
    expect(logs.some(({ line }) => line.endsWith("Integration timed out after 200 ms"))).toBe(true);
    const after = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
    expect(after.count).toBe(1);
    expect(after.environmentId).not.toBe(before.environmentId);
  });

  test("each invocation keeps its own integration timeout, shorter ones while longer ones wait", async () => {
    const { runner } = newRunner();
    const fn = localFunction();
    let longSettled = false;
    const long = runner.invoke(fn, proxyRequest({ path: "/hang" }), 1000).then((outcome) => {
      longSettled = true;
      return outcome;
    });
    const short = await runner.invoke(fn, proxyRequest({ path: "/hang" }), 100);
    expect(short).toMatchObject({ kind: "timeout", detail: expect.stringMatching(/after 100 ms/) });
    expect(longSettled).toBe(false);
    expect(await long).toMatchObject({ kind: "timeout", detail: expect.stringMatching(/after 1000 ms/) });
  });

  test("a waiting request times out by its integration timeout even when no environment frees up", async () => {
    const { runner } = newRunner({ maxConcurrencyPerFunction: 1 });
    const fn = localFunction();
    const running = runner.invoke(fn, proxyRequest({ path: "/hang" }), 600);
    const waiting = await runner.invoke(fn, proxyRequest({ path: "/count" }), 100);
    expect(waiting).toMatchObject({ kind: "timeout", detail: expect.stringMatching(/after 100 ms/) });
    expect(await running).toMatchObject({ kind: "timeout" });
  });

  test("a function's own timeout still applies to every invocation after fast ones", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ timeoutSeconds: 0.3 });
    for (let i = 0; i < 20; i++)
      expect((await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000)).kind).toBe("response");
    const outcome = await runner.invoke(fn, proxyRequest({ path: "/hang" }), 5000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: "Task timed out after 0.30 seconds",
    });
  });

  test("an event above Lambda's 6 MB invocation limit is an integration failure", async () => {
    const { runner } = newRunner();
    const body = Buffer.alloc(7 * 1024 * 1024, "a");
    const outcome = await runner.invoke(localFunction(), proxyRequest({ method: "POST", body }), 5000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: expect.stringMatching(/6 MB/) });
  });

  test.each(["/hang", "/busy"])(
    "the function's own timeout on %s is an integration failure; its environment is replaced",
    async (path) => {
      const { runner, logs } = newRunner();
      const fn = localFunction({ timeoutSeconds: 0.2 });
      const before = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
      const outcome = await runner.invoke(fn, proxyRequest({ path }), 5000);
      expect(outcome).toMatchObject({
        kind: "integration-failure",
        detail: "Task timed out after 0.20 seconds",
      });
      expect(logs.some(({ line }) => line.endsWith("Task timed out after 0.20 seconds"))).toBe(true);
      const after = jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000));
      expect(after.count).toBe(1);
      expect(after.environmentId).not.toBe(before.environmentId);
    },
  );

  test("a function that outgrows its MemorySize fails, and its environment is replaced", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ memoryMb: 64 });
    const outcome = await runner.invoke(fn, proxyRequest({ path: "/hog" }), 20_000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: expect.stringMatching(/memory/i) });
    expect(jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000))).toMatchObject({
      count: 1,
    });
  });

  test("--enable-source-maps in the function's NODE_OPTIONS is honored", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ environment: { NODE_OPTIONS: "--enable-source-maps" } });
    expect(jsonOf(await runner.invoke(fn, proxyRequest({ path: "/source-maps" }), 5000))).toBe(true);
    expect(jsonOf(await runner.invoke(localFunction(), proxyRequest({ path: "/source-maps" }), 5000))).toBe(
      false,
    );
  });

  test("other runtimes are reported as unsupported", async () => {
    const { runner } = newRunner();
    const fn = localFunction({ runtime: "java21", handler: "example.Handler::handleRequest" });
    expect(await runner.invoke(fn, proxyRequest(), 5000)).toEqual({
      kind: "unsupported-runtime",
      runtime: "java21",
    });
  });

  test("handler console output goes to the log callback in the Lambda format, with the function id", async () => {
    const { runner, logs } = newRunner();
    await runner.invoke(localFunction(), proxyRequest({ path: "/log" }), 5000);
    expect(logs).toContainEqual({
      functionId: "Stack/HandlerFn",
      line: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\thello world \{ a: 1 \}$/),
    });
    expect(logs).toContainEqual({
      functionId: "Stack/HandlerFn",
      line: expect.stringMatching(/\tERROR\tsomething failed$/),
    });
    await expect.poll(() => logs).toContainEqual({ functionId: "Stack/HandlerFn", line: "raw output" });
  });

  test("concurrent requests run in separate environments, never more than the limit", async () => {
    const { runner } = newRunner({ maxConcurrencyPerFunction: 2 });
    const fn = localFunction();
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        runner.invoke(fn, proxyRequest({ path: "/sleep", rawQuery: "ms=50" }), 10_000),
      ),
    );
    const environments = new Set(outcomes.map((outcome) => jsonOf(outcome).environmentId));
    expect(environments.size).toBeGreaterThanOrEqual(1);
    expect(environments.size).toBeLessThanOrEqual(2);
  });

  test("with a limit of one, requests wait for the single warm environment", async () => {
    const { runner } = newRunner({ maxConcurrencyPerFunction: 1 });
    const fn = localFunction();
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => runner.invoke(fn, proxyRequest({ path: "/count" }), 10_000)),
    );
    expect(outcomes.map((outcome) => jsonOf(outcome).count).sort()).toEqual([1, 2, 3, 4]);
  });

  /** Invokes `fn` once, so that its environment knows how fast it answers. */
  const warm = async (runner: LambdaRunner, fn = localFunction()) => {
    for (let i = 0; i < 3; i++) await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000);
  };

  test("a burst of invocations of a fast function runs them one at a time in each environment", async () => {
    const { runner } = newRunner();
    const fn = localFunction();
    await warm(runner, fn);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => runner.invoke(fn, proxyRequest({ path: "/alone" }), 10_000)),
    );
    const results = outcomes.map((outcome) => jsonOf<{ others: number; environmentId: string }>(outcome));
    expect(results.filter(({ others }) => others !== 0)).toEqual([]);
    expect(new Set(results.map(({ environmentId }) => environmentId)).size).toBeLessThanOrEqual(4);
  });

  test("requests given to a fast function's environment behind a slow invocation are answered by another", async () => {
    const { runner } = newRunner();
    const fn = localFunction();
    await warm(runner, fn);
    let slowAnswered = false;
    const slow = runner
      .invoke(fn, proxyRequest({ path: "/sleep", rawQuery: "ms=1500" }), 10_000)
      .then((outcome) => {
        slowAnswered = true;
        return jsonOf(outcome);
      });
    const fast = await Promise.all(
      Array.from({ length: 20 }, () => runner.invoke(fn, proxyRequest({ path: "/count" }), 10_000)),
    );
    expect(slowAnswered).toBe(false);
    expect(fast.map((outcome) => outcome.kind)).toEqual(Array(20).fill("response"));
    const slowEnvironment = (await slow).environmentId;
    expect(fast.some((outcome) => jsonOf(outcome).environmentId === slowEnvironment)).toBe(false);
  });

  test("when an environment crashes, the requests it held without starting them are answered by another", async () => {
    const { runner } = newRunner({ maxConcurrencyPerFunction: 1 });
    const fn = localFunction();
    await warm(runner, fn);
    const crashed = runner.invoke(fn, proxyRequest({ path: "/crash" }), 10_000);
    const after = await Promise.all(
      Array.from({ length: 10 }, () => runner.invoke(fn, proxyRequest({ path: "/count" }), 10_000)),
    );
    expect(await crashed).toMatchObject({ kind: "integration-failure" });
    expect(after.map((outcome) => jsonOf(outcome).count).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
  });

  test("when an invocation given behind others times out, it alone fails and none runs twice", async () => {
    const { runner, logs } = newRunner({ maxConcurrencyPerFunction: 1 });
    const fn = localFunction({ timeoutSeconds: 0.5 });
    await warm(runner, fn);
    const paths = ["/count", "/count", "/count", "/busy", "/count", "/count", "/count"];
    const outcomes = await Promise.all(
      paths.map((path) => runner.invoke(fn, proxyRequest({ path }), 10_000)),
    );
    expect(outcomes[3]).toMatchObject({
      kind: "integration-failure",
      detail: "Task timed out after 0.50 seconds",
    });
    const counts = outcomes.filter((_, i) => i !== 3).map((outcome) => jsonOf(outcome));
    expect(counts.slice(0, 3).map(({ count }) => count)).toEqual([4, 5, 6]);
    expect(counts.slice(3).map(({ count }) => count)).toEqual([1, 2, 3]);
    expect(logs.filter(({ line }) => line.endsWith("Task timed out after 0.50 seconds"))).toHaveLength(1);
  });

  test("reset drops warm environments: the next invocation reloads the module", async () => {
    const { runner } = newRunner();
    const fn = localFunction();
    await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000);
    await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000);
    await runner.reset();
    expect(jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 5000))).toMatchObject({
      count: 1,
    });
  });

  test("a changed function definition gets fresh environments", async () => {
    const { runner } = newRunner();
    await runner.invoke(localFunction(), proxyRequest({ path: "/count" }), 5000);
    const changed = localFunction({ environment: { VERSION: "2" } });
    expect(jsonOf(await runner.invoke(changed, proxyRequest({ path: "/count" }), 5000))).toMatchObject({
      count: 1,
    });
  });

  test("close fails requests still running and ends every environment", async () => {
    const { runner } = newRunner();
    const pending = runner.invoke(localFunction(), proxyRequest({ path: "/hang" }), 10_000);
    await runner.invoke(localFunction({ id: "Stack/Other" }), proxyRequest({ path: "/count" }), 5000);
    await runner.close();
    expect(await pending).toMatchObject({ kind: "integration-failure" });
  });
});
