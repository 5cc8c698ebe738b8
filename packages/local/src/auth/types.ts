import type { GatewayError } from "../gateway-responses";

/**
 * Who a request was authorized as: what `$context.authorizer`, `$context.identity` and the Lambda proxy
 * event's `requestContext` carry.
 */
export interface Authorization {
  /** Who called, for the access log: a Lambda authorizer's principalId, a token's username, an IAM user's ARN. */
  readonly principal?: string;
  /** `$context.authorizer` and `requestContext.authorizer`: absent for IAM authorization and API keys alone. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /** The `$context.identity` fields authorization sets (`apiKey`, `apiKeyId`, `accessKey`, `userArn`, …). */
  readonly identity: Readonly<Record<string, string>>;
  /** The API key a Lambda authorizer returned as `usageIdentifierKey`. */
  readonly usageIdentifierKey?: string;
}

/** How authorizing a request ended: who it is, or the gateway response that refuses it. */
export type AuthorizeOutcome =
  | { readonly kind: "allow"; readonly authorization: Authorization }
  | { readonly kind: "deny"; readonly error: GatewayError; readonly detail?: string };

export const unauthorized = (detail?: string): AuthorizeOutcome => ({
  kind: "deny",
  error: { type: "UNAUTHORIZED", message: "Unauthorized" },
  detail,
});

/** API Gateway answers an authorizer it cannot use with `{"message":null}`. */
export const authorizerConfigurationError = (detail: string): AuthorizeOutcome => ({
  kind: "deny",
  error: { type: "AUTHORIZER_CONFIGURATION_ERROR", message: null },
  detail,
});
