import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { lintLater } from "./cfn-lint";
import { PetsServiceStack } from "./examples/nlb-integration";
import { PETS_SPEC, bodyOf, operationOf } from "./support";

const lint = lintLater();

describe("a custom integration: an ECS service behind an NLB through a VPC link", () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(new PetsServiceStack(new App(), "Pets", { spec: PETS_SPEC }));
    lint.add("nlb", template.toJSON());
  });

  it("renders HTTP_PROXY to the load balancer through the VPC link, path parameters mapped", () => {
    const [vpcLink] = Object.keys(template.findResources("AWS::ApiGateway::VpcLink"));
    const [loadBalancer] = Object.keys(template.findResources("AWS::ElasticLoadBalancingV2::LoadBalancer"));
    expect(
      operationOf(bodyOf(template), "/pets/{petId}", "delete")["x-amazon-apigateway-integration"],
    ).toEqual({
      type: "HTTP_PROXY",
      httpMethod: "DELETE",
      uri: { "Fn::Sub": `http://\${${loadBalancer}.DNSName}:80/pets/{petId}` },
      connectionType: "VPC_LINK",
      connectionId: { Ref: vpcLink },
      requestParameters: { "integration.request.path.petId": "method.request.path.petId" },
    });
  });

  it("routes every operation to the service", () => {
    const body = bodyOf(template);
    for (const [path, method] of [
      ["/pets", "get"],
      ["/pets", "post"],
      ["/pets/{petId}", "get"],
      ["/files/{proxy+}", "get"],
    ]) {
      expect(operationOf(body, path, method)["x-amazon-apigateway-integration"]).toMatchObject({
        type: "HTTP_PROXY",
        connectionType: "VPC_LINK",
      });
    }
  });

  it("runs the custom grant: the service accepts the load balancer's traffic from inside the VPC", () => {
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({
          IpProtocol: "tcp",
          FromPort: 80,
          ToPort: 80,
          CidrIp: { "Fn::GetAtt": [Match.stringLikeRegexp("^Vpc"), "CidrBlock"] },
        }),
      ]),
    });
    template.hasResourceProperties("AWS::ApiGateway::VpcLink", {
      TargetArns: [{ Ref: Match.stringLikeRegexp("^LoadBalancer") }],
    });
  });

  it("passes cfn-lint", () => lint.check());
});
