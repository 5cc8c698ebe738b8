/** What a Lambda authorizer's policy says of one method ARN, as IAM evaluates it. */
export type PolicyDecision = "allow" | "explicit-deny" | "implicit-deny";

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const listOf = (value: unknown): unknown[] | undefined =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;

/** An IAM wildcard pattern (`*` any run of characters, `?` one) as a regular expression. */
function wildcard(pattern: string, flags = ""): RegExp {
  const source = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, flags);
}

/** Action names are case-insensitive in IAM; resources are not. */
const matchesAction = (pattern: string): boolean => wildcard(pattern, "i").test("execute-api:Invoke");

/** What a policy says of a method ARN, or why the document is not a policy API Gateway can read. */
export type CompiledPolicy = (methodArn: string) => PolicyDecision | { invalid: string };

/** One statement, read once: whether it is a Deny, whether its actions apply, and how to match a resource. */
interface CompiledStatement {
  readonly deny: boolean;
  readonly actionApplies: boolean;
  readonly resources: readonly RegExp[];
  readonly notResource: boolean;
}

/**
 * Reads the `policyDocument` of a Lambda authorizer's output once, for the method ARNs of the requests
 * it is used for (a cached output serves many): a matching Deny wins, else a matching Allow allows, else
 * the request is implicitly denied. Statements use `Action` or `NotAction`, `Resource` or `NotResource`,
 * with `*` and `?` wildcards. A document API Gateway cannot read answers why for every ARN.
 */
export function compilePolicy(document: unknown): CompiledPolicy {
  const statements = compileStatements(document);
  if ("invalid" in statements) return () => statements;
  return (methodArn) => {
    let allowed = false;
    for (const statement of statements.list) {
      const resourceMatches = statement.resources.some((resource) => resource.test(methodArn));
      if (!statement.actionApplies || resourceMatches === statement.notResource) continue;
      if (statement.deny) return "explicit-deny";
      allowed = true;
    }
    return allowed ? "allow" : "implicit-deny";
  };
}

function compileStatements(document: unknown): { list: CompiledStatement[] } | { invalid: string } {
  if (!isObject(document)) return { invalid: "policyDocument is missing or not an object" };
  const statements = isObject(document.Statement) ? [document.Statement] : document.Statement;
  if (!Array.isArray(statements)) return { invalid: "policyDocument.Statement is missing or not a list" };
  const list: CompiledStatement[] = [];
  for (const [index, statement] of statements.entries()) {
    const where = `policyDocument.Statement[${index}]`;
    if (!isObject(statement)) return { invalid: `${where} is not an object` };
    const effect = statement.Effect;
    if (effect !== "Allow" && effect !== "Deny") {
      return { invalid: `${where}.Effect is ${JSON.stringify(effect)}, not "Allow" or "Deny"` };
    }
    if (statement.Condition !== undefined) {
      return { invalid: `${where} has a Condition, which specgate serve does not evaluate` };
    }
    const actions = listOf(statement.Action ?? statement.NotAction);
    const resources = listOf(statement.Resource ?? statement.NotResource);
    if (!actions || !actions.every((action) => typeof action === "string")) {
      return { invalid: `${where} has no Action (or NotAction) string or list of strings` };
    }
    if (!resources || !resources.every((resource) => typeof resource === "string")) {
      return { invalid: `${where} has no Resource (or NotResource) string or list of strings` };
    }
    const actionMatches = (actions as string[]).some(matchesAction);
    list.push({
      deny: effect === "Deny",
      actionApplies: statement.Action !== undefined ? actionMatches : !actionMatches,
      resources: (resources as string[]).map((resource) => wildcard(resource)),
      notResource: statement.Resource === undefined,
    });
  }
  return { list };
}
