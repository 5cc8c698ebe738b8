/**
 * Authorization in the local gateway, checked after routing and before the request validator, as API
 * Gateway checks it: IAM (SigV4 signatures, `sigv4.ts`), Cognito user pools (JWTs verified with jose,
 * `cognito.ts`), Lambda authorizers (TOKEN and REQUEST, run like any function, their policies evaluated
 * against the method ARN and cached, `lambda-authorizer.ts`, `policy.ts`), then API keys (`api-keys.ts`).
 * `local-auth.ts` keeps the key pair local tokens are signed with and the local credentials.
 */
import { resolve } from "node:path";
import { createRemoteJWKSet } from "jose";
import type { StackArtifact } from "../assembly/cloud-assembly";
import type { FunctionEntry } from "../assembly/functions";
import type { LambdaRunner } from "../lambda";
import { readApiKeys, type LocalApiKey } from "./api-keys";
import type { TokenKeys } from "./cognito";
import { LocalAuth, type LocalCredentials, type TokenOptions } from "./local-auth";
import type { SecuritySetup } from "./security";

export { ApiSecurity, type MethodSecurity, type SecuritySetup } from "./security";
export { LocalAuth, issuerOfUserPoolArn, type LocalCredentials, type TokenOptions } from "./local-auth";
export type { Authorization, AuthorizeOutcome } from "./types";
export type { LocalApiKey } from "./api-keys";

/** How the local gateway authorizes requests. */
export interface LocalAuthOptions {
  /**
   * The file that keeps the key pair local tokens are signed with, the local credentials and the secret
   * API key values are made from; created on first use, read by `specgate token`.
   * @default .specgate/local-auth.json in `cwd`
   */
  readonly stateFile?: string;
  /**
   * Check the SigV4 signature of calls to IAM-authorized methods; false lets any call through (`--no-sigv4`).
   * @default true
   */
  readonly verifySignatures?: boolean;
  /**
   * Verify Cognito tokens with the keys of this JWKS instead of the local key, e.g. a real user pool's
   * `https://cognito-idp.<region>.amazonaws.com/<user pool id>/.well-known/jwks.json`; the issuer it is the
   * JWKS of is accepted beside the app's user pools.
   * @default the local key
   */
  readonly jwksUrl?: string;
  /** More credentials SigV4 signatures are checked with, beside the local ones. */
  readonly credentials?: readonly LocalCredentials[];
}

/** What a caller needs to call the gateway's authorized methods. */
export interface LocalGatewayAuth {
  /** The file the local key pair, credentials and secret are kept in. */
  readonly stateFile: string;
  /** The credentials to sign calls to IAM-authorized methods with (region: the API's). */
  readonly credentials: LocalCredentials;
  /** Whether SigV4 signatures are checked. */
  readonly verifySignatures: boolean;
  /** The JWKS Cognito tokens are verified with, when not the local key. */
  readonly jwksUrl?: string;
  /** The issuers of the user pools the APIs' Cognito authorizers accept. */
  readonly userPools: readonly string[];
  /** The API keys of the app, with the values the gateway accepts. */
  readonly apiKeys: readonly LocalApiKey[];
  /**
   * A token as the user pool would issue it, signed with the local key: an ID token, or an access token
   * when `scopes` are given. `issuer` defaults to the app's one user pool.
   */
  mintToken(options: Omit<TokenOptions, "issuer"> & { readonly issuer?: string }): Promise<string>;
}

/** The default place of the local auth state of a project. */
export const defaultStateFile = (cwd: string): string => resolve(cwd, ".specgate", "local-auth.json");

/** The gateway's authorization: the project's local auth state, and what every API's security shares. */
export class GatewayAuth {
  private apiKeys: readonly LocalApiKey[] = [];
  private userPools: readonly string[] = [];
  private readonly tokenKeys: TokenKeys;

  private constructor(
    private readonly local: LocalAuth,
    private readonly options: LocalAuthOptions,
  ) {
    const jwksUrl = options.jwksUrl;
    this.tokenKeys = jwksUrl
      ? {
          keys: createRemoteJWKSet(new URL(jwksUrl)),
          issuers: [jwksUrl.replace(/\/\.well-known\/jwks\.json$/, "")],
        }
      : { keys: local.keys, issuers: [] };
  }

  static of(options: LocalAuthOptions, cwd: string): GatewayAuth {
    const file = options.stateFile ? resolve(cwd, options.stateFile) : defaultStateFile(cwd);
    return new GatewayAuth(new LocalAuth(file), options);
  }

  /** What the APIs of an assembly check requests with. */
  setup(
    stacks: readonly StackArtifact[],
    runner: LambdaRunner,
    functions: ReadonlyMap<string, FunctionEntry>,
  ): SecuritySetup {
    this.apiKeys = readApiKeys(stacks, (id) => this.local.apiKeyValue(id));
    return {
      runner,
      functions,
      tokenKeys: this.tokenKeys,
      credentials: () => [this.local.credentials, ...(this.options.credentials ?? [])],
      verifySignatures: this.options.verifySignatures ?? true,
      apiKeys: this.apiKeys,
    };
  }

  /** Remembers the user pools the APIs accept, for `specgate token`. */
  served(userPools: readonly string[]): void {
    this.userPools = [...new Set(userPools)].sort();
    if (this.userPools.length > 0) this.local.recordUserPools(this.userPools);
  }

  get info(): LocalGatewayAuth {
    const local = this.local;
    const userPools = this.userPools;
    return {
      stateFile: local.file,
      get credentials() {
        return local.credentials;
      },
      verifySignatures: this.options.verifySignatures ?? true,
      ...(this.options.jwksUrl ? { jwksUrl: this.options.jwksUrl } : {}),
      userPools,
      apiKeys: this.apiKeys,
      mintToken: async (options) => {
        const issuer = options.issuer ?? (userPools.length === 1 ? userPools[0] : undefined);
        if (issuer === undefined) {
          throw new Error(
            userPools.length === 0
              ? "mintToken: the app has no Cognito authorizer; give the issuer"
              : `mintToken: the app has ${userPools.length} user pools; give the issuer of one: ${userPools.join(", ")}`,
          );
        }
        return local.mintToken({ ...options, issuer });
      },
    };
  }
}
