import { describe, expect, it } from "vitest";
import { arrayOf, intersectionOf, topLevelOperator, unionOf } from "../src/emit/ts";

describe("emitting type expressions", () => {
  const described = (name: string, doc: string): string => `{\n  /** ${doc} */\n  ${name}?: string;\n}`;

  it("parenthesizes an intersection or a union inside an array", () => {
    expect(arrayOf(intersectionOf(["A", "B"]))).toBe("(A & B)[]");
    expect(arrayOf(unionOf(["A", "B"]))).toBe("(A | B)[]");
    expect(arrayOf("{ a: A | B }")).toBe("{ a: A | B }[]");
  });

  it("reads operators past doc comments that hold quotes, as real descriptions do", () => {
    // "it's" once opened a string literal that swallowed the `&`: the array then held only the last part.
    const type = intersectionOf([
      described("terms", "If omitted, it's value is assumed to be true"),
      described("id", 'The "id" of the resource // not a comment'),
    ]);
    expect(topLevelOperator(type)).toBe("&");
    expect(arrayOf(type)).toBe(`(${type})[]`);
    expect(topLevelOperator(described("a", "A | B, or it's & it's"))).toBeUndefined();
  });
});
