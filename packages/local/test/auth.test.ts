import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { Stack } from "aws-cdk-lib";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { awsSigV4Signer } from "@specgate/runtime/sigv4";
import { authCases, securedApp, type CallKit } from "./auth.case";
import { call, synth, tempDir } from "./helpers";

const REGION = "eu-west-1";

/** Signs like an AWS SDK (the smithy signer), with a chosen date when a test needs an old signature. */
async function sign(
  url: string,
  request: { method: string; body?: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: { region?: string; date?: Date } = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: "execute-api",
    region: options.region ?? REGION,
    sha256: Sha256,
    credentials,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...(request.body ? { "content-type": "application/json" } : {}) },
      ...(request.body ? { body: request.body } : {}),
    },
    options.date ? { signingDate: options.date } : {},
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

describe("authorization in the local gateway", () => {
  let gateway: LocalGateway;
  let base: string;
  let partnerBase: string;
  const lines: string[] = [];

  const kit = (): CallKit => ({
    token: (options = {}) =>
      gateway.auth.mintToken({ username: "alice", groups: ["admins", "staff"], ...options }),
    apiKey: (id) => {
      const key = gateway.auth.apiKeys.find((candidate) => candidate.name.endsWith(`/${id}`));
      if (!key) throw new Error(`no API key ${id}`);
      return key.value;
    },
    sign: (request, options = {}) =>
      sign(
        `${base}${request.path}`,
        request,
        {
          accessKeyId: options.accessKeyId ?? gateway.auth.credentials.accessKeyId,
          secretAccessKey: options.secretAccessKey ?? gateway.auth.credentials.secretAccessKey,
        },
        options,
      ),
  });

  beforeAll(async () => {
    const assembly = synth((app) => {
      securedApp(new Stack(app, "AuthStack", { env: { account: "123456789012", region: REGION } }));
    });
    gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: (line) => lines.push(line),
      auth: { stateFile: join(tempDir("auth-state"), "local-auth.json") },
    });
    base = gateway.apis.find((api) => api.name === "Secured")?.url ?? "";
    partnerBase = gateway.apis.find((api) => api.name === "KeysFromAuthorizer")?.url ?? "";
  });
  afterAll(async () => {
    await gateway?.close();
  });

  describe("answers every denial as API Gateway does", () => {
    for (const { name, request, response, authorize } of authCases) {
      it(name, async () => {
        const computed = authorize ? await authorize(kit()) : {};
        const result = await call(`${base}${request.path}`, {
          method: request.method ?? "GET",
          headers: { ...request.headers, ...computed },
          body: request.body,
        });
        expect(result.status, result.text).toBe(response.status);
        if (response.body !== undefined) expect(result.text).toBe(response.body);
        if (response.jsonMatching !== undefined) expect(result.json()).toMatchObject(response.jsonMatching);
        for (const [header, value] of Object.entries(response.headers ?? {})) {
          expect(result.headers.get(header), header).toBe(value);
        }
      });
    }
  });

  it("lists each method's authorization in the route table", () => {
    const routes = Object.fromEntries(
      (gateway.apis.find((api) => api.name === "Secured")?.routes ?? []).map((route) => [
        `${route.method} ${route.resource}`,
        route.auth,
      ]),
    );
    expect(routes["GET /token/{item}"]).toMatch(
      /^TOKEN AuthStack\/tokenFn[0-9A-F]{8} \(method\.request\.header\.Authorization\)$/,
    );
    expect(routes["GET /token-and-key"]).toMatch(/^TOKEN .* \+ API key \(header\)$/);
    expect(routes["POST /cognito/write"]).toBe("COGNITO_USER_POOLS (Authorization) [pets/write]");
    expect(routes["GET /iam"]).toBe("AWS_IAM (SigV4)");
    expect(routes["GET /key"]).toBe("API key (header)");
    expect(routes["OPTIONS /cognito"]).toBeUndefined();
  });

  it("passes a TOKEN authorizer's principal and context to $context.authorizer and the Lambda proxy event", async () => {
    const result = await call(`${base}/token/a`, { headers: { Authorization: "allow" } });
    expect(result.status, result.text).toBe(200);
    const requestContext = result.json() as { authorizer: Record<string, unknown> };
    expect(requestContext.authorizer).toMatchObject({
      principalId: "alice",
      user: "alice",
      count: "3",
      admin: "true",
      integrationLatency: expect.any(Number),
    });
    expect(lines.some((line) => /^GET \/Secured\/token\/a 200 AWS_PROXY [\d.]+ms alice$/.test(line))).toBe(
      true,
    );
  });

  it("caches a TOKEN authorizer's policy by token across methods, and applies it to each method ARN", async () => {
    const first = await call(`${base}/token/a`, { headers: { Authorization: "exact" } });
    const again = await call(`${base}/token/a`, { headers: { Authorization: "exact" } });
    expect(first.status).toBe(200);
    const id = (result: typeof first): unknown =>
      (result.json() as { authorizer: { invocation: string } }).authorizer.invocation;
    expect(id(again)).toBe(id(first));
    // The cached policy allows /token/a only: another method with the same token is refused, as on AWS.
    const elsewhere = await call(`${base}/token/b`, { headers: { Authorization: "exact" } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.text).toBe('{"Message":"User is not authorized to access this resource"}');
    // Without caching, each call runs the function.
    const noCache = [
      await call(`${base}/token-nocache`, { headers: { Authorization: "allow" } }),
      await call(`${base}/token-nocache`, { headers: { Authorization: "allow" } }),
    ];
    expect(id(noCache[0])).not.toBe(id(noCache[1]));
  });

  it("gives a REQUEST authorizer the request's parameters and the method ARN, and caches by every identity source", async () => {
    const result = await call(`${base}/request?tenant=t1`, { headers: { "X-Partner": "acme" } });
    expect(result.status, result.text).toBe(200);
    const body = result.json() as Record<string, string>;
    expect(body).toMatchObject({
      principalId: "acme",
      eventType: "REQUEST",
      resource: "/request",
      tenant: "t1",
    });
    expect(body.methodArn).toMatch(
      /^arn:aws:execute-api:eu-west-1:123456789012:[a-z0-9]{10}\/prod\/GET\/request$/,
    );
    const same = await call(`${base}/request?tenant=t1`, { headers: { "X-Partner": "acme" } });
    const other = await call(`${base}/request?tenant=t2`, { headers: { "X-Partner": "acme" } });
    expect((same.json() as Record<string, string>).invocation).toBe(body.invocation);
    expect((other.json() as Record<string, string>).invocation).not.toBe(body.invocation);
  });

  it("accepts a user pool's ID token, bare or after Bearer, and passes its claims as API Gateway does", async () => {
    const token = await kit().token();
    for (const authorization of [token, `Bearer ${token}`]) {
      const result = await call(`${base}/cognito`, { headers: { Authorization: authorization } });
      expect(result.status, result.text).toBe(200);
      const claims = (result.json() as { authorizer: { claims: Record<string, string> } }).authorizer.claims;
      expect(claims).toMatchObject({
        "cognito:username": "alice",
        "cognito:groups": "[admins staff]",
        token_use: "id",
        exp: expect.stringMatching(
          /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/,
        ),
        auth_time: expect.stringMatching(/^\d+$/),
      });
      expect(claims.iss).toBe(gateway.auth.userPools[0]);
    }
  });

  it("accepts an access token with one of the method's scopes", async () => {
    const token = await kit().token({ scopes: ["openid", "pets/write"] });
    const result = await call(`${base}/cognito/write`, { method: "POST", headers: { Authorization: token } });
    expect(result.status, result.text).toBe(200);
    expect(result.json()).toMatchObject({ username: "alice", scope: "openid pets/write" });
  });

  it("accepts a request signed with the local credentials, by the AWS SDK's signer and by the client's", async () => {
    const credentials = gateway.auth.credentials;
    const get = await call(`${base}/iam`, {
      headers: await sign(`${base}/iam`, { method: "GET" }, credentials),
    });
    expect(get.status, get.text).toBe(200);
    expect((get.json() as { identity: Record<string, unknown> }).identity).toMatchObject({
      accessKey: credentials.accessKeyId,
      userArn: "arn:aws:iam::123456789012:user/specgate-local",
      accountId: "123456789012",
    });
    const body = JSON.stringify({ name: "Luna" });
    const signer = awsSigV4Signer({ region: REGION, credentials });
    const headers = { "content-type": "application/json" };
    const signed = await signer({ method: "POST", url: `${base}/iam?q=a%20b&q=c`, headers, body });
    const post = await call(`${base}/iam?q=a%20b&q=c`, {
      method: "POST",
      headers: { ...headers, ...signed },
      body,
    });
    expect(post.status, post.text).toBe(200);
    // The body is signed: another body with the same signature is refused.
    const tampered = await call(`${base}/iam?q=a%20b&q=c`, {
      method: "POST",
      headers: { ...headers, ...signed },
      body: JSON.stringify({ name: "Mallory" }),
    });
    expect(tampered.status).toBe(403);
    expect(tampered.json()).toMatchObject({
      message: expect.stringContaining("The request signature we calculated does not match"),
    });
    expect((tampered.json() as { message: string }).message).toContain("'POST\n/Secured/iam\nq=a%20b&q=c\n");
  });

  it("takes an API key of a usage plan of the stage, given or generated, and says which in $context.identity", async () => {
    for (const id of ["Key", "Generated"] as const) {
      const value = kit().apiKey(id);
      const result = await call(`${base}/key`, { headers: { "x-api-key": value } });
      expect(result.status, result.text).toBe(200);
      expect(result.json()).toMatchObject({
        apiKey: value,
        apiKeyId: expect.stringMatching(/^[a-z0-9]{10}$/),
      });
    }
    expect(gateway.auth.apiKeys.find((key) => key.name.endsWith("/Generated"))?.generated).toBe(true);
    const both = await call(`${base}/token-and-key`, {
      headers: { Authorization: "allow", "x-api-key": kit().apiKey("Key") },
    });
    expect(both.status).toBe(200);
    expect(both.json()).toMatchObject({ principalId: "alice", user: "alice" });
  });

  it("takes the API key from a Lambda authorizer's usageIdentifierKey when the key source is AUTHORIZER", async () => {
    const ok = await call(`${partnerBase}/usage`, {
      headers: { Authorization: "usage:partner-key-0123456789" },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json()).toMatchObject({ apiKey: "partner-key-0123456789" });
    const header = await call(`${partnerBase}/usage`, {
      headers: { Authorization: "allow", "x-api-key": "partner-key-0123456789" },
    });
    expect(header.status).toBe(403);
    expect(header.text).toBe('{"message":"Forbidden"}');
  });
});

describe("authorization options of the local gateway", () => {
  let assembly: string;
  beforeAll(() => {
    assembly = synth((app) => {
      securedApp(new Stack(app, "AuthStack", { env: { account: "123456789012", region: REGION } }));
    });
  });

  it("lets unsigned calls through IAM methods when told not to check signatures", async () => {
    const gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: false,
      auth: { stateFile: join(tempDir("auth-state"), "local-auth.json"), verifySignatures: false },
    });
    try {
      const base = gateway.apis.find((api) => api.name === "Secured")?.url;
      expect((await call(`${base}/iam`)).status).toBe(200);
      expect(
        gateway.apis.find((api) => api.name === "Secured")?.routes.find((r) => r.resource === "/iam")?.auth,
      ).toBe("AWS_IAM (signatures not checked)");
    } finally {
      await gateway.close();
    }
  });

  it("verifies Cognito tokens with a JWKS URL instead of the local key, accepting its issuer", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "pool-key", alg: "RS256", use: "sig" };
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const issuer = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}/eu-west-1_RealPool`;
    const gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: false,
      auth: {
        stateFile: join(tempDir("auth-state"), "local-auth.json"),
        jwksUrl: `${issuer}/.well-known/jwks.json`,
      },
    });
    try {
      const base = gateway.apis.find((api) => api.name === "Secured")?.url;
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ token_use: "id", "cognito:username": "bob" })
        .setProtectedHeader({ alg: "RS256", kid: "pool-key" })
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(privateKey);
      const result = await call(`${base}/cognito`, { headers: { Authorization: token } });
      expect(result.status, result.text).toBe(200);
      // A token of the local key no longer verifies.
      const local = await gateway.auth.mintToken({ username: "alice" });
      expect((await call(`${base}/cognito`, { headers: { Authorization: local } })).status).toBe(401);
    } finally {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
