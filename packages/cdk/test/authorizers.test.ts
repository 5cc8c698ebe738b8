import { join } from "node:path";
import { App, Duration, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { ApiKeySourceType, Cors, IdentitySource } from "aws-cdk-lib/aws-apigateway";
import { UserPool } from "aws-cdk-lib/aws-cognito";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Authorizers,
  CustomAuthorizerTypes,
  Integrations,
  Operations,
  TypeSafeRestApi,
  type TypeSafeApiIntegration,
} from "@specgate/cdk";
import { lintLater } from "./cfn-lint";
import { PETS_OPERATIONS, PETS_SPEC, bodyOf, evaluate, handler, newStack, operationOf } from "./support";

const lint = lintLater();
const SECURED_SPEC = join(__dirname, "fixtures", "secured.yaml");

const mocks = (operations: readonly string[]): { [operationId: string]: TypeSafeApiIntegration } =>
  Object.fromEntries(operations.map((id) => [id, { integration: Integrations.mock({ statusCode: 200 }) }]));

type Body = Record<string, unknown> & {
  components: { securitySchemes: Record<string, Record<string, unknown>> };
};

describe("authorizers of operations the model gives no security", () => {
  let template: Template;
  let body: Body;

  beforeAll(() => {
    const stack = newStack();
    const pool = new UserPool(stack, "Users");
    const tokenFn = handler(stack, "TokenAuthorizer");
    const requestFn = handler(stack, "RequestAuthorizer");
    const cognito = Authorizers.cognito({ userPools: [pool] });
    const token = Authorizers.custom({
      function: tokenFn,
      identityValidationExpression: "^Bearer .+$",
      resultsCacheTtl: Duration.minutes(10),
    });
    const request = Authorizers.custom({
      authorizerId: "partners",
      function: requestFn,
      type: CustomAuthorizerTypes.REQUEST,
      identitySource: [IdentitySource.header("X-Partner"), IdentitySource.queryString("tenant")].join(", "),
    });
    // The same function as a second authorizer: API Gateway needs one permission for it.
    const tokenAgain = Authorizers.custom({ authorizerId: "tokenAgain", function: tokenFn, type: "token" });
    new TypeSafeRestApi(stack, "Api", {
      spec: PETS_SPEC,
      defaultAuthorizer: cognito,
      corsOptions: { allowOrigins: Cors.ALL_ORIGINS },
      integrations: {
        ...mocks(PETS_OPERATIONS),
        listPets: {
          integration: Integrations.mock({ statusCode: 200 }),
          options: { authorizer: Authorizers.none() },
        },
        createPet: { integration: Integrations.mock({ statusCode: 201 }), options: { authorizer: token } },
        getPet: {
          integration: Integrations.mock({ statusCode: 200 }),
          options: { authorizer: request, apiKeyRequired: true },
        },
        deletePet: {
          integration: Integrations.mock({ statusCode: 204 }),
          options: { authorizer: tokenAgain },
        },
      },
    });
    template = Template.fromStack(stack);
    body = bodyOf(template) as Body;
    lint.add("default-and-overrides", template.toJSON());
  });

  it("renders a Cognito authorizer as a cognito_user_pools scheme with the pools' ARNs", () => {
    expect(evaluate(body.components.securitySchemes.cognito)).toEqual({
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": {
        type: "cognito_user_pools",
        providerARNs: [expect.stringMatching(/^<Users[0-9A-F]{8}\.Arn>$/)],
      },
    });
  });

  it("renders a TOKEN Lambda authorizer with its header, validation expression and cache TTL", () => {
    expect(evaluate(body.components.securitySchemes.TokenAuthorizer)).toEqual({
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "custom",
      "x-amazon-apigateway-authorizer": {
        type: "token",
        authorizerUri: expect.stringMatching(
          /^arn:<AWS::Partition>:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/<TokenAuthorizer[0-9A-F]{8}\.Arn>\/invocations$/,
        ),
        authorizerResultTtlInSeconds: 600,
        identitySource: "method.request.header.Authorization",
        identityValidationExpression: "^Bearer .+$",
      },
    });
  });

  it("renders a REQUEST Lambda authorizer with every identity source and the name Unused", () => {
    const scheme = evaluate(body.components.securitySchemes.partners) as Record<string, unknown>;
    expect(scheme.name).toBe("Unused");
    expect(scheme["x-amazon-apigateway-authorizer"]).toMatchObject({
      type: "request",
      authorizerResultTtlInSeconds: 300,
      identitySource: "method.request.header.X-Partner, method.request.querystring.tenant",
    });
  });

  it("gives the default authorizer to operations without their own, and each override to its operation", () => {
    expect(operationOf(body, "/pets", "get").security).toBeUndefined();
    expect(operationOf(body, "/pets", "post").security).toEqual([{ TokenAuthorizer: [] }]);
    expect(operationOf(body, "/pets/{petId}", "get").security).toEqual([{ partners: [], api_key: [] }]);
    expect(operationOf(body, "/pets/{petId}", "delete").security).toEqual([{ tokenAgain: [] }]);
    expect(operationOf(body, "/files/{proxy+}", "get").security).toEqual([{ cognito: [] }]);
    expect(body.components.securitySchemes.api_key).toEqual({
      type: "apiKey",
      name: "x-api-key",
      in: "header",
    });
  });

  it("keeps CORS preflights open", () => {
    expect(operationOf(body, "/pets", "options").security).toEqual([]);
  });

  it("lets API Gateway invoke each authorizer function once, whatever the number of authorizers using it", () => {
    const permissions = template.findResources("AWS::Lambda::Permission");
    const forAuthorizers = Object.values(permissions).filter((permission) =>
      JSON.stringify(permission.Properties.SourceArn).includes("/authorizers/*"),
    );
    expect(forAuthorizers).toHaveLength(2);
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [Match.stringLikeRegexp("^TokenAuthorizer"), "Arn"] },
      SourceArn: {
        "Fn::Join": [
          "",
          Match.arrayWith([Match.stringLikeRegexp(":execute-api:eu-west-1:123456789012:"), "/authorizers/*"]),
        ],
      },
    });
  });
});

describe("the model's own security", () => {
  const build = (props: Partial<ConstructorParameters<typeof TypeSafeRestApi>[2]> = {}): Template => {
    const stack = newStack();
    const pool = new UserPool(stack, "Members");
    new TypeSafeRestApi(stack, "Api", {
      spec: SECURED_SPEC,
      integrations: mocks(Object.keys(Operations.lookup(SECURED_SPEC))),
      authorizers: {
        members: Authorizers.cognito({ userPools: [pool] }),
        partners: Authorizers.custom({
          function: handler(stack, "Partners"),
          resultsCacheTtl: Duration.seconds(0),
        }),
      },
      apiKeySourceType: ApiKeySourceType.HEADER,
      ...props,
    });
    return Template.fromStack(stack);
  };

  it("gives each scheme its authorizer, keeps the model's scopes, API key and API Gateway schemes, and opens security: []", () => {
    const template = build();
    lint.add("model-security", template.toJSON());
    const body = bodyOf(template) as Body;
    expect(operationOf(body, "/pets", "get").security).toEqual([]);
    expect(operationOf(body, "/pets", "post").security).toEqual([{ members: ["pets/write"] }]);
    expect(operationOf(body, "/pets/{petId}", "get").security).toEqual([{ members: [] }]);
    expect(operationOf(body, "/pets/{petId}", "delete").security).toEqual([{ partners: [] }]);
    expect(operationOf(body, "/inventory", "get").security).toEqual([{ ApiKeyAuth: [] }]);
    expect(operationOf(body, "/reports", "get").security).toEqual([{ sigv4: [] }]);
    const schemes = body.components.securitySchemes;
    expect(schemes.members["x-amazon-apigateway-authtype"]).toBe("cognito_user_pools");
    expect(schemes.partners["x-amazon-apigateway-authorizer"]).toMatchObject({
      type: "token",
      authorizerResultTtlInSeconds: 0,
    });
    expect(schemes.ApiKeyAuth).toEqual({ type: "apiKey", in: "header", name: "x-api-key" });
    expect(schemes.sigv4["x-amazon-apigateway-authtype"]).toBe("awsSigv4");
    expect(body["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
  });

  it("fails listing every scheme that has no authorizer and the operations that need it", () => {
    expect(() => build({ authorizers: {} })).toThrow(
      [
        "Stack/Api: The model's security schemes need an authorizer, which authorizers gives by scheme name:",
        "  - members (oauth2), required by createPet, getPet",
        "  - partners (http bearer), required by deletePet",
        'e.g. authorizers: { "members": Authorizers.cognito({ userPools: [pool] }), "partners": Authorizers.cognito({ userPools: [pool] }) }, or Authorizers.custom, Authorizers.iam; Authorizers.none() leaves a scheme unchecked by API Gateway.',
      ].join("\n"),
    );
  });

  it("leaves a scheme given Authorizers.none() unchecked", () => {
    const stack = newStack();
    new TypeSafeRestApi(stack, "Api", {
      spec: SECURED_SPEC,
      integrations: mocks(Object.keys(Operations.lookup(SECURED_SPEC))),
      authorizers: { members: Authorizers.none(), partners: Authorizers.iam() },
    });
    const body = bodyOf(Template.fromStack(stack)) as Body;
    expect(operationOf(body, "/pets", "post").security).toEqual([]);
    expect(operationOf(body, "/pets/{petId}", "delete").security).toEqual([{ partners: [] }]);
    expect(body.components.securitySchemes.partners).toEqual({
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "awsSigv4",
    });
  });

  it("refuses an operation's authorizer where the model gives security, a default it would never use, and unknown schemes", () => {
    const stack = newStack();
    const pool = new UserPool(stack, "Members");
    const members = Authorizers.cognito({ userPools: [pool] });
    expect(
      () =>
        new TypeSafeRestApi(stack, "Api", {
          spec: SECURED_SPEC,
          integrations: {
            ...mocks(Object.keys(Operations.lookup(SECURED_SPEC))),
            getReport: {
              integration: Integrations.mock({ statusCode: 200 }),
              options: { authorizer: members },
            },
          },
          authorizers: { members, partners: members, admins: members },
          defaultAuthorizer: members,
        }),
    ).toThrow(
      [
        "Stack/Api: authorizers.admins is not a security scheme of the model (components.securitySchemes has members, partners, ApiKeyAuth, sigv4): name a scheme the model defines",
        "defaultAuthorizer applies to no operation: the model's root security gives every operation its security. Give its schemes an authorizer in authorizers, or remove the root security from the model",
        'getReport (GET /reports): the model gives it security ([{"sigv4":[]}]), so its authorizer comes from authorizers: remove options.authorizer, or the operation\'s security from the model',
      ].join("\n"),
    );
  });

  it("takes schemes and operations named like Object's members as plain names", () => {
    const stack = newStack();
    // Parsed, as a loaded spec is: a literal's __proto__ would set the prototype, not a key.
    const spec = JSON.parse(`{
      "openapi": "3.0.3",
      "info": { "title": "Members", "version": "1" },
      "paths": {
        "/a": { "get": { "operationId": "constructor", "security": [{ "constructor": [] }], "responses": { "200": { "description": "ok" } } } },
        "/b": { "get": { "operationId": "toString", "security": [{ "__proto__": [] }], "responses": { "200": { "description": "ok" } } } }
      },
      "components": {
        "securitySchemes": {
          "constructor": { "type": "http", "scheme": "bearer" },
          "__proto__": { "type": "apiKey", "in": "header", "name": "x-api-key" }
        }
      }
    }`) as Record<string, unknown>;
    const api = new TypeSafeRestApi(stack, "Api", {
      spec,
      integrations: mocks(["constructor", "toString"]),
      authorizers: { constructor: Authorizers.iam() },
    });
    const body = bodyOf(Template.fromStack(stack)) as Body;
    expect(operationOf(body, "/a", "get").security).toEqual([{ constructor: [] }]);
    const rendered = api.renderedSpec as Body;
    expect(Object.keys((operationOf(rendered, "/b", "get").security as object[])[0])).toEqual(["__proto__"]);
    expect(Object.keys(rendered.components.securitySchemes)).toEqual(["constructor", "__proto__"]);
    expect(body.components.securitySchemes["constructor"]["x-amazon-apigateway-authtype"]).toBe("awsSigv4");
  });

  it("refuses alternatives API Gateway cannot enforce on one method", () => {
    const stack = newStack();
    const spec = {
      openapi: "3.0.3",
      info: { title: "Either", version: "1" },
      paths: {
        "/x": {
          get: {
            operationId: "getX",
            security: [{ sigv4: [] }, { ApiKeyAuth: [] }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
      components: {
        securitySchemes: {
          sigv4: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            "x-amazon-apigateway-authtype": "awsSigv4",
          },
          ApiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
    };
    expect(() => new TypeSafeRestApi(stack, "Api", { spec, integrations: mocks(["getX"]) })).toThrow(
      'Stack/Api: getX (GET /x): its security offers 2 alternatives ([{"sigv4":[]},{"ApiKeyAuth":[]}]), but API Gateway gives a method one authorizer (and an API key): keep one requirement',
    );
  });
});

describe("authorizer settings API Gateway would refuse", () => {
  it("fails at once, naming the authorizer", () => {
    const stack = newStack();
    const fn = handler(stack, "Fn");
    expect(() =>
      Authorizers.custom({ function: fn, identitySource: "method.request.querystring.token" }),
    ).toThrow(
      'Authorizers.custom (Fn): a TOKEN authorizer\'s identitySource must name one header, e.g. method.request.header.Authorization, not "method.request.querystring.token"',
    );
    expect(() => Authorizers.custom({ function: fn, resultsCacheTtl: Duration.hours(2) })).toThrow(
      "Authorizers.custom (Fn): resultsCacheTtl must be a whole number of seconds from 0 to 3600 (1 hour), not 7200",
    );
    expect(() => Authorizers.custom({ function: fn, type: "REQUEST", identitySource: "" })).toThrow(
      "Authorizers.custom (Fn): a REQUEST authorizer that caches its results needs an identitySource (the cache key); or set resultsCacheTtl to Duration.seconds(0)",
    );
    expect(() =>
      Authorizers.custom({
        function: fn,
        type: "REQUEST",
        identitySource: "header.X",
        resultsCacheTtl: Duration.seconds(0),
      }),
    ).toThrow('Authorizers.custom (Fn): identitySource "header.X" is not method.request.header.<name>');
    expect(() => Authorizers.cognito({ userPools: [] })).toThrow(
      "Authorizers.cognito: give 1 to 1,000 user pools (0 given)",
    );
  });

  it("fails when two authorizers share an authorizerId", () => {
    const stack = newStack();
    const a = Authorizers.custom({ authorizerId: "same", function: handler(stack, "A") });
    const b = Authorizers.custom({ authorizerId: "same", function: handler(stack, "B") });
    expect(
      () =>
        new TypeSafeRestApi(stack, "Api", {
          spec: PETS_SPEC,
          defaultAuthorizer: a,
          integrations: {
            ...mocks(PETS_OPERATIONS),
            getPet: { integration: Integrations.mock({ statusCode: 200 }), options: { authorizer: b } },
          },
        }),
    ).toThrow('Stack/Api: two authorizers have the authorizerId "same": give each its own authorizerId');
  });
});

describe("the AWS WAF web ACL", () => {
  it("is created with AWS managed rule groups and associated with the stage by default", () => {
    const stack = newStack();
    const api = new TypeSafeRestApi(stack, "Api", { spec: PETS_SPEC, integrations: mocks(PETS_OPERATIONS) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Priority: 0,
          Statement: {
            ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" },
          },
          OverrideAction: { None: {} },
        }),
        Match.objectLike({
          Priority: 1,
          Statement: {
            ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesKnownBadInputsRuleSet" },
          },
        }),
      ],
    });
    const association = Object.values(template.findResources("AWS::WAFv2::WebACLAssociation"));
    expect(association).toHaveLength(1);
    expect(evaluate(association[0].Properties.ResourceArn)).toBe(
      `arn:<AWS::Partition>:apigateway:eu-west-1::/restapis/<${stack.getLogicalId(api.api.node.defaultChild as never)}>/stages/<${stack.getLogicalId(api.api.deploymentStage.node.defaultChild as never)}>`,
    );
    expect(api.webAcl).toBeDefined();
  });

  it("can be the application's own, or none", () => {
    const own = newStack();
    new TypeSafeRestApi(own, "Api", {
      spec: PETS_SPEC,
      integrations: mocks(PETS_OPERATIONS),
      webAclOptions: { webAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/mine/1" },
    });
    const ownTemplate = Template.fromStack(own);
    ownTemplate.resourceCountIs("AWS::WAFv2::WebACL", 0);
    ownTemplate.hasResourceProperties("AWS::WAFv2::WebACLAssociation", {
      WebACLArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/mine/1",
    });
    const none = newStack();
    const api = new TypeSafeRestApi(none, "Api", {
      spec: PETS_SPEC,
      integrations: mocks(PETS_OPERATIONS),
      webAclOptions: { disable: true },
    });
    Template.fromStack(none).resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
    expect(api.webAclAssociation).toBeUndefined();
  });
});

describe("a secured API with a usage plan and an API key", () => {
  it("passes cdk-nag's AwsSolutions rules with no suppression beyond the construct's own", () => {
    const stack = newStack();
    const pool = new UserPool(stack, "Members", {
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireSymbols: true,
        requireUppercase: true,
      },
    });
    Validations.of(pool).acknowledge(
      { id: "AwsSolutions::AwsSolutions-COG2", reason: "MFA is the application's choice" },
      { id: "AwsSolutions::AwsSolutions-COG3", reason: "threat protection is the application's choice" },
      { id: "AwsSolutions::AwsSolutions-COG8", reason: "the feature plan is the application's choice" },
    );
    const partners = handler(stack, "Partners");
    // The test's function, not the construct: its role and runtime are the application's.
    Validations.of(partners).acknowledge(
      {
        id: "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason: "a test function",
      },
      { id: "AwsSolutions::AwsSolutions-L1", reason: "a test function" },
    );
    const api = new TypeSafeRestApi(stack, "Api", {
      spec: SECURED_SPEC,
      integrations: mocks(Object.keys(Operations.lookup(SECURED_SPEC))),
      authorizers: {
        members: Authorizers.cognito({ userPools: [pool] }),
        partners: Authorizers.custom({ function: partners }),
      },
    });
    const plan = api.api.addUsagePlan("Plan", {
      apiStages: [{ api: api.api, stage: api.api.deploymentStage }],
    });
    plan.addApiKey(api.api.addApiKey("Key", { value: "local-key-0123456789" }));
    const nagApp = stack.node.scope as App;
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp));
    const assembly = nagApp.synth();
    const template = assembly.getStackByName(stack.stackName).template as {
      Resources: Record<string, { Type: string }>;
    };
    lint.add("usage-plan", template);
    const types = Object.values(template.Resources).map((resource) => resource.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::UsagePlanKey",
      ]),
    );
  });
});

describe("every template synthesized above", () => {
  it("passes cfn-lint", () => lint.check());
});
