/** Helpers for emitting Java: names, literals and Javadoc that are safe for any text a spec holds. */

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
    "Api ApiProps MockIntegrations OperationConfig Integration Integrations TypeSafeApiIntegration " +
    "TypeSafeRestApi TypeSafeRestApiProps MockIntegrationProps Construct CorsOptions StageOptions Object " +
    "String Long Integer Double Boolean List Map Override JsonNode ObjectMapper JsonProperty JsonInclude " +
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

/** A Java string literal for any text: quotes, backslashes, control and non-ASCII characters escaped. */
export function javaString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code > 0x7e) {
      // \u escapes are read before the lexer: written as a UTF-16 pair they can never end the literal.
      for (const unit of String.fromCodePoint(code).split("")) {
        out += `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;
      }
    } else out += char;
  }
  return `${out}"`;
}

/** A one-line Javadoc, safe for any text: no `*\/`, no `\u` escapes (javac reads them in comments too). */
export function javaDoc(text: string, indent: string): string {
  const clean = text
    .replace(/\*\//g, "*&#47;")
    .replace(/\\u/g, "\\\\u")
    .replace(/@/g, "&#64;")
    .replace(/\s+/g, " ")
    .trim();
  return `${indent}/** ${clean} */`;
}
