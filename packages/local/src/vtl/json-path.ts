/**
 * The JSONPath subset `$input.path` and `$input.json` accept in API Gateway templates:
 * `$`, `$.a.b`, `$['a']`, `$.a[0]`, `$.a[*].b`, `$..b`.
 */

type Step =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "wildcard" }
  | { readonly kind: "deep"; readonly key: string };

const cache = new Map<string, Step[]>();

function parse(path: string): Step[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const steps: Step[] = [];
  const text = path.trim();
  let i = text.startsWith("$") ? 1 : 0;
  const ident = /^[^.[\]]+/;
  while (i < text.length) {
    if (text.startsWith("..", i)) {
      const name = ident.exec(text.slice(i + 2))?.[0] ?? "";
      steps.push({ kind: "deep", key: name });
      i += 2 + name.length;
    } else if (text[i] === ".") {
      const name = ident.exec(text.slice(i + 1))?.[0] ?? "";
      steps.push(name === "*" ? { kind: "wildcard" } : { kind: "key", key: name });
      i += 1 + name.length;
    } else if (text[i] === "[") {
      const end = text.indexOf("]", i);
      const inner = text.slice(i + 1, end < 0 ? text.length : end).trim();
      if (inner === "*") steps.push({ kind: "wildcard" });
      else steps.push({ kind: "key", key: inner.replace(/^['"]|['"]$/g, "") });
      i = end < 0 ? text.length : end + 1;
    } else {
      const name = ident.exec(text.slice(i))?.[0] ?? text.slice(i);
      steps.push({ kind: "key", key: name });
      i += Math.max(name.length, 1);
    }
  }
  if (cache.size < 1000) cache.set(path, steps);
  return steps;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return Object.values(value);
  return [];
}

function deepFind(value: unknown, key: string, out: unknown[]): void {
  if (value === null || typeof value !== "object") return;
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)) {
    out.push((value as Record<string, unknown>)[key]);
  }
  for (const child of children(value)) deepFind(child, key, out);
}

/** Evaluates `path` against `root`; a path with a wildcard yields a list. */
export function evaluateJsonPath(root: unknown, path: string): unknown {
  let current: unknown[] = [root];
  let many = false;
  for (const step of parse(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === "wildcard") next.push(...children(value));
      else if (step.kind === "deep") deepFind(value, step.key, next);
      else if (
        value !== null &&
        typeof value === "object" &&
        Object.prototype.hasOwnProperty.call(value, step.key)
      ) {
        next.push((value as Record<string, unknown>)[step.key]);
      }
    }
    if (step.kind !== "key") many = true;
    current = next;
  }
  return many ? current : current[0];
}
