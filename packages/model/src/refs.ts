import { pointerOf, resolvePointer } from "./pointer";

/**
 * Where a node sits: under `example`, `default`, `enum`, `const`, an extension, a schema's
 * `examples` array or an Example object's `value`, it is data, where `$ref` is not a reference.
 */
type Place = "other" | "examples-map" | "example" | "literal";

function placeOf(parent: Place, key: string, childIsArray: boolean): Place {
  if (parent === "literal") return "literal";
  if (key === "example" || key === "default" || key === "enum" || key === "const" || key.startsWith("x-")) {
    return "literal";
  }
  if (parent === "example" && key === "value") return "literal";
  // Schema `examples` (3.1) are an array of data; media type and parameter `examples` are a map.
  if (key === "examples") return childIsArray ? "literal" : "examples-map";
  return parent === "examples-map" ? "example" : "other";
}

/** Calls `visit` with the pointer and value of every `$ref` in a document, skipping literal data. */
export function forEachRef(document: unknown, visit: (pointer: string, ref: string) => void): void {
  const seen = new Set<object>();
  // The pointer is built only where a `$ref` is: building one for every node costs large specs milliseconds.
  const segments: string[] = [];
  const walk = (node: unknown, place: Place): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string") visit(segments.length === 0 ? "#" : pointerOf(...segments), ref);
    for (const [key, child] of Object.entries(node)) {
      if (child === null || typeof child !== "object") continue;
      const next = placeOf(place, key, Array.isArray(child));
      if (next === "literal") continue;
      segments.push(key);
      walk(child, next);
      segments.pop();
    }
  };
  walk(document, "other");
}

/** Whether a path (as segments) leads into literal data, where `forEachRef` does not look. */
export function isLiteralPath(segments: readonly (string | number)[]): boolean {
  let place: Place = "other";
  for (const [index, segment] of segments.entries()) {
    const next = segments[index + 1];
    place = placeOf(place, String(segment), typeof next === "number" || /^\d+$/.test(String(next)));
  }
  return place === "literal";
}

/** Every `$ref` that points to nothing inside the document, where it is and what to do. */
export function danglingRefProblems(document: unknown): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const resolves = new Map<string, boolean>();
  forEachRef(document, (pointer, ref) => {
    let found = resolves.get(ref);
    if (found === undefined) resolves.set(ref, (found = resolvePointer(document, ref) !== undefined));
    if (found) return;
    out.push({
      pointer,
      message: ref.startsWith("#")
        ? `$ref "${ref}" points to nothing in the document: define it or fix the reference`
        : `$ref "${ref}" points outside the document: load the model with loadModel, which bundles other files`,
    });
  });
  return out;
}
