import type { Command } from "commander";
import { UserError } from "../user-error";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run a synthesized CDK app's REST APIs on localhost")
    .action(() => {
      throw new UserError("serve is not available yet");
    });
}
