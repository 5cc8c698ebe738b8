import { describe, expect, it } from "vitest";
import { cfnLint, cfnLintAvailable } from "./cfn-lint";

describe.runIf(cfnLintAvailable)("the cfn-lint helper", () => {
  it("reports each template's findings by name, in one run", () => {
    const clean = {
      Resources: { Logs: { Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: 7 } } },
    };
    const deprecated = {
      Resources: {
        Fn: {
          Type: "AWS::Lambda::Function",
          Properties: {
            Runtime: "nodejs12.x",
            Handler: "index.handler",
            Role: "arn:aws:iam::123456789012:role/r",
            Code: { ZipFile: "exports.handler = async () => ({})" },
          },
        },
      },
    };
    const findings = cfnLint({ clean, deprecated });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((line) => line.startsWith("deprecated.json:"))).toBe(true);
    expect(findings.join("\n")).toContain("nodejs12.x");
  });
});
