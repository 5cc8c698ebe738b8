import { resolve } from "node:path";
import type { Command } from "commander";
import type * as Local from "@specgate/local";
import { UserError } from "../user-error";

export interface TokenCommandOptions {
  readonly user: string;
  readonly groups?: string;
  readonly scopes?: string;
  readonly issuer?: string;
  readonly expiresIn: string;
  readonly claim: readonly string[];
}

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

function parseClaims(values: readonly string[]): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0)
      throw new UserError(`--claim ${value}: write it as <name>=<value>, e.g. email=alice@example.com`);
    claims[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return claims;
}

/**
 * A token as the app's Cognito user pool would issue it, signed with the key `specgate serve` verifies
 * local tokens with (in .specgate/local-auth.json of the project).
 */
export async function mintToken(options: TokenCommandOptions, cwd: string): Promise<string> {
  const expiresInSeconds = Number(options.expiresIn);
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new UserError(`--expires-in ${options.expiresIn} is not a number of seconds`);
  }
  // Loaded when the command runs, as for serve.
  const { LocalAuth, LocalGatewayError, defaultStateFile } = require("@specgate/local") as typeof Local;
  const auth = new LocalAuth(defaultStateFile(resolve(cwd)));
  try {
    const pools = auth.userPools;
    const issuer = options.issuer ?? (pools.length === 1 ? pools[0] : undefined);
    if (issuer === undefined) {
      throw new UserError(
        pools.length === 0
          ? "no user pool is known yet: run specgate serve for the app once (it records the user pools of its Cognito authorizers), or pass --issuer https://cognito-idp.<region>.amazonaws.com/<user pool id>"
          : `the app has ${pools.length} user pools: pass --issuer with one of ${pools.join(", ")}`,
      );
    }
    return await auth.mintToken({
      username: options.user,
      groups: list(options.groups),
      scopes: list(options.scopes),
      issuer,
      expiresInSeconds,
      claims: parseClaims(options.claim),
    });
  } catch (error) {
    if (error instanceof LocalGatewayError) throw new UserError(error.message);
    throw error;
  }
}

export function registerToken(program: Command): void {
  program
    .command("token")
    .description(
      "Print a token of the app's Cognito user pool for a user, which specgate serve accepts: an ID token, or an access token with --scopes",
    )
    .option("--user <name>", "the user's name (cognito:username)", "alice")
    .option("--groups <names>", "the user's groups (cognito:groups), comma-separated")
    .option("--scopes <scopes>", "make an access token with these scopes, comma-separated (e.g. pets/write)")
    .option("--issuer <url>", "the user pool's issuer (default: the one user pool specgate serve found)")
    .option("--expires-in <seconds>", "how long the token is valid", "3600")
    .option(
      "--claim <name=value>",
      "another claim, e.g. email=alice@example.com (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (options: TokenCommandOptions) => {
      console.log(await mintToken(options, process.cwd()));
    });
}
