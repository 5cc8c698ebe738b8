import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FileProblem, parseText } from "../src/parse";

const text = [
  "version: 2024-01-01",
  "answer: yes",
  "nothing: ~",
  "octal: 0o17",
  "float: 1.0",
  "base: &base { type: string }",
  "merged:",
  "  <<: *base",
  "  maxLength: 3",
  "tagged: !!str 5",
].join("\n");

describe("parseText", () => {
  it("reads YAML as the yaml package's core schema does: dates stay strings, merge keys apply", () => {
    const fast = parseText(text, "api.yaml");
    expect(fast).toEqual(parse(text, { merge: true }));
    expect(fast).toMatchObject({
      version: "2024-01-01",
      answer: "yes",
      merged: { type: "string", maxLength: 3 },
    });
  });

  it("rejects duplicate keys with their line", () => {
    let thrown: unknown;
    try {
      parseText("a: 1\na: 2\n", "api.yaml");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileProblem);
    expect((thrown as FileProblem).problem).toEqual({
      file: "api.yaml",
      pointer: "",
      line: 2,
      column: 1,
      message: "could not parse YAML: Map keys must be unique: fix the YAML syntax",
    });
  });
});
