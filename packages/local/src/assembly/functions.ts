import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { localBundlingOf, type LocalBundling } from "../bundling";
import type { LocalFunction } from "../lambda";
import { lambdaFunctionArn, resolveIntrinsics } from "../intrinsics";
import type { StackArtifact } from "./cloud-assembly";

/**
 * A Lambda function of the template, runnable locally, or the reason it is not. A function that records
 * its local bundling has it in `bundling`: its code folder is the one the bundler gives it. One whose
 * bundling was skipped without such a record needs the CDK to bundle it (`cdkBundling`).
 */
export type FunctionEntry =
  | { readonly kind: "function"; readonly fn: LocalFunction; readonly bundling?: LocalBundling }
  | {
      readonly kind: "unavailable";
      readonly id: string;
      readonly reason: string;
      readonly cdkBundling?: boolean;
    };

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Inline code (`Code.fromInline`) has no asset folder: it is written once to a folder of its own, inside
 * `privateFolder()`, a folder only the developer can write to (a shared, predictable place would run whatever
 * another user put there first).
 */
function inlineCodeDir(id: string, runtime: string, source: string, privateFolder: () => string): string {
  const hash = createHash("sha256").update(id).update(source).digest("hex").slice(0, 16);
  const dir = join(privateFolder(), hash);
  const file = join(dir, runtime.startsWith("python") ? "index.py" : "index.js");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, source, { mode: 0o600 });
  }
  return dir;
}

function codeDirOf(
  stack: StackArtifact,
  logicalId: string,
  id: string,
  runtime: string,
  inlineCodeFolder: () => string,
): string | { reason: string } {
  const resource = stack.resources[logicalId];
  const metadata = resource.Metadata ?? {};
  const code = resource.Properties?.Code;
  let folder: string | undefined;
  if (typeof metadata["aws:asset:path"] === "string" && metadata["aws:asset:property"] === "Code") {
    folder = resolve(stack.directory, metadata["aws:asset:path"]);
  } else if (isObject(code) && code.S3Key !== undefined) {
    const key = String(resolveIntrinsics(code.S3Key, stack.scope, `${id} Code.S3Key`));
    const asset = stack.assetsByObjectKey.get(key);
    if (!asset) return { reason: `its code (S3 key ${key}) is not an asset of the cloud assembly` };
    folder = asset.path;
  } else if (isObject(code) && typeof code.ZipFile === "string") {
    return inlineCodeDir(id, runtime, code.ZipFile, inlineCodeFolder);
  } else if (isObject(code) && code.ImageUri !== undefined) {
    return { reason: "it is a container image function, which specgate serve does not run" };
  }
  if (!folder) return { reason: "its code location is not in the template" };
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    return {
      reason: `its code ${folder} is not a folder in the cloud assembly (zip files are not unpacked)`,
    };
  }
  return folder;
}

/**
 * Every Lambda function of the assembly's stacks, by the ARN CloudFormation would give it. Inline code goes
 * into `inlineCodeFolder()`, a folder private to the caller, asked for when a function has inline code.
 */
export function readFunctions(
  stacks: readonly StackArtifact[],
  inlineCodeFolder: () => string,
): Map<string, FunctionEntry> {
  const functions = new Map<string, FunctionEntry>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== "AWS::Lambda::Function") continue;
      const id = `${stack.id}/${logicalId}`;
      const arn = lambdaFunctionArn(stack.scope, logicalId);
      const properties = (resolveIntrinsics(
        { ...resource.Properties, Code: undefined },
        stack.scope,
        `${id} (AWS::Lambda::Function)`,
      ) ?? {}) as Obj;
      const runtime = typeof properties.Runtime === "string" ? properties.Runtime : "";
      const metadata = resource.Metadata ?? {};
      const bundling = localBundlingOf(metadata);
      const assetPath = metadata["aws:asset:path"];
      // A skipped bundle leaves the asset at its source folder, outside the assembly: not code to run.
      if (
        bundling === undefined &&
        metadata["aws:asset:is-bundled"] === true &&
        typeof assetPath === "string" &&
        isAbsolute(assetPath)
      ) {
        functions.set(arn, {
          kind: "unavailable",
          id,
          reason: "its bundling was skipped and specgate serve cannot bundle it itself",
          cdkBundling: true,
        });
        continue;
      }
      const codeDir = bundling ? "" : codeDirOf(stack, logicalId, id, runtime, inlineCodeFolder);
      if (typeof codeDir !== "string") {
        functions.set(arn, { kind: "unavailable", id, reason: codeDir.reason });
        continue;
      }
      const variables = isObject(properties.Environment) ? properties.Environment.Variables : undefined;
      const environment: Record<string, string> = {};
      for (const [name, value] of Object.entries(isObject(variables) ? variables : {})) {
        environment[name] = typeof value === "string" ? value : JSON.stringify(value);
      }
      functions.set(arn, {
        kind: "function",
        fn: {
          id,
          runtime,
          handler: typeof properties.Handler === "string" ? properties.Handler : "index.handler",
          codeDir,
          environment,
          timeoutSeconds: typeof properties.Timeout === "number" ? properties.Timeout : 3,
          memoryMb: typeof properties.MemorySize === "number" ? properties.MemorySize : 128,
        },
        ...(bundling ? { bundling } : {}),
      });
    }
  }
  return functions;
}

/** The function ARN inside a Lambda integration URI, without alias or version. */
export function functionArnOfUri(uri: string): string | undefined {
  const match = /:lambda:path\/[^/]+\/functions\/(arn:[^/]+)\/invocations/.exec(uri);
  if (!match) return undefined;
  const parts = match[1].split(":");
  return parts.slice(0, 7).join(":");
}
