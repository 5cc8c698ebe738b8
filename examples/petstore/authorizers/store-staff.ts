/**
 * The Lambda authorizer of the store's staff operations (TOKEN): it finds the staff member a bearer
 * token names and allows them every method of the store. A real one would verify a token an identity
 * provider issued; this one reads its tokens from STAFF_TOKENS (`token=Name,token=Name`).
 */

/** What API Gateway gives a TOKEN authorizer. */
interface TokenAuthorizerEvent {
  readonly type: "TOKEN";
  /** The Authorization header, e.g. `Bearer staff-ada-2026`. */
  readonly authorizationToken: string;
  /** `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>`. */
  readonly methodArn: string;
}

/** What API Gateway reads from a Lambda authorizer. */
interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: "2012-10-17";
    readonly Statement: readonly { Action: string; Effect: "Allow" | "Deny"; Resource: string }[];
  };
  /** Values reach the backend as `$context.authorizer.<key>`, and in the Lambda proxy event. */
  readonly context?: Readonly<Record<string, string>>;
}

function staffTokens(): Map<string, string> {
  const pairs = (process.env.STAFF_TOKENS ?? "").split(",").filter((pair) => pair.includes("="));
  return new Map(pairs.map((pair) => pair.split("=", 2) as [string, string]));
}

export const handler = async (event: TokenAuthorizerEvent): Promise<AuthorizerResult> => {
  const token = event.authorizationToken.replace(/^Bearer\s+/i, "");
  const name = staffTokens().get(token);
  // API Gateway answers 401 for this one error, without calling the operation.
  if (name === undefined) throw new Error("Unauthorized");
  // The result is cached for every method of the authorizer: allow the store's, not only this one.
  const [arn, stage] = event.methodArn.split("/");
  return {
    principalId: name,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: `${arn}/${stage}/*/store/*` }],
    },
    context: { staffName: name },
  };
};
