#!/usr/bin/env node
"use strict";
/**
 * Builds @specgate/cdk for Java and Python: compiles src/ with jsii into an assembly, then
 * jsii-pacmak packages it as a Python wheel and a Maven artifact, in dist/.
 *
 * The package is staged in dist/package: the sources, a package.json that tells jsii the targets, and
 * node_modules with the jsii dependencies (aws-cdk-lib, constructs) linked and @specgate/model bundled:
 * it is not a jsii library, so its built code and that of its own dependencies is bundled by esbuild
 * into the package (npm's bundleDependencies), where the Java and Python packages carry it along.
 * packages/cdk itself stays an ordinary TypeScript project built by `tsc -b`.
 *
 * Usage: node scripts/jsii.js [--targets python,java] (default: both). Run after `tsc -b` (the model's
 * lib/ is bundled). Prints what it built and how long each step took.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const repo = path.join(root, "..", "..");
const dist = path.join(root, "dist");
const stage = path.join(dist, "package");
const modelRoot = path.join(root, "..", "model");

/** Where jsii's targets are named: the Java package and Maven coordinates, the Python module. */
const JSII = {
  outdir: "dist",
  tsconfig: "tsconfig.json",
  validateTsconfig: "minimal",
  targets: {
    java: {
      package: "dev.specgate.cdk",
      maven: { groupId: "dev.specgate", artifactId: "specgate-cdk" },
    },
    python: { distName: "specgate-cdk", module: "specgate_cdk" },
  },
};

function fail(message) {
  console.error(`scripts/jsii.js: ${message}`);
  process.exit(1);
}

/** jsii warns at length on Node.js 20, which the repository still supports. */
const QUIET = {
  ...process.env,
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1",
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "1",
};

/**
 * Maven's own repository: pacmak's build installs the artifact there too, so Maven projects of the
 * repository use the one just built, and aws-cdk-lib is downloaded once.
 */
const MAVEN_REPOSITORY = path.join(require("node:os").homedir(), ".m2", "repository");

function run(label, command, args, options) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) fail(`${label}: ${result.error.message}`);
  if (result.status !== 0) fail(`${label} failed (exit code ${result.status})`);
  console.log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function link(name) {
  const target = path.join(repo, "node_modules", name);
  if (!fs.existsSync(target)) fail(`${target} is missing: run npm ci first`);
  const at = path.join(stage, "node_modules", name);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at, "dir");
}

/** @specgate/model as one dependency-free folder: its two entry points bundled, its declarations copied. */
async function bundleModel() {
  const modelLib = path.join(modelRoot, "lib");
  if (!fs.existsSync(path.join(modelLib, "index.js"))) fail(`${modelLib} is missing: run npx tsc -b first`);
  const out = path.join(stage, "node_modules", "@specgate", "model");
  const modelPackage = JSON.parse(fs.readFileSync(path.join(modelRoot, "package.json"), "utf8"));
  await esbuild.build({
    // load.ts runs lib/bundle-worker.js beside lib/index.js in a child process for multi-file models.
    entryPoints: {
      "lib/index": path.join(modelLib, "index.js"),
      "lib/bundle-worker": path.join(modelLib, "bundle-worker.js"),
    },
    outdir: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  for (const file of fs.readdirSync(modelLib)) {
    if (file.endsWith(".d.ts")) fs.copyFileSync(path.join(modelLib, file), path.join(out, "lib", file));
  }
  const { name, version, description, license } = modelPackage;
  fs.writeFileSync(
    path.join(out, "package.json"),
    `${JSON.stringify({ name, version, description, license, main: "lib/index.js", types: "lib/index.d.ts" }, null, 2)}\n`,
  );
}

/**
 * What becomes of each dependency of @specgate/cdk in the Java and Python packages: a dependency a
 * jsii package has must be a jsii library itself, or bundled.
 */
const HANDLED_DEPENDENCIES = {
  "@specgate/model": "bundled",
  // A native binary, which NodejsFunction (and so HandlerFunction) looks up in the app's own
  // node_modules: a Java or Python app installs it there, or HandlerFunction says at synth that it is missing.
  esbuild: "left to the app",
};

/** The compiler options of the TypeScript build, as far as jsii allows them (it emits CommonJS). */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023"],
    module: "commonjs",
    moduleResolution: "node",
    rootDir: "src",
    outDir: "lib",
    strict: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    esModuleInterop: true,
    skipLibCheck: true,
    declaration: true,
    types: ["node"],
  },
  include: ["src/**/*.ts"],
};

function writePackageJson() {
  const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const unbundled = Object.keys(own.dependencies).filter((dep) => !(dep in HANDLED_DEPENDENCIES));
  if (unbundled.length > 0) {
    fail(
      `@specgate/cdk depends on ${unbundled.join(", ")}: bundle it into the jsii package here, or say why not`,
    );
  }
  const peers = own.peerDependencies;
  const staged = {
    name: own.name,
    version: own.version,
    description: own.description,
    license: own.license,
    author: { name: "specgate", url: "https://github.com/specgate/specgate", organization: false },
    repository: { type: "git", url: "https://github.com/specgate/specgate.git", directory: "packages/cdk" },
    main: "lib/index.js",
    types: "lib/index.d.ts",
    files: ["lib/**/*.js", "lib/**/*.d.ts", ".jsii"],
    engines: own.engines,
    dependencies: { "@specgate/model": own.dependencies["@specgate/model"] },
    bundleDependencies: ["@specgate/model"],
    peerDependencies: peers,
    // jsii asks for the lowest version each peer range allows (the staged node_modules link the repository's).
    devDependencies: Object.fromEntries(
      Object.entries(peers).map(([dep, range]) => [dep, range.replace(/^\^/, "")]),
    ),
    jsii: JSII,
  };
  fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(staged, null, 2)}\n`);
  fs.writeFileSync(path.join(stage, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  fs.copyFileSync(path.join(root, "README.md"), path.join(stage, "README.md"));
}

async function main() {
  const targetsFlag = process.argv.indexOf("--targets");
  const targets = targetsFlag > 0 ? process.argv[targetsFlag + 1].split(",") : ["python", "java"];
  const started = Date.now();
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.cpSync(path.join(root, "src"), path.join(stage, "src"), { recursive: true });
  for (const dep of ["aws-cdk-lib", "constructs", "@types/node"]) link(dep);
  await bundleModel();
  writePackageJson();
  console.log(
    `staged ${path.relative(process.cwd(), stage)}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const bin = (name) => path.join(repo, "node_modules", ".bin", name);
  run("jsii", bin("jsii"), ["--fail-on-warnings", "--silence-warnings=reserved-word"], {
    cwd: stage,
    env: QUIET,
  });
  if (targets.length > 0 && targets[0] !== "") {
    run(
      `jsii-pacmak (${targets.join(", ")})`,
      bin("jsii-pacmak"),
      ["--targets", ...targets, "--outdir", dist, "--maven-local-repository", MAVEN_REPOSITORY],
      {
        cwd: stage,
        env: QUIET,
      },
    );
  }
}

main().catch((error) => fail(error.stack ?? String(error)));
