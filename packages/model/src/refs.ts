import { dirname, resolve as resolvePath } from "node:path";
import { pointerOf, refPointer, resolvePointer } from "./pointer";

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

/** Keywords whose schemas apply to the value itself (not to a property or item of it), one or a list. */
const IN_PLACE_ONE = ["not", "if", "then", "else"];
const IN_PLACE_LIST = ["allOf", "anyOf", "oneOf"];

/**
 * Where the value at `at` (a location: a file or nothing, then a pointer) is defined further
 * without moving to a property or an item: its `$ref`'s target, as `target` locates it, and its
 * composition's members.
 */
function inPlaceSteps(at: string, node: unknown, target: (ref: string) => string | undefined): string[] {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return [];
  const object = node as { [key: string]: unknown };
  const steps: string[] = [];
  if (typeof object.$ref === "string") {
    const to = target(object.$ref);
    if (to !== undefined) steps.push(to);
  }
  for (const key of IN_PLACE_LIST) {
    const list = object[key];
    if (Array.isArray(list)) list.forEach((_, index) => steps.push(`${at}/${key}/${index}`));
  }
  for (const key of IN_PLACE_ONE) {
    const value = object[key];
    if (value !== null && typeof value === "object") steps.push(`${at}/${key}`);
  }
  return steps;
}

/** The cycles met walking `steps` depth first from `starts`, each once, starting from its smallest location. */
function cyclesFrom(starts: readonly string[], steps: (at: string) => string[]): string[][] {
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Map<string, typeof ON_PATH | typeof DONE>();
  const found = new Map<string, string[]>();
  for (const start of starts) {
    if (state.has(start)) continue;
    // Depth first without recursion: a chain of thousands of `$ref`s must not exhaust the stack.
    const path: { at: string; next: string[] }[] = [];
    const enter = (at: string): void => {
      state.set(at, ON_PATH);
      path.push({ at, next: steps(at).reverse() });
    };
    enter(start);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const step = top.next.pop();
      if (step === undefined) {
        state.set(top.at, DONE);
        path.pop();
      } else if (!state.has(step)) {
        enter(step);
      } else if (state.get(step) === ON_PATH) {
        const cycle = path.slice(path.findIndex((p) => p.at === step)).map((p) => p.at);
        const first = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
        found.set(rotated.join("\u0000"), rotated);
      }
    }
  }
  return [...found.values()];
}

/**
 * Every cycle of `$ref`s (and `allOf`/`anyOf`/`oneOf`/`not`/`if` compositions) in a document that
 * leads back to where it started without passing through a property or an item: such a definition
 * is only itself (`A` is `B`, `B` is `A`), which no type and no value can be. A cycle through
 * `properties` or `items` is a recursive type, and not one of these. Each cycle is listed once, as
 * the pointers it passes.
 */
export function refCycles(document: unknown): string[][] {
  const starts: string[] = [];
  forEachRef(document, (pointer, ref) => {
    if (ref.startsWith("#")) starts.push(pointer);
  });
  const target = (ref: string): string | undefined => {
    const pointer = refPointer(ref);
    return ref.startsWith("#") && resolvePointer(document, pointer) !== undefined ? pointer : undefined;
  };
  return cyclesFrom(starts, (pointer) => inPlaceSteps(pointer, resolvePointer(document, pointer), target));
}

/**
 * The same across the files of a model: `files` by absolute path, a `$ref` resolved against the
 * file it is in. Locations are `<absolute path>#<pointer>`.
 */
export function refCyclesAcrossFiles(files: ReadonlyMap<string, unknown>): string[][] {
  const split = (at: string): [file: string, pointer: string] => {
    const hash = at.indexOf("#");
    return [at.slice(0, hash), at.slice(hash)];
  };
  const nodeAt = (at: string): unknown => {
    const [file, pointer] = split(at);
    return files.has(file) ? resolvePointer(files.get(file), pointer) : undefined;
  };
  const starts: string[] = [];
  for (const [file, document] of files) forEachRef(document, (pointer) => starts.push(`${file}${pointer}`));
  return cyclesFrom(starts, (at) => {
    const [file] = split(at);
    const target = (ref: string): string | undefined => {
      const hash = ref.indexOf("#");
      const path = hash < 0 ? ref : ref.slice(0, hash);
      const pointer = refPointer(hash < 0 ? "#" : ref.slice(hash));
      let targetFile = file;
      try {
        if (path !== "") targetFile = resolvePath(dirname(file), decodeURIComponent(path));
      } catch {
        return undefined;
      }
      const to = `${targetFile}${pointer}`;
      return nodeAt(to) !== undefined ? to : undefined;
    };
    return inPlaceSteps(at, nodeAt(at), target);
  });
}

/** What a `$ref` cycle is, its locations shown as people know them. */
export function refCycleMessage(shown: readonly string[]): string {
  const steps = shown.length <= 8 ? [...shown] : [...shown.slice(0, 6), `… ${shown.length - 6} more`];
  const cycle = [...steps, shown[0]].join(" → ");
  // One line, as the troubleshooting page quotes it.
  return `the $ref cycle ${cycle} leads back to itself without passing through a property or an item, so it defines nothing: give one of them a definition of its own, or point its $ref elsewhere`;
}

/**
 * The problem of each `refCycles` cycle, at its first pointer. `where` shows a pointer as the
 * person knows it (with its file, for a model of several files).
 */
export function refCycleProblems(
  document: unknown,
  where: (pointer: string) => string = (pointer) => pointer,
): { pointer: string; message: string }[] {
  return refCycles(document).map((cycle) => ({
    pointer: cycle[0],
    message: refCycleMessage(cycle.map(where)),
  }));
}
