/**
 * The two ways text from a model enters generated code: inside a comment, or inside a string
 * literal. Every comment and every string literal a generator writes goes through one of these, so
 * that no title, description, operationId, path, name or value can end its comment or its string
 * and be read as code.
 */

/** Every ECMAScript line terminator: each one ends a `//` comment. */
export const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029]/g;

/**
 * Text made safe inside a generated comment, block or line: no star-slash can end a block comment
 * (it becomes `*\/`) and no line break can end a line comment (it becomes a space). To keep the
 * lines of a text, split it with `LINE_TERMINATORS` first.
 */
export function commentText(text: string): string {
  return text.replace(LINE_TERMINATORS, " ").replace(/\*\//g, "*\\/");
}

/**
 * Text as a string literal in generated code: JSON's escapes (quotes, backslashes, control
 * characters, lone surrogates), and U+2028 and U+2029, which older parsers take for line breaks.
 * `'` quotes when asked, as Prettier picks them for text holding more `"` than `'`.
 */
export function stringLiteral(text: string, quote: '"' | "'" = '"'): string {
  const json = JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  if (quote === '"') return json;
  // JSON escapes `"` as `\"` and never leaves a `"` bare: unescape those, escape `'` instead.
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}
