/** What API Gateway REST APIs accept as resource paths (checked when the API is imported). */

/** A path part: letters, digits and `._-:$`, or a whole-segment `{variable}` / `{greedy+}`. */
const LITERAL_PART = /^[A-Za-z0-9._:$-]+$/;
const VARIABLE_PART = /^\{([A-Za-z0-9._:$-]+)(\+?)\}$/;

/** The template variables of an OpenAPI path, e.g. `["petId"]` for `/pets/{petId}`. */
export function pathVariablesOf(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1].replace(/\+$/, ""));
}

/** Why API Gateway cannot create a resource for this path, or undefined when it can. */
export function resourcePathProblem(path: string): string | undefined {
  if (path === "/") return undefined;
  if (!path.startsWith("/")) return `path "${path}" must start with /`;
  const query = path.indexOf("?");
  if (query >= 0) {
    return `path "${path}" holds a query string (${path.slice(query)}): API Gateway routes on the path alone; remove it, and tell the operations apart by path or method`;
  }
  const parts = path.slice(1).split("/");
  for (const [index, part] of parts.entries()) {
    if (part === "") {
      return `path "${path}" has an empty segment (a trailing or double /): API Gateway cannot serve it; remove the extra /`;
    }
    const variable = VARIABLE_PART.exec(part);
    if (variable) {
      if (variable[2] === "+" && index !== parts.length - 1) {
        return `path "${path}": the greedy variable ${part} must be the last segment`;
      }
      continue;
    }
    if (part.includes("{")) {
      return `path "${path}": API Gateway path variables must be a whole segment ({name} or {name+}), not part of "${part}"; use one variable for the segment`;
    }
    if (!LITERAL_PART.test(part)) {
      return `path "${path}": segment "${part}" has characters API Gateway does not allow in a resource path (only letters, digits and ._-:$)`;
    }
  }
  return undefined;
}

/**
 * API Gateway allows one variable per position under a resource: `/pets/{id}` beside
 * `/pets/{petId}/toys` is rejected. Returns, for each path, the sibling variable it clashes with.
 */
export function siblingVariableClashes(paths: readonly string[]): Map<string, string> {
  const firstVariable = new Map<string, { part: string; path: string }>();
  const clashes = new Map<string, string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      if (!VARIABLE_PART.test(parts[i])) continue;
      const parent = parts.slice(0, i).join("/") || "/";
      const seen = firstVariable.get(parent);
      if (!seen) firstVariable.set(parent, { part: parts[i], path });
      else if (seen.part !== parts[i] && !clashes.has(path)) {
        clashes.set(
          path,
          `${parent === "/" ? "" : parent}/${parts[i]} clashes with ${seen.part} of ${seen.path}`,
        );
      }
    }
  }
  return clashes;
}

/**
 * How API Gateway enforces a security scheme of a model: `api-key` for an `apiKey` scheme in the
 * `x-api-key` header (API Gateway's own API key), `api-gateway` for a scheme the model already writes
 * with API Gateway's extensions (`x-amazon-apigateway-authtype`, `x-amazon-apigateway-authorizer`),
 * `authorizer` for any other (OAuth 2, OpenID Connect, HTTP bearer…), which needs one from the app.
 */
export function schemeEnforcement(scheme: {
  readonly [key: string]: unknown;
}): "api-key" | "api-gateway" | "authorizer" {
  if ("x-amazon-apigateway-authtype" in scheme || "x-amazon-apigateway-authorizer" in scheme)
    return "api-gateway";
  const apiKey =
    scheme.type === "apiKey" &&
    scheme.in === "header" &&
    typeof scheme.name === "string" &&
    scheme.name.toLowerCase() === "x-api-key";
  return apiKey ? "api-key" : "authorizer";
}

/** A scheme in a few words for messages and comments: `oauth2`, `http bearer`, `apiKey in header x-api-key`. */
export function describeScheme(scheme: { readonly [key: string]: unknown }): string {
  if (scheme.type === "http" && typeof scheme.scheme === "string") return `http ${scheme.scheme}`;
  if (scheme.type === "apiKey") return `apiKey in ${String(scheme.in)} ${String(scheme.name)}`;
  return String(scheme.type);
}
