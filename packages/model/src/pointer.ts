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
