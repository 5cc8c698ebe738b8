import * as path from "node:path";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { proxyEvent } from "./runtime/events";
import {
  compileAndRequire,
  generateWorkspace,
  requireBuiltPackages,
  typeCheckFiles,
  typeScriptFiles,
} from "./support/workspace";

/** Names every JavaScript object has: as keys of a plain object they read or set its prototype or methods. */
const RESERVED = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];

type Result = { statusCode: number; body: string };
type Wrapper = (
  handler: (request: { input: unknown }) => Promise<unknown>,
) => (event: unknown) => Promise<Result>;
interface Runtime {
  OperationLookup: { [operationId: string]: { method: string; path: string } };
  operationSpecs: { [operationId: string]: { operationId: string } };
  Operations: { all<T>(value: T): { [operationId: string]: T } };
  protoHandler: Wrapper;
  constructorHandler: Wrapper;
  ApiClient: new (options: { baseUrl: string; fetch: unknown }) => unknown;
}
interface App {
  buildStack(): Stack;
  callEveryOperation(client: unknown): Promise<number[]>;
}

describe("operationIds, properties and parameters named __proto__, constructor, toString, valueOf, hasOwnProperty", () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    requireBuiltPackages();
    dir = await generateWorkspace("reserved-names", path.join(__dirname, "fixtures", "reserved-names.yaml"), [
      path.join(__dirname, "fixtures", "compile", "reserved-names-app.ts"),
    ]);
    runtime = compileAndRequire<Runtime>(dir, "generated/runtime/index.js");
  });

  it("generate code that type-checks under strict, with the handler stub and an app using each", async () => {
    expect(await typeCheckFiles(typeScriptFiles(dir))).toEqual([]);
  });

  it("keep every operation in OperationLookup, operationSpecs and Operations.all as an own key", () => {
    for (const table of [runtime.OperationLookup, runtime.operationSpecs, runtime.Operations.all(1)]) {
      expect(Object.keys(table).sort()).toEqual([...RESERVED].sort());
      expect(Object.getPrototypeOf(table)).toBe(Object.prototype);
    }
    expect(runtime.operationSpecs.__proto__.operationId).toBe("__proto__");
    expect(runtime.OperationLookup.toString).toMatchObject({ method: "GET", path: "/to-string" });
  });

  it("validate bodies by each property's own constraints, and no property is there unless sent", async () => {
    const handler = runtime.protoHandler(async ({ input }) => ({ statusCode: 200, body: input }));
    const post = (body: string): Promise<Result> =>
      handler(
        proxyEvent({
          resource: "/proto",
          path: "/proto",
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
    const ok = await post('{"__proto__":"abc","toString":"def"}');
    expect(ok.statusCode).toBe(200);
    expect(JSON.stringify(JSON.parse(ok.body).body)).toBe(`{"__proto__":"abc","toString":"def"}`);
    for (const name of RESERVED) {
      const tooLong = await post(`{"__proto__":"abc",${JSON.stringify(name)}:"waytoolong"}`);
      expect(tooLong.statusCode, name).toBe(400);
      expect(JSON.parse(tooLong.body).message, name).toContain(
        `/${name} must NOT have more than 3 characters`,
      );
    }
    const missing = await post('{"toString":"abc"}');
    expect(JSON.parse(missing.body).message).toBe(
      "Invalid request body: request body /__proto__ is required",
    );
  });

  it("read and validate parameters by their own names", async () => {
    const handler = runtime.constructorHandler(async ({ input }) => ({ statusCode: 200, body: input }));
    const get = (
      query: { [name: string]: string[] },
      headers: { [name: string]: string } = {},
    ): Promise<Result> =>
      handler(proxyEvent({ resource: "/constructor", path: "/constructor", method: "GET", query, headers }));
    const missing = await get({});
    expect(JSON.parse(missing.body).message).toBe("Missing required request parameters: [toString]");
    expect((await get({ toString: ["waytoolong"] })).statusCode).toBe(400);
    // Computed keys: `__proto__: …` in an object literal would set its prototype.
    expect((await get({ toString: ["abc"], ["__proto__"]: ["waytoolong"] })).statusCode).toBe(400);
    const ok = await get({ toString: ["abc"], ["__proto__"]: ["def"] }, { valueOf: "3" });
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).requestParameters).toEqual(
      JSON.parse('{"toString":"abc","__proto__":"def","valueOf":3}'),
    );
  });

  it("give every operation a client method, and send each one's request", async () => {
    const app = compileAndRequire<App>(dir, "reserved-names-app.js");
    const sent: string[] = [];
    const fetch = async (url: string, init: { method: string; body?: string }): Promise<unknown> => {
      sent.push(`${init.method} ${url}${init.body ? ` ${init.body}` : ""}`);
      return { status: 204, headers: new Headers(), text: async () => "" };
    };
    const client = new runtime.ApiClient({ baseUrl: "https://api.example.com", fetch });
    expect(await app.callEveryOperation(client)).toEqual([204, 204, 204, 204, 204]);
    expect(sent).toEqual([
      'POST https://api.example.com/proto {"__proto__":"abc","toString":"abc"}',
      "GET https://api.example.com/constructor?toString=abc",
      "GET https://api.example.com/to-string",
      "GET https://api.example.com/value-of",
      "GET https://api.example.com/has-own-property",
    ]);
  });

  it("synthesize an integration for each operation", () => {
    const app = compileAndRequire<App>(dir, "reserved-names-app.js");
    const template = Template.fromStack(app.buildStack());
    const apis = Object.values(template.findResources("AWS::ApiGateway::RestApi"));
    expect(apis).toHaveLength(2);
    for (const api of apis) {
      const body = (api as { Properties: { Body: { paths: object } } }).Properties.Body;
      const paths = body.paths as { [path: string]: { [method: string]: { [key: string]: unknown } } };
      for (const [route, method] of [
        ["/proto", "post"],
        ["/constructor", "get"],
        ["/to-string", "get"],
        ["/value-of", "get"],
        ["/has-own-property", "get"],
      ]) {
        expect(paths[route][method]["x-amazon-apigateway-integration"], route).toMatchObject({
          type: "MOCK",
        });
      }
    }
  });
});
