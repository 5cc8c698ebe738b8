import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import { SignJWT, createLocalJWKSet, importJWK, type JWK, type JWTVerifyGetKey } from "jose";
import { LocalGatewayError } from "../errors";

/** AWS credentials that sign requests with SigV4. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * What `specgate serve` and `specgate token` share through a file of the project: the key pair that signs
 * local tokens, the credentials IAM-authorized calls are signed with, a secret that derives the values of
 * API keys the app does not give, and the issuers of the user pools the last serve found.
 */
interface LocalAuthFile {
  readonly version: 1;
  readonly signingKey: JWK;
  readonly credentials: LocalCredentials;
  readonly secret: string;
  readonly userPools?: readonly string[];
}

/** What a local token says about its user. */
export interface TokenOptions {
  /** The user's name (`cognito:username`, `username`) and, unless `sub` is given, the seed of its `sub`. */
  readonly username: string;
  /** `cognito:groups`. */
  readonly groups?: readonly string[];
  /** An access token with these scopes (`scope`); without scopes, an ID token. */
  readonly scopes?: readonly string[];
  /** The user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  readonly issuer: string;
  /** @default 3600 */
  readonly expiresInSeconds?: number;
  /** More claims, e.g. `email`. */
  readonly claims?: Readonly<Record<string, string | number | boolean>>;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const randomText = (length: number, alphabet: string): string =>
  Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");

/** The user pool issuer of a user pool ARN (`arn:aws:cognito-idp:<region>:<account>:userpool/<id>`). */
export function issuerOfUserPoolArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:cognito-idp:([^:]+):[^:]*:userpool\/(.+)$/.exec(arn);
  return match ? `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}` : undefined;
}

/**
 * The local auth state of a project, kept in `file` (mode 0600) from run to run: read, or made, the
 * first time something needs it (an IAM, Cognito or API key method), so that an app without them leaves
 * no file behind.
 */
export class LocalAuth {
  private loaded?: { state: LocalAuthFile; keys: JWTVerifyGetKey };

  constructor(readonly file: string) {}

  private get current(): { state: LocalAuthFile; keys: JWTVerifyGetKey } {
    if (this.loaded) return this.loaded;
    let state: LocalAuthFile;
    if (existsSync(this.file)) {
      try {
        state = JSON.parse(readFileSync(this.file, "utf8")) as LocalAuthFile;
        if (state.version !== 1 || !state.signingKey?.kid || !state.credentials?.accessKeyId) {
          throw new Error("not a local auth file");
        }
      } catch (error) {
        throw new LocalGatewayError(
          `${this.file} is not a local auth file specgate can read (${(error as Error).message}): delete it, and specgate makes a new one`,
        );
      }
    } else {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      state = {
        version: 1,
        signingKey: {
          ...(privateKey.export({ format: "jwk" }) as JWK),
          kid: randomUUID(),
          alg: "RS256",
          use: "sig",
        },
        credentials: {
          accessKeyId: `AKIA${randomText(16, BASE32)}`,
          secretAccessKey: randomBytes(30).toString("base64"),
        },
        secret: randomBytes(32).toString("hex"),
      };
      // Two gateways that start together in one project must end up with one key pair: the first file wins.
      if (!create(this.file, state)) return this.current;
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicKey } = state.signingKey;
    return (this.loaded = { state, keys: createLocalJWKSet({ keys: [publicKey] }) });
  }

  /** Verifies the signatures of local tokens. */
  readonly keys: JWTVerifyGetKey = (header, token) => this.current.keys(header, token);

  get credentials(): LocalCredentials {
    return this.current.state.credentials;
  }

  /** The issuers of the user pools the last `specgate serve` served. */
  get userPools(): readonly string[] {
    return this.current.state.userPools ?? [];
  }

  /** Remembers the user pools of the app, for `specgate token`. */
  recordUserPools(issuers: readonly string[]): void {
    const sorted = [...new Set(issuers)].sort();
    if (sorted.join(" ") === this.userPools.join(" ")) return;
    const state = { ...this.current.state, userPools: sorted };
    write(this.file, state);
    this.current.state = state;
  }

  /** A value for an API key the app gives none: stable for the project, unguessable without its secret. */
  apiKeyValue(id: string): string {
    return createHmac("sha256", this.current.state.secret).update(id).digest("base64url").slice(0, 40);
  }

  /** A token as a Cognito user pool issues it, signed with the local key. */
  async mintToken(options: TokenOptions): Promise<string> {
    const { state } = this.current;
    const now = Math.floor(Date.now() / 1000);
    const access = (options.scopes?.length ?? 0) > 0;
    const sub = createHmac("sha256", state.secret).update(options.username).digest("hex");
    const subject = `${sub.slice(0, 8)}-${sub.slice(8, 12)}-${sub.slice(12, 16)}-${sub.slice(16, 20)}-${sub.slice(20, 32)}`;
    const claims: Record<string, unknown> = {
      ...(options.groups && options.groups.length > 0 ? { "cognito:groups": [...options.groups] } : {}),
      ...(access
        ? {
            token_use: "access",
            scope: options.scopes?.join(" "),
            client_id: "specgate-local",
            username: options.username,
          }
        : { token_use: "id", aud: "specgate-local", "cognito:username": options.username }),
      auth_time: now,
      event_id: randomUUID(),
      ...options.claims,
    };
    const key = await importJWK(state.signingKey, "RS256");
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: state.signingKey.kid })
      .setIssuer(options.issuer)
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(key);
  }
}

/**
 * Creates the file with `state` unless it exists (a temporary file linked to its name, which fails when
 * another process created it first); false when it existed.
 */
function create(file: string, state: LocalAuthFile): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Writes the state whole (a temporary file renamed over it), readable by its owner only. */
function write(file: string, state: LocalAuthFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
