import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Code, Function, Runtime } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";

/** A spec with five operations over three paths, one with a greedy path parameter. */
export const PETS_SPEC = join(__dirname, "fixtures", "pets.yaml");

export const PETS_OPERATIONS = ["listPets", "createPet", "getPet", "deletePet", "getFile"] as const;

export function newStack(id = "Stack"): Stack {
  return new Stack(new App(), id, { env: { account: "123456789012", region: "eu-west-1" } });
}

export function handler(scope: Construct, id: string): Function {
  return new Function(scope, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
  });
}

/** The first `AWS::ApiGateway::RestApi` body of a template. */
export function bodyOf(template: Template): Record<string, unknown> {
  const apis = Object.values(template.findResources("AWS::ApiGateway::RestApi"));
  if (apis.length === 0) throw new Error("the template has no AWS::ApiGateway::RestApi");
  return apis[0].Properties.Body as Record<string, unknown>;
}

type Operation = { [key: string]: unknown };

/** One operation of a synthesized body. */
export function operationOf(body: Record<string, unknown>, path: string, method: string): Operation {
  const paths = body.paths as Record<string, Record<string, Operation>>;
  return paths[path][method];
}

/**
 * Evaluates a template value's intrinsic functions as CloudFormation does, with symbolic values:
 * `Ref X` is `<X>`, `Fn::GetAtt [X, A]` is `<X.A>`, `Fn::ImportValue N` is `<import N>`. It follows
 * the documented `Fn::Join` and `Fn::Sub` (`${!` for a literal `${`, variables before references).
 */
export function evaluate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(evaluate);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const [name, argument] = entries[0] ?? [];
  if (entries.length === 1 && (name === "Ref" || name.startsWith("Fn::"))) {
    switch (name) {
      case "Ref":
        return `<${argument}>`;
      case "Fn::GetAtt":
        return `<${Array.isArray(argument) ? argument.join(".") : argument}>`;
      case "Fn::ImportValue":
        return `<import ${evaluate(argument)}>`;
      case "Fn::Join": {
        const [separator, list] = argument as [string, unknown[]];
        return (evaluate(list) as unknown[]).join(separator);
      }
      case "Fn::Sub": {
        const [text, variables] = (typeof argument === "string" ? [argument, {}] : argument) as [
          string,
          Record<string, unknown>,
        ];
        return text.replace(/\$\{(!?)([^}]*)\}/g, (_whole, bang: string, key: string) =>
          bang ? `\${${key}}` : key in variables ? String(evaluate(variables[key])) : `<${key}>`,
        );
      }
      default:
        throw new Error(`evaluate: ${name} is not supported`);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, evaluate(item)]));
}
