import type { GatewayError } from "../gateway-responses";
import type { ApiContext, MethodRequest } from "../request";

/** What an integration gets for one request. */
export interface IntegrationInput {
  readonly request: MethodRequest;
  /** `$context`; templates may set `responseOverride` on it. */
  readonly context: Record<string, unknown>;
  readonly api: ApiContext;
}

/** What an integration answers: a method response, or an error the gateway answers itself. */
export type IntegrationOutcome =
  | {
      readonly kind: "response";
      readonly statusCode: number;
      readonly headers: readonly (readonly [string, string])[];
      /** A string when a template rendered it: written as is, without a copy. */
      readonly body: Buffer | string;
    }
  | { readonly kind: "error"; readonly error: GatewayError; readonly detail?: string };

/** An operation's `x-amazon-apigateway-integration`, compiled at start. */
export interface Integration {
  /** For route tables and logs, e.g. `MOCK`, `AWS_PROXY (Stack/Fn)`. */
  readonly description: string;
  /** Short type for the access log: `MOCK`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `AWS`. */
  readonly type: string;
  /** Why this integration cannot run locally, when it cannot: every request to it answers 500. */
  readonly problem?: string;
  invoke(input: IntegrationInput): Promise<IntegrationOutcome>;
}

export const internalError = (detail: string): IntegrationOutcome => ({
  kind: "error",
  error: { type: "API_CONFIGURATION_ERROR", message: "Internal server error" },
  detail,
});

/** API Gateway's 415: a request whose content type no request template takes, under the passthrough behavior. */
export const unsupportedMediaType: IntegrationOutcome = {
  kind: "error",
  error: { type: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported Media Type" },
};

/** API Gateway's 504: the integration did not answer within `timeoutInMillis`. */
export const integrationTimeout = (detail: string): IntegrationOutcome => ({
  kind: "error",
  error: { type: "INTEGRATION_TIMEOUT", message: "Endpoint request timed out" },
  detail,
});

/** An integration that cannot run locally: `problem` is warned at start, and every request answers 500. */
export const failingIntegration = (type: string, description: string, problem: string): Integration => ({
  type,
  description,
  problem,
  invoke: async () => internalError(problem),
});
