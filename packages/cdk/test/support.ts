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
