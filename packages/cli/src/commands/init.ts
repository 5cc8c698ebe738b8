import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Option, type Command } from "commander";
import type { ModuleFormat, TestRunner } from "@specgate/codegen";
import type * as Init from "../init/typescript";
import { TEMPLATE_NAMES, type TemplateName } from "../init/models";
import { printLine } from "../output";
import { projectOf } from "../project";
import { UserError } from "../user-error";
import { runGenerate } from "./generate";

export interface InitCommandOptions {
  readonly template: TemplateName;
  /** The language of the CDK app; TypeScript is the one there is. */
  readonly language: "typescript";
  /** Default: commonjs for a new app, as `cdk init` makes it; an existing app's own. */
  readonly moduleFormat?: ModuleFormat;
  /** Default: jest for a new CommonJS app (as `cdk init`), vitest for an ES module one; an existing app's own. */
  readonly testRunner?: TestRunner;
  /** `--no-install`: write the files, do not run `npm install`. */
  readonly install: boolean;
  /** A folder of `npm pack`ed tarballs to install specgate's packages from, instead of the registry. */
  readonly packages?: string;
}

/** specgate's packages a project depends on, directly or through each other. */
const SPECGATE_PACKAGES = [
  "@specgate/cdk",
  "@specgate/runtime",
  "@specgate/model",
  "@specgate/codegen",
  "@specgate/local",
  "specgate",
];

const version = (): string => (require("../../package.json") as { version: string }).version;

/** How the project depends on each of specgate's packages: this CLI's version, or the tarballs in a folder. */
function specgatePackages(packages: string | undefined): Record<string, string> {
  if (packages === undefined) {
    return Object.fromEntries(SPECGATE_PACKAGES.map((name) => [name, `^${version()}`]));
  }
  const dir = path.resolve(packages);
  return Object.fromEntries(
    SPECGATE_PACKAGES.map((name) => {
      // npm pack names @specgate/cdk's tarball specgate-cdk-<version>.tgz.
      const file = path.join(dir, `${name.replace(/^@/, "").replace("/", "-")}-${version()}.tgz`);
      if (!fs.existsSync(file)) {
        throw new UserError(
          `--packages ${packages} has no ${path.basename(file)}: run \`npm pack\` in each of specgate's packages into it`,
        );
      }
      return [name, `file:${file}`];
    }),
  );
}

/** An npm package name from a folder name: `My API` → `my-api`. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  if (name === "") throw new UserError(`cannot make an npm package name of the folder name "${folder}"`);
  return name;
}

/** Writes files that do not exist yet, refusing to replace any; returns what it wrote. */
function writeNew(root: string, files: readonly Init.ProjectFile[], written: string[]): void {
  for (const file of files) {
    const target = path.join(root, ...file.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content, { flag: "wx" });
    written.push(target);
  }
}

/** The recommended feature flags of the project's own aws-cdk-lib, as `cdk init` puts them in cdk.json. */
function recommendedContext(root: string): Record<string, unknown> | undefined {
  try {
    const cxapi = createRequire(path.join(root, "package.json"))("aws-cdk-lib/cx-api") as {
      CURRENTLY_RECOMMENDED_FLAGS?: Record<string, unknown>;
      NEW_PROJECT_DEFAULT_CONTEXT?: Record<string, unknown>;
    };
    const context = { ...cxapi.NEW_PROJECT_DEFAULT_CONTEXT, ...cxapi.CURRENTLY_RECOMMENDED_FLAGS };
    return Object.fromEntries(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1)));
  } catch {
    return undefined;
  }
}

const column = (rows: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
};

/** Generates the model's code into the project, as its `npm run generate` does. */
async function generateInto(root: string, moduleFormat: ModuleFormat, testRunner: TestRunner): Promise<void> {
  const { GENERATED_DIR, MODEL_FILE } = require("../init/typescript") as typeof Init;
  await runGenerate({ spec: MODEL_FILE, out: GENERATED_DIR, cwd: root, moduleFormat, testRunner });
}

/** What the templates need to know of the app: its names, template, module format, test runner and packages. */
function projectOptions(
  name: string,
  options: InitCommandOptions,
  moduleFormat: ModuleFormat,
  testRunner: TestRunner,
): Init.TypeScriptProjectOptions {
  const { pascalCase } = require("@specgate/codegen") as typeof import("@specgate/codegen");
  return {
    name,
    className: pascalCase(name),
    template: options.template,
    moduleFormat,
    testRunner,
    specgatePackages: specgatePackages(options.packages),
  };
}

/** `specgate init <dir>` where there is no CDK app: a new one. */
async function createApp(
  root: string,
  options: InitCommandOptions,
  log: (line: string) => void,
): Promise<void> {
  const template = require("../init/typescript") as typeof Init;
  if (fs.existsSync(root) && fs.readdirSync(root).some((entry) => entry !== ".git")) {
    throw new UserError(
      `${root} is not empty and has no cdk.json: give a new folder for a new app, or run specgate init in a CDK app to add specgate to it`,
    );
  }
  const name = packageName(path.basename(root));
  const moduleFormat = options.moduleFormat ?? "commonjs";
  const testRunner = options.testRunner ?? (moduleFormat === "esm" ? "vitest" : "jest");
  if (moduleFormat === "esm" && testRunner === "jest") {
    throw new UserError(
      "jest runs ES modules only behind an experimental Node.js flag: pick --test-runner vitest or node with --module-format esm",
    );
  }
  const project = projectOptions(name, options, moduleFormat, testRunner);
  const created = !fs.existsSync(root);
  const written: string[] = [];
  try {
    writeNew(root, template.projectFiles(project), written);
    await generateInto(root, moduleFormat, testRunner);
  } catch (error) {
    // Nothing half-made is left behind: the folder as it was, empty or absent.
    if (created) fs.rmSync(root, { recursive: true, force: true });
    else for (const file of written) fs.rmSync(file, { force: true });
    throw error;
  }
  let installed = false;
  if (options.install) {
    log(`Installing dependencies (npm install) in ${root}…`);
    const run = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      shell: process.platform === "win32",
    });
    installed = run.status === 0;
    if (!installed) log(`npm install failed${run.error ? ` (${run.error.message})` : ""}: run it in ${root}`);
  }
  const context = installed ? recommendedContext(root) : undefined;
  writeNew(root, [{ path: "cdk.json", content: template.cdkJson(name, context ?? {}) }], written);
  const relative = path.relative(process.cwd(), root) || ".";
  log("");
  log(
    `Created ${relative}: a CDK app serving ${template.MODEL_FILE} on Amazon API Gateway (template ${options.template}).`,
  );
  if (!context) {
    log(
      "cdk.json has no feature flags yet: `npx cdk flags --set --recommended --all` adds aws-cdk-lib's recommended ones.",
    );
  }
  log("");
  const steps: [string, string][] = [
    ...(relative === "." ? [] : [[`cd ${relative}`, ""] as [string, string]]),
    ...(installed ? [] : [["npm install", ""] as [string, string]]),
    ["npm run dev", "serve it on http://127.0.0.1:3000, reloading on every save"],
    ["npm test", "generate, type-check and run the tests"],
    ["npx cdk deploy", "deploy it (with your AWS credentials)"],
  ];
  for (const line of column(steps)) log(line.trimEnd());
  if (options.install && !installed)
    throw new UserError(`the app is written, but its dependencies are not installed`);
}

/** `specgate init` in a CDK app: adds the model, `HelloApi`, its handler and test, never touching a file. */
async function addToApp(
  root: string,
  options: InitCommandOptions,
  log: (line: string) => void,
): Promise<void> {
  const template = require("../init/typescript") as typeof Init;
  const found = projectOf(root);
  const moduleFormat = options.moduleFormat ?? found.moduleFormat;
  const testRunner = options.testRunner ?? found.testRunner;
  const name = packageName(found.packageJson.name ?? path.basename(root));
  const project = projectOptions(name, options, moduleFormat, testRunner);
  const files = template.apiFiles(project);
  const taken = [...files.map((file) => file.path), template.GENERATED_DIR].filter((file) =>
    fs.existsSync(path.join(root, file)),
  );
  if (taken.length > 0) {
    throw new UserError(
      `specgate init never replaces a file, and ${root} has ${taken.join(", ")} already: move those away, or add specgate by hand (docs/cli.md)`,
    );
  }
  const written: string[] = [];
  try {
    writeNew(root, files, written);
    await generateInto(root, moduleFormat, testRunner);
  } catch (error) {
    for (const file of written) fs.rmSync(file, { force: true });
    fs.rmSync(path.join(root, template.GENERATED_DIR), { recursive: true, force: true });
    throw error;
  }
  const stacks = fs.existsSync(path.join(root, "lib"))
    ? fs.readdirSync(path.join(root, "lib")).filter((file) => file.endsWith("-stack.ts"))
    : [];
  const jestConfig = ["jest.config.js", "jest.config.cjs", "jest.config.ts"]
    .map((file) => path.join(root, file))
    .find((file) => fs.existsSync(file));
  const jestRoots = jestConfig !== undefined && !fs.readFileSync(jestConfig, "utf8").includes("handlers");
  const handlerTest = fs.existsSync(path.join(root, template.HANDLERS_DIR, "sayHello.test.ts"));
  const rows: [string, string][] = [
    [template.MODEL_FILE, "the model"],
    [template.API_CONSTRUCT_FILE, "HelloApi: the generated Api, an integration for each operation"],
    ...(options.template === "lambda"
      ? [
          [
            `${template.HANDLERS_DIR}/sayHello.ts`,
            `the Lambda handler of sayHello${handlerTest ? " (and its test)" : ""}`,
          ] as [string, string],
        ]
      : []),
    ...files
      .filter((file) => file.path.startsWith("test/"))
      .map((file) => [file.path, "synthesizes HelloApi"] as [string, string]),
    [`${template.GENERATED_DIR}/`, "the generated code, rewritten by every `npm run generate`"],
  ];
  log(
    `Added specgate to ${path.relative(process.cwd(), root) || "this CDK app"}, without changing any of its files:`,
  );
  for (const line of column(rows)) log(line);
  log("");
  log("What to add yourself:");
  for (const line of template.additions(project, {
    stackFile: stacks.length === 1 ? `lib/${stacks[0]}` : undefined,
    jestRoots,
  })) {
    log(`  ${line}`);
  }
}

/** Runs `specgate init`: a new CDK app in `dir`, or specgate added to the CDK app there. */
export async function runInit(
  dir: string | undefined,
  options: InitCommandOptions,
  log: (line: string) => void,
): Promise<void> {
  const root = path.resolve(dir ?? ".");
  if (fs.existsSync(path.join(root, "cdk.json"))) {
    await addToApp(root, options, log);
  } else {
    await createApp(root, options, log);
  }
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .argument("[dir]", "the folder: a new app's, or a CDK app's to add specgate to", ".")
    .description("Start a CDK app with a typed REST API from an OpenAPI model, or add one to a CDK app")
    .addOption(
      new Option(
        "--template <template>",
        "lambda: one operation in Lambda, one mocked; mock-only: both mocked",
      )
        .choices(TEMPLATE_NAMES)
        .default("lambda"),
    )
    .addOption(
      new Option("--language <language>", "the CDK app's language")
        .choices(["typescript"])
        .default("typescript"),
    )
    .addOption(
      new Option(
        "--module-format <format>",
        "a new app's module format (default: commonjs, as cdk init)",
      ).choices(["commonjs", "esm"]),
    )
    .addOption(
      new Option("--test-runner <runner>", "a new app's test runner (default: jest, vitest for esm)").choices(
        ["jest", "vitest", "node", "none"],
      ),
    )
    .option("--no-install", "write the files without running npm install")
    .option(
      "--packages <dir>",
      "install specgate's packages from the npm pack tarballs in <dir>, not the registry",
    )
    .action(async (dir: string, options: InitCommandOptions) => {
      await runInit(dir, options, (line) => printLine(1, line));
    });
}
