/**
 * API Gateway's resource routing, compiled once into a tree: at every segment a literal child
 * wins over a `{param}` child, which wins over a greedy `{proxy+}`; a method wins over
 * `x-amazon-apigateway-any-method` (ANY) on the same resource; and a greedy resource catches
 * whatever no more specific resource serves, including a method a more specific resource lacks.
 */

export interface RouteMatch<T> {
  readonly route: T;
  /** The resource path as the spec writes it, e.g. `/pets/{petId}`. */
  readonly resource: string;
  /** Raw (not percent-decoded) values, by parameter name. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

interface Node<T> {
  readonly literals: Map<string, Node<T>>;
  param?: { readonly name: string; readonly node: Node<T> };
  greedy?: { readonly name: string; readonly node: Node<T> };
  readonly methods: Map<string, T>;
  resource: string;
}

const newNode = <T>(resource: string): Node<T> => ({ literals: new Map(), methods: new Map(), resource });

function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const NO_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A greedy parameter's value: the path from its `index`-th segment on, as sent (inner `//` kept), without the
 * trailing slash, as API Gateway gives it.
 */
function greedyValue(path: string, index: number): string {
  let at = 0;
  for (let seen = 0; ; seen++) {
    while (path[at] === "/") at++;
    if (seen === index) break;
    at = path.indexOf("/", at);
  }
  let end = path.length;
  while (end > at && path[end - 1] === "/") end--;
  return path.slice(at, end);
}

export class Router<T> {
  private readonly root: Node<T> = newNode("/");
  /** Resources without parameters by their exact path: most requests are answered by one lookup. */
  private readonly literal = new Map<string, Node<T>>([["/", this.root]]);

  /** Adds `method` (upper case, or `ANY`) on `resource`. Throws when the resource path is malformed. */
  add(resource: string, method: string, route: T): void {
    let node = this.root;
    const segments = resource.split("/").filter((segment) => segment !== "");
    segments.forEach((segment, index) => {
      const path = `/${segments.slice(0, index + 1).join("/")}`;
      const param = /^\{([^{}+]+)(\+?)\}$/.exec(segment);
      if (!param) {
        let child = node.literals.get(segment);
        if (!child) node.literals.set(segment, (child = newNode(path)));
        node = child;
      } else if (param[2] === "+") {
        if (index !== segments.length - 1)
          throw new Error(`${resource}: a greedy {${param[1]}+} must be the last segment`);
        node.greedy ??= { name: param[1], node: newNode(path) };
        node = node.greedy.node;
      } else {
        if (node.param && node.param.name !== param[1]) {
          throw new Error(`${resource}: {${param[1]}} conflicts with {${node.param.name}} at the same level`);
        }
        node.param ??= { name: param[1], node: newNode(path) };
        node = node.param.node;
      }
    });
    node.methods.set(method, route);
    if (!resource.includes("{") && !resource.includes("%")) this.literal.set(node.resource, node);
  }

  /** Finds the route for a request path (raw, as sent, without query string). */
  match(method: string, path: string): RouteMatch<T> | undefined {
    const literal = this.literal.get(path);
    if (literal) {
      const route = literal.methods.get(method) ?? literal.methods.get("ANY");
      if (route !== undefined) return { route, resource: literal.resource, pathParameters: NO_PARAMETERS };
    }
    const segments = path.split("/").filter((segment) => segment !== "");
    return this.walk(this.root, path, segments, 0, method);
  }

  private walk(
    node: Node<T>,
    path: string,
    segments: string[],
    index: number,
    method: string,
  ): RouteMatch<T> | undefined {
    if (index === segments.length) {
      const route = node.methods.get(method) ?? node.methods.get("ANY");
      return route === undefined
        ? undefined
        : { route, resource: node.resource, pathParameters: NO_PARAMETERS };
    }
    const segment = segments[index];
    const literal = node.literals.get(decodeSegment(segment));
    const byLiteral = literal && this.walk(literal, path, segments, index + 1, method);
    if (byLiteral) return byLiteral;
    if (node.param) {
      const byParam = this.walk(node.param.node, path, segments, index + 1, method);
      if (byParam)
        return { ...byParam, pathParameters: { [node.param.name]: segment, ...byParam.pathParameters } };
    }
    if (node.greedy) {
      const route = node.greedy.node.methods.get(method) ?? node.greedy.node.methods.get("ANY");
      if (route !== undefined) {
        return {
          route,
          resource: node.greedy.node.resource,
          pathParameters: { [node.greedy.name]: greedyValue(path, index) },
        };
      }
    }
    return undefined;
  }
}
