import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { LocalGatewayError } from "../errors";
import { resolveIntrinsics, type CfnResource } from "../intrinsics";
import type { StackArtifact } from "./cloud-assembly";

/** An `AWS::ApiGateway::RestApi` of the assembly, with its OpenAPI body resolved. */
export interface RestApiDefinition {
  /** `Stack/LogicalId`, unique in the assembly. */
  readonly id: string;
  /**
   * The path of the construct the app created, without the `Resource` and `Default` children CDK constructs add
   * (`PetStack/PetApi` for `PetStack/PetApi/Default/Resource`, as TypeSafeRestApi builds it).
   */
  readonly constructPath: string;
  readonly stack: StackArtifact;
  readonly logicalId: string;
  /** The OpenAPI document with every intrinsic function resolved. */
  readonly document: Record<string, unknown>;
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function refersTo(value: unknown, logicalId: string): boolean {
  return isObject(value) && value.Ref === logicalId;
}

/** An S3 location (`s3://bucket/key` or `{Bucket, Key}`) as the asset file it was published from. */
function readS3Asset(stack: StackArtifact, key: string, where: string): unknown {
  const asset = stack.assetsByObjectKey.get(key);
  if (!asset) throw new LocalGatewayError(`${where}: s3 object ${key} is not an asset of the cloud assembly`);
  const text = readFileSync(asset.path, "utf8");
  try {
    return asset.path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new LocalGatewayError(`${where}: cannot parse ${asset.path}: ${(error as Error).message}`);
  }
}

function bodyOf(stack: StackArtifact, resource: CfnResource, where: string): unknown {
  const properties = resource.Properties ?? {};
  let body = properties.Body;
  if (isObject(body) && isObject(body["Fn::Transform"])) {
    const transform = body["Fn::Transform"];
    const parameters = isObject(transform.Parameters) ? transform.Parameters : {};
    if (transform.Name !== "AWS::Include") {
      throw new LocalGatewayError(
        `${where}: the Body's Fn::Transform ${String(transform.Name)} is not supported`,
      );
    }
    const location = String(resolveIntrinsics(parameters.Location, stack.scope, where));
    const key = location.replace(/^s3:\/\/[^/]+\//, "");
    body = readS3Asset(stack, key, where);
  } else if (body === undefined && isObject(properties.BodyS3Location)) {
    const location = resolveIntrinsics(properties.BodyS3Location, stack.scope, where) as Obj;
    body = readS3Asset(stack, String(location.Key), where);
  }
  if (body === undefined) return undefined;
  const resolved = resolveIntrinsics(body, stack.scope, `${where} Body`);
  // A Body that is a string (literal or from Fn::Sub) holds the spec as JSON or YAML text.
  return typeof resolved === "string" ? parseBodyText(resolved, where) : resolved;
}

function parseBodyText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (jsonError) {
    try {
      return parseYaml(text);
    } catch (yamlError) {
      const [json, yaml] = [(jsonError as Error).message, (yamlError as Error).message.split("\n")[0]];
      throw new LocalGatewayError(
        `${where}: the Body is a string that is neither JSON (${json}) nor YAML (${yaml}): give it an OpenAPI document`,
      );
    }
  }
}

/** What a Body that is not an OpenAPI document is, in a few words. */
function describe(document: unknown): string {
  if (isObject(document))
    return `an object without paths (keys: ${Object.keys(document).slice(0, 5).join(", ")})`;
  if (Array.isArray(document)) return "a list";
  return typeof document === "string"
    ? `the text ${JSON.stringify(document.slice(0, 40))}`
    : String(document);
}

function stageOf(
  stack: StackArtifact,
  logicalId: string,
): { name: string; variables: Record<string, string> | null } {
  for (const resource of Object.values(stack.resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === "AWS::ApiGateway::Stage" && refersTo(properties.RestApiId, logicalId)) {
      const resolved = resolveIntrinsics(properties, stack.scope, `stage of ${logicalId}`) as Obj;
      const variables = isObject(resolved.Variables) ? (resolved.Variables as Record<string, string>) : null;
      return { name: String(resolved.StageName ?? "prod"), variables };
    }
  }
  for (const resource of Object.values(stack.resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === "AWS::ApiGateway::Deployment" && refersTo(properties.RestApiId, logicalId)) {
      if (typeof properties.StageName === "string") return { name: properties.StageName, variables: null };
    }
  }
  return { name: "prod", variables: null };
}

/** Every REST API with an OpenAPI body (inline, `AWS::Include`d or in S3), across the assembly's stacks. */
/** Leaves out trailing `Resource` and `Default` segments, as CDK's logical ids do, but never the stack's child. */
function userConstructPath(path: string): string {
  const segments = path.split("/");
  while (segments.length > 2 && /^(Resource|Default)$/.test(segments[segments.length - 1])) segments.pop();
  return segments.join("/");
}

export function readRestApis(stacks: readonly StackArtifact[]): RestApiDefinition[] {
  const apis: RestApiDefinition[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== "AWS::ApiGateway::RestApi") continue;
      const id = `${stack.id}/${logicalId}`;
      const document = bodyOf(stack, resource, `${id} (AWS::ApiGateway::RestApi)`);
      if (document === undefined) continue;
      if (!isObject(document) || !isObject(document.paths)) {
        throw new LocalGatewayError(
          `${id}: the RestApi Body is not an OpenAPI document: it is ${describe(document)}. Give it an OpenAPI document with paths`,
        );
      }
      const path = resource.Metadata?.["aws:cdk:path"];
      const stage = stageOf(stack, logicalId);
      apis.push({
        id,
        // Without path metadata, the logical id less CDK's hash suffix is the construct id.
        constructPath:
          typeof path === "string"
            ? userConstructPath(path)
            : `${stack.id}/${logicalId.replace(/(.)[0-9A-F]{8}$/, "$1")}`,
        stack,
        logicalId,
        document,
        stageName: stage.name,
        stageVariables: stage.variables,
      });
    }
  }
  return apis;
}
