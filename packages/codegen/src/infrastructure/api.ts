import { moduleSpecifier, pathBeside, type ModuleFormat } from "../project";
import { docLine } from "./emit";

/** `infrastructure/api.ts`: the `Api` construct, which needs an integration for every operation. */
export function emitApi(title: string, version: string, format: ModuleFormat): string {
  const name = title ? `${title}${version ? ` ${version}` : ""}` : "The API";
  const spec = pathBeside("spec.json", format);
  return [
    spec.imports,
    `import { TypeSafeRestApi, type TypeSafeApiIntegration, type TypeSafeRestApiProps } from "@specgate/cdk";`,
    `import type { Construct } from "constructs";`,
    `import type { OperationConfig } from "${moduleSpecifier("../runtime/index", format)}";`,
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
    `    super(scope, id, { ...props, spec: ${spec.expression} });`,
    "  }",
    "}",
    "",
  ].join("\n");
}
