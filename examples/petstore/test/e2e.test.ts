import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiClient, type Pet } from "../generated/runtime";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { EXAMPLE_ROOT, curlLines, servePetStore, type PetStoreServer } from "../scripts/serve-petstore";
import { curlCommands } from "./docs-blocks";

/**
 * The whole example as a user runs it: `specgate serve` synthesizes infra/main.ts (bundling the
 * handlers with esbuild), serves it on a free port, and every operation is called over HTTP.
 */
let petStore: PetStoreServer;
let client: ApiClient;
/** A member of the user pool with the pets/write scope, a staff member, a partner with an API key. */
let member: ApiClient;
let staff: ApiClient;
let partner: ApiClient;
let memberToken: string;
let partnerKey: string;
const log: string[] = [];

/** `specgate token` in the example's folder, as a user runs it once `specgate serve` is up. */
async function token(...args: string[]): Promise<string> {
  const cli = createRequire(__filename).resolve("specgate/bin/specgate.js");
  const { stdout } = await promisify(execFile)(process.execPath, [cli, "token", ...args], {
    cwd: EXAMPLE_ROOT,
  });
  return stdout.trim();
}

beforeAll(async () => {
  petStore = await servePetStore({ port: 0, log: (line) => log.push(line) });
  client = new ApiClient({ baseUrl: petStore.url });
  memberToken = await token("--user", "alice", "--scopes", "pets/write");
  // The banner prints the values of the app's API keys.
  partnerKey =
    log.map((line) => /^ {2}API key PetStore\/\S*PartnerKey: (\S+) /.exec(line)?.[1]).find(Boolean) ?? "";
  member = new ApiClient({ baseUrl: petStore.url, token: memberToken });
  staff = new ApiClient({ baseUrl: petStore.url, token: "Bearer staff-ada-2026" });
  partner = new ApiClient({ baseUrl: petStore.url, apiKey: partnerKey });
});

afterAll(async () => {
  await petStore?.stop();
});

/** A raw request, for what the typed client will not let anyone send. */
function send(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  return fetch(`${petStore.url}${path}`, { method, ...init });
}

describe("the Pet Store served by specgate serve", () => {
  it("lists pets through the Lambda handler, filtered by the status query parameter", async () => {
    const all = await client.listPets();
    expect(all.statusCode).toBe(200);
    if (all.statusCode !== 200) return;
    expect(all.body.items.map((pet) => pet.id)).toEqual(["rex", "tom", "tweety", "nemo"]);

    const sold = await client.listPets({ requestParameters: { status: "sold", limit: 5 } });
    expect(sold.statusCode === 200 && sold.body.items.map((pet) => pet.name)).toEqual(["Nemo"]);
  });

  it("answers the model's 400 for a query parameter outside its enum", async () => {
    const response = await send("GET", "/pets?status=lost");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringContaining('query parameter "status"') });
  });

  it("creates a pet and echoes the request id header", async () => {
    const created = await client.createPet({
      requestParameters: { "x-request-id": "e2e-1" },
      body: { name: "Luna", species: "cat", owner: { name: "Sam", address: { city: "Lisbon" } } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers["x-request-id"]).toBe("e2e-1");
    const pet = created.body as Pet;
    expect(pet).toMatchObject({ name: "Luna", status: "available", owner: { address: { city: "Lisbon" } } });
  });

  it("answers the handler's 400, with the model's ValidationError, for a birth date in the future", async () => {
    const response = await client.createPet({
      requestParameters: { "x-request-id": "e2e-2" },
      body: { name: "Later", species: "dog", birthDate: "2999-12-31" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({
      message: "The pet is not valid",
      errors: [{ path: "/birthDate", message: "must not be in the future" }],
    });
  });

  it("rejects, at API Gateway, a body that breaks the model", async () => {
    const response = await send("POST", "/pets", {
      headers: { "content-type": "application/json", "x-request-id": "e2e-3" },
      body: JSON.stringify({ name: "", species: "dragon" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(((await response.json()) as { message: string }).message).toMatch(/name|species/);
  });

  it("rejects, at API Gateway, a request without the required header", async () => {
    const response = await send("POST", "/pets", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Rex", species: "dog" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Missing required request parameters: [x-request-id]" });
  });

  it("gets a pet, and a typed 404 for an unknown one", async () => {
    const found = await client.getPet({ requestParameters: { petId: "rex" } });
    expect(found.statusCode).toBe(200);
    if (found.statusCode === 200) expect(found.body.owner?.address?.city).toBe("Springfield");

    const missing = await client.getPet({ requestParameters: { petId: "nobody" } });
    expect(missing.statusCode).toBe(404);
    if (missing.statusCode === 404)
      expect(missing.body).toEqual({ message: "No pet has the id nobody", id: "nobody" });
  });

  it("deletes a pet with an empty 204, and answers 404 for an unknown one", async () => {
    const deleted = await member.deletePet({ requestParameters: { petId: "tom" } });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBeUndefined();
    const missing = await member.deletePet({ requestParameters: { petId: "ghost" } });
    expect(missing.statusCode).toBe(404);
  });

  it("serves the plain-text card, and a JSON 404", async () => {
    const card = await client.getPetCard({ requestParameters: { petId: "tweety" } });
    expect(card.statusCode).toBe(200);
    expect(card.headers["content-type"]).toBe("text/plain");
    expect(card.body).toBe("Tweety\nbird, available\n");
    const missing = await client.getPetCard({ requestParameters: { petId: "ghost" } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ message: "No pet has the id ghost", id: "ghost" });
  });

  it("answers the inventory from the mock integration with generated data that fits the model", async () => {
    const inventory = await partner.getInventory();
    expect(inventory.statusCode).toBe(200);
    const counts = Object.values(inventory.body);
    expect(counts.length).toBeGreaterThan(0);
    for (const count of counts) expect(Number.isInteger(count) && count >= 0).toBe(true);
  });

  it("answers an order from the mock integration with the typed body the app gave it", async () => {
    const order = await client.getOrder({ requestParameters: { orderId: "order-1" } });
    expect(order.statusCode).toBe(200);
    expect(order.body).toEqual({
      id: "order-1",
      petId: "rex",
      quantity: 1,
      status: "approved",
      placedAt: "2026-01-15T10:30:00Z",
    });
  });

  it("answers placeOrder with the 503 the model does not declare, after validating the body", async () => {
    const closed = await staff.placeOrder({ body: { petId: "rex", quantity: 2 } });
    expect(closed.statusCode).toBe(503);
    expect(closed.headers["retry-after"]).toBe("86400");
    expect(closed.body).toEqual({ message: "Ordering opens soon: try again tomorrow" });

    const tooMany = await send("POST", "/store/orders", {
      headers: { "content-type": "application/json", authorization: "Bearer staff-ada-2026" },
      body: JSON.stringify({ petId: "rex", quantity: 9 }),
    });
    expect(tooMany.status).toBe(400);
  });

  it("lists vets from the service behind the VPC link, the query string passed through", async () => {
    const vets = await client.listVets({ requestParameters: { specialty: "birds" } });
    expect(vets.statusCode).toBe(200);
    expect(vets.body.vets).toEqual([{ name: "Dr. Ada Finch", specialties: ["birds", "exotics"] }]);
  });

  it("answers CORS preflight requests", async () => {
    const response = await send("OPTIONS", "/pets/rex", {
      headers: { origin: "https://example.com", "access-control-request-method": "DELETE" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("DELETE");
  });

  it("answers an unknown route as API Gateway does", async () => {
    const response = await send("GET", "/owners");
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("answers the curl commands of the README and the docs, which are the ones npm start prints", async () => {
    const documented = curlCommands();
    expect(documented.map(({ command }) => command)).toEqual(
      expect.arrayContaining(curlLines("http://127.0.0.1:3000")),
    );
    for (const { where, command } of documented) {
      const served = command.replaceAll("http://127.0.0.1:3000", petStore.url);
      // -w appends the status code on a line of its own.
      const { stdout } = await promisify(execFile)("sh", ["-c", `${served} -w '\\n%{http_code}'`]);
      const lines = stdout.trimEnd().split("\n");
      expect(lines.pop(), `${where}: ${command}`).toMatch(/^2\d\d$/);
      expect(() => JSON.parse(lines.join("\n")), where).not.toThrow();
    }
  });

  it("answered every request within the operations' declared responses (the serve contract check)", () => {
    expect(log.filter((line) => line.includes("contract"))).toEqual([]);
  });
});

describe("the Pet Store's authorization, applied by specgate serve as API Gateway applies it", () => {
  it("lets only members with the pets/write scope remove pets (a Cognito user pool)", async () => {
    const anonymous = await client.deletePet({ requestParameters: { petId: "rex" } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).toEqual({ message: "Unauthorized" });
    // 4XX gateway responses carry the CORS headers, so a browser can read the 401.
    expect(anonymous.headers["access-control-allow-origin"]).toBe("*");
    const idToken = new ApiClient({ baseUrl: petStore.url, token: await token("--user", "bob") });
    expect((await idToken.deletePet({ requestParameters: { petId: "rex" } })).statusCode).toBe(401);
    const removed = await member.deletePet({ requestParameters: { petId: "nemo" } });
    expect(removed.statusCode).toBe(204);
    // The access log line is written once the response has gone.
    await vi.waitFor(() =>
      expect(log).toContainEqual(expect.stringMatching(/^DELETE \/pets\/nemo 204 AWS_PROXY [\d.]+ms alice$/)),
    );
  });

  it("lets only the store's staff place orders (a Lambda authorizer)", async () => {
    const anonymous = await send("POST", "/store/orders", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ petId: "rex", quantity: 1 }),
    });
    expect(anonymous.status).toBe(401);
    const stranger = new ApiClient({ baseUrl: petStore.url, token: "Bearer not-staff" });
    const refused = await stranger.placeOrder({ body: { petId: "rex", quantity: 1 } });
    expect(refused.statusCode).toBe(401);
    expect((await staff.placeOrder({ body: { petId: "rex", quantity: 1 } })).statusCode).toBe(503);
    // The access log line is written once the response has gone.
    await vi.waitFor(() =>
      expect(log).toContainEqual(expect.stringMatching(/^POST \/store\/orders 503 MOCK [\d.]+ms Ada$/)),
    );
  });

  it("lets only partners with an API key of the usage plan read the inventory", async () => {
    expect(partnerKey).toMatch(/^[\w-]{20,}$/);
    const anonymous = await client.getInventory();
    expect([anonymous.statusCode, anonymous.body]).toEqual([403, { message: "Forbidden" }]);
    const wrongKey = new ApiClient({ baseUrl: petStore.url, apiKey: "not-a-key-of-the-plan" });
    expect((await wrongKey.getInventory()).statusCode).toBe(403);
    expect((await partner.getInventory()).statusCode).toBe(200);
  });

  it("shows each operation's authorization in the route table", () => {
    expect(log).toContainEqual(
      expect.stringMatching(
        /^ {2}DELETE +\/pets\/\{petId\} +AWS_PROXY .* auth: COGNITO_USER_POOLS \(Authorization\) \[pets\/write\]$/,
      ),
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /^ {2}POST +\/store\/orders +MOCK +auth: TOKEN PetStore\/StoreStaffAuthorizer\w+ \(method\.request\.header\.Authorization\)$/,
      ),
    );
    expect(log).toContainEqual(
      expect.stringMatching(/^ {2}GET +\/store\/inventory +MOCK +auth: API key \(header\)$/),
    );
  });
});
