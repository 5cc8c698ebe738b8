import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import type { Construct } from "constructs";

/** Whether the process `pid` is still running. */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for `condition`, polling, for up to `ms`. */
export async function eventually(condition: () => boolean, ms = 10_000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

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
export function specApi(
  scope: Construct,
  id: string,
  spec: Record<string, unknown>,
  stageVariables?: Record<string, string>,
): apigateway.SpecRestApi {
  return new apigateway.SpecRestApi(scope, id, {
    apiDefinition: apigateway.ApiDefinition.fromInline(spec),
    deployOptions: stageVariables ? { variables: stageVariables } : undefined,
  });
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

/** A backend for HTTP integrations that answers what it received: method, path, query, headers (lower case), body. */
export async function startEchoServer(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://backend");
      const query: Record<string, string[]> = {};
      for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
      res.writeHead(200, { "content-type": "application/json", "x-backend": "echo" });
      res.end(
        JSON.stringify({
          method: req.method,
          path: url.pathname,
          query,
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
