/**
 * `object[key] = value` for a key from a document: an assignment to `__proto__` sets the object's
 * prototype instead of a property (the property is lost, and the value's own become inherited), so
 * that key is defined as a property like any other.
 */
export function setOwn(object: { [key: string]: unknown }, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else object[key] = value;
}
