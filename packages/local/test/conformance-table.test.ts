import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authCases } from "./auth.case";
import { conformanceCases, type ConformanceCase } from "./common.case";

const FILE = join(__dirname, "..", "CONFORMANCE.md");
const END = "<!-- end: generated -->";
/** Each generated table of CONFORMANCE.md: where it begins and the cases it lists. */
const TABLES: readonly { readonly begin: string; readonly cases: readonly ConformanceCase[] }[] = [
  {
    begin: "<!-- begin: generated from test/common.case.ts by test/conformance-table.test.ts -->",
    cases: conformanceCases,
  },
  {
    begin: "<!-- begin: generated from test/auth.case.ts by test/conformance-table.test.ts -->",
    cases: authCases,
  },
];

const cell = (text: string): string => text.replace(/\|/g, "\\|");
const page = (url: string): string =>
  `[${
    url
      .replace(/\.html$/, "")
      .replace(/\/$/, "")
      .split("/")
      .pop() ?? url
  }](${url})`;

/** A table of conformance cases, as CONFORMANCE.md holds it. */
function table(cases: readonly ConformanceCase[]): string {
  const rows = cases.map(
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
    for (const { begin, cases } of TABLES) {
      const text = readFileSync(FILE, "utf8");
      const start = text.indexOf(begin);
      const end = text.indexOf(END, start);
      expect(start, `${FILE} has no ${begin} line`).toBeGreaterThanOrEqual(0);
      const current = text.slice(start + begin.length, end).trim();
      const expected = table(cases);
      // UPDATE_CONFORMANCE=1 npx vitest run packages/local/test/conformance-table.test.ts rewrites the tables.
      if (current !== expected && process.env.UPDATE_CONFORMANCE === "1") {
        writeFileSync(FILE, `${text.slice(0, start + begin.length)}\n${expected}\n${text.slice(end)}`);
        continue;
      }
      expect(current, "run with UPDATE_CONFORMANCE=1 to rewrite the table").toBe(expected);
    }
  });

  it("names no behaviour twice", () => {
    const names = TABLES.flatMap(({ cases }) => cases.map((c) => c.name));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});
