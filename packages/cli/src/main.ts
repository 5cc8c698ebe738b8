import { Command, CommanderError } from "commander";
import { registerGenerate } from "./commands/generate";
import { registerInit } from "./commands/init";
import { registerServe } from "./commands/serve";
import { registerToken } from "./commands/token";
import { UserError } from "./user-error";

/** Builds the `specgate` program; each command lives in its own module under `commands/`. */
export function createProgram(): Command {
  const program = new Command("specgate")
    .description("A typed REST API on Amazon API Gateway from one OpenAPI model")
    .version(require("../package.json").version as string)
    .showHelpAfterError()
    .exitOverride();
  registerInit(program);
  registerGenerate(program);
  registerServe(program);
  registerToken(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code. Errors meant for people are printed as one message;
 * anything unexpected is reported as a bug, with its stack only when SPECGATE_DEBUG is set.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UserError || (error instanceof Error && error.name === "ModelError")) {
      console.error(`specgate: ${error.message}`);
      return 1;
    }
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`specgate: unexpected error: ${detail}`);
    if (process.env.SPECGATE_DEBUG && error instanceof Error) console.error(error.stack);
    else console.error("Set SPECGATE_DEBUG=1 to see where it happened, and report it.");
    return 70;
  }
}
