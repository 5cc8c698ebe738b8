import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { loadModel } from "@specgate/model";
import {
  codeBlocks,
  documentationFiles,
  REPO_ROOT,
  shellCommands,
  words,
  type CodeBlock,
} from "./docs-blocks";

/**
 * Every code block of README.md and docs/ is compiled or run here, so that the documentation
 * cannot drift from the code: TypeScript is type-checked against the example's generated code,
 * models are loaded, JSON is parsed, and commands are checked against the real CLI and scripts.
 */
const EXAMPLE_ROOT = path.join(__dirname, "..");
/** Snippets are written here: `../generated`, `../handlers` and `@specgate/*` resolve as in the example. */
const SNIPPETS = path.join(EXAMPLE_ROOT, ".tmp");

const blocks = documentationFiles().flatMap(codeBlocks);
const where = (block: CodeBlock): string => `${block.doc}:${block.line}`;

function snippetName(block: CodeBlock): string {
  return `docs-${block.doc.replace(/[^\w]+/g, "-")}-${block.line}`;
}

describe("the documentation's code blocks", () => {
  it("are found, each quoting a file or in a language this test checks", () => {
    expect(blocks.length).toBeGreaterThan(20);
    for (const block of blocks.filter((b) => b.file === undefined)) {
      expect(["ts", "sh", "yaml", "json"], where(block)).toContain(block.lang);
    }
  });

  it("quote the example's files as they are", () => {
    const quoted = blocks.filter((block) => block.file !== undefined);
    expect(quoted.length).toBeGreaterThan(0);
    for (const block of quoted) {
      const file = path.join(REPO_ROOT, block.file ?? "");
      expect(existsSync(file), `${where(block)}: ${block.file} does not exist`).toBe(true);
      expect(block.code.trim(), `${where(block)} differs from ${block.file}`).toBe(
        readFileSync(file, "utf8").trim(),
      );
    }
  });

  it("type-check, every TypeScript block against the example's generated code", () => {
    const snippets = blocks.filter((block) => block.lang === "ts" && block.file === undefined);
    rmSync(SNIPPETS, { recursive: true, force: true });
    mkdirSync(SNIPPETS, { recursive: true });
    const files = new Map<string, CodeBlock>();
    for (const block of snippets) {
      const file = path.join(SNIPPETS, `${snippetName(block)}.ts`);
      writeFileSync(file, `${block.code}\n`);
      files.set(file, block);
    }
    const configFile = path.join(EXAMPLE_ROOT, "tsconfig.json");
    const config = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error(`cannot read ${configFile}`);
    const program = ts.createProgram([...files.keys()], config.options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.has(path.normalize(diagnostic.file.fileName)))
      .map((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const block = files.get(path.normalize(file.fileName)) as CodeBlock;
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${block.doc}:${block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  });

  it("load, every OpenAPI model", async () => {
    const models = blocks.filter((block) => block.lang === "yaml");
    expect(models.length).toBeGreaterThan(0);
    mkdirSync(SNIPPETS, { recursive: true });
    for (const block of models) {
      const file = path.join(SNIPPETS, `${snippetName(block)}.yaml`);
      writeFileSync(file, block.code);
      const model = await loadModel(file);
      expect(model.operations.length, where(block)).toBeGreaterThan(0);
    }
  });

  it("parse, every JSON block", () => {
    for (const block of blocks.filter((b) => b.lang === "json")) {
      expect(() => JSON.parse(block.code), where(block)).not.toThrow();
    }
  });

  it("name only commands, scripts, options and files that exist", () => {
    const cli = require.resolve("specgate/bin/specgate.js");
    const helps = new Map<string, string>();
    const helpOf = (command: string): string => {
      if (!helps.has(command)) {
        const run = spawnSync(process.execPath, [cli, command, "--help"], { encoding: "utf8" });
        expect(run.status, `specgate ${command} --help`).toBe(0);
        helps.set(command, run.stdout);
      }
      return helps.get(command) as string;
    };
    const problems: string[] = [];
    for (const doc of documentationFiles()) {
      // The README and the Java and Python pages are read from the repository's root, the other docs
      // from a project like the example.
      let cwd = ["README.md", "docs/java.md", "docs/python.md"].includes(doc) ? REPO_ROOT : EXAMPLE_ROOT;
      const copies = new Map<string, string>();
      const resolve = (target: string): string => {
        const full = path.resolve(cwd, target);
        for (const [copy, original] of copies) {
          if (full === copy || full.startsWith(`${copy}/`)) return original + full.slice(copy.length);
        }
        return full;
      };
      const scripts = (): Record<string, string> =>
        (
          JSON.parse(readFileSync(path.join(cwd, "package.json"), "utf8")) as {
            scripts: Record<string, string>;
          }
        ).scripts;
      for (const block of codeBlocks(doc).filter((b) => b.lang === "sh")) {
        for (const { line, command } of shellCommands(block)) {
          const at = `${doc}:${line}: ${command}`;
          const [program, ...args] = words(command);
          if (program === "cd" || program === "cp") {
            const source = program === "cd" ? args[0] : args[args.length - 2];
            if (!existsSync(resolve(source))) problems.push(`${at}: ${source} does not exist`);
            if (program === "cp") copies.set(path.resolve(cwd, args[args.length - 1]), resolve(source));
            else cwd = resolve(source);
          } else if (program === "npm") {
            const [verb, script] = args;
            if (["start", "test"].includes(verb) && !scripts()[verb])
              problems.push(`${at}: no ${verb} script`);
            if (verb === "run" && !scripts()[script]) problems.push(`${at}: no script ${script}`);
            if (!["ci", "install", "start", "test", "run"].includes(verb))
              problems.push(`${at}: unchecked npm ${verb}`);
          } else if (program === "npx" && args[0] === "specgate" && args[1] === "init") {
            // The app it makes, made for real (without installing): `cd` and `npm run` are checked in it.
            const made = path.join(SNIPPETS, `init-${line}`);
            rmSync(made, { recursive: true, force: true });
            const init = spawnSync(
              process.execPath,
              [cli, ...args.slice(1, 2), made, "--no-install", ...args.slice(3)],
              {
                encoding: "utf8",
              },
            );
            if (init.status !== 0) problems.push(`${at}: ${init.stderr}`);
            copies.set(path.resolve(cwd, args[2] ?? "."), made);
          } else if (program === "npx" && args[0] === "specgate") {
            const [, command, ...rest] = args;
            if (!/^\s+(\S+)/m.test(helpOf(command))) problems.push(`${at}: no command ${command}`);
            const help = helpOf(command);
            for (const option of rest.filter((word) => word.startsWith("--"))) {
              if (!help.includes(`${option.split("=")[0]} `) && !help.includes(`${option}\n`))
                problems.push(`${at}: specgate ${command} has no option ${option}`);
            }
            const spec = rest[rest.indexOf("--spec") + 1];
            if (rest.includes("--spec") && !existsSync(resolve(spec)))
              problems.push(`${at}: ${spec} does not exist`);
          } else if (program === "npx" && args[0] === "tsx") {
            if (!existsSync(resolve(args[1]))) problems.push(`${at}: ${args[1]} does not exist`);
          } else if (program === "npx" && args[0].startsWith("aws-cdk")) {
            if (!existsSync(resolve("cdk.json"))) problems.push(`${at}: no cdk.json in ${cwd}`);
          } else if (program === "python3" || program === ".venv/bin/python") {
            // `python3 -m venv .venv`, `.venv/bin/python -m pip install -r <file> ...`, `python3 <app>.py`
            const module = args[0] === "-m" ? args[1] : undefined;
            if (module === undefined && !existsSync(resolve(args[0])))
              problems.push(`${at}: ${args[0]} does not exist`);
            if (module !== undefined && !["venv", "pip", "mypy"].includes(module))
              problems.push(`${at}: unchecked python3 -m ${module}`);
            const requirements = args[args.indexOf("-r") + 1];
            if (args.includes("-r") && !existsSync(resolve(requirements)))
              problems.push(`${at}: ${requirements} does not exist`);
            const links = args[args.indexOf("--find-links") + 1];
            if (args.includes("--find-links") && !links.endsWith("packages/cdk/dist/python"))
              problems.push(`${at}: the wheel is in packages/cdk/dist/python`);
          } else if (program === "mvn") {
            if (!existsSync(resolve("pom.xml"))) problems.push(`${at}: no pom.xml in ${cwd}`);
          } else if (program === "curl") {
            // Run by the end-to-end test against the served example.
            if (!command.includes("http://127.0.0.1:3000/"))
              problems.push(`${at}: curl the example on 127.0.0.1:3000`);
          } else {
            problems.push(`${at}: ${program} is not a command this test knows how to check`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("the troubleshooting page", () => {
  /** Where messages come from: specgate's sources, and the TypeScript compiler's messages (`{0}` → `…`). */
  function messageSources(): string {
    const sources: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) sources.push(readFileSync(full, "utf8").replace(/\\`/g, "`"));
      }
    };
    for (const name of readdirSync(path.join(REPO_ROOT, "packages"))) {
      const src = path.join(REPO_ROOT, "packages", name, "src");
      if (existsSync(src)) walk(src);
    }
    const typescript = readFileSync(require.resolve("typescript/lib/typescript.js"), "utf8");
    return [...sources, typescript.replace(/\{\d\}/g, "…")].join("\n");
  }

  it("quotes only messages the code still produces", () => {
    const sources = messageSources();
    const page = readFileSync(path.join(REPO_ROOT, "docs/troubleshooting.md"), "utf8");
    const headings = page.split("\n").filter((line) => /^#{3,4} /.test(line));
    const messages = headings.flatMap((heading) =>
      [...heading.matchAll(/(`+) ?(.+?) ?\1(?!`)/g)].map((match) => ({ heading, message: match[2] })),
    );
    expect(messages.length).toBeGreaterThan(25);
    const missing = messages.filter(({ message }) => {
      // The CLI prints every error for people as `specgate: <message>`.
      const text = message.replace(/^specgate: /, "");
      const pattern = text
        .split("…")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*?");
      return !new RegExp(pattern).test(sources);
    });
    expect(missing.map(({ message }) => message)).toEqual([]);
  });
});

describe("words", () => {
  it("splits a command line as a shell does", () => {
    expect(words(`npx specgate serve --app "npx tsx infra/main.ts" -d '{"a": 1}' x=y"z"`)).toEqual([
      "npx",
      "specgate",
      "serve",
      "--app",
      "npx tsx infra/main.ts",
      "-d",
      '{"a": 1}',
      "x=yz",
    ]);
  });
});
