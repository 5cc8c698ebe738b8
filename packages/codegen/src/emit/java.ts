/** Helpers for emitting Java: names, literals and Javadoc that are safe for any text a spec holds. */

import { commentText, stringLiteral } from "./escape";
import { withoutControlCharacters } from "./control";

const KEYWORDS = new Set(
  (
    "abstract assert boolean break byte case catch char class const continue default do double else enum " +
    "extends final finally float for goto if implements import instanceof int interface long native new " +
    "package private protected public return short static strictfp super switch synchronized this throw " +
    "throws transient try void volatile while true false null var record yield sealed permits _"
  ).split(" "),
);

/** Names a generated package defines or imports itself: a model of that name would clash with them. */
const TAKEN = new Set(
  (
    "Api ApiAuthorizers ApiProps Authorizer MockIntegrations OperationConfig Integration Integrations TypeSafeApiIntegration " +
    "TypeSafeRestApi TypeSafeRestApiProps MockIntegrationProps Construct CorsOptions StageOptions Object " +
    "String Long Integer Double Boolean List Map Override JsonNode ObjectMapper JsonProperty JsonInclude " +
    "ApiKeySourceType TypeSafeApiWebAclOptions " +
    "JsonValue Builder"
  ).split(" "),
);

/** A member or parameter name: the camelCase given, made safe from keywords. */
export function javaMemberName(camel: string): string {
  return KEYWORDS.has(camel) ? `${camel}_` : camel;
}

/** A class name: the PascalCase given, made safe from keywords and the package's own names. */
export function javaClassName(pascal: string): string {
  return KEYWORDS.has(pascal) || TAKEN.has(pascal) ? `${pascal}Model` : pascal;
}

/** Whether every dot-separated part of a package name is a Java identifier (and no keyword). */
export function isJavaPackage(name: string): boolean {
  return name.split(".").every((part) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part) && !KEYWORDS.has(part));
}

/**
 * A Java string literal for any text: the generators' one string escaping. Its escapes are Java's
 * too, and javac's early reading of \u escapes cannot end it: a backslash of the text is doubled, and
 * a line break is written `\n`, never `\u000a`.
 */
export function javaString(text: string): string {
  return stringLiteral(text);
}

/** A one-line Javadoc, safe for any text: no `*\/`, no `\u` escapes (javac reads them in comments too). */
export function javaDoc(text: string, indent: string): string {
  const clean = withoutControlCharacters(commentText(text))
    .replace(/\\u/g, "\\\\u")
    .replace(/@/g, "&#64;")
    .replace(/\s+/g, " ")
    .trim();
  return `${indent}/** ${clean} */`;
}

/** A `//` comment line of any text: no line break can end it. */
export function javaComment(text: string): string {
  return `// ${withoutControlCharacters(commentText(text))}`;
}
