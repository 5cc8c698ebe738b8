import type { ParameterLocation, ParameterSpec, ParameterType, ProxyEvent } from "./types";

/**
 * Parameter values by location, then by name as the spec writes it. The maps have no prototype: a
 * parameter may be named `__proto__`, `constructor` or `toString`.
 */
export type LocatedParameters = { [location in ParameterLocation]: { [name: string]: unknown } };

type StringMap = { readonly [name: string]: string | undefined } | null | undefined;
type MultiMap = { readonly [name: string]: readonly string[] | undefined } | null | undefined;

/** API Gateway passes header names in whatever case the client sent them: look them up case-insensitively. */
function lowerCaseKeys<V>(
  map: { readonly [name: string]: V | undefined } | null | undefined,
): Map<string, V> {
  const out = new Map<string, V>();
  for (const [name, value] of Object.entries(map ?? {}))
    if (value !== undefined) out.set(name.toLowerCase(), value);
  return out;
}

function cookiesOf(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (header ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const value = pair.slice(at + 1).trim();
    try {
      out.set(pair.slice(0, at).trim(), decodeURIComponent(value));
    } catch {
      out.set(pair.slice(0, at).trim(), value);
    }
  }
  return out;
}

/** Converts one string to a parameter's type; a value that does not convert stays a string for validation to report. */
export function coerceScalar(raw: string, type: ParameterType | undefined): unknown {
  switch (type) {
    case "integer":
    case "number": {
      const n = raw.trim() === "" ? Number.NaN : Number(raw);
      return Number.isNaN(n) ? raw : n;
    }
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "object":
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

/** Reads and coerces every declared parameter from a proxy event; absent parameters are left out. */
export function readParameters(event: ProxyEvent, specs: readonly ParameterSpec[]): LocatedParameters {
  const out: LocatedParameters = {
    path: noPrototype(),
    query: noPrototype(),
    header: noPrototype(),
    cookie: noPrototype(),
  };
  let headers: Map<string, string> | undefined;
  let multiHeaders: Map<string, readonly string[]> | undefined;
  let cookies: Map<string, string> | undefined;
  for (const spec of specs) {
    let values: readonly string[] | undefined;
    if (spec.in === "path") {
      // API Gateway passes path parameters still percent-encoded.
      values = single(event.pathParameters, spec.name)?.map(decodeSegment);
    } else if (spec.in === "query") {
      values =
        multi(event.multiValueQueryStringParameters, spec.name) ??
        single(event.queryStringParameters, spec.name);
      if (values && spec.type === "array" && spec.explode === false)
        values = values.flatMap((v) => v.split(","));
    } else if (spec.in === "header") {
      headers ??= lowerCaseKeys(event.headers);
      multiHeaders ??= lowerCaseKeys(event.multiValueHeaders);
      const key = spec.name.toLowerCase();
      values = multiHeaders.get(key) ?? (headers.has(key) ? [headers.get(key) as string] : undefined);
      if (values && spec.type === "array") values = values.flatMap((v) => v.split(",").map((s) => s.trim()));
    } else {
      cookies ??= cookiesOf(lowerCaseKeys(event.headers).get("cookie"));
      values = cookies.has(spec.name) ? [cookies.get(spec.name) as string] : undefined;
      if (values && spec.type === "array") values = values.flatMap((v) => v.split(","));
    }
    if (values === undefined || values.length === 0) continue;
    out[spec.in][spec.name] =
      spec.type === "array"
        ? values.map((v) => coerceScalar(v, spec.items))
        : coerceScalar(values[values.length - 1], spec.type);
  }
  return out;
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const noPrototype = (): { [name: string]: unknown } => Object.create(null) as { [name: string]: unknown };

/** An event's own entry: `toString` is no query parameter of a query that lacks one. */
function own<V>(
  map: { readonly [name: string]: V | undefined } | null | undefined,
  name: string,
): V | undefined {
  return map && Object.hasOwn(map, name) ? map[name] : undefined;
}

function single(map: StringMap, name: string): readonly string[] | undefined {
  const value = own(map, name);
  return value === undefined ? undefined : [value];
}

function multi(map: MultiMap, name: string): readonly string[] | undefined {
  return own(map, name);
}

/** Names of required parameters that are absent, header first, then path, query and cookie (as API Gateway lists them). */
export function missingParameters(values: LocatedParameters, specs: readonly ParameterSpec[]): string[] {
  const order: readonly ParameterLocation[] = ["header", "path", "query", "cookie"];
  return order.flatMap((location) =>
    specs
      .filter((s) => s.in === location && s.required && !Object.hasOwn(values[location], s.name))
      .map((s) => s.name),
  );
}

/** The flat `requestParameters` object handlers receive: every present parameter by its spec name. */
export function flatten(values: LocatedParameters): { [name: string]: unknown } {
  return { ...values.cookie, ...values.header, ...values.query, ...values.path };
}

function typeMatches(value: unknown, type: ParameterType | undefined): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    default:
      return true;
  }
}

/**
 * Checks each present parameter has its declared type after coercion: this covers most
 * parameters without loading a schema validator, which only runs for parameters with constraints.
 */
export function parameterTypeIssues(values: LocatedParameters, specs: readonly ParameterSpec[]): string[] {
  const issues: string[] = [];
  for (const spec of specs) {
    if (!Object.hasOwn(values[spec.in], spec.name)) continue;
    const value = values[spec.in][spec.name];
    const ok =
      spec.type === "array"
        ? Array.isArray(value) && value.every((item) => typeMatches(item, spec.items))
        : typeMatches(value, spec.type);
    if (!ok) {
      const expected = spec.type === "array" ? `an array of ${spec.items ?? "string"}` : spec.type;
      issues.push(`${spec.in} parameter "${spec.name}" must be ${expected}`);
    }
  }
  return issues;
}
