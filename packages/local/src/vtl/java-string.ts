/**
 * Templates written for API Gateway call Java methods on strings, lists and maps
 * (`$s.replaceAll(regex, replacement)`, `$s.split(regex)`, `$s.length()`, `$list.isEmpty()`).
 * JavaScript has no such methods or gives them other meanings; these handlers give them Java's.
 */

type Handler = (self: never, params: unknown[]) => unknown;

/** Java regular expressions are close enough to JavaScript's for what templates use; `$1` replacements match. */
const regex = (pattern: unknown, flags = ""): RegExp => new RegExp(String(pattern), flags);

const stringMethods: Record<string, Handler> = {
  length: (self: string) => self.length,
  isEmpty: (self: string) => self.length === 0,
  equals: (self: string, [other]) => self === other,
  equalsIgnoreCase: (self: string, [other]) => self.toLowerCase() === String(other).toLowerCase(),
  contains: (self: string, [other]) => self.includes(String(other)),
  matches: (self: string, [pattern]) => regex(`^(?:${String(pattern)})$`).test(self),
  replaceAll: (self: string, [pattern, replacement]) =>
    self.replace(regex(pattern, "g"), String(replacement)),
  replaceFirst: (self: string, [pattern, replacement]) => self.replace(regex(pattern), String(replacement)),
  replace: (self: string, [target, replacement]) => self.split(String(target)).join(String(replacement)),
  split: (self: string, [pattern, limit]) => {
    const parts = self.split(regex(pattern));
    if (typeof limit === "number" && limit > 0 && parts.length > limit) {
      return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(String(pattern))];
    }
    // Java drops trailing empty strings.
    while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    return parts;
  },
  toUpperCase: (self: string) => self.toUpperCase(),
  toLowerCase: (self: string) => self.toLowerCase(),
  compareTo: (self: string, [other]) => (self < String(other) ? -1 : self > String(other) ? 1 : 0),
  concat: (self: string, [other]) => self + String(other),
  toString: (self: string) => self,
};

const collectionMethods: Record<string, Handler> = {
  isEmpty: (self: unknown[] | Record<string, unknown>) =>
    Array.isArray(self) ? self.length === 0 : Object.keys(self).length === 0,
  contains: (self: unknown[], [other]) => Array.isArray(self) && self.includes(other),
  containsKey: (self: Record<string, unknown>, [key]) =>
    Object.prototype.hasOwnProperty.call(self, String(key)),
  values: (self: Record<string, unknown>) => Object.values(self),
  length: (self: unknown[]) => self.length,
};

/** velocityjs custom method handlers implementing the Java methods above. */
interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

/** A velocityjs custom method handler that answers `context.property(...)` from a table of shims. */
function shimHandler(uid: string, methods: Record<string, Handler>, applies: (call: MethodCall) => boolean) {
  return {
    uid,
    match: (call: MethodCall): boolean =>
      Object.prototype.hasOwnProperty.call(methods, call.property) && applies(call),
    resolve: ({ property, context, params }: MethodCall): unknown =>
      methods[property](context as never, params),
  };
}

export const javaMethodHandlers = [
  shimHandler("java-string", stringMethods, ({ context }) => typeof context === "string"),
  // An object's own method of the same name wins over the shim.
  shimHandler(
    "java-collection",
    collectionMethods,
    ({ property, context }) =>
      context !== null &&
      typeof context === "object" &&
      !(property in context && typeof (context as Record<string, unknown>)[property] === "function"),
  ),
];
