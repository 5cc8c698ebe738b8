/** Encodes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Builds a `#/a/b` pointer from raw segments. */
export function pointerOf(...segments: readonly (string | number)[]): string {
  return `#/${segments.map((s) => escapePointerSegment(String(s))).join("/")}`;
}

/** Reads the value a local `$ref` (`#/components/schemas/Pet`) points at, or undefined. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  const path = ref.slice(1);
  if (path === "") return document;
  let node: unknown = document;
  for (const raw of path.slice(1).split("/")) {
    // Most segments are plain names: decoding them is a large share of generating a large spec.
    const plain = !raw.includes("%") && !raw.includes("~");
    const key = plain ? raw : decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows local `$ref`s (at most 32) from `value` to the object they lead to; undefined when there is none. */
export function derefLocal(document: unknown, value: unknown): Record<string, unknown> | undefined {
  const isObject = (node: unknown): node is Record<string, unknown> =>
    node !== null && typeof node === "object" && !Array.isArray(node);
  let node = value;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    node = resolvePointer(document, node.$ref);
  }
  return isObject(node) ? node : undefined;
}

/**
 * A local `$ref` as a pointer of the form `pointerOf` builds, its URI percent-encoding decoded
 * (`#/components/schemas/My%20Pet` is `#/components/schemas/My Pet`), so each place has one pointer.
 */
export function refPointer(ref: string): string {
  if (!ref.includes("%")) return ref;
  try {
    return decodeURIComponent(ref);
  } catch {
    return ref;
  }
}
