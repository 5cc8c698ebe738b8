import { describeScheme, schemeEnforcement, type ApiModel } from "@specgate/model";
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

/** A security scheme of the model, as the `Api`'s `authorizers` types it. */
interface SchemeSlot {
  readonly name: string;
  readonly doc: string;
  /** Some operation needs an authorizer for it: leaving it out is a compile error. */
  readonly required: boolean;
}

/** Every scheme of the model: required when an operation's security names it and API Gateway cannot enforce it alone. */
function schemeSlots(model: ApiModel): SchemeSlot[] {
  const users = new Map<string, string[]>();
  for (const operation of model.operations) {
    for (const requirement of operation.security ?? []) {
      for (const name of Object.keys(requirement)) {
        const list = users.get(name) ?? [];
        if (!list.includes(operation.operationId)) list.push(operation.operationId);
        users.set(name, list);
      }
    }
  }
  return Object.entries(model.securitySchemes).map(([name, scheme]) => {
    const enforcement = schemeEnforcement(scheme);
    const usedBy = users.get(name) ?? [];
    const required = enforcement === "authorizer" && usedBy.length > 0;
    const by = usedBy.length > 0 ? `, named by ${usedBy.join(", ")}` : "";
    const how =
      enforcement === "api-key"
        ? "API Gateway checks it as an API key unless given an authorizer"
        : enforcement === "api-gateway"
          ? "the model writes it for API Gateway already; an authorizer replaces it"
          : usedBy.length > 0
            ? "its operations need an authorizer for it"
            : "no operation names it";
    return { name, required, doc: `\`${name}\` (${describeScheme(scheme)}${by}): ${how}.` };
  });
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
