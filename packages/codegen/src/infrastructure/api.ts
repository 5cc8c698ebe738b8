import type { ApiModel } from "@specgate/model";
import { schemeSlots } from "../security";
import { propertyKey } from "../naming";
import { moduleSpecifier, pathBeside, type ModuleFormat } from "../project";
import { docLine, importLine, PRINT_WIDTH } from "./emit";

/** `export interface ApiProps extends Omit<TypeSafeRestApiProps, …> {`, wrapped as Prettier wraps it when long. */
function propsHeader(omitted: readonly string[]): string {
  const keys = omitted.map((key) => JSON.stringify(key)).join(" | ");
  const single = `export interface ApiProps extends Omit<TypeSafeRestApiProps, ${keys}> {`;
  if (single.length <= PRINT_WIDTH) return single;
  return `export interface ApiProps extends Omit<\n  TypeSafeRestApiProps,\n  ${keys}\n> {`;
}

/** `infrastructure/api.ts`: the `Api` construct, which needs an integration for every operation. */
export function emitApi(model: ApiModel, format: ModuleFormat): string {
  const { title, version } = model;
  const name = title ? `${title}${version ? ` ${version}` : ""}` : "The API";
  const spec = pathBeside("spec.json", format);
  const slots = schemeSlots(model);
  const secured = slots.length > 0;
  const cdkImports = [
    "TypeSafeRestApi",
    ...(secured ? ["type Authorizer"] : []),
    "type TypeSafeApiIntegration",
    "type TypeSafeRestApiProps",
  ];
  const omitted = ["spec", "operationLookup", "integrations", ...(secured ? ["authorizers"] : [])];
  const authorizers = secured
    ? [
        "",
        "/** An authorizer for each security scheme of the model (`components.securitySchemes`), by its name. */",
        // A type literal, not an interface: TypeSafeRestApi takes a map, which only a type literal fits.
        "export type ApiAuthorizers = {",
        ...slots.flatMap((slot) => [
          docLine(slot.doc, "  "),
          `  readonly ${propertyKey(slot.name)}${slot.required ? "" : "?"}: Authorizer;`,
        ]),
        "};",
      ]
    : [];
  const anyRequired = slots.some((slot) => slot.required);
  return [
    spec.imports,
    importLine(cdkImports, "@specgate/cdk"),
    `import type { Construct } from "constructs";`,
    `import type { OperationConfig } from "${moduleSpecifier("../runtime/index", format)}";`,
    ...authorizers,
    "",
    "/** Everything `TypeSafeRestApi` takes, except the model, which is packaged with `Api`. */",
    propsHeader(omitted),
    "  /** An integration for every operation: leaving one out is a compile error. */",
    "  readonly integrations: OperationConfig<TypeSafeApiIntegration>;",
    ...(secured
      ? [
          anyRequired
            ? "  /** An authorizer for each security scheme the operations need: leaving one out is a compile error. */"
            : "  /** Authorizers for the model's security schemes, by name. */",
          `  readonly authorizers${anyRequired ? "" : "?"}: ApiAuthorizers;`,
        ]
      : []),
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
