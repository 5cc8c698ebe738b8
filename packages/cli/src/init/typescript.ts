import { moduleSpecifier, type ModuleFormat, type TestRunner } from "@specgate/codegen";
import { helloModel, type TemplateName } from "./models";

/**
 * The TypeScript CDK app `specgate init` writes: the layout and defaults of
 * `cdk init app --language typescript` (bin/, lib/, test/, cdk.json, the same tsconfig), with an
 * OpenAPI model in api/, its generated code in generated/, and its handlers in handlers/.
 */

/** One file of a project, its path relative to the project's folder. */
export interface ProjectFile {
  readonly path: string;
  readonly content: string;
}

export interface TypeScriptProjectOptions {
  /** The npm package name, e.g. `my-api`: names `bin/my-api.ts` and `MyApiStack`. */
  readonly name: string;
  /** `MyApi`. */
  readonly className: string;
  readonly template: TemplateName;
  readonly moduleFormat: ModuleFormat;
  readonly testRunner: TestRunner;
  /** How to depend on each of specgate's packages, by name: a version range or a `file:` tarball. */
  readonly specgatePackages: Readonly<Record<string, string>>;
}

/** Where the model and the generated code go; `specgate generate` is run with these. */
export const MODEL_FILE = "api/openapi.yaml";
export const GENERATED_DIR = "generated";
export const HANDLERS_DIR = "handlers";

/** What specgate adds to a project, its own or an existing CDK app: `HelloApi` and its test. */
export const API_CONSTRUCT_FILE = "lib/hello-api.ts";
const API_TEST_FILE = "test/hello-api.test.ts";

/** Versions a new project starts with: those `cdk init` chose when this was written, and specgate's own. */
const VERSIONS: Readonly<Record<string, string>> = {
  "aws-cdk-lib": "^2.263.0",
  constructs: "^10.0.0",
  "aws-cdk": "^2.1100.0",
  "@types/node": "^22.0.0",
  tsx: "^4.20.0",
  typescript: "~7.0.2",
  jest: "^30.0.0",
  "@types/jest": "^30.0.0",
  "@swc/core": "^1.15.0",
  "@swc/jest": "^0.2.39",
  vitest: "^3.2.0",
};

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The import a test file of the project needs for `test`, by test runner. */
function testImport(runner: TestRunner): string[] {
  if (runner === "vitest") return [`import { test } from "vitest";`];
  if (runner === "node") return [`import { test } from "node:test";`];
  // jest's `test` is a global, typed by @types/jest.
  return [];
}

/** `lib/hello-api.ts`: the generated `Api` with an integration for each operation. */
function apiConstruct(options: TypeScriptProjectOptions): string {
  const lambda = options.template === "lambda";
  const infrastructure = moduleSpecifier("../generated/infrastructure/index", options.moduleFormat);
  const names = lambda ? "Api, MockIntegrations, SayHelloFunction" : "Api, MockIntegrations";
  const sayHello = lambda
    ? `sayHello: { integration: Integrations.lambda(new SayHelloFunction(this, "SayHello")) },`
    : `sayHello: { integration: MockIntegrations.sayHello200({ message: "Hello, world!" }) },`;
  const where = lambda
    ? "`sayHello` runs in a Lambda function (handlers/sayHello.ts), API Gateway answers `getStatus` itself"
    : "API Gateway answers both operations itself, with the bodies given here";
  return [
    ...(lambda ? [`import { Integrations } from "@specgate/cdk";`] : []),
    `import { Construct } from "constructs";`,
    `import { ${names} } from "${infrastructure}";`,
    "",
    "/**",
    ` * The REST API of ${MODEL_FILE}: ${where}.`,
    " * An operation of the model without an integration here is a compile error.",
    " */",
    "export class HelloApi extends Construct {",
    "  readonly api: Api;",
    "",
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
    `    this.api = new Api(this, "Api", {`,
    "      integrations: {",
    `        ${sayHello}`,
    `        getStatus: { integration: MockIntegrations.getStatus200({ status: "ok" }) },`,
    "      },",
    "    });",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** `handlers/sayHello.ts`: the Lambda handler, typed and validated by the generated wrapper. */
function sayHelloHandler(options: TypeScriptProjectOptions): string {
  return [
    `import { sayHelloHandler } from "${moduleSpecifier("../generated/runtime/index", options.moduleFormat)}";`,
    "",
    "/** GET /hello: greets `name`, or the world. The wrapper has already validated the query. */",
    "export const handler = sayHelloHandler(async ({ input }) => {",
    `  const name = input.requestParameters.name ?? "world";`,
    "  return { statusCode: 200, body: { message: `Hello, ${name}!` } };",
    "});",
    "",
  ].join("\n");
}

/** `test/hello-api.test.ts`: synthesizes `HelloApi` and checks its template. */
function apiTest(options: TypeScriptProjectOptions): string {
  const lambda = options.template === "lambda";
  return [
    ...testImport(options.testRunner),
    `import { App, Stack } from "aws-cdk-lib";`,
    `import { Template } from "aws-cdk-lib/assertions";`,
    `import { HelloApi } from "${moduleSpecifier("../lib/hello-api", options.moduleFormat)}";`,
    "",
    lambda
      ? `test("HelloApi is a REST API with a Lambda function for sayHello", () => {`
      : `test("HelloApi is a REST API that API Gateway answers alone", () => {`,
    `  const stack = new Stack(new App(), "Test");`,
    `  new HelloApi(stack, "Api");`,
    "  const template = Template.fromStack(stack);",
    `  template.resourceCountIs("AWS::ApiGateway::RestApi", 1);`,
    lambda
      ? `  template.resourcePropertiesCountIs("AWS::Lambda::Function", { Runtime: "nodejs22.x" }, 1);`
      : `  template.resourceCountIs("AWS::Lambda::Function", 0);`,
    "});",
    "",
  ].join("\n");
}

/** What specgate adds to a CDK app, new or existing: the model, `HelloApi`, its handler and test. */
export function apiFiles(options: TypeScriptProjectOptions): ProjectFile[] {
  const files: ProjectFile[] = [
    { path: MODEL_FILE, content: helloModel(options.template) },
    { path: API_CONSTRUCT_FILE, content: apiConstruct(options) },
  ];
  if (options.template === "lambda") {
    files.push({ path: `${HANDLERS_DIR}/sayHello.ts`, content: sayHelloHandler(options) });
  }
  if (options.testRunner !== "none") files.push({ path: API_TEST_FILE, content: apiTest(options) });
  return files;
}

/** The `generate` script: what `npm run build`, `npm test` and `npm run dev` run first. */
export const GENERATE_COMMAND = `specgate generate --spec ${MODEL_FILE} --out ${GENERATED_DIR}`;

/** `npm run dev`: serves the app locally, regenerating and reloading on every save. */
export function devCommand(name: string): string {
  return `npm run generate && specgate serve --app "tsx bin/${name}.ts" --watch`;
}

function testScript(options: TypeScriptProjectOptions): string {
  switch (options.testRunner) {
    case "jest":
      return "npm run build && jest";
    case "vitest":
      return "npm run build && vitest run";
    case "node": {
      const files = [
        "test/*.test.ts",
        ...(options.template === "lambda" ? [`${HANDLERS_DIR}/*.test.ts`] : []),
      ];
      return `npm run build && tsx --test ${files.join(" ")}`;
    }
    case "none":
      return "npm run build";
  }
}

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The dependencies of a new project (and what an existing app needs added), by name. */
export function dependenciesOf(options: TypeScriptProjectOptions): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
} {
  const pick = (...names: string[]): Record<string, string> =>
    Object.fromEntries(names.map((name) => [name, options.specgatePackages[name] ?? VERSIONS[name] ?? "*"]));
  const runner: Record<TestRunner, string[]> = {
    jest: ["jest", "@types/jest", "@swc/core", "@swc/jest"],
    vitest: ["vitest"],
    node: [],
    none: [],
  };
  return {
    dependencies: sorted(pick("@specgate/cdk", "@specgate/runtime", "aws-cdk-lib", "constructs")),
    devDependencies: sorted(
      pick("specgate", "aws-cdk", "@types/node", "tsx", "typescript", ...runner[options.testRunner]),
    ),
  };
}

/**
 * npm's `overrides` for specgate's packages installed from tarballs: their dependencies on each
 * other then resolve to the tarballs too, not to the registry.
 */
function overridesOf(options: TypeScriptProjectOptions): Record<string, string> | undefined {
  const files = Object.entries(options.specgatePackages).filter(([, spec]) => spec.startsWith("file:"));
  return files.length > 0 ? sorted(Object.fromEntries(files)) : undefined;
}

/** `cdk.json`: how the CDK CLI runs the app, as `cdk init` writes it, the model generated first. */
export function cdkJson(name: string, context: Readonly<Record<string, unknown>>): string {
  return json({
    app: `npx ${GENERATE_COMMAND} && npx tsc && npx tsx bin/${name}.ts`,
    watch: {
      include: ["**"],
      exclude: [
        "README.md",
        "cdk*.json",
        "**/*.d.ts",
        "**/*.js",
        "tsconfig.json",
        "package*.json",
        "yarn.lock",
        "node_modules",
        "test",
        GENERATED_DIR,
      ],
    },
    context,
  });
}

/** Every file of a new project but `cdk.json`, which waits for aws-cdk-lib's recommended flags. */
export function projectFiles(options: TypeScriptProjectOptions): ProjectFile[] {
  const { name, className, moduleFormat, testRunner } = options;
  const esm = moduleFormat === "esm";
  const { dependencies, devDependencies } = dependenciesOf(options);
  const overrides = overridesOf(options);
  const packageJson = {
    name,
    version: "0.1.0",
    private: true,
    ...(esm ? { type: "module" } : {}),
    scripts: {
      generate: GENERATE_COMMAND,
      build: "npm run generate && tsc",
      watch: "tsc -w",
      test: testScript(options),
      dev: devCommand(name),
      cdk: "cdk",
    },
    devDependencies,
    dependencies,
    ...(overrides ? { overrides } : {}),
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["es2022"],
      declaration: true,
      strict: true,
      noImplicitAny: true,
      strictNullChecks: true,
      noImplicitThis: true,
      alwaysStrict: true,
      noUnusedLocals: false,
      noUnusedParameters: false,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: false,
      inlineSourceMap: true,
      inlineSources: true,
      experimentalDecorators: true,
      strictPropertyInitialization: false,
      skipLibCheck: true,
      typeRoots: ["./node_modules/@types"],
      noEmit: true,
      isolatedModules: true,
      ...(esm ? { verbatimModuleSyntax: true } : {}),
      types: testRunner === "jest" ? ["jest", "node"] : ["node"],
    },
    exclude: ["node_modules", "cdk.out"],
  };
  const stack = `${className}Stack`;
  const files: ProjectFile[] = [
    { path: "package.json", content: json(packageJson) },
    { path: "tsconfig.json", content: json(tsconfig) },
    {
      path: `bin/${name}.ts`,
      content: [
        "#!/usr/bin/env node",
        `import { App } from "aws-cdk-lib";`,
        `import { ${stack} } from "${moduleSpecifier(`../lib/${name}-stack`, moduleFormat)}";`,
        "",
        "const app = new App();",
        `new ${stack}(app, "${stack}");`,
        "",
      ].join("\n"),
    },
    {
      path: `lib/${name}-stack.ts`,
      content: [
        `import { Stack, type StackProps } from "aws-cdk-lib";`,
        `import ${esm ? "type " : ""}{ Construct } from "constructs";`,
        `import { HelloApi } from "${moduleSpecifier("./hello-api", moduleFormat)}";`,
        "",
        `export class ${stack} extends Stack {`,
        "  constructor(scope: Construct, id: string, props?: StackProps) {",
        "    super(scope, id, props);",
        `    new HelloApi(this, "HelloApi");`,
        "  }",
        "}",
        "",
      ].join("\n"),
    },
    {
      path: ".gitignore",
      content: [
        "*.js",
        "!jest.config.js",
        "*.d.ts",
        "node_modules",
        "",
        "# CDK asset staging directory",
        ".cdk.staging",
        "cdk.out",
        "",
        `# written by \`npm run generate\` from ${MODEL_FILE}`,
        `${GENERATED_DIR}/`,
        "",
      ].join("\n"),
    },
    {
      path: ".npmignore",
      content: "*.ts\n!*.d.ts\n\n# CDK asset staging directory\n.cdk.staging\ncdk.out\n",
    },
    { path: "README.md", content: readme(options) },
    ...apiFiles(options),
  ];
  if (testRunner === "jest") {
    const roots = ["<rootDir>/test", ...(options.template === "lambda" ? [`<rootDir>/${HANDLERS_DIR}`] : [])];
    files.push({
      path: "jest.config.js",
      content: [
        "module.exports = {",
        `  testEnvironment: "node",`,
        `  roots: [${roots.map((root) => JSON.stringify(root)).join(", ")}],`,
        `  testMatch: ["**/*.test.ts"],`,
        "  transform: {",
        `    "^.+\\\\.tsx?$": ["@swc/jest"],`,
        "  },",
        `  setupFilesAfterEnv: ["aws-cdk-lib/testhelpers/jest-autoclean"],`,
        "};",
        "",
      ].join("\n"),
    });
  }
  if (testRunner === "vitest") {
    files.push({
      path: "vitest.config.ts",
      content: [
        `import { defineConfig } from "vitest/config";`,
        "",
        "export default defineConfig({",
        "  // Synthesizing a stack (bundling its functions, validating its template) takes seconds.",
        "  test: { testTimeout: 60_000 },",
        "});",
        "",
      ].join("\n"),
    });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function readme(options: TypeScriptProjectOptions): string {
  const lambda = options.template === "lambda";
  return `# ${options.name}

A REST API on Amazon API Gateway, built with the AWS CDK from one OpenAPI model,
[\`${MODEL_FILE}\`](${MODEL_FILE}), with [specgate](https://github.com/specgate/specgate).

- \`${MODEL_FILE}\`: the model, the one place the API is described.
- \`${GENERATED_DIR}/\`: what \`npm run generate\` writes from it (types, handler wrappers, a client,
  the \`Api\` construct, \`MockIntegrations\`${lambda ? ", `SayHelloFunction`" : ""}); never edit it, it is not committed.
- \`${API_CONSTRUCT_FILE}\`: the \`Api\` with an integration for every operation: leave one out and it
  does not compile.${lambda ? `\n- \`${HANDLERS_DIR}/sayHello.ts\`: the Lambda handler of \`sayHello\`, typed and validated against the model.` : ""}
- \`bin/${options.name}.ts\`, \`lib/${options.name}-stack.ts\`: the CDK app and its stack, as \`cdk init\` lays them out.

## Useful commands

* \`npm run dev\`     serve the API on http://127.0.0.1:3000 (\`PORT\` to change it), reloading on every save
* \`npm test\`        generate, type-check and run the tests
* \`npm run build\`   generate and type-check
* \`npx cdk deploy\`  deploy the stack to your default AWS account and region
* \`npx cdk diff\`    compare the deployed stack with the current state
* \`npx cdk synth\`   emit the synthesized CloudFormation template
`;
}

/** What is left for the person to add to an existing CDK app, which specgate does not edit. */
export function additions(
  options: TypeScriptProjectOptions,
  app: { readonly stackFile?: string; readonly jestRoots?: boolean },
): string[] {
  const { dependencies, devDependencies } = dependenciesOf(options);
  const already = new Set([
    "aws-cdk-lib",
    "constructs",
    "aws-cdk",
    "@types/node",
    "typescript",
    "jest",
    "vitest",
  ]);
  const missing = (record: Record<string, string>): string[] =>
    Object.keys(record).filter(
      (name) => !already.has(name) && !name.startsWith("@swc/") && name !== "@types/jest",
    );
  const lines = [
    "1. The packages:",
    `     npm install ${missing(dependencies).join(" ")}`,
    `     npm install --save-dev ${missing(devDependencies).join(" ")}`,
    `2. In ${app.stackFile ?? "your stack"}, the API:`,
    `     import { HelloApi } from "${moduleSpecifier("./hello-api", options.moduleFormat)}";`,
    `     new HelloApi(this, "HelloApi");   // in the constructor`,
    `3. In package.json's "scripts" (and \`npm run generate\` before \`tsc\` and the tests, in "build" and "test"):`,
    `     "generate": "${GENERATE_COMMAND}",`,
    `     "dev": "npm run generate && specgate serve --watch"`,
    `4. In .gitignore: ${GENERATED_DIR}/`,
  ];
  if (app.jestRoots && options.template === "lambda") {
    lines.push(`5. In jest.config.js, "<rootDir>/${HANDLERS_DIR}" in roots, for the handler's test.`);
  }
  return lines;
}
