import type { Integration, IntegrationOutcome } from "./integration";

/** AWS service integrations (S3, DynamoDB, Step Functions, …) are not emulated: say so by name, never pretend. */
export function awsServiceIntegration(integration: Record<string, unknown>): Integration {
  const uri = String(integration.uri ?? "");
  const service = /:apigateway:[^:]*:([^:/]+)[:/]/.exec(uri)?.[1] ?? "an AWS service";
  const what =
    service === "lambda"
      ? "the Lambda custom (non-proxy) integration"
      : `the AWS service integration with ${service}`;
  const message = `specgate serve does not emulate ${what} (${uri}); deploy it, or use a MOCK, Lambda proxy or HTTP integration locally`;
  const outcome: IntegrationOutcome = {
    kind: "response",
    statusCode: 501,
    headers: [["Content-Type", "application/json"]],
    body: Buffer.from(JSON.stringify({ message })),
  };
  return { type: "AWS", description: `AWS (${service})`, invoke: async () => outcome };
}
