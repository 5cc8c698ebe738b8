import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateRuntime } from "../../src/runtime";
import { proxyEvent, type ProxyEvent } from "./events";
import { fixture, loadGeneratedRuntime, modelOf, writeProject } from "./support";

interface Result {
  statusCode: number;
  headers?: { [name: string]: string };
  multiValueHeaders?: { [name: string]: string[] };
  body: string;
  isBase64Encoded?: boolean;
}
type LambdaHandler = (event: ProxyEvent, context?: object) => Promise<Result>;
interface Request {
  input: { requestParameters: { [name: string]: unknown }; body: unknown };
  event: ProxyEvent;
  interceptorContext: { [key: string]: unknown };
}
type Fn = (request: Request, next: () => Promise<unknown>) => Promise<unknown>;
type Wrapper = (...chain: Fn[]) => LambdaHandler;
interface PetstoreRuntime {
  listPetsHandler: Wrapper;
  createPetHandler: Wrapper;
  getPetHandler: Wrapper;
  updatePetHandler: Wrapper;
  deletePetHandler: Wrapper;
  putNotesHandler: Wrapper;
  handlerRouter: (handlers: { [operationId: string]: LambdaHandler }) => LambdaHandler;
  Response: { ok(body: unknown): unknown; created(body: unknown): unknown; noContent(): unknown };
}

let rt: PetstoreRuntime;
let things: { createThingHandler: Wrapper };

beforeAll(async () => {
  rt = await loadGeneratedRuntime<PetstoreRuntime>(
    writeProject("handler-petstore", generateRuntime(modelOf(fixture("petstore.yaml")))),
  );
  things = await loadGeneratedRuntime(
    writeProject("handler-things", generateRuntime(modelOf(fixture("things-3.1.yaml")))),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A handler that answers with the input it received. */
const echo: Fn = async ({ input }) => ({ statusCode: 200, body: { items: [], input } });
const echoed = (result: Result): { requestParameters: { [name: string]: unknown }; body: unknown } =>
  JSON.parse(result.body).input;

const listPets = (
  query: { [name: string]: string[] } = {},
  headers: { [name: string]: string } = { "x-request-id": "r1" },
): ProxyEvent => proxyEvent({ resource: "/pets", path: "/pets", method: "GET", query, headers });

const createPet = (
  body: string | undefined,
  headers: { [name: string]: string } = { "Content-Type": "application/json" },
): ProxyEvent => proxyEvent({ resource: "/pets", path: "/pets", method: "POST", headers, body });

describe("handler wrapper: parameters", () => {
  it("coerces query parameters to their schema types, arrays from repeated keys and from comma-separated values", async () => {
    const result = await rt.listPetsHandler(echo)(
      listPets({ limit: ["10"], tags: ["a", "b"], ids: ["1,2,3"], verbose: ["true"], status: ["sold"] }),
    );
    expect(result.statusCode).toBe(200);
    expect(echoed(result).requestParameters).toEqual({
      limit: 10,
      tags: ["a", "b"],
      ids: [1, 2, 3],
      verbose: true,
      status: "sold",
      "X-Request-Id": "r1",
    });
  });

  it("reads headers whatever their case and gives them the spec's name", async () => {
    const result = await rt.listPetsHandler(echo)(listPets({}, { "X-REQUEST-ID": "upper" }));
    expect(echoed(result).requestParameters).toEqual({ "X-Request-Id": "upper" });
  });

  it("answers 400 listing a missing required parameter, without calling the handler", async () => {
    const handler = vi.fn(echo);
    const result = await rt.listPetsHandler(handler)(listPets({}, {}));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      message: "Missing required request parameters: [X-Request-Id]",
    });
    expect(result.headers?.["content-type"]).toBe("application/json");
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 400 naming the parameter when a value is not of its type or breaks a constraint", async () => {
    const notInteger = await rt.listPetsHandler(echo)(listPets({ limit: ["ten"] }));
    expect(notInteger.statusCode).toBe(400);
    expect(JSON.parse(notInteger.body).message).toBe(
      'Invalid request parameters: query parameter "limit" must be integer',
    );
    const tooBig = await rt.listPetsHandler(echo)(listPets({ limit: ["1000"] }));
    expect(JSON.parse(tooBig.body).message).toBe(
      'Invalid request parameters: query parameter "limit" must be <= 100',
    );
    const notInEnum = await rt.listPetsHandler(echo)(listPets({ status: ["lost"] }));
    expect(JSON.parse(notInEnum.body).message).toBe(
      'Invalid request parameters: query parameter "status" must be one of "available", "pending", "sold"',
    );
    const notBoolean = await rt.listPetsHandler(echo)(listPets({ verbose: ["yes"] }));
    expect(JSON.parse(notBoolean.body).message).toBe(
      'Invalid request parameters: query parameter "verbose" must be boolean',
    );
  });

  it("coerces and percent-decodes path parameters", async () => {
    const getPet = await rt.getPetHandler(async ({ input }) => ({
      statusCode: 200,
      body: input.requestParameters,
    }))(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/42",
        method: "GET",
        pathParameters: { petId: "42" },
      }),
    );
    expect(JSON.parse(getPet.body)).toEqual({ petId: 42 });
    const notes = await rt.putNotesHandler(async ({ input }) => ({
      statusCode: 200,
      body: String(input.requestParameters.petId),
    }))(
      proxyEvent({
        resource: "/pets/{petId}/notes",
        path: "/pets/a%20b/notes",
        method: "PUT",
        pathParameters: { petId: "a%20b" },
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    );
    expect(notes.body).toBe("a b");
  });

  it("reads cookie parameters from the Cookie header", async () => {
    const result = await rt.putNotesHandler(async ({ input }) => ({
      statusCode: 200,
      body: String(input.requestParameters.session),
    }))(
      proxyEvent({
        resource: "/pets/{petId}/notes",
        path: "/pets/1/notes",
        method: "PUT",
        pathParameters: { petId: "1" },
        headers: { "content-type": "text/plain", cookie: "theme=dark; session=abc%3D1" },
        body: "x",
      }),
    );
    expect(result.body).toBe("abc=1");
  });
});

describe("handler wrapper: request body", () => {
  it("parses and validates a JSON body, giving the handler the parsed value", async () => {
    const body = { name: "Rex", tag: null, weight: 2.5, owner: { kind: "person", name: "Ann" } };
    const result = await rt.createPetHandler(async ({ input }) => ({
      statusCode: 201,
      body: { ...(input.body as object), id: 1 },
    }))(createPet(JSON.stringify(body)));
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ ...body, id: 1 });
  });

  it("decodes a base64-encoded body", async () => {
    const result = await rt.createPetHandler(async ({ input }) => ({ statusCode: 201, body: input.body }))(
      proxyEvent({
        resource: "/pets",
        path: "/pets",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from('{"name":"Rex"}').toString("base64"),
        isBase64Encoded: true,
      }),
    );
    expect(JSON.parse(result.body)).toEqual({ name: "Rex" });
  });

  it("answers 400 with where and why a body breaks its schema", async () => {
    const handler = vi.fn(echo);
    const missingName = await rt.createPetHandler(handler)(createPet(JSON.stringify({ tag: "x" })));
    expect(missingName.statusCode).toBe(400);
    expect(JSON.parse(missingName.body)).toEqual({
      message: "Invalid request body: request body /name is required",
    });
    const wrongOwner = await rt.createPetHandler(handler)(
      createPet(JSON.stringify({ name: "Rex", owner: { kind: "robot" } })),
    );
    expect(JSON.parse(wrongOwner.body).message).toMatch(/^Invalid request body: request body \/owner/);
    expect(handler).not.toHaveBeenCalled();
  });

  it("applies OpenAPI 3.0 keywords: boolean exclusiveMinimum and nullable", async () => {
    const zero = await rt.createPetHandler(echo)(createPet(JSON.stringify({ name: "Rex", weight: 0 })));
    expect(JSON.parse(zero.body)).toEqual({
      message: "Invalid request body: request body /weight must be > 0",
    });
    const nullName = await rt.createPetHandler(echo)(createPet(JSON.stringify({ name: null })));
    expect(JSON.parse(nullName.body)).toEqual({
      message: "Invalid request body: request body /name must be string",
    });
    const nullTag = await rt.createPetHandler(echo)(createPet(JSON.stringify({ name: "Rex", tag: null })));
    expect(nullTag.statusCode).toBe(200);
  });

  it("checks formats", async () => {
    const result = await rt.createPetHandler(echo)(
      createPet(JSON.stringify({ name: "Rex", birthday: "yesterday" })),
    );
    expect(JSON.parse(result.body)).toEqual({
      message: 'Invalid request body: request body /birthday must match format "date"',
    });
  });

  it("rejects properties an object schema closes with additionalProperties: false", async () => {
    const result = await rt.updatePetHandler(echo)(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "PATCH",
        pathParameters: { petId: "1" },
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Rex", colour: "red" }),
      }),
    );
    expect(JSON.parse(result.body)).toEqual({
      message: "Invalid request body: request body /colour is not allowed",
    });
  });

  it("answers 400 for a body that is not JSON, and for a missing required body", async () => {
    const notJson = await rt.createPetHandler(echo)(createPet("{name:"));
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(notJson.body).message).toMatch(/^Invalid request body: not valid JSON/);
    const missing = await rt.createPetHandler(echo)(createPet(undefined));
    expect(JSON.parse(missing.body)).toEqual({
      message: "Missing request body: this operation requires one",
    });
  });

  it("passes an optional body that is absent as undefined", async () => {
    const result = await rt.updatePetHandler(async ({ input }) => ({
      statusCode: 200,
      body: { absent: input.body === undefined },
    }))(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "PATCH",
        pathParameters: { petId: "1" },
      }),
    );
    expect(JSON.parse(result.body)).toEqual({ absent: true });
  });

  it("passes a non-JSON body on as text and answers with the declared content type", async () => {
    const result = await rt.putNotesHandler(async ({ input }) => ({
      statusCode: 200,
      body: `notes: ${String(input.body)}`,
    }))(
      proxyEvent({
        resource: "/pets/{petId}/notes",
        path: "/pets/1/notes",
        method: "PUT",
        pathParameters: { petId: "1" },
        headers: { "Content-Type": "text/plain" },
        body: "likes walks",
      }),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain" },
      body: "notes: likes walks",
    });
  });

  it("validates OpenAPI 3.1 bodies with JSON Schema 2020-12: type arrays, const, prefixItems, numeric exclusiveMinimum", async () => {
    const handler = things.createThingHandler(async ({ input }) => ({
      statusCode: 200,
      body: { id: "1", got: input.body },
    }));
    const post = (body: unknown): ProxyEvent =>
      proxyEvent({
        resource: "/things",
        path: "/things",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect(
      (await handler(post({ name: null, kind: "thing", pair: ["a", 1], score: 1, size: null }))).statusCode,
    ).toBe(200);
    const messages = await Promise.all(
      [
        { name: "x", kind: "other" },
        { name: "x", kind: "thing", pair: ["a", 1, 2] },
        { name: "x", kind: "thing", score: 0 },
        { name: "x", kind: "thing", size: 0 },
      ].map(async (body) => JSON.parse((await handler(post(body))).body).message),
    );
    expect(messages).toEqual([
      "Invalid request body: request body /kind must be equal to constant",
      "Invalid request body: request body /pair must NOT have more than 2 items",
      "Invalid request body: request body /score must be > 0",
      "Invalid request body: request body /size must be >= 1",
    ]);
  });
});

describe("handler wrapper: responses", () => {
  it("marshals a JSON body with a content type, and keeps headers the handler sets", async () => {
    const result = await rt.getPetHandler(async () => ({
      statusCode: 200,
      body: { id: 1, name: "Rex" },
      headers: { "x-trace": "t" },
    }))(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "GET",
        pathParameters: { petId: "1" },
      }),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: { "x-trace": "t", "content-type": "application/json" },
      body: '{"id":1,"name":"Rex"}',
    });
  });

  it("answers a response without content with an empty body", async () => {
    const result = await rt.deletePetHandler(async () => rt.Response.noContent())(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "DELETE",
        pathParameters: { petId: "1" },
      }),
    );
    expect(result).toEqual({ statusCode: 204, headers: {}, body: "" });
  });

  it("keeps multi-value headers", async () => {
    const result = await rt.deletePetHandler(async () => ({
      statusCode: 204,
      multiValueHeaders: { "set-cookie": ["a=1", "b=2"] },
    }))(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "DELETE",
        pathParameters: { petId: "1" },
      }),
    );
    expect(result.multiValueHeaders).toEqual({ "set-cookie": ["a=1", "b=2"] });
  });

  it("turns a thrown error into a 500 that leaks nothing, and logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await rt.listPetsHandler(async () => {
      throw new Error("database password is hunter2");
    })(listPets());
    expect(result).toEqual({
      statusCode: 500,
      headers: { "content-type": "application/json" },
      body: '{"message":"Internal server error"}',
    });
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0][1])).toContain("hunter2");
  });

  it("turns a handler that returns no response into a 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await rt.listPetsHandler(async () => undefined)(listPets());
    expect(result.statusCode).toBe(500);
  });
});

describe("handler wrapper: interceptors", () => {
  it("runs interceptors outermost first around the handler, sharing interceptorContext", async () => {
    const calls: string[] = [];
    const outer: Fn = async (request, next) => {
      calls.push("outer before");
      request.interceptorContext.user = "ann";
      const response = (await next()) as { statusCode: number; body: unknown; headers?: object };
      calls.push("outer after");
      return { ...response, headers: { ...response.headers, "x-outer": "1" } };
    };
    const inner: Fn = async (_request, next) => {
      calls.push("inner");
      return next();
    };
    const result = await rt.listPetsHandler(outer, inner, async ({ interceptorContext }) => {
      calls.push("handler");
      return { statusCode: 200, body: { items: [], user: interceptorContext.user } };
    })(listPets());
    expect(calls).toEqual(["outer before", "inner", "handler", "outer after"]);
    expect(result.headers?.["x-outer"]).toBe("1");
    expect(JSON.parse(result.body).user).toBe("ann");
  });

  it("lets an interceptor answer without calling the handler", async () => {
    const handler = vi.fn(echo);
    const deny: Fn = async () => ({ statusCode: 403, body: { message: "Forbidden" } });
    const result = await rt.listPetsHandler(deny, handler)(listPets());
    expect(result.statusCode).toBe(403);
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets an interceptor catch a handler's error and answer for it", async () => {
    const recover: Fn = async (_request, next) => {
      try {
        return await next();
      } catch (error) {
        return { statusCode: 503, body: { message: (error as Error).message } };
      }
    };
    const result = await rt.listPetsHandler(recover, async () => {
      throw new Error("busy");
    })(listPets());
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual({ message: "busy" });
  });
});

describe("handlerRouter", () => {
  it("sends each event to the handler of its operation by method and resource", async () => {
    const router = rt.handlerRouter({
      listPets: rt.listPetsHandler(async () => ({ statusCode: 200, body: { items: ["listed"] } })),
      getPet: rt.getPetHandler(async ({ input }) => ({
        statusCode: 200,
        body: { got: input.requestParameters.petId },
      })),
      "create-pet": rt.createPetHandler(async () => ({ statusCode: 201, body: { created: true } })),
    });
    expect(JSON.parse((await router(listPets())).body)).toEqual({ items: ["listed"] });
    const get = await router(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/7",
        method: "GET",
        pathParameters: { petId: "7" },
      }),
    );
    expect(JSON.parse(get.body)).toEqual({ got: 7 });
    expect((await router(createPet('{"name":"Rex"}'))).statusCode).toBe(201);
  });

  it("answers 500 for an operation it has no handler for", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const router = rt.handlerRouter({ listPets: rt.listPetsHandler(echo) });
    const result = await router(
      proxyEvent({
        resource: "/pets/{petId}",
        path: "/pets/1",
        method: "DELETE",
        pathParameters: { petId: "1" },
      }),
    );
    expect(result.statusCode).toBe(500);
    expect(log.mock.calls[0][0]).toBe("handlerRouter: no handler for DELETE /pets/{petId}");
  });

  it("refuses a handler for an operation the API does not have", () => {
    expect(() => rt.handlerRouter({ nope: rt.listPetsHandler(echo) })).toThrow(
      'handlerRouter: "nope" is not an operation of this API',
    );
  });
});
