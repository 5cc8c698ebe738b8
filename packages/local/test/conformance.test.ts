import { join } from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { conformanceCases, conformanceFunctions, conformanceSpec, plainSpec } from "./common.case";
import { call, specApi, startEchoServer, synth } from "./helpers";

describe("API Gateway conformance", () => {
  let gateway: LocalGateway;
  let backend: Awaited<ReturnType<typeof startEchoServer>>;
  const urls = new Map<string, string>();

  beforeAll(async () => {
    backend = await startEchoServer();
    const assembly = synth((app) => {
      const stack = new Stack(app, "ConformanceStack");
      const stageVariables: Record<string, string> = { backend: backend.url };
      for (const [variable, { handler, timeoutSeconds, python }] of Object.entries(conformanceFunctions)) {
        const fn = new lambda.Function(stack, variable, {
          runtime: python ? lambda.Runtime.PYTHON_3_12 : lambda.Runtime.NODEJS_22_X,
          code: lambda.Code.fromAsset(
            join(__dirname, "fixtures", python ? "conformance-python" : "conformance"),
          ),
          handler,
          timeout: timeoutSeconds === undefined ? undefined : Duration.seconds(timeoutSeconds),
        });
        stageVariables[variable] = fn.functionArn;
      }
      specApi(stack, "Conformance", conformanceSpec, stageVariables);
      specApi(stack, "Plain", plainSpec, stageVariables);
    });
    gateway = await startLocalGateway({ assembly, port: 0, log: false });
    for (const api of gateway.apis) urls.set(api.name, api.url);
  });
  afterAll(async () => {
    await gateway?.close();
    await backend?.close();
  });

  for (const { name, api, request, response } of conformanceCases) {
    it(name, async () => {
      const base = urls.get(api === "plain" ? "Plain" : "Conformance");
      const result = await call(`${base}${request.path}`, {
        method: request.method ?? "GET",
        headers: request.headers,
        body: request.body,
      });
      expect(result.status, result.text).toBe(response.status);
      if (response.body !== undefined) expect(result.text).toBe(response.body);
      if (response.json !== undefined) expect(result.json()).toEqual(response.json);
      if (response.jsonMatching !== undefined) expect(result.json()).toMatchObject(response.jsonMatching);
      for (const [header, value] of Object.entries(response.headers ?? {})) {
        expect(result.headers.get(header), header).toBe(value);
      }
      for (const [header, pattern] of Object.entries(response.headersMatching ?? {})) {
        expect(result.headers.get(header), header).toMatch(pattern);
      }
      for (const path of response.jsonAbsent ?? []) {
        const [first, ...rest] = path.split(".");
        const parent = (result.json() as Record<string, Record<string, unknown> | undefined>)[first];
        expect(parent?.[rest.join(".")], path).toBeUndefined();
      }
      for (const header of response.headersAbsent ?? []) {
        expect(result.headers.get(header), header).toBeNull();
      }
    });
  }
});
