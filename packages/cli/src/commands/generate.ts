import type { Command } from "commander";
import { UserError } from "../user-error";

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "Generate typed TypeScript (runtime, CDK infrastructure, handler stubs) from an OpenAPI model",
    )
    .requiredOption("--spec <file>", "the OpenAPI model (YAML or JSON)")
    .requiredOption("--out <dir>", "where generated code goes")
    .action(() => {
      throw new UserError("generate is not available yet");
    });
}
