import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { MethodRequest } from "../request";
import { unauthorized, type AuthorizeOutcome } from "./types";

/** Where tokens are verified: the local key, or a user pool's JWKS (whose issuer is accepted too). */
export interface TokenKeys {
  readonly keys: JWTVerifyGetKey;
  /** Issuers accepted beside the authorizer's user pools (the issuer of a JWKS URL given). */
  readonly issuers: readonly string[];
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number): string => String(n).padStart(2, "0");

/** `Sun Apr 19 08:06:14 UTC 2020`: how API Gateway writes a token's `exp` and `iat` among the claims. */
function javaDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** The claims as API Gateway passes them on: every value a string, lists as `[a b]`, `exp` and `iat` as dates. */
export function claimsOf(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if ((name === "exp" || name === "iat") && typeof value === "number") claims[name] = javaDate(value);
    else if (Array.isArray(value)) claims[name] = `[${value.map(String).join(" ")}]`;
    else if (value !== null && typeof value === "object") claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/**
 * A Cognito user pool authorizer: the token in `header` must be signed by a key of `keys`, issued by one
 * of the user pools (or an issuer of `keys`), unexpired; without scopes it must be an ID token, with
 * scopes an access token carrying one of them. Anything else is 401 Unauthorized, as on API Gateway.
 */
export class CognitoAuthorizer {
  constructor(
    private readonly header: string,
    private readonly issuers: readonly string[],
    private readonly tokenKeys: TokenKeys,
  ) {}

  get description(): string {
    return `COGNITO_USER_POOLS (${this.header})`;
  }

  async authorize(request: MethodRequest, scopes: readonly string[]): Promise<AuthorizeOutcome> {
    const value = request.headers[this.header.toLowerCase()];
    if (value === undefined || value.trim() === "") return unauthorized(`no ${this.header} header`);
    // API Gateway takes the token bare or after "Bearer ".
    const token = value.trim().replace(/^Bearer\s+/i, "");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.tokenKeys.keys, {
        issuer: [...this.issuers, ...this.tokenKeys.issuers],
        algorithms: ["RS256"],
      }));
    } catch (error) {
      const reason =
        error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : (error as Error).message;
      return unauthorized(`the token was refused (${reason})`);
    }
    if (scopes.length === 0) {
      if (payload.token_use !== "id") {
        return unauthorized(
          `the method has no scopes, so it takes an ID token, not token_use ${String(payload.token_use)}`,
        );
      }
    } else {
      const granted = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
      if (payload.token_use !== "access" || !scopes.some((scope) => granted.includes(scope))) {
        return unauthorized(
          `the method takes an access token with one of the scopes ${scopes.join(", ")}; the token is token_use ${String(payload.token_use)} with scopes ${granted.join(" ") || "none"}`,
        );
      }
    }
    const claims = claimsOf(payload);
    return {
      kind: "allow",
      authorization: {
        principal: claims["cognito:username"] ?? claims.username ?? claims.sub,
        authorizer: { claims },
        identity: {},
      },
    };
  }
}
