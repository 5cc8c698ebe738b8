import { join } from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Authorizers,
  CustomAuthorizerTypes,
  Integrations,
  TypeSafeRestApi,
  type Authorizer,
} from "@specgate/cdk";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { awsSigV4Signer } from "@specgate/runtime/sigv4";
import { call, synth, tempDir, type HttpResult } from "./helpers";

const REGION = "eu-west-1";

/** Answers who the authorizer said the caller is. */
const whoCalled = Integrations.mock({
  statusCode: 200,
  body: '{"principal": "$context.authorizer.principalId", "username": "$context.authorizer.claims.username", "accessKey": "$context.identity.accessKey"}',
});

const operation = (operationId: string): Record<string, unknown> => ({
  get: { operationId, responses: { "200": { description: "ok" } } },
});

/** A model without security: every operation's authorizer comes from the CDK app. */
const SPEC = {
  openapi: "3.0.3",
  info: { title: "Guarded", version: "1.0.0" },
  paths: {
    "/iam": operation("byIam"),
    "/open": operation("open"),
    "/token": operation("byToken"),
    "/request": operation("byRequest"),
    "/members": operation("byMembers"),
    "/keyed": operation("byKey"),
  },
};

/**
 * What TypeSafeRestApi renders for each of `Authorizers`' kinds, served by the local gateway: each is
 * enforced as API Gateway enforces what it renders, with every deny path, and the denials carry CORS
 * headers.
 */
describe("the authorizers @specgate/cdk renders, enforced by the local gateway", () => {
  let gateway: LocalGateway;
  let base: string;
  const get = (path: string, headers: Record<string, string> = {}): Promise<HttpResult> =>
    call(`${base}${path}`, { headers: { Origin: "https://app.example.com", ...headers } });
  const denied = (result: HttpResult, status: number, body: string): void => {
    expect([result.status, result.text]).toEqual([status, body]);
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
  };

  beforeAll(async () => {
    const assembly = synth((app) => {
      const stack = new Stack(app, "Guarded", { env: { account: "123456789012", region: REGION } });
      const authorizer = (handler: string): lambda.Function =>
        new lambda.Function(stack, handler, {
          runtime: lambda.Runtime.NODEJS_22_X,
          code: lambda.Code.fromAsset(join(__dirname, "fixtures", "authorizers")),
          handler: `index.${handler}`,
        });
      const guarded = (authorizer: Authorizer, apiKeyRequired = false) => ({
        integration: whoCalled,
        options: { authorizer, apiKeyRequired },
      });
      const api = new TypeSafeRestApi(stack, "Api", {
        spec: SPEC,
        corsOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS },
        defaultAuthorizer: Authorizers.iam(),
        integrations: {
          byIam: { integration: whoCalled },
          open: guarded(Authorizers.none()),
          byToken: guarded(
            Authorizers.custom({
              function: authorizer("token"),
              identityValidationExpression: "^[a-z]+$",
            }),
          ),
          byRequest: guarded(
            Authorizers.custom({
              function: authorizer("request"),
              type: CustomAuthorizerTypes.REQUEST,
              identitySource: "method.request.header.X-Partner,method.request.querystring.tenant",
              resultsCacheTtl: Duration.minutes(1),
            }),
          ),
          byMembers: guarded(
            Authorizers.cognito({
              userPools: [new cognito.UserPool(stack, "Members")],
              authorizationScopes: ["pets/write"],
            }),
          ),
          byKey: guarded(Authorizers.none(), true),
        },
      });
      api.api
        .addUsagePlan("Plan", { apiStages: [{ api: api.api, stage: api.api.deploymentStage }] })
        .addApiKey(api.api.addApiKey("Key", { value: "guarded-key-0123456789" }));
    });
    gateway = await startLocalGateway({
      assembly,
      port: 0,
      log: false,
      auth: { stateFile: join(tempDir("cdk-auth-state"), "local-auth.json") },
    });
    base = gateway.apis[0]?.url ?? "";
  });
  afterAll(() => gateway?.close());

  it("Authorizers.iam(), the default: unsigned is 403, signed by the client's signer passes", async () => {
    denied(await get("/iam"), 403, '{"message":"Missing Authentication Token"}');
    const { credentials } = gateway.auth;
    const signed = await awsSigV4Signer({ region: REGION, credentials })({
      method: "GET",
      url: `${base}/iam`,
      headers: {},
    });
    const result = await get("/iam", signed);
    expect(result.status, result.text).toBe(200);
    expect(result.json()).toMatchObject({ accessKey: credentials.accessKeyId });
    const wrong = await awsSigV4Signer({
      region: REGION,
      credentials: { ...credentials, secretAccessKey: "not-the-secret" },
    })({ method: "GET", url: `${base}/iam`, headers: {} });
    expect((await get("/iam", wrong)).status).toBe(403);
  });

  it("Authorizers.none() opens an operation under a default authorizer", async () => {
    expect((await get("/open")).status).toBe(200);
  });

  it("Authorizers.custom TOKEN: no token or one its identityValidationExpression refuses is 401, Deny 403, a throw 401", async () => {
    denied(await get("/token"), 401, '{"message":"Unauthorized"}');
    denied(await get("/token", { Authorization: "Not A Token" }), 401, '{"message":"Unauthorized"}');
    denied(
      await get("/token", { Authorization: "deny" }),
      403,
      '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    );
    denied(await get("/token", { Authorization: "unauthorized" }), 401, '{"message":"Unauthorized"}');
    const allowed = await get("/token", { Authorization: "allow" });
    expect([allowed.status, allowed.json()]).toMatchObject([200, { principal: "alice" }]);
  });

  it("Authorizers.custom REQUEST: a missing identity source is 401, a denying policy 403", async () => {
    denied(await get("/request", { "X-Partner": "acme" }), 401, '{"message":"Unauthorized"}');
    denied(
      await get("/request?tenant=t1", { "X-Partner": "globex" }),
      403,
      '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    );
    const allowed = await get("/request?tenant=t1", { "X-Partner": "acme" });
    expect([allowed.status, allowed.json()]).toMatchObject([200, { principal: "acme" }]);
  });

  it("Authorizers.cognito with authorizationScopes: no token, an ID token or an access token without the scope is 401", async () => {
    const { auth } = gateway;
    denied(await get("/members"), 401, '{"message":"Unauthorized"}');
    denied(
      await get("/members", { Authorization: await auth.mintToken({ username: "alice" }) }),
      401,
      '{"message":"Unauthorized"}',
    );
    const unscoped = await auth.mintToken({ username: "alice", scopes: ["pets/read"] });
    denied(await get("/members", { Authorization: `Bearer ${unscoped}` }), 401, '{"message":"Unauthorized"}');
    const scoped = await auth.mintToken({ username: "alice", scopes: ["pets/write"] });
    const allowed = await get("/members", { Authorization: `Bearer ${scoped}` });
    expect([allowed.status, allowed.json()]).toMatchObject([200, { username: "alice" }]);
  });

  it("apiKeyRequired: no key or an unknown one is 403 Forbidden, the usage plan's key passes", async () => {
    denied(await get("/keyed"), 403, '{"message":"Forbidden"}');
    denied(await get("/keyed", { "x-api-key": "guessed-key-0123456789" }), 403, '{"message":"Forbidden"}');
    expect((await get("/keyed", { "x-api-key": "guarded-key-0123456789" })).status).toBe(200);
  });

  it("answers a CORS preflight of a guarded operation without credentials", async () => {
    const preflight = await call(`${base}/members`, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });
});
