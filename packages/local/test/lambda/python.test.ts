import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { LambdaRunner, type LambdaOutcome, type LocalFunction } from "../../src/lambda";
import { FIXTURES, localFunction, proxyRequest } from "./helpers";

const runners: LambdaRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.close()));
});

function newRunner(): { runner: LambdaRunner; logs: string[] } {
  const logs: string[] = [];
  const runner = new LambdaRunner({ log: (functionId, line) => logs.push(`[${functionId}] ${line}`) });
  runners.push(runner);
  return { runner, logs };
}

const python = (overrides: Partial<LocalFunction> = {}): LocalFunction =>
  localFunction({
    id: "Stack/PythonFn",
    runtime: "python3.12",
    handler: "index.handler",
    codeDir: join(FIXTURES, "python"),
    ...overrides,
  });

function jsonOf(outcome: LambdaOutcome): Record<string, unknown> {
  if (outcome.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return JSON.parse(outcome.response.body.toString("utf8")) as Record<string, unknown>;
}

describe("Python execution environments", () => {
  test("run the handler with the proxy event and map its response", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(
      python(),
      proxyRequest({ path: "/event", rawQuery: "q=x+y" }),
      10_000,
    );
    expect(jsonOf(outcome)).toMatchObject({
      path: "/event",
      queryStringParameters: { q: "x y" },
      body: null,
    });
  });

  test("give the handler Lambda's context", async () => {
    const { runner } = newRunner();
    const context = jsonOf(
      await runner.invoke(python({ timeoutSeconds: 7 }), proxyRequest({ path: "/context" }), 10_000),
    );
    expect(context).toMatchObject({
      functionName: "Stack-PythonFn",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:Stack-PythonFn",
      memoryLimitInMB: 128,
      logGroupName: "/aws/lambda/Stack-PythonFn",
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remaining).toBeGreaterThan(5000);
    expect(context.remaining).toBeLessThanOrEqual(7000);
  });

  test("give the handler the function's environment", async () => {
    const { runner } = newRunner();
    const env = jsonOf(
      await runner.invoke(
        python({ environment: { GREETING: "hi" } }),
        proxyRequest({ path: "/env" }),
        10_000,
      ),
    );
    expect(env).toEqual({ greeting: "hi", handler: "index.handler" });
  });

  test("import the modules beside the handler and the packages installed into its folder", async () => {
    const { runner } = newRunner();
    expect(jsonOf(await runner.invoke(python(), proxyRequest({ path: "/modules" }), 10_000))).toEqual({
      beside: "hello py",
      installed: "LOUD!",
    });
  });

  test("stay warm: one environment serves one invocation after another", async () => {
    const { runner } = newRunner();
    const first = jsonOf(await runner.invoke(python(), proxyRequest({ path: "/count" }), 10_000));
    const second = jsonOf(await runner.invoke(python(), proxyRequest({ path: "/count" }), 10_000));
    expect(second).toEqual({ invocations: (first.invocations as number) + 1, pid: first.pid });
  });

  test("answer concurrent invocations, each environment running one at a time", async () => {
    const { runner } = newRunner();
    const fn = python();
    const slow = runner.invoke(fn, proxyRequest({ path: "/sleep", rawQuery: "seconds=0.3" }), 10_000);
    const fast = await Promise.all(
      Array.from({ length: 12 }, () => runner.invoke(fn, proxyRequest({ path: "/count" }), 10_000)),
    );
    const pids = new Set(fast.map((outcome) => jsonOf(outcome).pid));
    expect(pids.size).toBeLessThanOrEqual(4);
    expect(jsonOf(await slow)).toEqual({ slept: true });
  });

  test("show print and logging output with the function's name, logging in Lambda's format", async () => {
    const { runner, logs } = newRunner();
    await runner.invoke(python(), proxyRequest({ path: "/log" }), 10_000);
    expect(logs).toContain("[Stack/PythonFn] printed line");
    expect(
      logs.some((line) =>
        /^\[Stack\/PythonFn\] \[INFO\]\t\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tlogged at info$/.test(line),
      ),
    ).toBe(true);
  });

  test("answer an exception as Lambda's Python runtime does: type, message, request id, the handler's frames", async () => {
    const { runner, logs } = newRunner();
    const outcome = await runner.invoke(python(), proxyRequest({ path: "/throw" }), 10_000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: "ValueError: bad value" });
    const error = JSON.parse((outcome as { error: string }).error) as Record<string, unknown>;
    expect(error).toMatchObject({ errorMessage: "bad value", errorType: "ValueError" });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.stackTrace).toEqual([
      expect.stringMatching(/index\.py", line \d+, in handler\n {4}raise ValueError/),
    ]);
    expect(logs.some((line) => line.includes("[ERROR] ValueError: bad value"))).toBe(true);
  });

  test("answer a result that is not JSON as Runtime.MarshalError", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(python(), proxyRequest({ path: "/unserializable" }), 10_000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: expect.stringMatching(/^Runtime\.MarshalError: Unable to marshal response/),
    });
  });

  test("apply the function's timeout, and replace the environment", async () => {
    const { runner } = newRunner();
    const fn = python({ timeoutSeconds: 1 });
    const slow = await runner.invoke(fn, proxyRequest({ path: "/sleep", rawQuery: "seconds=5" }), 10_000);
    expect(slow).toMatchObject({ kind: "integration-failure", detail: "Task timed out after 1.00 seconds" });
    expect(JSON.parse((slow as { error: string }).error)).toMatchObject({ errorType: "Sandbox.Timedout" });
    expect(jsonOf(await runner.invoke(fn, proxyRequest({ path: "/count" }), 10_000))).toMatchObject({
      invocations: 1,
    });
  });

  test("apply the function's memory size", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(python({ memoryMb: 128 }), proxyRequest({ path: "/hog" }), 10_000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: expect.stringMatching(/^Runtime\.OutOfMemory/),
    });
  });

  test("answer sys.exit as Lambda does: the runtime exited", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(python(), proxyRequest({ path: "/exit" }), 10_000);
    expect(outcome).toMatchObject({
      kind: "integration-failure",
      detail: "Runtime exited with error: exit status 3",
    });
  });

  test.each([
    ["index.nowhere", /^Runtime\.HandlerNotFound: Handler 'nowhere' missing on module 'index'/],
    [
      "missing.handler",
      /^Runtime\.ImportModuleError: Unable to import module 'missing': No module named 'missing'/,
    ],
    ["nodot", /^Runtime\.MalformedHandlerName: Bad handler 'nodot'/],
  ])("answer a handler %s that cannot load as Lambda's init error", async (handler, detail) => {
    const { runner } = newRunner();
    const outcome = await runner.invoke(python({ handler }), proxyRequest(), 10_000);
    expect(outcome).toMatchObject({ kind: "integration-failure", detail: expect.stringMatching(detail) });
  });

  test("answer an event of their own with the result as returned, for a Lambda custom integration", async () => {
    const { runner } = newRunner();
    const outcome = await runner.invokeWith(
      python({ handler: "index.echo" }),
      '{"greeter":"Ada"}',
      "123456789012",
      10_000,
    );
    expect(outcome).toEqual({ kind: "payload", payload: '{"greeter": "Ada"}' });
  });
});
