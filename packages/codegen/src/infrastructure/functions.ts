import { pathBeside, type ModuleFormat } from "../project";
import { callWithObject, describeOperation, docLine } from "./emit";
import type { OperationPlan } from "./responses";

/** A Lambda function construct and where its handler lives, relative to the infrastructure folder. */
export interface FunctionPlan {
  readonly plan: OperationPlan;
  /** `SayHelloFunction` */
  readonly className: string;
  /** `../../handlers/sayHello.ts` */
  readonly entry: string;
}

/**
 * `infrastructure/functions.ts`: one function construct per operation whose handler specgate bundles,
 * each a `HandlerFunction` (a NodejsFunction on Node.js 22 that refuses to fall back to Docker).
 */
export function emitFunctions(functions: readonly FunctionPlan[], format: ModuleFormat): string {
  const lines = [
    pathBeside("", format).imports,
    `import { HandlerFunction } from "@specgate/cdk";`,
    `import type { NodejsFunctionProps } from "aws-cdk-lib/aws-lambda-nodejs";`,
    `import type { Construct } from "constructs";`,
    "",
    "/** Everything `NodejsFunction` takes, except where the handler is: the generated classes know it. */",
    `export type HandlerFunctionProps = Omit<NodejsFunctionProps, "entry" | "handler">;`,
  ];
  for (const { plan, className, entry } of functions) {
    const { operation } = plan;
    const route = describeOperation(operation.method, operation.path, operation.summary);
    lines.push(
      "",
      docLine(
        `The Lambda function for \`${operation.operationId}\` (${route}), bundled with esbuild from \`${entry.replace(/^(\.\.\/)+/, "")}\`.`,
      ),
      `export class ${className} extends HandlerFunction {`,
      "  constructor(scope: Construct, id: string, props: HandlerFunctionProps = {}) {",
      callWithObject(
        "    ",
        "super(scope, id, ",
        ["...props", `entry: ${pathBeside(entry, format).expression}`, `handler: "handler"`],
        ");",
      ),
      "  }",
      "}",
    );
  }
  return lines.join("\n") + "\n";
}
