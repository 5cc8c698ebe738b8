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

/**
 * Evaluates the `policyDocument` of a Lambda authorizer's output against the method ARN of the request:
 * a matching Deny wins, else a matching Allow allows, else the request is implicitly denied. Statements
 * use `Action` or `NotAction`, `Resource` or `NotResource`, with `*` and `?` wildcards. Returns why the
 * document is not a policy API Gateway can read, when it is not.
 */
export function evaluatePolicy(document: unknown, methodArn: string): PolicyDecision | { invalid: string } {
  if (!isObject(document)) return { invalid: "policyDocument is missing or not an object" };
  const statements = isObject(document.Statement) ? [document.Statement] : document.Statement;
  if (!Array.isArray(statements)) return { invalid: "policyDocument.Statement is missing or not a list" };
  let allowed = false;
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
    const resourceMatches = (resources as string[]).some((resource) => wildcard(resource).test(methodArn));
    const applies =
      (statement.Action !== undefined ? actionMatches : !actionMatches) &&
      (statement.Resource !== undefined ? resourceMatches : !resourceMatches);
    if (!applies) continue;
    if (effect === "Deny") return "explicit-deny";
    allowed = true;
  }
  return allowed ? "allow" : "implicit-deny";
}
