import type { IntegrationOutcome } from "./integration";

/**
 * `$context.requestOverride` and `$context.responseOverride`, as mapping templates set them. API Gateway applies
 * a request template's overrides to the integration request after its parameter mappings, and a response
 * template's to the method response; both stay readable in `$context` for the rest of the request (a MOCK
 * integration's response template reads what its request template put there). "Overrides are final": setting
 * one parameter twice fails the call.
 */

/** Parameters set more than once on this request's `$context`, by their path (`requestOverride.header.x`). */
const CONFLICTS = Symbol("override conflicts");

type OverrideMap = Record<string, unknown>;

/** A map a template may set each key of once; a second set is recorded in `conflicts`. */
function finalMap(path: string, conflicts: string[], initial: OverrideMap = {}): OverrideMap {
  return new Proxy(initial, {
    set(target, key, value) {
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key))
        conflicts.push(`${path}.${key}`);
      target[key as string] = value;
      return true;
    },
  });
}

/** The override members of a fresh `$context`. */
export function overrideMembers(): {
  readonly requestOverride: OverrideMap;
  readonly responseOverride: OverrideMap;
  readonly [CONFLICTS]: string[];
} {
  const conflicts: string[] = [];
  return {
    requestOverride: {
      header: finalMap("requestOverride.header", conflicts),
      path: finalMap("requestOverride.path", conflicts),
      querystring: finalMap("requestOverride.querystring", conflicts),
    },
    responseOverride: finalMap("responseOverride", conflicts, {
      header: finalMap("responseOverride.header", conflicts),
    }),
    [CONFLICTS]: conflicts,
  };
}

/** Why the overrides a template set fail the call (a parameter set twice), or undefined. */
export function overrideConflict(context: Readonly<Record<string | symbol, unknown>>): string | undefined {
  const conflicts = context[CONFLICTS] as string[] | undefined;
  if (!conflicts || conflicts.length === 0) return undefined;
  return `the mapping template sets $context.${conflicts[0]} more than once (overrides are final)`;
}

/** Header, path and query string values a request template set, as the integration request receives them. */
export interface RequestOverrides {
  /** Header name → values (a list sets the header once per value). */
  readonly header: ReadonlyMap<string, readonly string[]>;
  readonly path: ReadonlyMap<string, string>;
  readonly querystring: ReadonlyMap<string, readonly string[]>;
}

const textOf = (value: unknown): string =>
  typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);

const valuesOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(textOf) : [textOf(value)]);

function entriesOf(map: unknown): [string, unknown][] {
  return map !== null && typeof map === "object" ? Object.entries(map) : [];
}

/** The request overrides of `context`, or undefined when no template set any. */
export function requestOverridesOf(context: Readonly<Record<string, unknown>>): RequestOverrides | undefined {
  const override = context.requestOverride as Record<string, unknown> | undefined;
  if (!override) return undefined;
  const header = new Map(entriesOf(override.header).map(([name, value]) => [name, valuesOf(value)] as const));
  const path = new Map(entriesOf(override.path).map(([name, value]) => [name, textOf(value)] as const));
  const querystring = new Map(
    entriesOf(override.querystring).map(([name, value]) => [name, valuesOf(value)] as const),
  );
  if (header.size === 0 && path.size === 0 && querystring.size === 0) return undefined;
  return { header, path, querystring };
}

type Response = Extract<IntegrationOutcome, { kind: "response" }>;

/**
 * `$context.responseOverride.status` and `.header.X`, as templates set them, change the final response. A status
 * that is not an HTTP status code (an integer from 100 to 599) is ignored. Only a rendered template sets them: a
 * request whose `$context` was never built keeps its response.
 */
export function withResponseOverride(
  outcome: Response,
  context: Readonly<Record<string, unknown>>,
): Response {
  const override = context.responseOverride as { status?: unknown; header?: unknown } | undefined;
  const status = Number(override?.status);
  const validStatus =
    override?.status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599;
  const entries = entriesOf(override?.header);
  if (!validStatus && entries.length === 0) return outcome;
  const headers = [...outcome.headers];
  for (const [name, value] of entries) {
    const existing = headers.findIndex(([h]) => h.toLowerCase() === name.toLowerCase());
    if (existing >= 0) headers.splice(existing, 1);
    headers.push([name, textOf(value)]);
  }
  return { ...outcome, statusCode: validStatus ? status : outcome.statusCode, headers };
}
