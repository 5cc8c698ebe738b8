import type { OpenApiDocument } from "@specgate/model";
import { App, CfnParameter, Fn, Stack, Token, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { Function, type IFunction } from "aws-cdk-lib/aws-lambda";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import {
  Integration,
  Integrations,
  Operations,
  SPEC_BYTES_LIMIT,
  TypeSafeRestApi,
  measureSpecBytes,
  restApiBody,
  type ApiGatewayIntegration,
  type IntegrationRenderProps,
  type TypeSafeApiIntegration,
} from "@specgate/cdk";
import { lintLater } from "./cfn-lint";
import { PETS_OPERATIONS, PETS_SPEC, bodyOf, evaluate, handler, newStack, operationOf } from "./support";

const lint = lintLater();

/** A VTL template that uses `$` and `${…}` as API Gateway templates do. */
const VTL_BODY = '{"requestId": "$context.requestId", "echo": $input.json(\'$\'), "kept": "${literal}"}';

/** A spec of `count` operations, each on its own path; the first describes itself with a literal `${`. */
function manyOperations(count: number, description = ""): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/resources${i}/{id}`] = {
      get: {
        operationId: `getResource${i}`,
        ...(i === 0 ? { description: "Costs ${price} (not a CloudFormation variable)" } : {}),
        ...(i > 0 && description ? { description } : {}),
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.3", info: { title: "Many", version: "1.0.0" }, paths };
}

/** Lambda integrations for every operation but every hundredth, which is a mock rendering VTL. */
function integrationsOf(
  spec: OpenApiDocument,
  fn: IFunction,
): { [operationId: string]: TypeSafeApiIntegration } {
  return Object.fromEntries(
    Object.keys(Operations.lookup(spec)).map((id, i) => [
      id,
      {
        integration:
          i % 100 === 1 ? Integrations.mock({ statusCode: 200, body: VTL_BODY }) : Integrations.lambda(fn),
      },
    ]),
  );
}

/** An HTTP proxy whose timeout CloudFormation computes. */
class TimedBackend extends Integration {
  constructor(private readonly timeoutInMillis: number) {
    super();
  }

  render(props: IntegrationRenderProps): ApiGatewayIntegration {
    return {
      type: "HTTP_PROXY",
      httpMethod: props.method,
      uri: `https://backend.example.com${props.path}`,
      timeoutInMillis: this.timeoutInMillis,
    };
  }
}

/** An HTTP proxy whose cache key parameters CloudFormation computes. */
class Cached extends Integration {
  constructor(private readonly cacheKeyParameters: string[]) {
    super();
  }

  render(props: IntegrationRenderProps): ApiGatewayIntegration {
    return {
      type: "HTTP_PROXY",
      httpMethod: props.method,
      uri: "https://backend.example.com/",
      cacheKeyParameters: this.cacheKeyParameters,
    };
  }
}

/** A template with its RestApi Body replaced: the body a lower limit would have written. */
function withBody(template: Template, body: unknown): Record<string, unknown> {
  const json = template.toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  for (const resource of Object.values(json.Resources)) {
    if (resource.Type === "AWS::ApiGateway::RestApi") resource.Properties.Body = body;
  }
  return json;
}

describe("the RestApi Body as an object", () => {
  it("writes a string CloudFormation builds as one Fn::Sub, escaping a literal ${ in it", () => {
    const stack = newStack();
    const host = new CfnParameter(stack, "BackendHost", { type: "String", default: "backend.example.com" });
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        // API Gateway substitutes ${stageVariables.…} in URIs itself: CloudFormation must leave it.
        integration: Integrations.http(`https://${host.valueAsString}/\${stageVariables.version}`),
      }),
    });
    const template = Template.fromStack(stack);
    lint.add("escaped", template.toJSON());
    const body = bodyOf(template);
    expect(operationOf(body, "/pets/{petId}", "get")["x-amazon-apigateway-integration"]).toMatchObject({
      uri: { "Fn::Sub": "https://${BackendHost}/${!stageVariables.version}/pets/{petId}" },
    });
    expect(evaluate(body)).toMatchObject({
      paths: {
        "/pets/{petId}": {
          get: {
            "x-amazon-apigateway-integration": {
              uri: "https://<BackendHost>/${stageVariables.version}/pets/{petId}",
            },
          },
        },
      },
    });
  });

  it("leaves a ${ that no } closes as it is: Fn::Sub reads it as text", () => {
    const stack = newStack();
    const host = new CfnParameter(stack, "BackendHost", { type: "String", default: "backend.example.com" });
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        integration: Integrations.http(`https://${host.valueAsString}/\${price}/cost$\{`, {
          appendPath: false,
        }),
      }),
    });
    const template = Template.fromStack(stack);
    lint.add("unclosed", template.toJSON());
    const integration = operationOf(bodyOf(template), "/pets", "get")["x-amazon-apigateway-integration"];
    expect(integration).toMatchObject({ uri: { "Fn::Sub": "https://${BackendHost}/${!price}/cost${" } });
    expect(evaluate(integration)).toMatchObject({ uri: "https://<BackendHost>/${price}/cost${" });
  });

  it("puts other intrinsics in the Fn::Sub's variable map, an imported function among them", () => {
    const stack = newStack();
    const fn = Function.fromFunctionAttributes(stack, "Imported", {
      functionArn: Fn.importValue("HandlerArn"),
      sameEnvironment: true,
    });
    const shard = Fn.select(1, Fn.split("-", Fn.importValue("ShardName")));
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: {
        ...Operations.all(Operations.lookup(PETS_SPEC), { integration: Integrations.lambda(fn) }),
        getFile: {
          integration: Integrations.http(`https://${Fn.join(".", [shard, "files", "example.com"])}/`),
        },
      },
    });
    const template = Template.fromStack(stack);
    lint.add("imports", template.toJSON());
    const body = bodyOf(template);
    const [lambdaUri, variables] = (
      operationOf(body, "/pets", "get")["x-amazon-apigateway-integration"] as {
        uri: { "Fn::Sub": [string, Record<string, unknown>] };
      }
    ).uri["Fn::Sub"];
    // The function's region comes from its ARN: CloudFormation splits it out of the import.
    expect(lambdaUri).toBe(
      "arn:${AWS::Partition}:apigateway:${Value1}:lambda:path/2015-03-31/functions/${Value2}/invocations",
    );
    expect(variables).toEqual({
      Value1: { "Fn::Select": [3, { "Fn::Split": [":", { "Fn::ImportValue": "HandlerArn" }] }] },
      Value2: { "Fn::ImportValue": "HandlerArn" },
    });
    // A Join with a separator inside the string is part of the text; what it joins is in the map.
    expect(operationOf(body, "/files/{proxy+}", "get")["x-amazon-apigateway-integration"]).toMatchObject({
      uri: {
        "Fn::Sub": [
          "https://${Value1}.files.example.com/files/{proxy}",
          { Value1: { "Fn::Select": [1, { "Fn::Split": ["-", { "Fn::ImportValue": "ShardName" }] }] } },
        ],
      },
    });
  });

  it("imports a value of another stack in the Fn::Sub's variable map", () => {
    const app = new App();
    const env = { account: "123456789012", region: "eu-west-1" };
    const storage = new Stack(app, "Storage", { env });
    const bucket = new Bucket(storage, "Files", {
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
    });
    const stack = new Stack(app, "Api", { env });
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        integration: Integrations.http(`https://${bucket.bucketRegionalDomainName}/`),
      }),
    });
    const template = Template.fromStack(stack);
    lint.add("storage", Template.fromStack(storage).toJSON());
    lint.add("importing", template.toJSON());
    expect(operationOf(bodyOf(template), "/pets", "get")["x-amazon-apigateway-integration"]).toMatchObject({
      uri: {
        "Fn::Sub": [
          "https://${Value1}/pets",
          { Value1: { "Fn::ImportValue": expect.stringMatching(/^Storage:ExportsOutputFnGetAttFiles/) } },
        ],
      },
    });
  });

  it("leaves strings CloudFormation does not build as they are, VTL included", () => {
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Object.fromEntries(
        PETS_OPERATIONS.map((id) => [
          id,
          { integration: Integrations.mock({ statusCode: 200, body: VTL_BODY }) },
        ]),
      ),
    });
    const template = Template.fromStack(stack);
    lint.add("vtl", template.toJSON());
    const integration = operationOf(bodyOf(template), "/pets", "get")["x-amazon-apigateway-integration"];
    expect(integration).toMatchObject({
      responses: { default: { responseTemplates: { "application/json": VTL_BODY } } },
    });
  });

  it("names variables apart from the parameters and resources the string references", () => {
    const stack = newStack();
    const taken = new CfnParameter(stack, "Value1", { type: "String", default: "v1" });
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        integration: Integrations.http(`https://${taken.valueAsString}.${Fn.importValue("Domain")}/`),
      }),
    });
    const template = Template.fromStack(stack);
    lint.add("names", template.toJSON());
    expect(operationOf(bodyOf(template), "/pets", "get")["x-amazon-apigateway-integration"]).toMatchObject({
      uri: { "Fn::Sub": ["https://${Value1}.${Value2}/pets", { Value2: { "Fn::ImportValue": "Domain" } }] },
    });
  });
});

describe("the RestApi Body as one compact JSON string", () => {
  // 1,500 operations: more than the limit as an object, two thirds of it as a string.
  const spec = manyOperations(1500);
  const mocks = 15;
  const app = new App();
  const stack = new Stack(app, "Stack", { env: { account: "123456789012", region: "eu-west-1" } });
  const fn = handler(stack, "Handler");
  const api = new TypeSafeRestApi(stack, "Api", { spec, integrations: integrationsOf(spec, fn) });
  const template = Template.fromStack(stack);
  lint.add("compact", template.toJSON());
  const body = bodyOf(template) as unknown as { "Fn::Sub": string };

  it("is written once the object would pass the limit, and fits in it", () => {
    expect(typeof body["Fn::Sub"]).toBe("string");
    const { objectBytes } = restApiBody(stack.resolve(api.renderedSpec), api.renderedSpec);
    expect(objectBytes).toBeGreaterThan(SPEC_BYTES_LIMIT);
    expect(measureSpecBytes(body)).toBeLessThan(SPEC_BYTES_LIMIT * 0.75);
  });

  it("reads, once CloudFormation substitutes it, as the spec", () => {
    const text = evaluate(body) as string;
    expect(JSON.parse(text)).toEqual(evaluate(stack.resolve(api.renderedSpec)));
    expect(text).toContain("<Handler886CB40B.Arn>/invocations");
  });

  it("places CloudFormation values inside JSON strings and escapes every literal ${", () => {
    const text = body["Fn::Sub"];
    expect(text).toContain(
      '"uri":"arn:${AWS::Partition}:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${Handler886CB40B.Arn}/invocations"',
    );
    expect(text).toContain('"description":"Costs ${!price} (not a CloudFormation variable)"');
    expect(text).toContain(JSON.stringify(VTL_BODY).replace("${", "${!"));
    expect(text.match(/\$\{(?!!)[^}]*\}/g)?.sort()).toEqual([
      ...Array(1500 - mocks).fill("${AWS::Partition}"),
      ...Array(1500 - mocks).fill("${Handler886CB40B.Arn}"),
    ]);
  });

  it("says in an info annotation that the body was compacted and why", () => {
    Annotations.fromStack(stack).hasInfo(
      "/Stack/Api",
      Match.stringLikeRegexp(
        "^The RestApi Body is the OpenAPI spec as one compact JSON string \\(\\d+ bytes\\): as an object it would take \\d+ bytes of the template, more than the 950000 specgate allows\\.$",
      ),
    );
  });

  it("redeploys the stage whenever the spec changes, and only then", () => {
    const deploymentOf = (mockBody: string): string => {
      const other = newStack();
      const otherFn = handler(other, "Handler");
      new TypeSafeRestApi(other, "Api", {
        spec,
        integrations: {
          ...integrationsOf(spec, otherFn),
          getResource1: { integration: Integrations.mock({ statusCode: 200, body: mockBody }) },
        },
      });
      const synthesized = Template.fromStack(other);
      expect(typeof (bodyOf(synthesized) as Record<string, unknown>)["Fn::Sub"]).toBe("string");
      return Object.keys(synthesized.findResources("AWS::ApiGateway::Deployment"))[0];
    };
    const first = deploymentOf('{"v": 1}');
    expect(deploymentOf('{"v": 1}')).toBe(first);
    expect(deploymentOf('{"v": 2}')).not.toBe(first);
  });

  it("passes cdk-nag's AwsSolutions rules", () => {
    const nagApp = new App();
    const nagStack = new Stack(nagApp, "Nag");
    new TypeSafeRestApi(nagStack, "Api", {
      spec,
      integrations: Operations.all(Operations.lookup(spec), {
        integration: Integrations.mock({ statusCode: 200 }),
      }),
    });
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp));
    const nagTemplate = nagApp.synth().getStackByName("Nag").template as {
      Resources: Record<string, { Type: string; Properties: { Body: unknown } }>;
    };
    const [restApi] = Object.values(nagTemplate.Resources).filter(
      (r) => r.Type === "AWS::ApiGateway::RestApi",
    );
    expect(restApi.Properties.Body).toEqual({ "Fn::Join": ["", [expect.stringMatching(/^\{"openapi"/)]] });
    lint.add("compact-nag", nagTemplate);
  });
});

describe("a spec too large as an object that cannot be a string", () => {
  it("fails at synth, saying where the list CloudFormation computes is", () => {
    const spec = manyOperations(1500);
    const stack = newStack();
    const keys = new CfnParameter(stack, "CacheKeys", { type: "CommaDelimitedList", default: "a,b" });
    new TypeSafeRestApi(stack, "Api", {
      spec,
      integrations: {
        ...integrationsOf(spec, handler(stack, "Handler")),
        getResource7: { integration: new Cached(keys.valueAsList) },
      },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Api\] The rendered OpenAPI spec takes \d+ bytes of the CloudFormation template as an object, more than the 950000 specgate allows, and cannot be written as one JSON string: \/paths\/~1resources7~1\{id\}\/get\/x-amazon-apigateway-integration\/cacheKeyParameters holds a list that CloudFormation computes \(Ref\)/,
    );
  });
});

describe("the compact string body, at a lower limit", () => {
  it("writes a number CloudFormation computes outside quotes", () => {
    const stack = newStack();
    const timeout = new CfnParameter(stack, "Timeout", { type: "Number", default: 5000 });
    const api = new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        integration: new TimedBackend(Token.asNumber(timeout.value)),
      }),
    });
    const { body, compacted } = restApiBody(stack.resolve(api.renderedSpec), api.renderedSpec, 1000);
    expect(compacted).toBe(true);
    const text = (body as { "Fn::Sub": string })["Fn::Sub"];
    expect(text).toContain('"uri":"https://backend.example.com/pets","timeoutInMillis":${Timeout}}');
    const document = JSON.parse((evaluate(body) as string).replaceAll("<Timeout>", "5000"));
    expect(document.paths["/pets"].get["x-amazon-apigateway-integration"].timeoutInMillis).toBe(5000);
    lint.add("number", withBody(Template.fromStack(stack), body));
  });

  it("writes the JSON text as it is, ${ included, when CloudFormation substitutes nothing", () => {
    const stack = newStack();
    const api = new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Object.fromEntries(
        PETS_OPERATIONS.map((id) => [
          id,
          { integration: Integrations.mock({ statusCode: 200, body: VTL_BODY }) },
        ]),
      ),
    });
    const { body } = restApiBody(stack.resolve(api.renderedSpec), api.renderedSpec, 1000);
    // A one-part Fn::Join: the CDK takes only an object as the Body, and Fn::Join substitutes nothing.
    const [separator, [text]] = (body as { "Fn::Join": [string, string[]] })["Fn::Join"];
    expect(separator).toBe("");
    expect(text).toContain(JSON.stringify(VTL_BODY));
    expect(JSON.parse(text)).toEqual(stack.resolve(api.renderedSpec));
    lint.add("plain", withBody(Template.fromStack(stack), body));
  });

  it("refuses a list CloudFormation computes, saying where it is", () => {
    const stack = newStack();
    const keys = new CfnParameter(stack, "CacheKeys", { type: "CommaDelimitedList", default: "a,b" });
    const api = new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      integrations: Operations.all(Operations.lookup(PETS_SPEC), {
        integration: new Cached(keys.valueAsList),
      }),
    });
    const result = restApiBody(stack.resolve(api.renderedSpec), api.renderedSpec, 1000);
    expect(result.compacted).toBe(false);
    expect(result.problem).toBe(
      "/paths/~1pets/get/x-amazon-apigateway-integration/cacheKeyParameters holds a list that CloudFormation computes (Ref), and the compact string body can only insert strings and numbers: give it a literal list",
    );
  });
});

describe("every template synthesized above", () => {
  it("passes cfn-lint", () => lint.check());
});
