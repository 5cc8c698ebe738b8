import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalGatewayError } from "../errors";
import { resolveIntrinsics, type CfnResource, type StackScope } from "../intrinsics";

/** An asset as its stack's `*.assets.json` manifest lists it. */
export interface AssetSource {
  /** Absolute path of the asset in the cloud assembly (a folder for `zip`, a file for `file`). */
  readonly path: string;
  readonly packaging: string;
}

/** A stack of the cloud assembly: its template, and where to find its assets. */
export interface StackArtifact {
  /** The artifact id, e.g. `PetStack` or `Stage/PetStack` inside a stage. */
  readonly id: string;
  readonly scope: StackScope;
  /** The folder of the (possibly nested) cloud assembly the template lives in. */
  readonly directory: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  /**
   * The construct path of each resource, by logical id (e.g. `PetStack/Vets/VpcLink/Resource`): from its
   * `aws:cdk:path` metadata, else from the stack's metadata in the assembly, which the CDK writes even when
   * path metadata is off.
   */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** Assets by the S3 object key they are published to. */
  readonly assetsByObjectKey: ReadonlyMap<string, AssetSource>;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

// Environment-agnostic stacks get the stand-ins the CDK itself uses for local work.
const DEFAULT_REGION = "us-east-1";
const DEFAULT_ACCOUNT = "123456789012";

function readJson(file: string): Obj {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (isObject(parsed)) return parsed;
  } catch (error) {
    throw new LocalGatewayError(`cannot read ${file}: ${(error as Error).message}`);
  }
  throw new LocalGatewayError(`${file} is not a JSON object`);
}

function assetsOf(directory: string, manifestFile: string): Map<string, AssetSource> {
  const assets = new Map<string, AssetSource>();
  const manifest = readJson(join(directory, manifestFile));
  for (const entry of Object.values(isObject(manifest.files) ? manifest.files : {})) {
    if (!isObject(entry) || !isObject(entry.source) || typeof entry.source.path !== "string") continue;
    const source: AssetSource = {
      path: resolve(directory, entry.source.path),
      packaging: typeof entry.source.packaging === "string" ? entry.source.packaging : "file",
    };
    for (const destination of Object.values(isObject(entry.destinations) ? entry.destinations : {})) {
      if (isObject(destination) && typeof destination.objectKey === "string") {
        assets.set(destination.objectKey, source);
      }
    }
  }
  return assets;
}

/** Construct paths by logical id, from the stack's template and its artifact metadata. */
function constructPathsOf(
  dir: string,
  artifact: Obj,
  resources: Readonly<Record<string, CfnResource>>,
): Map<string, string> {
  const paths = new Map<string, string>();
  const metadata: Obj = { ...(isObject(artifact.metadata) ? artifact.metadata : {}) };
  if (typeof artifact.additionalMetadataFile === "string") {
    const file = join(dir, artifact.additionalMetadataFile);
    if (existsSync(file)) Object.assign(metadata, readJson(file));
  }
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (isObject(entry) && entry.type === "aws:cdk:logicalId" && typeof entry.data === "string")
        paths.set(entry.data, path.replace(/^\//, ""));
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = resource.Metadata?.["aws:cdk:path"];
    if (typeof path === "string") paths.set(logicalId, path);
  }
  return paths;
}

function environmentOf(artifact: Obj): { region: string; accountId: string } {
  const match = /^aws:\/\/([^/]+)\/(.+)$/.exec(
    typeof artifact.environment === "string" ? artifact.environment : "",
  );
  const account = match?.[1] ?? "unknown-account";
  const region = match?.[2] ?? "unknown-region";
  return {
    accountId: /^\d{12}$/.test(account) ? account : DEFAULT_ACCOUNT,
    region: region.startsWith("unknown") ? DEFAULT_REGION : region,
  };
}

/** Reads every stack of a cloud assembly (`cdk.out`), including those of nested assemblies (stages). */
export function readCloudAssembly(directory: string): StackArtifact[] {
  const root = resolve(directory);
  if (!existsSync(join(root, "manifest.json"))) {
    throw new LocalGatewayError(
      `${root} is not a cloud assembly (no manifest.json): pass the folder \`cdk synth\` writes (cdk.out), or use --app`,
    );
  }
  const stacks: StackArtifact[] = [];
  // Exports of every stack, so that cross-stack references (Fn::ImportValue) resolve in the exporting stack.
  const exports = new Map<string, { scope: StackScope; value: unknown }>();
  const importValue = (name: string): unknown => {
    const found = exports.get(name);
    return (
      found && resolveIntrinsics(found.value, found.scope, `export ${name} of stack ${found.scope.stackName}`)
    );
  };
  const visit = (dir: string, prefix: string): void => {
    const manifest = readJson(join(dir, "manifest.json"));
    const artifacts = isObject(manifest.artifacts) ? manifest.artifacts : {};
    for (const [id, artifact] of Object.entries(artifacts)) {
      if (!isObject(artifact) || !isObject(artifact.properties)) continue;
      const properties = artifact.properties;
      if (artifact.type === "cdk:cloud-assembly" && typeof properties.directoryName === "string") {
        visit(join(dir, properties.directoryName), `${prefix}${id}/`);
        continue;
      }
      if (artifact.type !== "aws:cloudformation:stack" || typeof properties.templateFile !== "string")
        continue;
      const template = readJson(join(dir, properties.templateFile));
      const assetManifests = (Array.isArray(artifact.dependencies) ? artifact.dependencies : [])
        .map((dependency) => artifacts[String(dependency)])
        .filter(
          (dep): dep is Obj => isObject(dep) && dep.type === "cdk:asset-manifest" && isObject(dep.properties),
        )
        .map((dep) => String((dep.properties as Obj).file));
      const assetsByObjectKey = new Map<string, AssetSource>();
      for (const file of assetManifests)
        for (const [key, source] of assetsOf(dir, file)) assetsByObjectKey.set(key, source);
      const resources = (isObject(template.Resources) ? template.Resources : {}) as Record<
        string,
        CfnResource
      >;
      const scope: StackScope = {
        stackName: typeof properties.stackName === "string" ? properties.stackName : id,
        partition: "aws",
        ...environmentOf(artifact),
        resources,
        parameters: isObject(template.Parameters) ? template.Parameters : {},
        importValue,
      };
      for (const output of Object.values(isObject(template.Outputs) ? template.Outputs : {})) {
        if (isObject(output) && isObject(output.Export)) {
          const name = resolveIntrinsics(output.Export.Name, scope, `outputs of stack ${scope.stackName}`);
          exports.set(String(name), { scope, value: output.Value });
        }
      }
      stacks.push({
        id: `${prefix}${id}`,
        directory: dir,
        resources,
        constructPaths: constructPathsOf(dir, artifact, resources),
        assetsByObjectKey,
        scope,
      });
    }
  };
  visit(root, "");
  return stacks;
}
