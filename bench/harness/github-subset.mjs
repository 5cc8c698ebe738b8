// GitHub's description as both generators accept it: without the operations API Gateway cannot route
// (a path variable that is only part of a segment, or named differently from a sibling path's variable
// at the same position) or whose parameters are not primitives (the PDK rejects those). Everything
// else, the schemas included, stays.
import { readFileSync, writeFileSync } from "node:fs";

const PRIMITIVES = new Set(["number", "integer", "boolean", "string"]);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const resolve = (document, node) => {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 16; hops++) {
    current = current.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => at?.[key], document);
  }
  return current;
};

const primitive = (document, schemaNode) => {
  const schema = resolve(document, schemaNode) ?? {};
  if (PRIMITIVES.has(schema.type)) return true;
  if (schema.type === "array") return primitive(document, schema.items);
  return false;
};

const wholeSegments = (route) =>
  route.split("/").every((segment) => !segment.includes("{") || /^\{[^{}]+\}$/.test(segment));

/** API Gateway keeps one variable name per position under the same parent resource: the first one wins. */
function consistentVariables() {
  const names = new Map();
  return (route) => {
    const segments = route.split("/");
    return segments.every((segment, i) => {
      if (!segment.startsWith("{")) return true;
      const parent = segments
        .slice(0, i)
        .map((s) => (s.startsWith("{") ? "{}" : s))
        .join("/");
      if (!names.has(parent)) names.set(parent, segment);
      return names.get(parent) === segment;
    });
  };
}

/** Writes the subset to `target`; returns { kept, dropped } operation counts. */
export function writeGithubSubset(source, target) {
  const document = JSON.parse(readFileSync(source, "utf8"));
  const consistent = consistentVariables();
  let kept = 0;
  let dropped = 0;
  for (const [route, item] of Object.entries(document.paths)) {
    const routable = wholeSegments(route) && consistent(route);
    const shared = item.parameters ?? [];
    for (const method of METHODS.filter((m) => item[m])) {
      const parameters = [...shared, ...(item[method].parameters ?? [])].map((p) => resolve(document, p));
      const ok = routable && parameters.every((p) => p.in === "body" || primitive(document, p.schema));
      if (ok) kept++;
      else {
        delete item[method];
        dropped++;
      }
    }
    if (!METHODS.some((m) => item[m])) delete document.paths[route];
  }
  writeFileSync(target, JSON.stringify(document, null, 2));
  return { kept, dropped };
}
