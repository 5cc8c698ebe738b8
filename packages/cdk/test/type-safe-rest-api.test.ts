import type { OpenApiDocument } from "@specgate/model";
import { Match, Template } from "aws-cdk-lib/assertions";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Cors } from "aws-cdk-lib/aws-apigateway";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import {
  Integration,
  Integrations,
  IntegrationTypes,
  Operations,
  SPEC_BYTES_LIMIT,
  TypeSafeRestApi,
  measureSpecBytes,
  type TypeSafeApiIntegration,
} from "@specgate/cdk";
import { lintLater } from "./cfn-lint";
import { PETS_OPERATIONS, PETS_SPEC, bodyOf, evaluate, handler, newStack, operationOf } from "./support";

const lint = lintLater();

const mocks = (body = "{}"): { [operationId: string]: TypeSafeApiIntegration } =>
  Object.fromEntries(
    PETS_OPERATIONS.map((id) => [id, { integration: Integrations.mock({ statusCode: 200, body }) }]),
  );

/** A spec with `count` operations, each on its own path. */
function manyOperations(count: number, description = ""): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/resources${i}`] = {
      get: {
        operationId: `getResource${i}`,
        ...(description ? { description } : {}),
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.3", info: { title: "Many", version: "1.0.0" }, paths };
}

describe("TypeSafeRestApi", () => {
  it("fails with every operation that has no integration and every integration that is not an operation", () => {
    const stack = newStack();
    const { getPet: _1, deletePet: _2, ...some } = mocks();
    expect(
      () =>
        new TypeSafeRestApi(stack, "Api", {
          spec: PETS_SPEC,
          integrations: { ...some, getPets: { integration: Integrations.mock({ statusCode: 200 }) } },
        }),
    ).toThrow(
      [
        "Stack/Api: 2 operations have no integration:",
        "  - getPet (GET /pets/{petId})",
        "  - deletePet (DELETE /pets/{petId})",
        "1 integration is not an operation of the spec:",
        "  - getPets",
        "Give every operationId of the spec exactly one integration, keyed by its operationId.",
      ].join("\n"),
    );
  });

  it("names operations without an operationId as specgate generate does, and lists them when missing", () => {
    const spec: OpenApiDocument = {
      openapi: "3.0.3",
      info: { title: "Unnamed", version: "1.0.0" },
      paths: {
        "/pets": {
          get: { responses: { "200": { description: "OK" } } },
          post: { operationId: "createPet", responses: { "201": { description: "Created" } } },
        },
        "/pets/{petId}": {
          parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }],
          get: { responses: { "200": { description: "OK" } } },
        },
      },
    };
    const mock = { integration: Integrations.mock({ statusCode: 200 }) };
    // The names `specgate generate` gives: both read them from @specgate/model.
    expect(Object.keys(Operations.lookup(spec))).toEqual(["getPets", "createPet", "getPetsByPetId"]);
    expect(
      () =>
        new TypeSafeRestApi(newStack(), "Api", { spec, integrations: { getPets: mock, createPet: mock } }),
    ).toThrow(
      [
        "Stack/Api: 1 operation has no integration:",
        "  - getPetsByPetId (GET /pets/{petId}: no operationId in the spec, named from the method and path)",
      ].join("\n"),
    );

    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec,
      integrations: Operations.all(Operations.lookup(spec), mock),
    });
    const body = bodyOf(Template.fromStack(stack));
    expect(operationOf(body, "/pets/{petId}", "get").operationId).toBe("getPetsByPetId");
    expect(operationOf(body, "/pets", "post").operationId).toBe("createPet");
  });

  it("fails when a given operationLookup does not match the spec", () => {
    const stack = newStack();
    const operationLookup = { ...Operations.lookup(PETS_SPEC) };
    operationLookup.getPet = { method: "PUT", path: "/pets/{petId}", contentTypes: ["application/json"] };
    expect(
      () => new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, operationLookup, integrations: mocks() }),
    ).toThrow(
      [
        "Stack/Api: operationLookup does not match the spec:",
        "  - getPet: PUT /pets/{petId} in operationLookup, GET /pets/{petId} in the spec",
        "Regenerate the code from the spec (specgate generate), or omit operationLookup.",
      ].join("\n"),
    );
  });

  it("fails naming the operation when an integration renders a type API Gateway does not know", () => {
    // What Java and Python integrations can return: jsii types the field as a string there.
    class Misnamed extends Integration {
      render(): ReturnType<Integration["render"]> {
        return JSON.parse('{"type": "LAMBDA"}') as ReturnType<Integration["render"]>;
      }
    }
    const stack = newStack();
    expect(
      () =>
        new TypeSafeRestApi(stack, "Api", {
          spec: PETS_SPEC,
          integrations: { ...mocks(), getPet: { integration: new Misnamed() } },
        }),
    ).toThrow(
      'Stack/Api: the integration of getPet renders the type "LAMBDA", which API Gateway does not know: use one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK (IntegrationTypes)',
    );
  });

  it("names each integration type, passthrough behavior and connection type as a constant", () => {
    class Teapot extends Integration {
      render(): ReturnType<Integration["render"]> {
        return {
          type: IntegrationTypes.MOCK,
          requestTemplates: { "application/json": '{"statusCode": 418}' },
          responses: { default: { statusCode: "418" } },
        };
      }
    }
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: { ...mocks(), getPet: { integration: new Teapot() } },
    });
    const integration = operationOf(bodyOf(Template.fromStack(stack)), "/pets/{petId}", "get")[
      "x-amazon-apigateway-integration"
    ];
    expect(integration).toMatchObject({ type: "MOCK", responses: { default: { statusCode: "418" } } });
  });

  it("puts the rendered spec inline in the REST API, tokens left to CloudFormation", () => {
    const stack = newStack();
    const fn = handler(stack, "Handler");
    const api = new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), { integration: Integrations.lambda(fn) }),
    });
    const template = Template.fromStack(stack);
    lint.add("lambda", template.toJSON());
    const body = bodyOf(template);
    expect(operationOf(body, "/pets", "post")["x-amazon-apigateway-integration"]).toEqual({
      type: "AWS_PROXY",
      httpMethod: "POST",
      uri: {
        "Fn::Sub":
          "arn:${AWS::Partition}:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${Handler886CB40B.Arn}/invocations",
      },
    });
    // Strings CloudFormation builds are written as Fn::Sub: once evaluated, the body is the spec.
    expect(JSON.stringify(body)).not.toContain("Fn::Join");
    expect(evaluate(body)).toEqual(evaluate(stack.resolve(api.renderedSpec)));
    expect(api.api.restApiId).toBeDefined();
    template.hasResourceProperties("AWS::ApiGateway::RestApi", { Name: "Pets" });
    // No custom resource or Lambda prepares the spec at deploy time: the one function is the handler.
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.resourceCountIs("AWS::CloudFormation::CustomResource", 0);
  });

  it("sets access logging, execution logging, tracing and metrics on the stage", () => {
    const app = new App({ context: { "@aws-cdk/aws-apigateway:disableCloudWatchRole": true } });
    const stack = new Stack(app, "Stack");
    new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, integrations: mocks() });
    const template = Template.fromStack(stack);
    lint.add("stage", template.toJSON());
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      AccessLogSetting: {
        DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ApiAccessLogs"), "Arn"] },
      },
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ LoggingLevel: "ERROR", MetricsEnabled: true })],
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 365 });
    // Logging needs the account's CloudWatch role, even where the CDK's feature flags turn it off.
    template.resourceCountIs("AWS::ApiGateway::Account", 1);
  });

  it("lets deployOptions override the stage defaults", () => {
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: mocks(),
      restApiName: "pets-live",
      deployOptions: { stageName: "live", tracingEnabled: false },
    });
    const template = Template.fromStack(stack);
    lint.add("stage-override", template.toJSON());
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "live",
      TracingEnabled: false,
      AccessLogSetting: Match.objectLike({}),
    });
    template.hasResourceProperties("AWS::ApiGateway::RestApi", { Name: "pets-live" });
  });

  it("redeploys the stage whenever the rendered spec changes, and only then", () => {
    const deploymentOf = (body: string): string => {
      const stack = newStack();
      new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, integrations: mocks(body) });
      const template = Template.fromStack(stack);
      lint.add("redeploy", template.toJSON());
      return Object.keys(template.findResources("AWS::ApiGateway::Deployment"))[0];
    };
    const first = deploymentOf('{"v": 1}');
    expect(deploymentOf('{"v": 1}')).toBe(first);
    expect(deploymentOf('{"v": 2}')).not.toBe(first);
  });

  it("adds CORS preflights and CORS headers on mock and gateway responses", () => {
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: mocks(),
      corsOptions: { allowOrigins: Cors.ALL_ORIGINS },
    });
    const template = Template.fromStack(stack);
    lint.add("cors", template.toJSON());
    const body = bodyOf(template) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const path of ["/pets", "/pets/{petId}", "/files/{proxy+}"]) {
      expect(body.paths[path].options["x-amazon-apigateway-integration"].type).toBe("MOCK");
    }
    const getPet = body.paths["/pets/{petId}"].get;
    expect(getPet["x-amazon-apigateway-integration"].responses.default.responseParameters).toEqual({
      "method.response.header.Access-Control-Allow-Origin": "'*'",
    });
    expect(getPet.responses["200"].headers).toEqual({
      "Access-Control-Allow-Origin": { schema: { type: "string" } },
    });
    expect(Object.keys(body["x-amazon-apigateway-gateway-responses"])).toEqual([
      "BAD_REQUEST_BODY",
      "DEFAULT_4XX",
      "DEFAULT_5XX",
    ]);
  });

  it("adds request validators and a BAD_REQUEST_BODY gateway response", () => {
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, integrations: mocks() });
    const template = Template.fromStack(stack);
    lint.add("validators", template.toJSON());
    const body = bodyOf(template);
    expect(body["x-amazon-apigateway-request-validator"]).toBe("params-and-body");
    expect(body["x-amazon-apigateway-gateway-responses"]).toEqual({
      BAD_REQUEST_BODY: {
        statusCode: "400",
        responseTemplates: { "application/json": '{"message": "$context.error.validationErrorString"}' },
      },
    });
  });

  it("passes cdk-nag's AwsSolutions rules, with a reason for each suppression", () => {
    const stack = newStack();
    // The stage's web ACL (on by default) satisfies AwsSolutions-APIG3.
    new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, integrations: mocks() });
    Validations.of(stack.node.scope as App).addPlugins(new AwsSolutionsChecks(stack.node.scope as App));
    const assembly = (stack.node.scope as App).synth();
    lint.add("nag", assembly.getStackByName(stack.stackName).template);
  });

  it("synthesizes a 1,000-operation API that fits CloudFormation's limits", () => {
    const stack = newStack();
    const spec = manyOperations(1000);
    const fn = handler(stack, "Handler");
    const api = new TypeSafeRestApi(stack, "Api", {
      spec,
      integrations: Operations.all(Operations.lookup(spec), { integration: Integrations.lambda(fn) }),
    });
    const template = Template.fromStack(stack);
    lint.add("thousand", template.toJSON());
    const body = bodyOf(template);
    expect(Object.keys(body.paths as object)).toHaveLength(1000);
    template.resourceCountIs("AWS::Lambda::Permission", 1);
    const bytes = measureSpecBytes(body);
    expect(bytes).toBeLessThan(SPEC_BYTES_LIMIT);
    // Each Lambda URI as one Fn::Sub takes a third of what its Fn::Join did.
    expect(bytes).toBeLessThan(measureSpecBytes(stack.resolve(api.renderedSpec)) * 0.8);
    // The measure is the body as the template holds it: the rest of this stack is a few kilobytes.
    const templateBytes = Buffer.byteLength(JSON.stringify(template.toJSON(), undefined, 1));
    expect(templateBytes - bytes).toBeGreaterThan(0);
    expect(templateBytes - bytes).toBeLessThan(10_000);
  });

  it("fails at synth when the rendered spec is too large for a CloudFormation template even as a string", () => {
    const stack = newStack();
    const spec = manyOperations(100, "x".repeat(10_000));
    new TypeSafeRestApi(stack, "Api", {
      spec,
      integrations: Operations.all(Operations.lookup(spec), {
        integration: Integrations.mock({ statusCode: 200 }),
      }),
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Api\] The rendered OpenAPI spec takes 10\d{5} bytes of the CloudFormation template as an object and 10\d{5} as one compact JSON string, more than the 950000 specgate allows: a template is limited to 1,000,000 bytes and the rest of the stack needs room\. Split the API into several TypeSafeRestApis \(a group of paths each\) in their own stacks, or shrink the spec \(descriptions, examples\)\./,
    );
  });

  it("passes cfn-lint", () => lint.check());
});
