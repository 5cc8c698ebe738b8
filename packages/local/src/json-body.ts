/**
 * How deep arrays and objects may nest in a JSON body the gateway reads (a validator, a template, a mapping).
 * V8 takes seconds to parse megabytes of `[`, on the thread that serves every request; API Gateway's own JSON
 * reader stops at a depth like this one.
 */
export const MAX_JSON_DEPTH = 1000;

/** Whether JSON text nests arrays and objects deeper than `max`; strings are skipped. One pass, no allocation. */
export function nestsDeeperThan(text: string, max: number): boolean {
  // Each level takes at least one character.
  if (text.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      for (i++; i < text.length; i++) {
        const inside = text.charCodeAt(i);
        if (inside === 0x5c) i++;
        else if (inside === 0x22) break;
      }
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * A JSON body as the gateway reads it: its value, or why it is not JSON to API Gateway (malformed, or nested
 * deeper than MAX_JSON_DEPTH, which is rejected before it is parsed).
 */
export function parseJsonBody(text: string): { readonly value: unknown } | { readonly invalid: string } {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    return { invalid: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { invalid: "malformed" };
  }
}
