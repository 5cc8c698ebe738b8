/** Helpers for emitting Python: names, literals and docstrings that are safe for any text a spec holds. */

import { words } from "../naming";
import { commentText, stringLiteral } from "./escape";
import { withoutControlCharacters } from "./control";

const KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield match case " +
    "type _"
  ).split(" "),
);

/** Names a generated module defines or imports itself: a model or member of that name would shadow them. */
const TAKEN = new Set(
  (
    "Any Dict List Literal Mapping NotRequired Optional Tuple TypeAlias TypedDict Union Unpack overload json os typing Integration " +
    "Authorizer ApiAuthorizers Integrations TypeSafeApiIntegration TypeSafeApiIntegrationOptions TypeSafeRestApi Construct Api " +
    "MockIntegrations OperationConfig OperationIntegration str int float bool list dict object"
  ).split(" "),
);

/** `sayHello` → `say_hello`, `getHTTPThing` → `get_http_thing`; a keyword or leading digit gets `_`. */
export function snakeCase(input: string): string {
  const name = words(input)
    .map((w) => w.toLowerCase())
    .join("_");
  if (name === "") return "_";
  const safe = /^[0-9]/.test(name) ? `_${name}` : name;
  return KEYWORDS.has(safe) ? `${safe}_` : safe;
}

/** A class name: the PascalCase given, made safe from keywords and the module's own names. */
export function pythonClassName(pascal: string): string {
  return KEYWORDS.has(pascal) || TAKEN.has(pascal) ? `${pascal}_` : pascal;
}

/** Whether a key can be a keyword argument and a TypedDict field of class syntax. */
export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

/** A Python string literal (double quotes) for any text: the generators' one string escaping, whose escapes are Python's too. */
export function pyString(text: string): string {
  return stringLiteral(text);
}

/** A docstring line, safe for any text: no `"""` or backslash escapes survive, whitespace folded. */
export function pyDoc(text: string, indent: string): string {
  const clean = withoutControlCharacters(text)
    .replace(/\\/g, "\\\\")
    .replace(/"""/g, '\\"\\"\\"')
    .replace(/\s+/g, " ")
    .trim();
  return `${indent}"""${clean.endsWith('"') ? `${clean} ` : clean}"""`;
}

/** A `#` comment line of any text: no line break can end it. */
export function pyComment(text: string): string {
  return `# ${withoutControlCharacters(commentText(text))}`;
}
