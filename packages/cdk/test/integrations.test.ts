import type { OperationLookup } from "@specgate/model";
import { Duration, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { VpcLink } from "aws-cdk-lib/aws-apigateway";
import { Function } from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { Integrations, TypeSafeRestApi, type IntegrationRenderProps } from "@specgate/cdk";
import { lintLater } from "./cfn-lint";
import { PETS_SPEC, bodyOf, handler, newStack, operationOf } from "./support";

const lint = lintLater();

const lookup: OperationLookup = {
  getPet: { method: "GET", path: "/pets/{petId}", contentTypes: ["application/json"] },
};
const renderProps = (
  stack: Stack,
  overrides: Partial<IntegrationRenderProps> = {},
): IntegrationRenderProps => ({
  operationId: "getPet",
  method: "GET",
  path: "/pets/{petId}",
  contentTypes: ["application/json", "text/plain"],
  scope: stack,
  operationLookup: lookup,
  ...overrides,
});

describe("integrations in a synthesized API", () => {
  let template: Template;
  let body: Record<string, unknown>;

  beforeAll(() => {
    const stack = newStack();
    const shared = handler(stack, "Shared");
    const single = handler(stack, "Single");
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: {
        listPets: { integration: Integrations.lambda(shared) },
        createPet: { integration: Integrations.lambda(shared) },
        getPet: { integration: Integrations.lambda(single) },
        deletePet: { integration: Integrations.mock({ statusCode: 204, headers: { "X-Mocked": "yes" } }) },
        getFile: {
          integration: Integrations.http("https://files.example.com/", { timeout: Duration.seconds(10) }),
        },
      },
    });
    template = Template.fromStack(stack);
    body = bodyOf(template);
    lint.add("integrations", template.toJSON());
  });

  it("renders a Lambda integration as AWS_PROXY POST to the function's invocation URI", () => {
    expect(operationOf(body, "/pets/{petId}", "get")["x-amazon-apigateway-integration"]).toEqual({
      type: "AWS_PROXY",
      httpMethod: "POST",
      uri: {
        "Fn::Sub": expect.stringMatching(
          /^arn:\$\{AWS::Partition\}:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/\$\{Single[0-9A-F]{8}\.Arn\}\/invocations$/,
        ),
      },
    });
  });

  it("grants a function serving one operation invoke permission for that method and path, any stage", () => {
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [Match.stringLikeRegexp("^Single"), "Arn"] },
      SourceArn: {
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":execute-api:eu-west-1:123456789012:",
            { Ref: Match.stringLikeRegexp("^Api[0-9A-F]{8}$") },
            "/*/GET/pets/*",
          ],
        ],
      },
    });
  });

  it("grants a function serving several operations one permission for the whole API", () => {
    const permissions = template.findResources("AWS::Lambda::Permission", {
      Properties: { FunctionName: { "Fn::GetAtt": [Match.stringLikeRegexp("^Shared"), "Arn"] } },
    });
    expect(Object.keys(permissions)).toHaveLength(1);
    const sourceArn = Object.values(permissions)[0].Properties.SourceArn["Fn::Join"][1];
    expect(sourceArn.at(-1)).toBe("/*/*/*");
    template.resourceCountIs("AWS::Lambda::Permission", 2);
  });

  it("renders a mock integration with its status, headers and a request template per content type", () => {
    const operation = operationOf(body, "/pets/{petId}", "delete");
    expect(operation["x-amazon-apigateway-integration"]).toEqual({
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":204}' },
      responses: {
        default: { statusCode: "204", responseParameters: { "method.response.header.X-Mocked": "'yes'" } },
      },
    });
    expect(operation.responses).toEqual({
      "204": { description: "Deleted", headers: { "X-Mocked": { schema: { type: "string" } } } },
    });
  });

  it("renders an HTTP integration as HTTP_PROXY with the path appended and path parameters mapped", () => {
    expect(operationOf(body, "/files/{proxy+}", "get")["x-amazon-apigateway-integration"]).toEqual({
      type: "HTTP_PROXY",
      httpMethod: "GET",
      uri: "https://files.example.com/files/{proxy}",
      requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
      timeoutInMillis: 10_000,
    });
  });

  it("passes cfn-lint", () => lint.check());
});

describe("integrations rendered alone", () => {
  it("uses an imported function's own partition and region in its invocation URI", () => {
    const stack = newStack();
    const arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:pets";
    const fn = Function.fromFunctionArn(stack, "Imported", arn);
    expect(Integrations.lambda(fn).render(renderProps(stack)).uri).toBe(
      `arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/${arn}/invocations`,
    );
  });

  it("renders a mock with a request template for every content type, its body and CORS headers", () => {
    const stack = newStack();
    const mock = Integrations.mock({ statusCode: 200, body: '{"message": "hi"}' });
    expect(mock.render(renderProps(stack, { corsOptions: { allowOrigins: ["*"] } }))).toEqual({
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode":200}', "text/plain": '{"statusCode":200}' },
      responses: {
        default: {
          statusCode: "200",
          responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
          responseTemplates: { "application/json": '{"message": "hi"}' },
        },
      },
    });
  });

  it("rejects a mock status code that is not an HTTP status", () => {
    expect(() => Integrations.mock({ statusCode: 2000 })).toThrow(
      "Integrations.mock: statusCode 2000 is not an HTTP status code (an integer from 100 to 599)",
    );
  });

  it("renders an HTTP integration through a VPC link", () => {
    const stack = newStack();
    const vpcLink = VpcLink.fromVpcLinkId(stack, "Link", "abc123");
    const http = Integrations.http("http://internal.example", {
      vpcLink,
      httpMethod: "ANY",
      appendPath: false,
    });
    expect(http.render(renderProps(stack))).toEqual({
      type: "HTTP_PROXY",
      httpMethod: "ANY",
      uri: "http://internal.example",
      requestParameters: { "integration.request.path.petId": "method.request.path.petId" },
      connectionType: "VPC_LINK",
      connectionId: "abc123",
    });
  });

  it("rejects an HTTP timeout API Gateway does not allow", () => {
    expect(() => Integrations.http("https://example.com", { timeout: Duration.seconds(30) })).toThrow(
      "Integrations.http: timeout 30000 ms is outside API Gateway's 50 ms to 29 s",
    );
  });
});
