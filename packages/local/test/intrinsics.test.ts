import { describe, expect, it } from "vitest";
import { resolveIntrinsics, type StackScope } from "../src/intrinsics";

const scope: StackScope = {
  stackName: "Stack",
  region: "eu-west-1",
  accountId: "111122223333",
  partition: "aws",
  parameters: { Env: { Type: "String", Default: "dev" }, NoDefault: { Type: "String" } },
  resources: {
    Fn: { Type: "AWS::Lambda::Function", Properties: {} },
    Named: { Type: "AWS::Lambda::Function", Properties: { FunctionName: "named" } },
    Bucket: { Type: "AWS::S3::Bucket" },
  },
};

const resolve = (value: unknown): unknown => resolveIntrinsics(value, scope, "test");

describe("resolveIntrinsics", () => {
  it("resolves Ref to pseudo parameters, parameters and resources", () => {
    expect(resolve({ Ref: "AWS::Region" })).toBe("eu-west-1");
    expect(resolve({ Ref: "AWS::AccountId" })).toBe("111122223333");
    expect(resolve({ Ref: "Env" })).toBe("dev");
    expect(resolve({ Ref: "Fn" })).toBe("Stack-Fn");
    expect(resolve({ Ref: "Named" })).toBe("named");
    expect(resolve({ Ref: "Bucket" })).toBe("Bucket");
  });

  it("gives Lambda functions the ARN CloudFormation would", () => {
    expect(resolve({ "Fn::GetAtt": ["Fn", "Arn"] })).toBe(
      "arn:aws:lambda:eu-west-1:111122223333:function:Stack-Fn",
    );
    expect(resolve({ "Fn::GetAtt": "Named.Arn" })).toBe(
      "arn:aws:lambda:eu-west-1:111122223333:function:named",
    );
  });

  it("resolves Join, Sub, Select and Split, nested", () => {
    expect(resolve({ "Fn::Join": ["/", ["a", { Ref: "AWS::Partition" }, "b"]] })).toBe("a/aws/b");
    expect(resolve({ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/${Fn.Arn}/${!Literal}" })).toBe(
      "arn:aws:s3:::Bucket/arn:aws:lambda:eu-west-1:111122223333:function:Stack-Fn/${Literal}",
    );
    expect(resolve({ "Fn::Sub": ["${A}-${Env}", { A: { Ref: "AWS::Region" } }] })).toBe("eu-west-1-dev");
    expect(resolve({ "Fn::Select": [1, { "Fn::Split": [",", "x,y,z"] }] })).toBe("y");
  });

  it("drops properties set to AWS::NoValue and resolves inside objects and lists", () => {
    expect(resolve({ a: { Ref: "AWS::NoValue" }, b: [{ Ref: "Env" }, { Ref: "AWS::NoValue" }] })).toEqual({
      b: ["dev"],
    });
  });

  it("says where an unresolvable reference is", () => {
    expect(() => resolve({ Ref: "Missing" })).toThrow(
      /test: Ref to Missing, which stack Stack does not declare/,
    );
    expect(() => resolve({ Ref: "NoDefault" })).toThrow(/parameter NoDefault .* has no Default/);
    expect(() => resolve({ "Fn::Cidr": ["10.0.0.0/16", 2, 8] })).toThrow(
      /Fn::Cidr cannot be resolved locally/,
    );
  });
});
