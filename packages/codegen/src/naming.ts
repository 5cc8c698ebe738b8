import { stringLiteral } from "./emit/escape";

/**
 * Names for generated code. Every name a generated file uses comes from here, so the runtime
 * and infrastructure generators agree on them.
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with as implements interface let package private protected public static yield any boolean " +
    "number string symbol object never unknown undefined type declare module namespace readonly keyof " +
    "infer is asserts await async constructor require global bigint Record Partial Array Promise Date Error " +
    "Object String Number Boolean Symbol Function Map Set Response Request Headers"
  ).split(" "),
);

/** Splits any string into words: `list-pets_v2` → `["list", "pets", "v2"]`, `getHTTPThing` → `get HTTP Thing`. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** `list-pets` → `ListPets`; a name that would start with a digit gets a leading `_`. */
export function pascalCase(input: string): string {
  const name = words(input)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
  if (name === "") return "_";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `list-pets` → `listPets`. */
export function camelCase(input: string): string {
  const pascal = pascalCase(input);
  if (pascal.startsWith("_")) return pascal;
  return pascal[0].toLowerCase() + pascal.slice(1);
}

/** A valid TypeScript identifier for a value or type, never a reserved or global name. */
export function safeIdentifier(name: string): string {
  const cleaned = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : camelCase(name);
  return RESERVED.has(cleaned) ? `${cleaned}_` : cleaned;
}

/**
 * A property key as written in a type: bare when it can be, quoted otherwise. `__proto__` is
 * always quoted, so that the same text also reads as a property in a member access.
 */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? name : stringLiteral(name);
}

/**
 * A property key as written in an object literal. `__proto__: x` and `"__proto__": x` there set the
 * object's prototype instead of a property (the property is lost, and `x`'s become inherited), so
 * that key is written computed, `["__proto__"]: x`, which defines a property like any other.
 */
export function objectKey(name: string): string {
  return name === "__proto__" ? `[${stringLiteral(name)}]` : propertyKey(name);
}

/** Hands out names that are unique within one scope, deterministically (`Pet`, `Pet2`, `Pet3`). */
export class NameScope {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  /** Reserves and returns `wanted`, or `wanted2`, `wanted3`… if taken (case-insensitively). */
  claim(wanted: string): string {
    let candidate = wanted;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${wanted}${n}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** `200` → `200`, `4XX` → `4XX`, `default` → `Default`: the status part of a response name. */
export function statusName(statusCode: string): string {
  return statusCode === "default" ? "Default" : statusCode.toUpperCase();
}

/**
 * The name each operation's generated members start with, by operationId: `pascalCase(operationId)`,
 * made unique in document order (`getPet` and `get-pet` become `GetPet` and `GetPet2`).
 */
export function operationNames(operationIds: readonly string[]): Map<string, string> {
  const scope = new NameScope();
  return new Map(operationIds.map((id) => [id, scope.claim(pascalCase(id))]));
}

/** `GetPet` → `getPet`: the value-level form of a name `operationNames` gave. */
export function lowerFirst(name: string): string {
  return name.startsWith("_") ? name : name[0].toLowerCase() + name.slice(1);
}

/** Whether a media type carries JSON (`application/json`, `application/problem+json`), as the runtime decides it. */
export function isJsonMediaType(contentType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b|^[\w.+-]+\/[\w.+-]+\+json\b/i.test(contentType);
}
