import { Stack } from "aws-cdk-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalGateway, type LocalGateway } from "@specgate/local";
import { conformanceCases, conformanceSpec } from "./common.case";
import { call, specApi, synth } from "./helpers";

describe("API Gateway conformance", () => {
  let gateway: LocalGateway;

  beforeAll(async () => {
    const assembly = synth((app) => specApi(new Stack(app, "ConformanceStack"), "Api", conformanceSpec));
    gateway = await startLocalGateway({ assembly, port: 0, log: false });
  });
  afterAll(() => gateway?.close());

  for (const { name, request, response } of conformanceCases) {
    it(name, async () => {
      const result = await call(`${gateway.url}${request.path}`, {
        method: request.method ?? "GET",
        headers: request.headers,
        body: request.body,
      });
      expect(result.status, result.text).toBe(response.status);
      if (response.body !== undefined) expect(result.text).toBe(response.body);
      if (response.json !== undefined) expect(result.json()).toEqual(response.json);
      for (const [header, value] of Object.entries(response.headers ?? {})) {
        expect(result.headers.get(header), header).toBe(value);
      }
      for (const [header, pattern] of Object.entries(response.headersMatching ?? {})) {
        expect(result.headers.get(header), header).toMatch(pattern);
      }
    });
  }
});
