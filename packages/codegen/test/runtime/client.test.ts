import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateRuntime } from "../../src/runtime";
import { proxyEvent, type ProxyEvent } from "./events";
import { fixture, loadGeneratedRuntime, modelOf, writeProject } from "./support";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
interface Reply {
  status: number;
  headers?: { [name: string]: string };
  body?: string;
}
interface ClientResponse {
  statusCode: number;
  body: unknown;
  headers: { [name: string]: string };
}
type Method = (request?: object) => Promise<ClientResponse>;
interface Client {
  listPets: Method;
  createPet: Method;
  getPet: Method;
  updatePet: Method;
  deletePet: Method;
  putNotes: Method;
}
interface PetstoreRuntime {
  ApiClient: new (options: {
    baseUrl: string;
    headers?: { [name: string]: string } | (() => Promise<{ [name: string]: string }>);
  }) => Client;
  handlerRouter: (handlers: object) => (event: ProxyEvent) => Promise<{
    statusCode: number;
    headers?: { [name: string]: string };
    body: string;
  }>;
  listPetsHandler: (
    handler: (request: { input: { requestParameters: object } }) => Promise<object>,
  ) => unknown;
  createPetHandler: (handler: (request: { input: { body: unknown } }) => Promise<object>) => unknown;
}

let rt: PetstoreRuntime;
let server: Server;
let baseUrl: string;
let received: Received[] = [];
let reply: Reply = { status: 200 };

function listen(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer(handle);
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

beforeAll(async () => {
  rt = await loadGeneratedRuntime<PetstoreRuntime>(
    writeProject("client-petstore", generateRuntime(modelOf(fixture("petstore.yaml")))),
  );
  server = await listen(async (req, res) => {
    received.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: await readBody(req),
    });
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? "");
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  reply = { status: 200, headers: { "content-type": "application/json" }, body: '{"items":[]}' };
});

describe("generated client", () => {
  it("sends query parameters (repeated for exploded arrays, comma-joined otherwise) and header parameters", async () => {
    const client = new rt.ApiClient({ baseUrl });
    await client.listPets({
      requestParameters: { "X-Request-Id": "r1", limit: 5, tags: ["a b", "c"], ids: [1, 2], verbose: false },
    });
    expect(received[0].method).toBe("GET");
    expect(received[0].url).toBe("/prod/pets?limit=5&tags=a%20b&tags=c&ids=1,2&verbose=false");
    expect(received[0].headers["x-request-id"]).toBe("r1");
    expect(received[0].headers.accept).toBe("application/json");
  });

  it("substitutes path parameters percent-encoded and sends cookie parameters", async () => {
    const client = new rt.ApiClient({ baseUrl });
    await client.putNotes({ requestParameters: { petId: "a/b c", session: "s=1" }, body: "notes" });
    expect(received[0]).toMatchObject({ method: "PUT", url: "/prod/pets/a%2Fb%20c/notes", body: "notes" });
    expect(received[0].headers["content-type"]).toBe("text/plain");
    expect(received[0].headers.cookie).toBe("session=s%3D1");
  });

  it("sends a JSON body with its content type and parses a JSON response", async () => {
    reply = { status: 201, headers: { "content-type": "application/json" }, body: '{"id":1,"name":"Rex"}' };
    const client = new rt.ApiClient({ baseUrl });
    const response = await client.createPet({ body: { name: "Rex" } });
    expect(received[0]).toMatchObject({ method: "POST", url: "/prod/pets", body: '{"name":"Rex"}' });
    expect(received[0].headers["content-type"]).toBe("application/json");
    expect(response).toEqual({
      statusCode: 201,
      body: { id: 1, name: "Rex" },
      headers: expect.objectContaining({ "content-type": "application/json" }),
    });
  });

  it("resolves error statuses as responses, and an empty body as undefined", async () => {
    reply = { status: 404 };
    const client = new rt.ApiClient({ baseUrl });
    const response = await client.getPet({ requestParameters: { petId: 9 } });
    expect(received[0].url).toBe("/prod/pets/9");
    expect(response.statusCode).toBe(404);
    expect(response.body).toBeUndefined();
  });

  it("returns a text response as a string", async () => {
    reply = { status: 200, headers: { "content-type": "text/plain" }, body: "the notes" };
    const client = new rt.ApiClient({ baseUrl });
    expect((await client.putNotes({ requestParameters: { petId: "1" }, body: "x" })).body).toBe("the notes");
  });

  it("adds the configured headers, fixed or computed per request, after the operation's own", async () => {
    let n = 0;
    const fixed = new rt.ApiClient({
      baseUrl,
      headers: { Authorization: "Bearer a", "X-Request-Id": "ignored" },
    });
    await fixed.listPets({ requestParameters: { "X-Request-Id": "mine" } });
    expect(received[0].headers.authorization).toBe("Bearer a");
    expect(received[0].headers["x-request-id"]).toBe("mine");
    const computed = new rt.ApiClient({ baseUrl, headers: async () => ({ authorization: `Bearer ${++n}` }) });
    await computed.deletePet({ requestParameters: { petId: 1 } });
    await computed.deletePet({ requestParameters: { petId: 2 } });
    expect(received.slice(1).map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["DELETE", "/prod/pets/1", "Bearer 1"],
      ["DELETE", "/prod/pets/2", "Bearer 2"],
    ]);
  });

  it("talks to the generated handlers end to end through a proxy event", async () => {
    const router = rt.handlerRouter({
      listPets: rt.listPetsHandler(async ({ input }) => ({
        statusCode: 200,
        body: { items: [], got: input.requestParameters },
      })),
      "create-pet": rt.createPetHandler(async ({ input }) => ({
        statusCode: 201,
        body: { ...(input.body as object), id: 3 },
      })),
    });
    const gateway = await listen(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const query: { [name: string]: string[] } = {};
      url.searchParams.forEach((value, key) => (query[key] ??= []).push(value));
      const body = await readBody(req);
      const result = await router(
        proxyEvent({
          resource: url.pathname,
          path: url.pathname,
          method: req.method ?? "GET",
          query,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: body === "" ? undefined : body,
        }),
      );
      res.writeHead(result.statusCode, result.headers).end(result.body);
    });
    try {
      const client = new rt.ApiClient({
        baseUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
      });
      const list = await client.listPets({
        requestParameters: { "X-Request-Id": "e2e", limit: 3, tags: ["x", "y"] },
      });
      expect(list).toMatchObject({
        statusCode: 200,
        body: { items: [], got: { "X-Request-Id": "e2e", limit: 3, tags: ["x", "y"] } },
      });
      expect(await client.createPet({ body: { name: "Rex" } })).toMatchObject({
        statusCode: 201,
        body: { name: "Rex", id: 3 },
      });
      const invalid = await client.createPet({ body: { name: 5 } });
      expect(invalid).toMatchObject({
        statusCode: 400,
        body: { message: "Invalid request body: request body /name must be string" },
      });
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});
