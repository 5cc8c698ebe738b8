import { describeScheme, schemeEnforcement, type ApiModel } from "@specgate/model";

/** A security scheme of the model, as the `Api`'s `authorizers` types it. */
export interface SchemeSlot {
  readonly name: string;
  readonly doc: string;
  /** Some operation needs an authorizer for it: leaving it out is a compile error. */
  readonly required: boolean;
}

/** Every scheme of the model: required when an operation's security names it and API Gateway cannot enforce it alone. */
export function schemeSlots(model: ApiModel): SchemeSlot[] {
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
