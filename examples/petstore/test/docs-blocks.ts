import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The repository's root: README.md and docs/ are there. */
export const REPO_ROOT = path.join(__dirname, "../../..");

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly doc: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  /** Set by a `<!-- file: path -->` line right above the block: the block is that file, verbatim. */
  readonly file?: string;
}

/** README.md, every Markdown file under docs/ and the example's README, relative to the repository root. */
export function documentationFiles(): string[] {
  const docs = readdirSync(path.join(REPO_ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs, "examples/petstore/README.md"];
}

/** Every fenced code block of a Markdown file. */
export function codeBlocks(doc: string): CodeBlock[] {
  const lines = readFileSync(path.join(REPO_ROOT, doc), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith(open[1]) && line.trim() === open[1]);
    if (end < 0) throw new Error(`${doc}:${i + 1}: a code block is never closed`);
    const marker = /^<!-- file: (\S+) -->$/.exec(lines[i - 1] ?? "");
    blocks.push({
      doc,
      line: i + 1,
      lang: open[2],
      code: lines.slice(i + 1, end).join("\n"),
      ...(marker ? { file: marker[1] } : {}),
    });
    i = end;
  }
  return blocks;
}

/** The commands of a shell block, one per line, comments dropped and `a && b` split. */
export function shellCommands(block: CodeBlock): { line: number; command: string }[] {
  return block.code.split("\n").flatMap((text, index) =>
    text
      .replace(/\s+#\s.*$/, "")
      .replace(/\s*&\s*$/, "")
      .split(/\s+&&\s+/)
      .map((command) => ({ line: block.line + 1 + index, command: command.trim() }))
      .filter(({ command }) => command !== "" && !command.startsWith("#")),
  );
}

/** Splits a command line into words, as a POSIX shell does with plain quotes. */
export function words(command: string): string[] {
  const out: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+)/g;
  let current = "";
  let last = 0;
  for (const match of command.matchAll(pattern)) {
    const gap = command.slice(last, match.index);
    if (/\s/.test(gap) && current !== "") {
      out.push(current);
      current = "";
    }
    current += match[1] ?? match[2]?.replace(/\\(.)/g, "$1") ?? match[3];
    last = (match.index ?? 0) + match[0].length;
  }
  if (current !== "") out.push(current);
  return out;
}

/** Every `curl` command of the README and the docs: the end-to-end test runs them. */
export function curlCommands(): { where: string; command: string }[] {
  return documentationFiles()
    .flatMap(codeBlocks)
    .filter((block) => block.lang === "sh")
    .flatMap((block) =>
      shellCommands(block).map(({ line, command }) => ({ where: `${block.doc}:${line}`, command })),
    )
    .filter(({ command }) => command.startsWith("curl "));
}
