import { docLine } from "./emit";

/** `infrastructure/api.ts`: the `Api` construct, which needs an integration for every operation. */
export function emitApi(title: string, version: string): string {
  const name = title ? `${title}${version ? ` ${version}` : ""}` : "The API";
  return [
    `import * as path from "node:path";`,
    `import { TypeSafeRestApi, type TypeSafeApiIntegration, type TypeSafeRestApiProps } from "@specgate/cdk";`,
    `import type { Construct } from "constructs";`,
    `import type { OperationConfig } from "../runtime/index.js";`,
    "",
    "/** Everything `TypeSafeRestApi` takes, except the model, which is packaged with `Api`. */",
    `export interface ApiProps extends Omit<TypeSafeRestApiProps, "spec" | "operationLookup" | "integrations"> {`,
    "  /** An integration for every operation: leaving one out is a compile error. */",
    "  readonly integrations: OperationConfig<TypeSafeApiIntegration>;",
    "}",
    "",
    docLine(`${name} on Amazon API Gateway, from the model in \`spec.json\` beside this file.`),
    "export class Api extends TypeSafeRestApi {",
    "  constructor(scope: Construct, id: string, props: ApiProps) {",
    `    super(scope, id, { ...props, spec: path.join(__dirname, "spec.json") });`,
    "  }",
    "}",
    "",
  ].join("\n");
}
