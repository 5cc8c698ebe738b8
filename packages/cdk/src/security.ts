import type { ApiKeySourceType } from "aws-cdk-lib/aws-apigateway";
import { derefLocal, describeScheme, schemeEnforcement } from "@specgate/model";
import { isNone, type Authorizer, type SecuritySchemeObject } from "./authorizers";
import { isObject, type Obj } from "./document";

/** How each operation is authorized, beside the model's own `security`. */
export interface SecurityOptions {
  /** An authorizer for each security scheme of the model that API Gateway cannot enforce on its own. */
  readonly authorizers?: { readonly [securityScheme: string]: Authorizer };
  /** The authorizer of every operation the model gives no security. */
  readonly defaultAuthorizer?: Authorizer;
  /** Per-operation overrides, by operationId. */
  readonly operations?: {
    readonly [operationId: string]: { readonly authorizer?: Authorizer; readonly apiKeyRequired?: boolean };
  };
  /** Where API Gateway reads API keys from. */
  readonly apiKeySourceType?: ApiKeySourceType;
}

/** One operation as the spec holds it. */
export interface SecuredOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The operation object of the document being rendered (changed in place). */
  readonly operation: Obj;
}

/** The scheme `apiKeyRequired` adds when the model has no API key scheme of its own. */
const API_KEY_SCHEME = "api_key";
const API_KEY_HEADER = "x-api-key";

/** What one security requirement object of the model comes to in API Gateway. */
interface Resolved {
  /** The scheme an authorizer enforces, with the scopes it checks. */
  readonly scheme?: string;
  readonly scopes: readonly string[];
  readonly authorizer?: Authorizer;
  /** The API key scheme the requirement names. */
  readonly apiKey?: string;
}

/**
 * Gives every operation the security API Gateway enforces: the model's own `security` (with an
 * authorizer from `authorizers` for each scheme API Gateway cannot enforce alone), else
 * `options.authorizer`, else `defaultAuthorizer`; an API key where the model or `apiKeyRequired`
 * asks for one. Writes each authorizer's security scheme. Returns every problem found, each a line.
 */
export function applySecurity(
  document: Obj,
  operations: readonly SecuredOperation[],
  options: SecurityOptions,
): string[] {
  const problems: string[] = [];
  const components = isObject(document.components) ? document.components : {};
  const modelSchemes = new Map<string, Obj>();
  if (isObject(components.securitySchemes)) {
    for (const [name, scheme] of Object.entries(components.securitySchemes)) {
      const resolved = derefLocal(document, scheme);
      if (resolved) modelSchemes.set(name, resolved);
    }
  }
  const rootSecurity = Array.isArray(document.security) ? (document.security as unknown[]) : undefined;
  // A Map, so that a scheme or operation named like an Object member (constructor, __proto__) is just a name.
  const authorizers = new Map(Object.entries(options.authorizers ?? {}));
  const operationOptions = new Map(Object.entries(options.operations ?? {}));
  const known = [...modelSchemes.keys()];
  for (const name of authorizers.keys()) {
    if (!modelSchemes.has(name)) {
      problems.push(
        `authorizers.${name} is not a security scheme of the model (${known.length > 0 ? `components.securitySchemes has ${known.join(", ")}` : "it has none"}): name a scheme the model defines`,
      );
    }
  }
  if (options.defaultAuthorizer && rootSecurity) {
    problems.push(
      "defaultAuthorizer applies to no operation: the model's root security gives every operation its security. Give its schemes an authorizer in authorizers, or remove the root security from the model",
    );
  }

  // An authorizer named in `authorizers` renders as that scheme; any other under its authorizerId.
  const schemeOf = new Map<Authorizer, string>();
  for (const [name, authorizer] of authorizers) {
    if (!schemeOf.has(authorizer)) schemeOf.set(authorizer, name);
  }
  const rendered = new Map<string, Authorizer>();
  for (const [name, authorizer] of authorizers) {
    if (modelSchemes.has(name) && !isNone(authorizer)) rendered.set(name, authorizer);
  }
  const nameOf = (authorizer: Authorizer): string => {
    const mapped = schemeOf.get(authorizer);
    if (mapped) return mapped;
    const name = authorizer.authorizerId;
    const taken = rendered.get(name);
    if (modelSchemes.has(name) && !taken) {
      problems.push(
        `an authorizer's authorizerId "${name}" is also a security scheme of the model: pass it as authorizers.${name}, or give it another authorizerId`,
      );
    } else if (taken && taken !== authorizer) {
      problems.push(`two authorizers have the authorizerId "${name}": give each its own authorizerId`);
    }
    rendered.set(name, authorizer);
    return name;
  };

  const missing = new Map<string, string[]>();
  let defaultApiKeySchemeUsed = false;
  for (const { operationId, method, path, operation } of operations) {
    const where = `${operationId} (${method} ${path})`;
    const own = operation.security;
    const modelSecurity = Array.isArray(own) ? own : rootSecurity;
    const given = operationOptions.get(operationId);
    let resolved: Resolved = { scopes: [] };

    if (modelSecurity === undefined) {
      const authorizer = given?.authorizer ?? options.defaultAuthorizer;
      if (authorizer && !isNone(authorizer)) {
        resolved = { scheme: nameOf(authorizer), authorizer, scopes: authorizer.authorizationScopes ?? [] };
      }
    } else {
      if (given?.authorizer) {
        problems.push(
          `${where}: the model gives it security (${JSON.stringify(modelSecurity)}), so its authorizer comes from authorizers: remove options.authorizer, or the operation's security from the model`,
        );
      }
      const alternatives: Resolved[] = [];
      for (const requirement of modelSecurity) {
        const one = resolveRequirement(requirement, modelSchemes, authorizers, where, problems, (scheme) => {
          const users = missing.get(scheme) ?? [];
          users.push(operationId);
          missing.set(scheme, users);
        });
        if (one) alternatives.push(one);
      }
      const [first] = alternatives;
      const same = (a: Resolved, b: Resolved): boolean =>
        a.scheme === b.scheme && a.apiKey === b.apiKey && a.scopes.join(" ") === b.scopes.join(" ");
      if (first && alternatives.some((other) => !same(first, other))) {
        problems.push(
          `${where}: its security offers ${alternatives.length} alternatives (${JSON.stringify(modelSecurity)}), but API Gateway gives a method one authorizer (and an API key): keep one requirement`,
        );
      }
      if (first) resolved = first;
      if (first?.authorizer) rendered.set(first.scheme as string, first.authorizer);
    }

    const requirement: [string, readonly string[]][] = [];
    if (resolved.scheme !== undefined) {
      // API Gateway checks scopes for Cognito user pools only.
      const cognito =
        resolved.authorizer === undefined
          ? true
          : resolved.authorizer.authorizationType === "COGNITO_USER_POOLS";
      const scopes =
        resolved.scopes.length > 0 ? resolved.scopes : (resolved.authorizer?.authorizationScopes ?? []);
      requirement.push([resolved.scheme, cognito ? [...scopes] : []]);
    }
    const apiKey = resolved.apiKey ?? (given?.apiKeyRequired ? API_KEY_SCHEME : undefined);
    if (apiKey !== undefined) {
      requirement.push([apiKey, []]);
      if (apiKey === API_KEY_SCHEME && !modelSchemes.has(API_KEY_SCHEME)) defaultApiKeySchemeUsed = true;
    }
    // fromEntries makes every name an own key, __proto__ included.
    if (requirement.length > 0) operation.security = [Object.fromEntries(requirement)];
    else if (modelSecurity !== undefined) operation.security = [];
  }

  if (missing.size > 0) {
    problems.push(
      "The model's security schemes need an authorizer, which authorizers gives by scheme name:",
      ...[...missing].map(
        ([scheme, users]) =>
          `  - ${scheme} (${describeScheme(modelSchemes.get(scheme) ?? {})}), required by ${[...new Set(users)].join(", ")}`,
      ),
      `e.g. authorizers: { ${[...missing.keys()].map((scheme) => `${JSON.stringify(scheme)}: Authorizers.cognito({ userPools: [pool] })`).join(", ")} }, or Authorizers.custom, Authorizers.iam; Authorizers.none() leaves a scheme unchecked by API Gateway.`,
    );
  }
  if (problems.length > 0) return problems;

  const schemes = new Map(
    Object.entries(isObject(components.securitySchemes) ? components.securitySchemes : {}),
  );
  for (const [name, authorizer] of rendered) {
    const scheme: SecuritySchemeObject | undefined = authorizer._securityScheme();
    if (scheme) schemes.set(name, scheme);
  }
  if (defaultApiKeySchemeUsed)
    schemes.set(API_KEY_SCHEME, { type: "apiKey", name: API_KEY_HEADER, in: "header" });
  if (schemes.size > 0) document.components = { ...components, securitySchemes: Object.fromEntries(schemes) };
  if (options.apiKeySourceType !== undefined) {
    document["x-amazon-apigateway-api-key-source"] = String(options.apiKeySourceType);
  }
  return [];
}

/** One requirement object (`{ cognito: ["pets/write"], api_key: [] }`) as API Gateway enforces it. */
function resolveRequirement(
  requirement: unknown,
  modelSchemes: ReadonlyMap<string, Obj>,
  authorizers: ReadonlyMap<string, Authorizer>,
  where: string,
  problems: string[],
  missing: (scheme: string) => void,
): Resolved | undefined {
  if (!isObject(requirement)) {
    problems.push(
      `${where}: a security requirement must be an object of scheme names, not ${JSON.stringify(requirement)}`,
    );
    return undefined;
  }
  let resolved: Resolved = { scopes: [] };
  for (const [name, scopes] of Object.entries(requirement)) {
    const scheme = modelSchemes.get(name);
    if (!scheme) {
      problems.push(
        `${where}: its security names the scheme ${name}, which components.securitySchemes does not define`,
      );
      continue;
    }
    const authorizer = authorizers.get(name);
    const list = Array.isArray(scopes) ? scopes.map(String) : [];
    if (authorizer && isNone(authorizer)) continue;
    const enforcement = schemeEnforcement(scheme);
    if (!authorizer && enforcement === "api-key") {
      resolved = { ...resolved, apiKey: name };
      continue;
    }
    if (!authorizer && enforcement === "authorizer") {
      missing(name);
      continue;
    }
    if (resolved.scheme !== undefined) {
      problems.push(
        `${where}: one security requirement names two authorizers (${resolved.scheme} and ${name}), but API Gateway gives a method one`,
      );
      continue;
    }
    resolved = { ...resolved, scheme: name, scopes: list, authorizer };
  }
  return resolved;
}
