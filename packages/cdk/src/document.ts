/** A JSON object of the spec being rendered. */
export type Obj = { [key: string]: unknown };

export const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The value a local `$ref` (`#/components/...`) points to; undefined for any other reference. */
export function resolveRef(document: Obj, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[segment] : undefined;
  }
  return node;
}

/** Follows `$ref`s to the object they name; undefined when there is none. */
export function deref(document: Obj, value: unknown): Obj | undefined {
  let node = value;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    node = resolveRef(document, node.$ref);
  }
  return isObject(node) ? node : undefined;
}
