import type { ProxyResponse } from "./types";

const RESULT_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

/** Headers API Gateway does not pass through from an integration: they come back as `x-amzn-Remapped-<name>`. */
const REMAPPED_HEADERS = new Set(["connection", "content-length", "date", "server", "transfer-encoding"]);

type Invalid = { readonly invalid: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;

/** API Gateway reads the result with a lenient JSON binding: numbers and booleans are accepted where text is expected. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function statusCodeOf(value: unknown): number | Invalid {
  if (value === undefined || value === null) return 200;
  const code =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    return { invalid: `statusCode must be an HTTP status code, got ${JSON.stringify(value)}` };
  }
  return code;
}

/** The Lambda function's result body as the bytes API Gateway sends. */
function bodyOf(body: unknown, isBase64Encoded: unknown): Buffer | Invalid {
  let base64: boolean;
  if (isBase64Encoded === undefined || isBase64Encoded === null) base64 = false;
  else if (typeof isBase64Encoded === "boolean") base64 = isBase64Encoded;
  else if (isBase64Encoded === "true" || isBase64Encoded === "false") base64 = isBase64Encoded === "true";
  else return { invalid: `isBase64Encoded must be a boolean, got ${describe(isBase64Encoded)}` };
  if (body === undefined || body === null) return Buffer.alloc(0);
  const text = scalarText(body);
  if (text === undefined) {
    return { invalid: `body must be a string, got ${describe(body)} (use JSON.stringify for a JSON body)` };
  }
  return Buffer.from(text, base64 ? "base64" : "utf8");
}

/**
 * Merges `multiValueHeaders` and `headers` as API Gateway does: for a name in both, the multi-value list comes
 * first and the single value is appended unless the list already holds it.
 */
function headersOf(headers: unknown, multiValueHeaders: unknown): [string, string][] | Invalid {
  const merged = new Map<string, { name: string; values: string[] }>();
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (!isRecord(multiValueHeaders)) {
      return { invalid: `multiValueHeaders must be an object, got ${describe(multiValueHeaders)}` };
    }
    for (const [name, list] of Object.entries(multiValueHeaders)) {
      if (list === null) continue;
      if (!Array.isArray(list)) {
        return { invalid: `multiValueHeaders["${name}"] must be a list of strings, got ${describe(list)}` };
      }
      const values: string[] = [];
      for (const item of list) {
        if (item === null) continue;
        const text = scalarText(item);
        if (text === undefined) {
          return { invalid: `multiValueHeaders["${name}"] must hold strings, got ${describe(item)}` };
        }
        values.push(text);
      }
      const key = name.toLowerCase();
      const entry = merged.get(key);
      if (entry) entry.values.push(...values);
      else merged.set(key, { name, values });
    }
  }
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) return { invalid: `headers must be an object, got ${describe(headers)}` };
    for (const [name, value] of Object.entries(headers)) {
      if (value === null) continue;
      const text = scalarText(value);
      if (text === undefined) {
        return { invalid: `headers["${name}"] must be a string, got ${describe(value)}` };
      }
      const key = name.toLowerCase();
      const entry = merged.get(key);
      if (!entry) merged.set(key, { name, values: [text] });
      else if (!entry.values.includes(text)) entry.values.push(text);
    }
  }
  const pairs: [string, string][] = [];
  for (const [key, { name, values }] of merged) {
    const finalName = REMAPPED_HEADERS.has(key) ? `x-amzn-Remapped-${name}` : name;
    for (const value of values) pairs.push([finalName, value]);
  }
  const contentType = merged.get("content-type");
  if (!contentType || contentType.values.length === 0) pairs.push(["content-type", "application/json"]);
  return pairs;
}

/**
 * Maps a Lambda proxy result (the function's return value as JSON) to the response API Gateway sends, or says
 * why API Gateway would reject it with 502 ("Malformed Lambda proxy response").
 */
export function mapProxyResult(result: unknown): ProxyResponse | Invalid {
  if (!isRecord(result)) {
    return { invalid: `the function returned ${describe(result)}, not an object with a statusCode` };
  }
  for (const key of Object.keys(result)) {
    if (!RESULT_KEYS.has(key)) {
      return {
        invalid: `unknown key "${key}" (a Lambda proxy result has only statusCode, headers, multiValueHeaders, body, isBase64Encoded)`,
      };
    }
  }
  const statusCode = statusCodeOf(result.statusCode);
  if (typeof statusCode !== "number") return statusCode;
  const headers = headersOf(result.headers, result.multiValueHeaders);
  if (!Array.isArray(headers)) return headers;
  const body = bodyOf(result.body, result.isBase64Encoded);
  if (!Buffer.isBuffer(body)) return body;
  return { statusCode, headers, body };
}

/** The `errorMessage` of a function error as Lambda's Invoke answers it (JSON text), or undefined when it has none. */
export function errorMessageOf(error: string): string | undefined {
  try {
    const parsed = JSON.parse(error) as unknown;
    const message =
      parsed !== null && typeof parsed === "object"
        ? (parsed as { errorMessage?: unknown }).errorMessage
        : undefined;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}
