import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conformanceCases } from "./common.case";

const FILE = join(__dirname, "..", "CONFORMANCE.md");
const BEGIN = "<!-- begin: generated from test/common.case.ts by test/conformance-table.test.ts -->";
const END = "<!-- end: generated -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|");
const page = (url: string): string =>
  `[${
    url
      .replace(/\.html$/, "")
      .split("/")
      .pop() ?? url
  }](${url})`;

/** The table of conformance cases, as CONFORMANCE.md holds it. */
function table(): string {
  const rows = conformanceCases.map(
    (c) =>
      `| ${cell(c.name)} | ${page(c.documented)} | ${c.recorded ? `[recorded](${c.recorded})` : ""} | \`${c.request.method ?? "GET"} ${cell(c.request.path)}\` → ${c.response.status} |`,
  );
  return [
    "| Behaviour | AWS documentation | Recorded | Case (request → status) |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

describe("CONFORMANCE.md", () => {
  it("lists every conformance case with the page of AWS's documentation it comes from", () => {
    const text = readFileSync(FILE, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, `${FILE} has no ${BEGIN} line`).toBeGreaterThanOrEqual(0);
    const current = text.slice(start + BEGIN.length, end).trim();
    const expected = table();
    // UPDATE_CONFORMANCE=1 npx vitest run packages/local/test/conformance-table.test.ts rewrites the table.
    if (current !== expected && process.env.UPDATE_CONFORMANCE === "1") {
      writeFileSync(FILE, `${text.slice(0, start + BEGIN.length)}\n${expected}\n${text.slice(end)}`);
      return;
    }
    expect(current, "run with UPDATE_CONFORMANCE=1 to rewrite the table").toBe(expected);
  });

  it("names no behaviour twice", () => {
    const names = conformanceCases.map((c) => c.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});
