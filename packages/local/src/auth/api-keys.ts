import type { StackArtifact } from "../assembly/cloud-assembly";
import { resolveIntrinsics } from "../intrinsics";
import { resourceIdOf } from "../ids";

/** An `AWS::ApiGateway::ApiKey` of the app, as the local gateway accepts it. */
export interface LocalApiKey {
  /** `$context.identity.apiKeyId`: 10 characters, like API Gateway's ids. */
  readonly id: string;
  /** Its construct path (or `Stack/LogicalId`). */
  readonly name: string;
  /** The key: the template's `Value`, else one made for the project (`LocalAuth.apiKeyValue`). */
  readonly value: string;
  /** Whether the template gives no value, so that the gateway made one up. */
  readonly generated: boolean;
  readonly enabled: boolean;
  /** The stages the key's usage plans cover, as `<Stack>/<RestApi logical id>/<stage name>`. */
  readonly stages: readonly string[];
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The logical id a `Ref` names, when the value is one. */
const refOf = (value: unknown): string | undefined =>
  isObject(value) && typeof value.Ref === "string" ? value.Ref : undefined;

/**
 * Every API key of the app's stacks with the stages its usage plans (`AWS::ApiGateway::UsagePlan`,
 * `AWS::ApiGateway::UsagePlanKey`) give it: API Gateway accepts a key for a stage only through a usage plan.
 */
export function readApiKeys(
  stacks: readonly StackArtifact[],
  valueOf: (id: string) => string,
): LocalApiKey[] {
  const keys: LocalApiKey[] = [];
  for (const stack of stacks) {
    const resources = stack.resources;
    const stageName = (value: unknown): string | undefined => {
      const ref = refOf(value);
      const stage = ref === undefined ? undefined : resources[ref];
      if (stage?.Type === "AWS::ApiGateway::Stage") {
        const resolved = resolveIntrinsics(stage.Properties?.StageName, stack.scope, `${stack.id}/${ref}`);
        return typeof resolved === "string" ? resolved : undefined;
      }
      const resolved = resolveIntrinsics(value, stack.scope, `${stack.id} usage plan stage`);
      return typeof resolved === "string" ? resolved : undefined;
    };
    const planStages = new Map<string, string[]>();
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== "AWS::ApiGateway::UsagePlan") continue;
      const stages: string[] = [];
      for (const apiStage of Array.isArray(resource.Properties?.ApiStages)
        ? resource.Properties.ApiStages
        : []) {
        if (!isObject(apiStage)) continue;
        const api = refOf(apiStage.ApiId);
        const stage = stageName(apiStage.Stage);
        if (api !== undefined && stage !== undefined) stages.push(`${stack.id}/${api}/${stage}`);
      }
      planStages.set(logicalId, stages);
    }
    const keyStages = new Map<string, string[]>();
    for (const resource of Object.values(resources)) {
      if (resource.Type !== "AWS::ApiGateway::UsagePlanKey") continue;
      const key = refOf(resource.Properties?.KeyId);
      const plan = refOf(resource.Properties?.UsagePlanId);
      if (key === undefined || plan === undefined) continue;
      keyStages.set(key, [...(keyStages.get(key) ?? []), ...(planStages.get(plan) ?? [])]);
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== "AWS::ApiGateway::ApiKey") continue;
      const id = `${stack.id}/${logicalId}`;
      const properties = (resolveIntrinsics(
        resource.Properties ?? {},
        stack.scope,
        `${id} (AWS::ApiGateway::ApiKey)`,
      ) ?? {}) as Obj;
      const given = typeof properties.Value === "string" ? properties.Value : undefined;
      const path = stack.constructPaths.get(logicalId);
      keys.push({
        id: resourceIdOf(id),
        name: path ? path.replace(/\/Resource$/, "") : id,
        value: given ?? valueOf(id),
        generated: given === undefined,
        // CloudFormation creates a key disabled unless told otherwise (the CDK's ApiKey enables it).
        enabled: properties.Enabled === true || properties.Enabled === "true",
        stages: keyStages.get(logicalId) ?? [],
      });
    }
  }
  return keys;
}
