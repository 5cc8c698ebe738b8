/**
 * The text of handler stubs. Every use of the generated handler wrapper is in this file, so that a
 * change to the wrapper's API is one change here.
 */
import { commentText, prettierString, tsLiteral, USER_CODE_WIDTH } from "../emit/ts";
import { moduleSpecifier, type ModuleFormat, type TestRunner } from "../project";

export interface StubFacts {
  readonly operationId: string;
  /** `sayHelloHandler`: the wrapper the generated runtime exports. */
  readonly wrapper: string;
  /** `../generated/runtime`: the generated runtime, relative to the handlers folder, as the project imports it. */
  readonly runtimeImport: string;
  /** `sayHello`: the stub's file name without `.ts`. */
  readonly fileName: string;
  /** `GET /hello: Say hello` */
  readonly route: string;
  /** The runtime's type of the body: `SayHello200ResponseBody`. */
  readonly bodyType?: string;
  /** The status the stub answers with, and a body that fits it (undefined: no body; `NO_BODY`: none could be built). */
  readonly status: number;
  readonly body: unknown;
  /** A proxy event for the operation with every required parameter (and body) set. */
  readonly event: {
    readonly method: string;
    readonly resource: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly query: Record<string, string> | null;
    readonly pathParameters: Record<string, string> | null;
    readonly body: string | null;
  };
}

/** The body of a response whose schema admits no value specgate can build: the stub throws instead. */
export const NO_BODY = Symbol("no body");

/** `callee(a, b);` on one line when it fits Prettier's default width, else an argument a line. */
function callLine(indent: string, callee: string, args: readonly string[]): string {
  const line = `${indent}${callee}(${args.join(", ")});`;
  if (line.length <= USER_CODE_WIDTH) return line;
  return `${indent}${callee}(\n${args.map((a) => `${indent}  ${a},\n`).join("")}${indent});`;
}

/** `key: "value",`, the value on the next line where Prettier puts it (keys of five characters or more). */
function stringProperty(indent: string, key: string, value: string): string {
  const line = `${indent}${key}: ${prettierString(value)},`;
  if (line.length <= USER_CODE_WIDTH || key.length < 5) return line;
  return `${indent}${key}:\n${indent}  ${prettierString(value)},`;
}

/** `import { name } from "module";`: Prettier keeps an import of one name on one line, however long. */
function importOne(name: string, from: string, typeOnly = false): string {
  return `${typeOnly ? "import type" : "import"} { ${name} } from ${prettierString(from)};`;
}

/** `handlers/<operation>.ts`: a typed handler that answers with a valid response, to be filled in. */
export function handlerStub(facts: StubFacts): string {
  // One name per import: Prettier lays those out the same at any print width.
  const imports = [importOne(facts.wrapper, facts.runtimeImport)];
  const head = `export const handler = ${facts.wrapper}(async ({ input }) => {`;
  // Prettier gives the function a line of its own when the wrapper's name leaves it no room, and
  // the call one too when even `handler = wrapper(` does not fit.
  const hugged = head.length <= USER_CODE_WIDTH;
  const moved = `export const handler = ${facts.wrapper}(`.length > USER_CODE_WIDTH;
  const o = moved ? "  " : "";
  const i = hugged ? "  " : `${o}    `;
  const lines = [
    hugged
      ? head
      : moved
        ? `export const handler =\n  ${facts.wrapper}(\n    async ({ input }) => {`
        : `export const handler = ${facts.wrapper}(\n  async ({ input }) => {`,
    `${i}// \`input.requestParameters\` and \`input.body\` are typed and already validated against the model.`,
    callLine(i, "console.info", [
      prettierString(facts.operationId),
      "JSON.stringify(input.requestParameters)",
    ]),
  ];
  if (facts.body === NO_BODY) {
    lines.push(
      `${i}// No example body could be built from the ${facts.status} response's schema: return one that fits its type.`,
      callLine(i, "throw new Error", [prettierString(`${facts.operationId} is not implemented yet`)]),
    );
  } else if (facts.body === undefined || facts.bodyType === undefined) {
    lines.push(`${i}return { statusCode: ${facts.status} };`);
  } else {
    // A declared type gives the literal its contextual type: inference alone widens some literals.
    imports.push(importOne(facts.bodyType, facts.runtimeImport, true));
    const declaration = `${i}const body: ${facts.bodyType} = `;
    const literal = tsLiteral(facts.body, i, declaration.length);
    // Prettier moves a value that cannot break (a string, a number) to the next line when it does not fit.
    const breaks = facts.body !== null && typeof facts.body === "object";
    lines.push(
      breaks || declaration.length + literal.length + 1 <= USER_CODE_WIDTH
        ? `${declaration}${literal};`
        : `${declaration.trimEnd()}\n${i}  ${literal};`,
      `${i}return { statusCode: ${facts.status}, body };`,
    );
  }
  lines.push(hugged ? "});" : `${o}  },\n${o});`);
  return [...imports, "", `/** ${commentText(facts.route)} */`, ...lines, ""].join("\n");
}

/** How a test stub imports its test functions and asserts the status, by test runner. */
const RUNNERS: Record<
  Exclude<TestRunner, "none">,
  { imports: string[]; expectStatus: (status: number) => string }
> = {
  vitest: {
    imports: [`import { describe, expect, it } from "vitest";`],
    expectStatus: (status) => `expect(result.statusCode).toBe(${status});`,
  },
  // jest's `describe`, `it` and `expect` are globals, typed by @types/jest as `cdk init` sets it up.
  jest: { imports: [], expectStatus: (status) => `expect(result.statusCode).toBe(${status});` },
  node: {
    imports: [`import { equal } from "node:assert/strict";`, `import { describe, it } from "node:test";`],
    expectStatus: (status) => `equal(result.statusCode, ${status});`,
  },
};

/** `handlers/<operation>.test.ts`: calls the handler with an API Gateway proxy event. */
export function handlerTestStub(
  facts: StubFacts,
  runner: Exclude<TestRunner, "none">,
  format: ModuleFormat,
): string {
  const { event } = facts;
  const { imports, expectStatus } = RUNNERS[runner];
  // A stub that throws answers 500 until it is implemented.
  const status = facts.body === NO_BODY ? 500 : facts.status;
  const multi = (values: Record<string, string> | null): string =>
    values === null
      ? "null"
      : tsLiteral(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]])), "    ");
  return [
    ...imports,
    `import type { ProxyEvent } from ${prettierString(facts.runtimeImport)};`,
    `import { handler } from ${prettierString(moduleSpecifier(`./${facts.fileName}`, format))};`,
    "",
    `/** An API Gateway proxy event for ${commentText(`${event.method} ${event.resource}`)} with every required parameter set. */`,
    "function event(): ProxyEvent {",
    "  return {",
    stringProperty("    ", "resource", event.resource),
    stringProperty("    ", "path", event.path),
    stringProperty("    ", "httpMethod", event.method),
    `    headers: ${tsLiteral(event.headers, "    ")},`,
    `    multiValueHeaders: ${multi(event.headers)},`,
    `    queryStringParameters: ${event.query === null ? "null" : tsLiteral(event.query, "    ")},`,
    `    multiValueQueryStringParameters: ${multi(event.query)},`,
    `    pathParameters: ${event.pathParameters === null ? "null" : tsLiteral(event.pathParameters, "    ")},`,
    `    body: ${event.body === null ? "null" : prettierString(event.body)},`,
    "    isBase64Encoded: false,",
    "  };",
    "}",
    "",
    `describe(${prettierString(facts.operationId)}, () => {`,
    `  it("answers ${status}", async () => {`,
    "    const result = await handler(event());",
    `    ${expectStatus(status)}`,
    "  });",
    "});",
    "",
  ].join("\n");
}
