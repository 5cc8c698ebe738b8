import { createHash } from "node:crypto";

/**
 * The ids API Gateway generates for a request besides its request id: the extended request id
 * (`$context.extendedRequestId`, the `x-amz-apigw-id` response header) and the X-Ray trace id it adds to requests
 * that carry none. Both derive from the request id, so every place that needs them for one request agrees.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** FNV-1a of `text` from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Five base64 digits of the low 30 bits of `n`. */
function base64Digits(n: number): string {
  let digits = "";
  for (let shift = 24; shift >= 0; shift -= 6) digits += BASE64[(n >>> shift) & 63];
  return digits;
}

const hex = (n: number): string => n.toString(16).padStart(8, "0");

/** The extended request id: 15 base64 digits and `=`, as API Gateway's look. */
export function extendedRequestIdOf(requestId: string): string {
  const a = fnv1a(requestId, 0x811c9dc5);
  const b = fnv1a(requestId, 0x9747b28c);
  const c = fnv1a(requestId, 0x2f8a4b1d);
  return `${base64Digits(a)}${base64Digits(b)}${base64Digits(c)}=`;
}

/** The `X-Amzn-Trace-Id` API Gateway adds: `Root=1-<epoch seconds, 8 hex digits>-<24 hex digits>`. */
export function traceHeaderOf(requestId: string, requestTimeEpoch: number): string {
  const a = fnv1a(requestId, 0x811c9dc5);
  const b = fnv1a(requestId, 0x9747b28c);
  const c = fnv1a(requestId, 0x2f8a4b1d);
  return `Root=1-${hex(Math.floor(requestTimeEpoch / 1000))}-${hex(a)}${hex(b)}${hex(c)}`;
}

/** An id of 10 lower-case letters and digits, as API Gateway's API and API key ids look, stable for `id` (a place in the assembly). */
export function resourceIdOf(id: string): string {
  return createHash("sha256")
    .update(id)
    .digest("base64")
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 10)
    .padEnd(10, "0");
}
