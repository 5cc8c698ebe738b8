/**
 * How API Gateway reads the status code a MOCK request template renders. It is not a JSON parser: it accepts
 * what the AWS CDK itself writes for CORS preflights (`{ statusCode: 200 }`, an unquoted key), keys in single
 * quotes, empty members, and text before the object (a line such as `$map.put('a', 1)` that a template leaves
 * behind); it refuses a status code in quotes, a key whose quotes do not match, and a member that is not
 * `key: value`.
 */

/** Why a rendered request template gives no status code; the request answers 500. */
export interface MockStatusProblem {
  readonly problem: string;
}

/** Without a `statusCode` member (or without a template), the integration answers as if it were 200. */
const DEFAULT_STATUS = 200;

const INTEGER = /^-?\d+$/;

function isQuote(char: string | undefined): char is '"' | "'" {
  return char === '"' || char === "'";
}

/** A quoted token must close with the quote it opened with. */
function closedQuote(token: string): boolean {
  return token.length >= 2 && token[token.length - 1] === token[0];
}

/** Splits an object's inside at top-level commas: commas inside quotes, brackets or braces stay in their member. */
function members(inside: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < inside.length; i++) {
    const char = inside[i];
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (isQuote(char)) quote = char;
    else if (char === "[" || char === "{") depth++;
    else if ((char === "]" || char === "}") && depth > 0) depth--;
    else if (char === "," && depth === 0) {
      found.push(inside.slice(start, i));
      start = i + 1;
    }
  }
  found.push(inside.slice(start));
  return found;
}

function lenientStatusCode(text: string): number | MockStatusProblem {
  const open = text.indexOf("{");
  const close = text.lastIndexOf("}");
  if (open < 0 || close < open || text.slice(close + 1).trim() !== "") {
    return { problem: 'it is not an object such as {"statusCode": 200}' };
  }
  let statusCode: number = DEFAULT_STATUS;
  for (const member of members(text.slice(open + 1, close))) {
    if (member.trim() === "") continue;
    const colon = member.indexOf(":");
    if (colon < 0) return { problem: `"${member.trim()}" is not a key: value member` };
    const key = member.slice(0, colon).trim();
    const value = member.slice(colon + 1).trim();
    if (key.startsWith("{") || key.startsWith("[")) return { problem: `"${key}" is not a key` };
    if (isQuote(key[0]) && !closedQuote(key)) return { problem: `the key ${key} does not close its quote` };
    if (isQuote(value[0]) && !closedQuote(value)) {
      return { problem: `the value ${value} does not close its quote` };
    }
    const name = isQuote(key[0]) ? key.slice(1, -1) : key;
    if (name !== "statusCode") continue;
    if (!INTEGER.test(value)) return { problem: `statusCode is ${value || "empty"}, not an integer` };
    statusCode = Number(value);
  }
  return statusCode;
}

/**
 * The status code a MOCK integration's rendered request template selects its integration response with, or why
 * it has none. Strict JSON, the usual case, is read by the JSON parser; anything else as API Gateway reads it.
 */
export function mockStatusCode(rendered: string): number | MockStatusProblem {
  if (rendered.trim() === "") return DEFAULT_STATUS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    return lenientStatusCode(rendered);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { problem: 'it is not an object such as {"statusCode": 200}' };
  }
  const statusCode = (parsed as { statusCode?: unknown }).statusCode;
  if (statusCode === undefined) return DEFAULT_STATUS;
  if (typeof statusCode !== "number" || !Number.isInteger(statusCode)) {
    return { problem: `statusCode is ${JSON.stringify(statusCode)}, not an integer` };
  }
  return statusCode;
}
