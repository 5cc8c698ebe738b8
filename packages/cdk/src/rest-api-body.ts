import { setOwn } from "@specgate/model";
import { Token } from "aws-cdk-lib/core";
import { SPEC_BYTES_LIMIT, templateBytes } from "./size";

/**
 * The `Body` of the `AWS::ApiGateway::RestApi`, made from the resolved spec: the spec object with
 * every string CloudFormation builds as one `Fn::Sub`, or, when that is too large for the
 * template, the spec as one compact JSON string.
 */
export interface RestApiBody {
  /** What goes into the template's `Body`. */
  readonly body: unknown;
  /** Whether `body` is the spec's compact JSON text rather than an object. */
  readonly compacted: boolean;
  /** The bytes `body` takes in the template, as the CDK writes it. */
  readonly bytes: number;
  /** The bytes the spec takes in the template as an object. */
  readonly objectBytes: number;
  /** Why the spec could not be written as a string, when it had to be. */
  readonly problem?: string;
}

type Obj = { [key: string]: unknown };
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A value CloudFormation puts into a string: `${X}` / `${X.Attribute}`, or a variable of the Fn::Sub map. */
interface Substitution {
  /** `X` for `Ref X`, `X.Attribute` for `Fn::GetAtt [X, Attribute]`; absent for a variable. */
  readonly reference?: string;
  /** The intrinsic a variable stands for. */
  readonly value?: unknown;
}
/** A string CloudFormation builds: literal text and substitutions. */
type Part = string | Substitution;

/** Intrinsic functions that give a list, which no string can hold. */
const LIST_FUNCTIONS = new Set(["Fn::GetAZs", "Fn::Split", "Fn::Cidr"]);

/** `{"Ref": …}` or `{"Fn::…": …}` as [name, argument]; undefined for any other value. */
function intrinsic(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  let name: string | undefined;
  for (const key in value) {
    if (name !== undefined) return undefined;
    name = key;
  }
  return name !== undefined && (name === "Ref" || name.startsWith("Fn::")) ? [name, value[name]] : undefined;
}

/** The parts of a `Fn::Join` of a literal list (how the CDK resolves a string with tokens); else undefined. */
function joinedParts(value: unknown): Part[] | undefined {
  const fn = intrinsic(value);
  if (fn?.[0] !== "Fn::Join" || !Array.isArray(fn[1])) return undefined;
  const [separator, list] = fn[1] as unknown[];
  if (typeof separator !== "string" || !Array.isArray(list)) return undefined;
  const parts: Part[] = [];
  list.forEach((item, index) => {
    if (index > 0 && separator !== "") parts.push(separator);
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean")
      parts.push(String(item));
    else parts.push(...stringParts(item));
  });
  return parts;
}

/** A `Ref` or `Fn::GetAtt` of literal names as the reference Fn::Sub writes: `X` or `X.Attribute`. */
function referenceOf(value: unknown): string | undefined {
  const fn = intrinsic(value);
  if (fn?.[0] === "Ref") return typeof fn[1] === "string" && fn[1] !== "AWS::NoValue" ? fn[1] : undefined;
  if (fn?.[0] !== "Fn::GetAtt") return undefined;
  const [logicalId, attribute] =
    typeof fn[1] === "string" ? fn[1].split(/\.(.*)/s) : Array.isArray(fn[1]) ? fn[1] : [];
  return typeof logicalId === "string" && typeof attribute === "string" && attribute !== ""
    ? `${logicalId}.${attribute}`
    : undefined;
}

/** The parts of a value in a string: a joined string's own parts, a reference, or else a variable. */
function stringParts(value: unknown): Part[] {
  const reference = referenceOf(value);
  if (reference !== undefined) return [{ reference }];
  return joinedParts(value) ?? [{ value }];
}

/** `${` starts a substitution in Fn::Sub; `${!` writes it literally. Only a `${` some `}` closes is read as one. */
const escapeLiteral = (text: string, last: boolean): string => {
  const end = last ? text.lastIndexOf("}") + 1 : text.length;
  return text.slice(0, end).replaceAll("${", "${!") + text.slice(end);
};

/** Names the variables of one Fn::Sub, each distinct value once, clear of the logical ids it references. */
class Variables {
  readonly map: Obj = {};
  private readonly byValue = new Map<string, string>();
  private next = 1;

  constructor(private readonly taken: ReadonlySet<string>) {}

  nameOf(value: unknown): string {
    const key = JSON.stringify(value);
    let name = this.byValue.get(key);
    if (name === undefined) {
      do name = `Value${this.next++}`;
      while (this.taken.has(name));
      this.byValue.set(key, name);
      this.map[name] = value;
    }
    return name;
  }

  get size(): number {
    return this.byValue.size;
  }
}

/** The logical ids (or parameters) the references among `substitutions` name. */
function referencedNames(substitutions: Iterable<Substitution>): Set<string> {
  const names = new Set<string>();
  for (const { reference } of substitutions) if (reference !== undefined) names.add(reference.split(".")[0]);
  return names;
}

/** One `Fn::Sub` for the parts of a string, or the literal string when nothing is substituted. */
function substitution(parts: readonly Part[]): unknown {
  const substitutions = parts.filter((part): part is Substitution => typeof part !== "string");
  if (substitutions.length === 0) return parts.join("");
  const variables = new Variables(referencedNames(substitutions));
  let text = "";
  let literal = "";
  for (const part of parts) {
    if (typeof part === "string") {
      literal += part;
      continue;
    }
    text += `${escapeLiteral(literal, false)}\${${part.reference ?? variables.nameOf(part.value)}}`;
    literal = "";
  }
  text += escapeLiteral(literal, true);
  return { "Fn::Sub": variables.size > 0 ? [text, variables.map] : text };
}

/**
 * The resolved spec with every string CloudFormation builds with `Fn::Join` written as one
 * `Fn::Sub`: `Ref X` as `${X}`, `Fn::GetAtt [X, A]` as `${X.A}`, other intrinsics in its
 * variable map, a literal `${` as `${!`. Other values stay as they are.
 */
function substituteStrings(resolved: unknown): unknown {
  if (Array.isArray(resolved)) return resolved.map(substituteStrings);
  if (!isObject(resolved)) return resolved;
  const parts = joinedParts(resolved);
  if (parts) return substitution(parts);
  if (intrinsic(resolved)) return resolved;
  const out: Obj = {};
  for (const key of Object.keys(resolved)) setOwn(out, key, substituteStrings(resolved[key]));
  return out;
}

/** A JSON pointer segment. */
const pointerSegment = (key: string | number): string =>
  String(key).replaceAll("~", "~0").replaceAll("/", "~1");

class CompactionProblem extends Error {}

/**
 * The resolved spec as one compact JSON text: the whole text a `Fn::Sub` (literal `${` written
 * `${!`) whose substitutions sit inside JSON strings, or inside no quotes where the spec holds a
 * number token; a one-part `Fn::Join` when nothing is substituted. `source` is the spec before
 * resolution: it tells numbers and lists that CloudFormation computes from strings.
 */
function compactBody(resolved: unknown, source: unknown, unusedCharacter: string): unknown {
  const mark = unusedCharacter;
  const substitutions: { readonly part: Substitution; readonly bare: boolean }[] = [];
  const marker = (part: Substitution, bare: boolean): string => {
    substitutions.push({ part, bare });
    return `${mark}${substitutions.length - 1}${mark}`;
  };
  const path: (string | number)[] = [];
  const where = (): string => path.map((key) => `/${pointerSegment(key)}`).join("");

  const walk = (value: unknown, before: unknown): unknown => {
    const fn = intrinsic(value);
    if (fn) {
      if (LIST_FUNCTIONS.has(fn[0]) || (Array.isArray(before) && Token.isUnresolved(before))) {
        throw new CompactionProblem(
          `${where()} holds a list that CloudFormation computes (${fn[0]}), and the compact string body can only ` +
            "insert strings and numbers: give it a literal list",
        );
      }
      if (typeof before === "number") {
        const reference = referenceOf(value);
        return marker(reference !== undefined ? { reference } : { value }, true);
      }
      return stringParts(value)
        .map((part) => (typeof part === "string" ? part : marker(part, false)))
        .join("");
    }
    if (Array.isArray(value)) {
      const list = Array.isArray(before) ? before : [];
      return value.map((item, index) => {
        path.push(index);
        const out = walk(item, list[index]);
        path.pop();
        return out;
      });
    }
    if (!isObject(value)) return value;
    const object = isObject(before) ? before : {};
    const out: Obj = {};
    for (const key of Object.keys(value)) {
      path.push(key);
      setOwn(out, key, walk(value[key], Object.hasOwn(object, key) ? object[key] : undefined));
      path.pop();
    }
    return out;
  };

  const json = JSON.stringify(walk(resolved, source));
  // The CDK takes only an object as the Body: a Fn::Join of one part is the text as it is.
  if (substitutions.length === 0) return { "Fn::Join": ["", [json]] };
  const variables = new Variables(referencedNames(substitutions.map(({ part }) => part)));
  // The text ends with the document's closing brace, so every `${` in it is one to escape.
  const text = json
    .replaceAll("${", "${!")
    .replace(
      new RegExp(`("?)${mark}(\\d+)${mark}("?)`, "g"),
      (_whole, open: string, index: string, close: string) => {
        const { part, bare } = substitutions[Number(index)];
        const name = `\${${part.reference ?? variables.nameOf(part.value)}}`;
        return bare ? name : `${open}${name}${close}`;
      },
    );
  return { "Fn::Sub": variables.size > 0 ? [text, variables.map] : text };
}

/** A character the text does not hold, to mark substitutions in it. */
function unusedCharacter(text: string): string {
  // The Private Use Area: no spec has a reason to hold all of it.
  for (let code = 0xe000; code <= 0xf8ff; code++) {
    const character = String.fromCharCode(code);
    if (!text.includes(character)) return character;
  }
  throw new Error("The spec holds every character of Unicode's Private Use Area");
}

/** Every distinct value of the spec that CloudFormation computes: strings and numbers holding tokens, lists, resolvables. */
function tokensOf(value: unknown, found: Set<unknown>): Set<unknown> {
  if (Token.isUnresolved(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) tokensOf(item, found);
  else if (isObject(value)) for (const key of Object.keys(value)) tokensOf(value[key], found);
  return found;
}

/**
 * Makes a spec's Body each time the template needs it, again only when its tokens resolve
 * differently: the CDK resolves the RestApi several times per synth (the deployment's logical id
 * hashes it), and a large spec takes a while.
 */
export class RestApiBodyRenderer {
  private last?: { readonly key: string; readonly body: RestApiBody };

  constructor(
    private readonly spec: unknown,
    private readonly limit = SPEC_BYTES_LIMIT,
  ) {}

  /** The Body, with `resolve` the resolution of the context the template is written in. */
  render(resolve: (value: unknown) => unknown): RestApiBody {
    const key = JSON.stringify(resolve([...tokensOf(this.spec, new Set())]));
    if (this.last?.key !== key) {
      this.last = { key, body: restApiBody(resolve(this.spec), this.spec, this.limit) };
    }
    return this.last.body;
  }
}

/**
 * The RestApi's `Body` for a resolved spec: an object while it fits in `limit` bytes of the
 * template, else its compact JSON text (see `compactBody`). `source` is the spec before resolution.
 */
export function restApiBody(resolved: unknown, source: unknown, limit = SPEC_BYTES_LIMIT): RestApiBody {
  const object = substituteStrings(resolved);
  const objectText = JSON.stringify(object, undefined, 1);
  const objectBytes = templateBytes(objectText);
  if (objectBytes <= limit) return { body: object, compacted: false, bytes: objectBytes, objectBytes };
  try {
    const body = compactBody(resolved, source, unusedCharacter(objectText));
    return { body, compacted: true, bytes: templateBytes(JSON.stringify(body, undefined, 1)), objectBytes };
  } catch (error) {
    if (!(error instanceof CompactionProblem)) throw error;
    return { body: object, compacted: false, bytes: objectBytes, objectBytes, problem: error.message };
  }
}
