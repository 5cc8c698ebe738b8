/** A JSON object of the spec being rendered. */
export type Obj = { [key: string]: unknown };

export const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);
