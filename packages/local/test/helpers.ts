import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import type { Construct } from "constructs";

/** A fresh temporary folder for one test's cloud assembly. */
export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `specgate-local-${name}-`));

/** Synthesizes a CDK app built by `build` into a fresh folder and returns the folder. */
export function synth(build: (app: App) => void, context: Record<string, unknown> = {}): string {
  const outdir = tempDir("assembly");
  const app = new App({ outdir, context });
  build(app);
  app.synth();
  return outdir;
}

/** A SpecRestApi whose body is `spec` (tokens become CloudFormation intrinsics, as TypeSafeRestApi leaves them). */
export function specApi(scope: Construct, id: string, spec: Record<string, unknown>): apigateway.SpecRestApi {
  return new apigateway.SpecRestApi(scope, id, { apiDefinition: apigateway.ApiDefinition.fromInline(spec) });
}

/** The Lambda proxy integration a spec carries for `functionArn`. */
export function lambdaIntegration(stack: Stack, functionArn: string): Record<string, unknown> {
  return {
    type: "aws_proxy",
    httpMethod: "POST",
    uri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json(): unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}
