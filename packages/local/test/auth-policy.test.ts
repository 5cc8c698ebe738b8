import { describe, expect, it } from "vitest";
import { compilePolicy, type PolicyDecision } from "../src/auth/policy";

const evaluatePolicy = (document: unknown, methodArn: string): PolicyDecision | { invalid: string } =>
  compilePolicy(document)(methodArn);

const ARN = "arn:aws:execute-api:eu-west-1:123456789012:abcdefghij/prod/GET/pets/7";
const statement = (effect: string, resource: unknown, extra: Record<string, unknown> = {}): unknown => ({
  Version: "2012-10-17",
  Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource, ...extra }],
});

describe("a Lambda authorizer's policy, evaluated against the method ARN", () => {
  it("allows what a statement's resource matches, with * across segments and ? for one character", () => {
    expect(evaluatePolicy(statement("Allow", ARN), ARN)).toBe("allow");
    expect(
      evaluatePolicy(statement("Allow", "arn:aws:execute-api:eu-west-1:123456789012:abcdefghij/*"), ARN),
    ).toBe("allow");
    expect(
      evaluatePolicy(statement("Allow", "arn:aws:execute-api:*:*:abcdefghij/prod/GET/pets/?"), ARN),
    ).toBe("allow");
    expect(evaluatePolicy(statement("Allow", "arn:aws:execute-api:*:*:abcdefghij/prod/POST/*"), ARN)).toBe(
      "implicit-deny",
    );
    expect(evaluatePolicy(statement("Allow", ["x", ARN]), ARN)).toBe("allow");
  });

  it("lets a matching Deny win over any Allow", () => {
    const document = {
      Statement: [
        { Action: "execute-api:*", Effect: "Allow", Resource: "*" },
        {
          Action: "execute-api:Invoke",
          Effect: "Deny",
          Resource: "arn:aws:execute-api:*:*:*/prod/GET/pets/*",
        },
      ],
    };
    expect(evaluatePolicy(document, ARN)).toBe("explicit-deny");
  });

  it("reads a single statement object, NotResource and NotAction, and action names in any case", () => {
    expect(
      evaluatePolicy({ Statement: { Action: "EXECUTE-API:invoke", Effect: "Allow", Resource: "*" } }, ARN),
    ).toBe("allow");
    expect(
      evaluatePolicy({ Statement: [{ Action: "*", Effect: "Allow", NotResource: "*/POST/*" }] }, ARN),
    ).toBe("allow");
    expect(evaluatePolicy({ Statement: [{ NotAction: "s3:*", Effect: "Allow", Resource: "*" }] }, ARN)).toBe(
      "allow",
    );
    expect(
      evaluatePolicy({ Statement: [{ Action: "s3:GetObject", Effect: "Allow", Resource: "*" }] }, ARN),
    ).toBe("implicit-deny");
  });

  it("says why a document is not a policy API Gateway can read", () => {
    expect(evaluatePolicy(undefined, ARN)).toEqual({ invalid: "policyDocument is missing or not an object" });
    expect(evaluatePolicy({ Statement: [{ Action: "*", Effect: "Maybe", Resource: "*" }] }, ARN)).toEqual({
      invalid: 'policyDocument.Statement[0].Effect is "Maybe", not "Allow" or "Deny"',
    });
    expect(evaluatePolicy(statement("Allow", "*", { Condition: { IpAddress: {} } }), ARN)).toEqual({
      invalid: "policyDocument.Statement[0] has a Condition, which specgate serve does not evaluate",
    });
  });
});
