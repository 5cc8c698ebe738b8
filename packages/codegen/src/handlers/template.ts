/**
 * The text of handler stubs. Every use of the generated handler wrapper is in this file, so that a
 * change to the wrapper's API is one change here.
 */

export interface StubFacts {
  readonly operationId: string;
  /** `sayHelloHandler`: the wrapper the generated runtime exports. */
  readonly wrapper: string;
  /** `../generated/runtime`: the generated runtime, relative to the handlers folder. */
  readonly runtimeImport: string;
  /** `sayHello`: the stub's file name without `.ts`. */
  readonly fileName: string;
  /** `GET /hello: Say hello` */
  readonly route: string;
  /** The status the stub answers with, and a body that fits it (undefined: no body). */
  readonly status: number;
  readonly body: unknown;
}

import { tsLiteral } from "../infrastructure/emit";

/** `handlers/<operation>.ts`: a typed handler that answers with a valid response, to be filled in. */
export function handlerStub(facts: StubFacts): string {
  const body = facts.body === undefined ? "" : `, body: ${tsLiteral(facts.body, "  ")}`;
  return [
    `import { ${facts.wrapper} } from ${JSON.stringify(facts.runtimeImport)};`,
    "",
    `/** ${facts.route.replace(/\*\//g, "*\\/")} */`,
    `export const handler = ${facts.wrapper}(async ({ input }) => {`,
    `  void input; // the typed, validated request: path, query and header parameters, and body`,
    `  return { statusCode: ${facts.status}${body} };`,
    "});",
    "",
  ].join("\n");
}

/** `handlers/<operation>.test.ts`: calls the handler with an API Gateway proxy event. */
export function handlerTestStub(facts: StubFacts): string {
  return [
    `import { describe, expect, it } from "vitest";`,
    `import { handler } from "./${facts.fileName}";`,
    "",
    `describe(${JSON.stringify(facts.operationId)}, () => {`,
    `  it("answers ${facts.status}", async () => {`,
    `    expect(typeof handler).toBe("function");`,
    "  });",
    "});",
    "",
  ].join("\n");
}
