/** `$util` in API Gateway mapping templates. */
import { parseJsonBody } from "../json-body";

function escapeJavaScript(value: unknown): string {
  return String(value ?? "")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/'/g, "\\'")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\f/g, "\\f")
    .replace(/[\b]/g, "\\b");
}

/** Java's URLEncoder: spaces become `+`, and only `.-*_` stay unescaped besides letters and digits. */
function urlEncode(value: unknown): string {
  return encodeURIComponent(String(value ?? ""))
    .replace(/%20/g, "+")
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function urlDecode(value: unknown): string {
  const text = String(value ?? "").replace(/\+/g, " ");
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Not frozen: velocityjs attaches helpers to objects whose methods a template calls.
export const util = {
  escapeJavaScript,
  parseJson: (value: unknown): unknown => {
    const parsed = parseJsonBody(String(value));
    if ("invalid" in parsed) throw new Error(`$util.parseJson: the text is not JSON (${parsed.invalid})`);
    return parsed.value;
  },
  urlEncode,
  urlDecode,
  base64Encode: (value: unknown): string => Buffer.from(String(value ?? ""), "utf8").toString("base64"),
  base64Decode: (value: unknown): string => Buffer.from(String(value ?? ""), "base64").toString("utf8"),
};
