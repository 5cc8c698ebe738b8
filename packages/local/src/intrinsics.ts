import { createHash } from "node:crypto";
import { LocalGatewayError } from "./errors";

/** A CloudFormation resource as the template declares it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** What intrinsic functions need to know about the stack they are in. */
export interface StackScope {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Another stack's export, by name (`Fn::ImportValue`), resolved in that stack; undefined when none has it. */
  readonly importValue?: (name: string) => unknown;
}

/** Marks a property that `AWS::NoValue` removed. */
const NO_VALUE = Symbol("AWS::NoValue");

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The function name CloudFormation would generate for a function without a FunctionName. */
export function lambdaFunctionName(scope: StackScope, logicalId: string): string {
  const name = scope.resources[logicalId]?.Properties?.FunctionName;
  return typeof name === "string" ? name : `${scope.stackName}-${logicalId}`;
}

export function lambdaFunctionArn(scope: StackScope, logicalId: string): string {
  return `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${lambdaFunctionName(scope, logicalId)}`;
}

function pseudoParameter(scope: StackScope, name: string): string | typeof NO_VALUE | undefined {
  switch (name) {
    case "AWS::Region":
      return scope.region;
    case "AWS::AccountId":
      return scope.accountId;
    case "AWS::Partition":
      return scope.partition;
    case "AWS::StackName":
      return scope.stackName;
    case "AWS::StackId":
      return `arn:${scope.partition}:cloudformation:${scope.region}:${scope.accountId}:stack/${scope.stackName}/local`;
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::NotificationARNs":
      return "";
    case "AWS::NoValue":
      return NO_VALUE;
    default:
      return undefined;
  }
}

function ref(scope: StackScope, name: string, where: string): unknown {
  const pseudo = pseudoParameter(scope, name);
  if (pseudo !== undefined) return pseudo;
  if (name in scope.parameters) {
    const parameter = scope.parameters[name];
    if (isObject(parameter) && "Default" in parameter) return parameter.Default;
    throw new LocalGatewayError(
      `${where}: parameter ${name} of stack ${scope.stackName} has no Default, so it cannot be resolved locally: give it a default value`,
    );
  }
  const resource = scope.resources[name];
  if (!resource)
    throw new LocalGatewayError(`${where}: Ref to ${name}, which stack ${scope.stackName} does not declare`);
  switch (resource.Type) {
    case "AWS::Lambda::Function":
      return lambdaFunctionName(scope, name);
    case "AWS::Lambda::Alias": {
      const target = resolveIntrinsics(resource.Properties?.FunctionName, scope, where);
      return `${qualifiedArn(scope, String(target))}:${String(resolveIntrinsics(resource.Properties?.Name, scope, where))}`;
    }
    case "AWS::Lambda::Version": {
      const target = resolveIntrinsics(resource.Properties?.FunctionName, scope, where);
      return `${qualifiedArn(scope, String(target))}:1`;
    }
    case "AWS::Cognito::UserPool":
      return userPoolId(scope, name);
    default:
      return name;
  }
}

/** A user pool id as Cognito writes them (`eu-west-1_AbC123xYz`), stable for the stack and logical id. */
function userPoolId(scope: StackScope, logicalId: string): string {
  const hash = createHash("sha256").update(`${scope.stackName}/${logicalId}`).digest("base64");
  return `${scope.region}_${hash.replace(/[^A-Za-z0-9]/g, "").slice(0, 9)}`;
}

/** A function name or ARN as an unqualified ARN. */
function qualifiedArn(scope: StackScope, nameOrArn: string): string {
  return nameOrArn.startsWith("arn:")
    ? nameOrArn
    : `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${nameOrArn}`;
}

function getAtt(scope: StackScope, logicalId: string, attribute: string, where: string): unknown {
  const resource = scope.resources[logicalId];
  if (!resource) {
    throw new LocalGatewayError(
      `${where}: Fn::GetAtt of ${logicalId}, which stack ${scope.stackName} does not declare`,
    );
  }
  if (resource.Type === "AWS::Lambda::Function" && attribute === "Arn")
    return lambdaFunctionArn(scope, logicalId);
  if (resource.Type === "AWS::Cognito::UserPool") {
    // A Cognito authorizer's providerARNs name the pool: its issuer is what local tokens carry.
    const id = userPoolId(scope, logicalId);
    if (attribute === "Arn")
      return `arn:${scope.partition}:cognito-idp:${scope.region}:${scope.accountId}:userpool/${id}`;
    if (attribute === "ProviderURL") return `cognito-idp.${scope.region}.amazonaws.com/${id}`;
    if (attribute === "ProviderName") return `cognito-idp.${scope.region}.amazonaws.com/${id}`;
  }
  // Other attributes only need to be stable and recognisable: nothing local dereferences them.
  return `${logicalId}.${attribute}`;
}

/**
 * `Fn::Sub`: `${!Text}` is the literal `${Text}`, `${Name}` a variable of the map, else a
 * `Ref`, or a `Fn::GetAtt` when it has a dot. A `${` that no `}` closes stays as it is.
 */
function substitute(template: string, variables: Obj, scope: StackScope, where: string): string {
  // A compact spec body uses the same variable at every operation: resolve each once.
  const resolved = new Map<string, string>();
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    if (Object.hasOwn(variables, name)) {
      let value = resolved.get(name);
      if (value === undefined) {
        value = String(resolveIntrinsics(variables[name], scope, where));
        resolved.set(name, value);
      }
      return value;
    }
    const dot = name.indexOf(".");
    if (dot > 0 && !name.startsWith("AWS::")) {
      return String(getAtt(scope, name.slice(0, dot), name.slice(dot + 1), where));
    }
    const value = ref(scope, name, where);
    return value === NO_VALUE ? "" : String(value);
  });
}

/**
 * Resolves CloudFormation intrinsic functions locally, as CloudFormation would at deploy time,
 * with the stack's region and account (or stand-ins when the stack is environment-agnostic).
 * `where` names the place in the template for error messages.
 */
export function resolveIntrinsics(value: unknown, scope: StackScope, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, scope, where)).filter((item) => item !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::"))) {
    return resolveFunction(keys[0], value[keys[0]], scope, where);
  }
  const out: Obj = {};
  for (const key of keys) {
    const resolved = resolveIntrinsics(value[key], scope, where);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function resolveFunction(name: string, argument: unknown, scope: StackScope, where: string): unknown {
  const args = (): unknown[] => {
    const resolved = resolveIntrinsics(argument, scope, where);
    if (!Array.isArray(resolved)) throw new LocalGatewayError(`${where}: ${name} expects a list`);
    return resolved;
  };
  switch (name) {
    case "Ref":
      return ref(scope, String(argument), where);
    case "Fn::GetAtt": {
      const [logicalId, ...attribute] = Array.isArray(argument)
        ? argument.map((part) => String(resolveIntrinsics(part, scope, where)))
        : String(argument).split(".");
      return getAtt(scope, logicalId, attribute.join("."), where);
    }
    case "Fn::Join": {
      const [separator, list] = args();
      if (!Array.isArray(list)) throw new LocalGatewayError(`${where}: Fn::Join expects [separator, list]`);
      return list.map(String).join(String(separator));
    }
    case "Fn::Sub": {
      if (typeof argument === "string") return substitute(argument, {}, scope, where);
      if (Array.isArray(argument) && typeof argument[0] === "string" && isObject(argument[1])) {
        return substitute(argument[0], argument[1], scope, where);
      }
      throw new LocalGatewayError(`${where}: Fn::Sub expects a string or [string, variables]`);
    }
    case "Fn::Select": {
      const [index, list] = args();
      if (!Array.isArray(list)) throw new LocalGatewayError(`${where}: Fn::Select expects [index, list]`);
      return list[Number(index)];
    }
    case "Fn::Split": {
      const [separator, text] = args();
      return String(text).split(String(separator));
    }
    case "Fn::Base64":
      return Buffer.from(String(resolveIntrinsics(argument, scope, where))).toString("base64");
    case "Fn::GetAZs": {
      return ["a", "b", "c"].map((zone) => `${scope.region}${zone}`);
    }
    case "Fn::ImportValue": {
      const name = String(resolveIntrinsics(argument, scope, where));
      const value = scope.importValue?.(name);
      if (value === undefined) {
        throw new LocalGatewayError(
          `${where}: Fn::ImportValue ${name}: no stack of the cloud assembly exports it`,
        );
      }
      return value;
    }
    default:
      throw new LocalGatewayError(`${where}: ${name} cannot be resolved locally`);
  }
}
