import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { FeatureFlags } from "aws-cdk-lib/core";
import { Runtime, type CfnFunction } from "aws-cdk-lib/aws-lambda";
import {
  NodejsFunction,
  type BundlingOptions,
  type NodejsFunctionProps,
} from "aws-cdk-lib/aws-lambda-nodejs";
import { LAMBDA_NODEJS_SDK_V3_EXCLUDE_SMITHY_PACKAGES } from "aws-cdk-lib/cx-api";
import type { Construct } from "constructs";

/** The esbuild options `specgate serve` reproduces; any other bundling option leaves bundling to the CDK. */
const LOCALLY_REPRODUCED: ReadonlySet<string> = new Set<keyof BundlingOptions>([
  "externalModules",
  "bundleAwsSDK",
  "minify",
  "sourceMap",
  "sourceMapMode",
  "sourcesContent",
  "target",
  "format",
  "mainFields",
  "loader",
  "define",
  "banner",
  "footer",
  "keepNames",
  "tsconfig",
  "charset",
  "logLevel",
]);

let esbuildFound: boolean | undefined;

/**
 * Whether NodejsFunction finds esbuild the way it looks for it: a module resolvable from aws-cdk-lib,
 * else an `esbuild` command on the PATH. Without either it bundles in Docker.
 */
function esbuildInstalled(): boolean {
  if (esbuildFound !== undefined) return esbuildFound;
  try {
    createRequire(require.resolve("aws-cdk-lib/package.json")).resolve("esbuild/package.json");
    esbuildFound = true;
  } catch {
    const run = spawnSync("esbuild", ["--version"], { stdio: "ignore" });
    esbuildFound = run.status === 0 && run.error === undefined;
  }
  return esbuildFound;
}

/**
 * A Lambda function bundled with esbuild from a TypeScript handler: a `NodejsFunction` on Node.js 22
 * with the handler exported as `handler`, that never falls back to Docker without being asked to.
 * specgate's generated function constructs (`GetPetFunction`) extend it.
 */
export class HandlerFunction extends NodejsFunction {
  /**
   * The context key `specgate serve` sets when it synthesizes an app: handler functions then record how
   * to bundle them, under the same key in their resource's metadata, and the server bundles them itself.
   */
  static readonly LOCAL_BUNDLING_KEY = "specgate:local-bundling";

  constructor(scope: Construct, id: string, props: NodejsFunctionProps) {
    const bundling = props.bundling;
    // NodejsFunction would build a Docker image, already while it is constructed, when esbuild is missing.
    if (!bundling?.forceDockerBundling && !bundling?.dockerImage && !esbuildInstalled()) {
      const where = scope.node.path ? `${scope.node.path}/${id}` : id;
      const entry = props.entry ?? "the handler";
      throw new Error(
        `${where}: esbuild is not installed, so the CDK would bundle ${entry} in Docker: run \`npm install --save-dev esbuild\` (or set bundling.forceDockerBundling to bundle in Docker on purpose)`,
      );
    }
    super(scope, id, { runtime: Runtime.NODEJS_22_X, handler: "handler", ...props });
    const entry = props.entry;
    if (this.node.tryGetContext(HandlerFunction.LOCAL_BUNDLING_KEY) === true && entry !== undefined) {
      this.recordLocalBundling({ ...props, entry });
    }
  }

  /** What `specgate serve` needs to bundle the function as NodejsFunction would, when it can. */
  private recordLocalBundling(props: NodejsFunctionProps & { readonly entry: string }): void {
    const bundling = props.bundling ?? {};
    const given = Object.entries(bundling).filter(([, value]) => value !== undefined);
    if (given.some(([key]) => !LOCALLY_REPRODUCED.has(key))) return;
    const runtime = props.runtime ?? Runtime.NODEJS_22_X;
    const sdk = FeatureFlags.of(this).isEnabled(LAMBDA_NODEJS_SDK_V3_EXCLUDE_SMITHY_PACKAGES)
      ? ["@aws-sdk/*", "@smithy/*"]
      : ["@aws-sdk/*"];
    const record = {
      entry: path.resolve(props.entry),
      target: bundling.target ?? runtime.name.replace(/^nodejs(\d+).*$/, "node$1"),
      format: bundling.format ?? "cjs",
      external: bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : sdk),
      minify: bundling.minify ?? false,
      sourcemap: bundling.sourceMap ? (bundling.sourceMapMode ?? "default") : false,
      sourcesContent: bundling.sourcesContent ?? true,
      mainFields: bundling.mainFields,
      loader: bundling.loader,
      define: bundling.define,
      banner: bundling.banner,
      footer: bundling.footer,
      keepNames: bundling.keepNames ?? false,
      tsconfig: bundling.tsconfig && path.resolve(props.projectRoot ?? ".", bundling.tsconfig),
      charset: bundling.charset,
    };
    (this.node.defaultChild as CfnFunction).addMetadata(HandlerFunction.LOCAL_BUNDLING_KEY, record);
  }
}
