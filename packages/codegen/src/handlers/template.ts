/**
 * The text of handler stubs. Every use of the generated handler wrapper is in this file, so that a
 * change to the wrapper's API is one change here.
 */
import { prettierString, tsLiteral } from "../infrastructure/emit";

export interface StubFacts {
  readonly operationId: string;
  /** `sayHelloHandler`: the wrapper the generated runtime exports. */
  readonly wrapper: string;
  /** `../generated/runtime/index.js`: the generated runtime, relative to the handlers folder. */
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

const comment = (text: string): string => text.replace(/\*\//g, "*\\/");

/** `handlers/<operation>.ts`: a typed handler that answers with a valid response, to be filled in. */
export function handlerStub(facts: StubFacts): string {
  // Separate value and type imports keep each line short enough for Prettier's default width.
  const imports = [`import { ${facts.wrapper} } from ${prettierString(facts.runtimeImport)};`];
  const lines = [
    `export const handler = ${facts.wrapper}(async ({ input }) => {`,
    "  // `input.requestParameters` and `input.body` are typed and already validated against the model.",
    `  console.info(${prettierString(facts.operationId)}, JSON.stringify(input.requestParameters));`,
  ];
  if (facts.body === NO_BODY) {
    lines.push(
      `  // No example body could be built from the ${facts.status} response's schema: return one that fits its type.`,
      `  throw new Error(${prettierString(`${facts.operationId} is not implemented yet`)});`,
    );
  } else if (facts.body === undefined || facts.bodyType === undefined) {
    lines.push(`  return { statusCode: ${facts.status} };`);
  } else {
    // A declared type gives the literal its contextual type: inference alone widens some literals.
    imports.push(`import type { ${facts.bodyType} } from ${prettierString(facts.runtimeImport)};`);
    const declaration = `  const body: ${facts.bodyType} = `;
    lines.push(
      `${declaration}${tsLiteral(facts.body, "  ", declaration.length)};`,
      `  return { statusCode: ${facts.status}, body };`,
    );
  }
  return [...imports, "", `/** ${comment(facts.route)} */`, ...lines, "});", ""].join("\n");
}

/** `handlers/<operation>.test.ts`: calls the handler with an API Gateway proxy event. */
export function handlerTestStub(facts: StubFacts): string {
  const { event } = facts;
  // A stub that throws answers 500 until it is implemented.
  const status = facts.body === NO_BODY ? 500 : facts.status;
  const multi = (values: Record<string, string> | null): string =>
    values === null
      ? "null"
      : tsLiteral(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]])), "    ");
  return [
    `import { describe, expect, it } from "vitest";`,
    `import type { ProxyEvent } from ${prettierString(facts.runtimeImport)};`,
    `import { handler } from "./${facts.fileName}";`,
    "",
    `/** An API Gateway proxy event for ${comment(`${event.method} ${event.resource}`)} with every required parameter set. */`,
    "function event(): ProxyEvent {",
    "  return {",
    `    resource: ${prettierString(event.resource)},`,
    `    path: ${prettierString(event.path)},`,
    `    httpMethod: ${prettierString(event.method)},`,
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
    `    expect(result.statusCode).toBe(${status});`,
    "  });",
    "});",
    "",
  ].join("\n");
}
