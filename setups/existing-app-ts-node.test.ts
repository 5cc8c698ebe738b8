import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanUp,
  editJson,
  environment,
  expectHelloApi,
  freshFolder,
  PACKAGE_NAMES,
  npxSpecgate,
  run,
  serve,
  tarball,
} from "./support";

/**
 * The CDK app `cdk init app --language typescript` made before it moved to tsx (aws-cdk 2.1xx): CommonJS
 * (`module: commonjs`, Node resolution), run by ts-node, tested by jest with ts-jest, TypeScript 5.9,
 * declaration files type-checked too (no skipLibCheck: specgate's own are, under its `lib: es2020`).
 * `specgate init` adds specgate to it without changing its files; the test then makes the changes it
 * prints, as its owner would. (The stricter checks run in the other two setups.)
 */
const APP: Record<string, string> = {
  "package.json": `${JSON.stringify(
    {
      name: "my-app",
      version: "0.1.0",
      bin: { "my-app": "bin/my-app.js" },
      scripts: { build: "tsc", watch: "tsc -w", test: "jest", cdk: "cdk" },
      devDependencies: {
        "@types/jest": "^29.5.14",
        "@types/node": "^20.19.0",
        jest: "^29.7.0",
        "ts-jest": "^29.2.5",
        "ts-node": "^10.9.2",
        typescript: "~5.9.3",
      },
      dependencies: { "aws-cdk-lib": "^2.263.0", constructs: "^10.0.0" },
    },
    null,
    2,
  )}\n`,
  "cdk.json": `${JSON.stringify({ app: "npx ts-node --prefer-ts-exts bin/my-app.ts" }, null, 2)}\n`,
  "tsconfig.json": `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2020",
        module: "commonjs",
        lib: ["es2020", "dom"],
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
        typeRoots: ["./node_modules/@types"],
      },
      exclude: ["node_modules", "cdk.out"],
    },
    null,
    2,
  )}\n`,
  "jest.config.js": `module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\\\.tsx?$': 'ts-jest'
  }
};
`,
  "bin/my-app.ts": `#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { MyAppStack } from '../lib/my-app-stack';

const app = new cdk.App();
new MyAppStack(app, 'MyAppStack', {});
`,
  "lib/my-app-stack.ts": `import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';

export class MyAppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // The code that defines your stack goes here
  }
}
`,
  "test/my-app.test.ts": `import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as MyApp from '../lib/my-app-stack';

test('the stack synthesizes', () => {
  const app = new cdk.App();
  const stack = new MyApp.MyAppStack(app, 'MyTestStack');
  Template.fromStack(stack);
});
`,
  ".gitignore":
    "*.js\n!jest.config.js\n*.d.ts\nnode_modules\n\n# CDK asset staging directory\n.cdk.staging\ncdk.out\n",
};

function read(app: string): Record<string, string> {
  return Object.fromEntries(
    Object.keys(APP).map((file) => [file, fs.readFileSync(path.join(app, file), "utf8")]),
  );
}

describe("specgate init in a CommonJS CDK app run by ts-node, TypeScript 5.9, jest with ts-jest", () => {
  let app: string;
  afterAll(cleanUp);

  it("adds the model, HelloApi, its handler and tests, and changes none of the app's files", async () => {
    app = freshFolder("ts-node-app");
    for (const [file, content] of Object.entries(APP)) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.writeFileSync(path.join(app, file), content);
    }
    const install = await run("npm", ["install"], app);
    console.log(`setups: npm install of the ts-node app: ${install.ms} ms`);
    const init = await run("npx", [...npxSpecgate(), "init"], app);
    expect(read(app)).toEqual(APP);
    for (const file of [
      "api/openapi.yaml",
      "lib/hello-api.ts",
      "handlers/sayHello.ts",
      "handlers/sayHello.test.ts",
      "test/hello-api.test.ts",
    ]) {
      expect(fs.existsSync(path.join(app, file)), file).toBe(true);
    }
    expect(init.stdout).toContain("npm install @specgate/cdk @specgate/runtime");
    expect(init.stdout).toContain("npm install --save-dev specgate");
    expect(init.stdout).toContain("In lib/my-app-stack.ts, the API:");
    expect(init.stdout).toContain('In jest.config.js, "<rootDir>/handlers" in roots');
  });

  it("passes npm test and tsc once the printed changes are made", async () => {
    // 1. The packages: the tarballs, which depend on each other through npm's overrides.
    const names = PACKAGE_NAMES;
    const spec = (name: string): string => `file:${tarball(name)}`;
    editJson(path.join(app, "package.json"), (pkg) => {
      pkg.dependencies = {
        ...(pkg.dependencies as object),
        "@specgate/cdk": spec("@specgate/cdk"),
        "@specgate/runtime": spec("@specgate/runtime"),
      };
      pkg.devDependencies = { ...(pkg.devDependencies as object), specgate: spec("specgate") };
      pkg.overrides = Object.fromEntries(names.map((name) => [name, spec(name)]));
      // 3. The scripts.
      pkg.scripts = {
        ...(pkg.scripts as object),
        generate: "specgate generate --spec api/openapi.yaml --out generated",
        build: "npm run generate && tsc",
        test: "npm run generate && jest",
        dev: "npm run generate && specgate serve --watch",
      };
    });
    const install = await run("npm", ["install"], app);
    console.log(`setups: npm install of specgate's tarballs into the ts-node app: ${install.ms} ms`);
    // 2. The API in the stack.
    const stack = path.join(app, "lib", "my-app-stack.ts");
    fs.writeFileSync(
      stack,
      fs
        .readFileSync(stack, "utf8")
        .replace(
          "import { Construct } from 'constructs';",
          "import { Construct } from 'constructs';\nimport { HelloApi } from \"./hello-api\";",
        )
        .replace("// The code that defines your stack goes here", 'new HelloApi(this, "HelloApi");'),
    );
    // 5. The handler's test for jest.
    const jestConfig = path.join(app, "jest.config.js");
    fs.writeFileSync(
      jestConfig,
      fs
        .readFileSync(jestConfig, "utf8")
        .replace("roots: ['<rootDir>/test']", "roots: ['<rootDir>/test', '<rootDir>/handlers']"),
    );

    const test = await run("npm", ["test"], app);
    console.log(`setups: npm test in the ts-node app: ${test.ms} ms`);
    expect(test.stderr + test.stdout).toMatch(/Tests:\s+3 passed, 3 total/);
    const build = await run("npm", ["run", "build"], app);
    console.log(`setups: npm run build (tsc 5.9, declarations checked) in the ts-node app: ${build.ms} ms`);
  });

  it("is served by specgate serve through cdk.json's ts-node app", async () => {
    const started = Date.now();
    const served = await serve("npx", ["specgate", "serve", "--port", "0"], app, environment());
    console.log(`setups: specgate serve of the ts-node app, first answer: ${Date.now() - started} ms`);
    try {
      await expectHelloApi(served.url);
    } finally {
      await served.stop();
    }
  });
});
