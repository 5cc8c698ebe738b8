import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { PetStoreStack } from "../infra/petstore-stack";

type Operation = { "x-amazon-apigateway-integration": Record<string, unknown> };
type Body = { paths: Record<string, Record<string, Operation>> };

let template: Template;
let body: Body;

function integrationOf(path: string, method: string): Record<string, unknown> {
  return body.paths[path][method]["x-amazon-apigateway-integration"];
}

beforeAll(() => {
  // No stack is bundled: these tests read the template, they do not run the functions.
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  template = Template.fromStack(new PetStoreStack(app, "PetStore"));
  const apis = template.findResources("AWS::ApiGateway::RestApi");
  expect(Object.keys(apis)).toHaveLength(1);
  body = Object.values(apis)[0].Properties.Body as Body;
});

describe("the Pet Store stack", () => {
  it("serves the pet operations with five Node.js 22 functions (and the staff's authorizer with a sixth)", () => {
    template.resourcePropertiesCountIs("AWS::Lambda::Function", { Runtime: "nodejs22.x" }, 6);
    for (const [path, method] of [
      ["/pets", "get"],
      ["/pets", "post"],
      ["/pets/{petId}", "get"],
      ["/pets/{petId}", "delete"],
      ["/pets/{petId}/card", "get"],
    ]) {
      expect(integrationOf(path, method)).toMatchObject({ type: "AWS_PROXY", httpMethod: "POST" });
    }
  });

  it("lets API Gateway invoke each function for its own operation only, and the authorizer as one", () => {
    template.resourceCountIs("AWS::Lambda::Permission", 6);
    template.hasResourceProperties("AWS::Lambda::Permission", {
      FunctionName: { "Fn::GetAtt": [Match.stringLikeRegexp("^StoreStaffAuthorizer"), "Arn"] },
      SourceArn: Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith(["/authorizers/*"])]) }),
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      SourceArn: Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith(["/*/GET/pets/*/card"])]) }),
    });
  });

  it("answers the store operations from API Gateway mocks", () => {
    expect(integrationOf("/store/inventory", "get")).toMatchObject({
      type: "MOCK",
      responses: { default: { statusCode: "200" } },
    });
    const order = integrationOf("/store/orders/{orderId}", "get") as {
      responses: { default: { responseTemplates: Record<string, string> } };
    };
    expect(JSON.parse(order.responses.default.responseTemplates["application/json"])).toEqual({
      id: "order-1",
      petId: "rex",
      quantity: 1,
      status: "approved",
      placedAt: "2026-01-15T10:30:00Z",
    });
    expect(integrationOf("/store/orders", "post")).toMatchObject({
      type: "MOCK",
      responses: {
        default: {
          statusCode: "503",
          responseParameters: { "method.response.header.Retry-After": "'86400'" },
        },
      },
    });
  });

  it("sends the vets operation through the VPC link to the private load balancer", () => {
    const vpcLinks = template.findResources("AWS::ApiGateway::VpcLink");
    const [vpcLinkId] = Object.keys(vpcLinks);
    const loadBalancers = template.findResources("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Properties: { Type: "network", Scheme: "internal" },
    });
    const [loadBalancerId] = Object.keys(loadBalancers);
    expect(vpcLinks[vpcLinkId].Properties.TargetArns).toEqual([{ Ref: loadBalancerId }]);
    expect(integrationOf("/vets", "get")).toEqual({
      type: "HTTP_PROXY",
      httpMethod: "GET",
      uri: { "Fn::Sub": `http://\${${loadBalancerId}.DNSName}/vets` },
      connectionType: "VPC_LINK",
      connectionId: { Ref: vpcLinkId },
    });
  });

  it("lets the load balancer's traffic from the VPC reach the vets containers (the integration's grant)", () => {
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupIngress: [
        Match.objectLike({
          IpProtocol: "tcp",
          FromPort: 8080,
          ToPort: 8080,
          CidrIp: { "Fn::GetAtt": [Match.stringLikeRegexp("^VetsVpc"), "CidrBlock"] },
        }),
      ],
    });
  });

  it("guards removing pets with the user pool, ordering with the staff's authorizer, the inventory with an API key", () => {
    const security = (path: string, method: string): unknown =>
      (body.paths[path][method] as unknown as { security?: unknown }).security;
    expect(security("/pets/{petId}", "delete")).toEqual([{ members: ["pets/write"] }]);
    expect(security("/store/orders", "post")).toEqual([{ storeStaff: [] }]);
    expect(security("/store/inventory", "get")).toEqual([{ ApiKeyAuth: [] }]);
    expect(security("/pets", "get")).toBeUndefined();
    const schemes = (
      body as unknown as { components: { securitySchemes: Record<string, Record<string, unknown>> } }
    ).components.securitySchemes;
    expect(schemes.members["x-amazon-apigateway-authtype"]).toBe("cognito_user_pools");
    expect(schemes.storeStaff["x-amazon-apigateway-authorizer"]).toMatchObject({
      type: "token",
      authorizerResultTtlInSeconds: 300,
      identitySource: "method.request.header.Authorization",
    });
    template.resourceCountIs("AWS::ApiGateway::UsagePlan", 1);
    template.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
    template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", {});
  });

  it("answers CORS preflight requests on every path", () => {
    for (const path of Object.keys(body.paths)) {
      expect(body.paths[path].options?.["x-amazon-apigateway-integration"], path).toMatchObject({
        type: "MOCK",
      });
    }
  });

  it("passes cfn-lint", () => {
    const found = spawnSync("cfn-lint", ["--version"]).status === 0;
    if (!found) {
      if (process.env.SPECGATE_REQUIRE_CFN_LINT === "1")
        throw new Error("cfn-lint is required but not on PATH");
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), "petstore-cfn-lint-"));
    try {
      const file = path.join(dir, "PetStore.json");
      writeFileSync(file, JSON.stringify(template.toJSON()));
      // W3005: the CDK itself writes a DependsOn beside a GetAtt for a function's role.
      const run = spawnSync("cfn-lint", ["--format", "parseable", "--ignore-checks", "W3005", "--", file], {
        encoding: "utf8",
      });
      expect(run.stdout.trim()).toBe("");
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
