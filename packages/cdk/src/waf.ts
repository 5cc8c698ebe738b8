import { Names } from "aws-cdk-lib/core";
import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/** A rule group of AWS WAF's managed rules. */
export interface WebAclManagedRuleGroup {
  /** The rule group's name, e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /**
   * Who publishes the rule group.
   * @default "AWS"
   */
  readonly vendorName?: string;
}

/** The AWS WAF web ACL associated with the API's stage. */
export interface TypeSafeApiWebAclOptions {
  /**
   * Associate no web ACL with the stage.
   * @default false
   */
  readonly disable?: boolean;
  /**
   * The ARN of a regional web ACL of your own to associate instead of creating one.
   * @default a web ACL with `managedRules` is created
   */
  readonly webAclArn?: string;
  /**
   * The managed rule groups of the web ACL specgate creates, in the order they are evaluated.
   * @default AWSManagedRulesCommonRuleSet, then AWSManagedRulesKnownBadInputsRuleSet
   */
  readonly managedRules?: WebAclManagedRuleGroup[];
}

const DEFAULT_RULE_GROUPS: readonly WebAclManagedRuleGroup[] = [
  { name: "AWSManagedRulesCommonRuleSet" },
  { name: "AWSManagedRulesKnownBadInputsRuleSet" },
];

/** Metric names allow letters, digits and `-_`; at most 128 characters. */
const metricName = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 128);

/** A regional web ACL that allows what no managed rule blocks, associated with a stage. */
export class StageWebAcl extends Construct {
  /** The web ACL specgate created, unless `webAclArn` was given. */
  readonly webAcl?: CfnWebACL;
  /** The association of the web ACL with the stage. */
  readonly association: CfnWebACLAssociation;

  constructor(scope: Construct, id: string, stageArn: string, options: TypeSafeApiWebAclOptions) {
    super(scope, id);
    let webAclArn = options.webAclArn;
    if (webAclArn === undefined) {
      const name = Names.uniqueId(this);
      const groups = options.managedRules ?? DEFAULT_RULE_GROUPS;
      if (groups.length === 0) {
        throw new Error(
          `${this.node.path}: webAclOptions.managedRules is empty: name at least one rule group, or set disable: true`,
        );
      }
      this.webAcl = new CfnWebACL(this, "WebAcl", {
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          sampledRequestsEnabled: true,
          metricName: metricName(name),
        },
        rules: groups.map(({ name: group, vendorName = "AWS" }, priority) => ({
          name: `${vendorName}-${group}`,
          priority,
          statement: { managedRuleGroupStatement: { vendorName, name: group } },
          overrideAction: { none: {} },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: metricName(`${name}-${vendorName}-${group}`),
          },
        })),
      });
      webAclArn = this.webAcl.attrArn;
    }
    this.association = new CfnWebACLAssociation(this, "Association", { resourceArn: stageArn, webAclArn });
  }
}
