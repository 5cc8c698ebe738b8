import { loadModelSync, setOwn } from "@specgate/model";
import { Annotations, Lazy, RemovalPolicy, Stack, Validations } from "aws-cdk-lib/core";
import {
  AccessLogFormat,
  ApiDefinition,
  type ApiKeySourceType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  SpecRestApi,
  type CorsOptions,
  type RestApiBaseProps,
  type StageOptions,
} from "aws-cdk-lib/aws-apigateway";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import type { Authorizer } from "./authorizers";
import type { ApiGatewayIntegration, Integration, IntegrationRenderProps } from "./integration";
import { lookupOf, type OpenApiDocument, type OperationDetails, type OperationLookup } from "./operations";
import { integrationMismatch, prepareApiSpec, type TypeSafeApiIntegrationOptions } from "./prepare-api-spec";
import { RestApiBodyRenderer } from "./rest-api-body";
import { SPEC_BYTES_LIMIT } from "./size";
import { StageWebAcl, type TypeSafeApiWebAclOptions } from "./waf";

const INTEGRATION_TYPES = new Set(["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]);

/** An operation's integration and its options. */
export interface TypeSafeApiIntegration {
  /** What API Gateway does for the operation. */
  readonly integration: Integration;
  /**
   * Settings beside the integration.
   * @default none
   */
  readonly options?: TypeSafeApiIntegrationOptions;
}

export interface TypeSafeRestApiProps extends RestApiBaseProps {
  /** The OpenAPI spec: a path to a YAML or JSON file (other files it `$ref`s are bundled), or a parsed document. */
  readonly spec: string | OpenApiDocument;
  /**
   * Every operation of the spec by operationId (generated code passes its own).
   * @default derived from the spec
   */
  readonly operationLookup?: OperationLookup;
  /** An integration for every operation, by operationId exactly as the spec writes it. */
  readonly integrations: { readonly [operationId: string]: TypeSafeApiIntegration };
  /**
   * Turns CORS on: preflight methods on every path without an OPTIONS method, CORS headers on
   * mock responses and gateway responses.
   * @default CORS off
   */
  readonly corsOptions?: CorsOptions;
  /**
   * An authorizer for each security scheme of the model that API Gateway cannot enforce on its own,
   * by the scheme's name in `components.securitySchemes`. An `x-api-key` API key scheme and a
   * scheme the model already writes with API Gateway's extensions need none.
   * @default none; synth fails when an operation's security needs one
   */
  readonly authorizers?: { readonly [securityScheme: string]: Authorizer };
  /**
   * The authorizer of every operation the model gives no security; an operation's
   * `options.authorizer` overrides it (`Authorizers.none()` opens one operation).
   * @default none: such operations are open
   */
  readonly defaultAuthorizer?: Authorizer;
  /**
   * Where API Gateway reads API keys from: the `x-api-key` header, or a Lambda authorizer's `usageIdentifierKey`.
   * @default ApiKeySourceType.HEADER
   */
  readonly apiKeySourceType?: ApiKeySourceType;
  /**
   * The AWS WAF web ACL associated with the stage.
   * @default a web ACL with AWS managed rule groups (AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet)
   */
  readonly webAclOptions?: TypeSafeApiWebAclOptions;
}

/**
 * A REST API on Amazon API Gateway defined by an OpenAPI spec, with an integration for every
 * operation. The spec is rendered at synth and goes inline into the template, CDK tokens left to
 * CloudFormation: as an object, or as one compact JSON string when the object would be too large.
 */
export class TypeSafeRestApi extends Construct {
  /** The API Gateway REST API. */
  readonly api: SpecRestApi;
  /** The spec as API Gateway imports it: a plain document with CDK tokens inside, made into the Body at synth. */
  readonly renderedSpec: OpenApiDocument;
  /** The web ACL specgate created for the stage, unless `webAclOptions` disables it or names another. */
  readonly webAcl?: CfnWebACL;
  /** The association of a web ACL with the stage, unless `webAclOptions` disables it. */
  readonly webAclAssociation?: CfnWebACLAssociation;
  private readonly body: RestApiBodyRenderer;

  constructor(scope: Construct, id: string, props: TypeSafeRestApiProps) {
    super(scope, id);
    const {
      spec,
      operationLookup: givenLookup,
      integrations,
      corsOptions,
      authorizers,
      defaultAuthorizer,
      apiKeySourceType,
      webAclOptions,
      ...restApiProps
    } = props;
    const model = loadModelSync(spec);
    const operationLookup = lookupOf(model);
    if (givenLookup) this.checkLookup(givenLookup, operationLookup);

    const derivedIds = model.operations.filter((op) => op.operationIdDerived).map((op) => op.operationId);
    const mismatch = integrationMismatch(operationLookup, Object.keys(integrations), derivedIds);
    if (mismatch) throw new Error(`${this.node.path}: ${mismatch}`);

    const renderProps = (operationId: string): IntegrationRenderProps => {
      const { method, path, contentTypes } = operationLookup[operationId];
      return { operationId, method, path, contentTypes, scope: this, corsOptions, operationLookup };
    };
    const rendered: { [operationId: string]: ApiGatewayIntegration } = {};
    for (const operationId of Object.keys(operationLookup)) {
      const integration = integrations[operationId].integration.render(renderProps(operationId));
      this.checkIntegrationType(operationId, integration);
      setOwn(rendered, operationId, integration);
    }
    const options = Object.fromEntries(
      Object.entries(integrations).flatMap(([id, value]) => (value.options ? [[id, value.options]] : [])),
    );
    try {
      this.renderedSpec = prepareApiSpec(model.document, {
        operationLookup,
        integrations: rendered,
        options,
        corsOptions,
        authorizers,
        defaultAuthorizer,
        apiKeySourceType,
      });
    } catch (error) {
      throw new Error(`${this.node.path}: ${(error as Error).message}`);
    }

    this.body = new RestApiBodyRenderer(this.renderedSpec);
    this.api = new SpecRestApi(this, "Default", {
      ...restApiProps,
      restApiName: restApiProps.restApiName ?? model.title,
      // The stage's access and execution logs need API Gateway's account-level CloudWatch role.
      cloudWatchRole: restApiProps.cloudWatchRole ?? true,
      deployOptions: this.stageDefaults(restApiProps.deployOptions),
      // Resolved in the template's own context (cross-stack references become imports there). The
      // deployment's logical id hashes the resolved RestApi, so it changes with the body.
      apiDefinition: ApiDefinition.fromInline(
        Lazy.uncachedAny({
          produce: (context) => this.body.render((value) => context.resolve(value)).body,
        }),
      ),
    });
    // Validators live in the spec body, where cdk-nag cannot see them.
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions::AwsSolutions-APIG2",
      reason: "Request validators are in the OpenAPI body (x-amazon-apigateway-request-validators)",
    });
    const cloudWatchRole = this.api.node.tryFindChild("CloudWatchRole");
    if (cloudWatchRole) {
      const reason =
        "API Gateway's account-level logging role needs this policy, which AWS maintains for exactly that";
      const finding =
        "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]";
      try {
        Validations.of(cloudWatchRole).acknowledge({ id: finding, reason });
      } catch {
        // aws-cdk-lib before 2.27x rejects a finding's id (`[Policy::…]`) and matches the rule's id
        // instead: the role holds that one managed policy.
        Validations.of(cloudWatchRole).acknowledge({ id: "AwsSolutions::AwsSolutions-IAM4", reason });
      }
    }

    for (const operationId of Object.keys(operationLookup)) {
      integrations[operationId].integration.grant({ ...renderProps(operationId), api: this.api });
    }
    const used = new Set<Authorizer>([
      ...Object.values(authorizers ?? {}),
      ...(defaultAuthorizer ? [defaultAuthorizer] : []),
      ...Object.values(options).flatMap((option) => (option.authorizer ? [option.authorizer] : [])),
    ]);
    for (const authorizer of used) authorizer._grant(this.api);

    if (webAclOptions?.disable && webAclOptions.webAclArn !== undefined) {
      throw new Error(`${this.node.path}: webAclOptions gives both disable and webAclArn: keep one`);
    }
    if (!webAclOptions?.disable) {
      const acl = new StageWebAcl(this, "WebAcl", this.api.deploymentStage.stageArn, webAclOptions ?? {});
      this.webAcl = acl.webAcl;
      this.webAclAssociation = acl.association;
    }

    this.node.addValidation({ validate: () => this.checkSize() });
  }

  /** Access logs, execution logs on errors, tracing and metrics, unless the props say otherwise. */
  private stageDefaults(given: StageOptions | undefined): StageOptions {
    const accessLogs = given?.accessLogDestination
      ? {}
      : {
          accessLogDestination: new LogGroupLogDestination(
            new LogGroup(this, "AccessLogs", {
              retention: RetentionDays.ONE_YEAR,
              removalPolicy: RemovalPolicy.RETAIN,
            }),
          ),
          accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        };
    return {
      loggingLevel: MethodLoggingLevel.ERROR,
      tracingEnabled: true,
      metricsEnabled: true,
      ...accessLogs,
      ...given,
    };
  }

  /** TypeScript checks the type of a rendered integration; Java and Python only know it is a string. */
  private checkIntegrationType(operationId: string, integration: ApiGatewayIntegration): void {
    const type: unknown = integration.type;
    if (typeof type === "string" && INTEGRATION_TYPES.has(type.toUpperCase())) return;
    throw new Error(
      `${this.node.path}: the integration of ${operationId} renders the type "${String(type)}", which API Gateway does not know: use one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK (IntegrationTypes)`,
    );
  }

  private checkLookup(given: OperationLookup, fromSpec: OperationLookup): void {
    const same = (a: OperationDetails | undefined, b: OperationDetails | undefined): boolean =>
      a !== undefined && b !== undefined && a.method === b.method && a.path === b.path;
    const differing = [...new Set([...Object.keys(given), ...Object.keys(fromSpec)])].filter(
      (id) => !same(given[id], fromSpec[id]),
    );
    if (differing.length === 0) return;
    const describe = (details: OperationDetails | undefined): string =>
      details ? `${details.method} ${details.path}` : "absent";
    throw new Error(
      [
        `${this.node.path}: operationLookup does not match the spec:`,
        ...differing.map(
          (id) =>
            `  - ${id}: ${describe(given[id])} in operationLookup, ${describe(fromSpec[id])} in the spec`,
        ),
        "Regenerate the code from the spec (specgate generate), or omit operationLookup.",
      ].join("\n"),
    );
  }

  /** Fails synth when the body cannot fit in the template; says so when it fits only as a string. */
  private checkSize(): string[] {
    const { compacted, bytes, objectBytes, problem } = this.body.render((value) =>
      Stack.of(this).resolve(value),
    );
    const limit = SPEC_BYTES_LIMIT;
    const split = "Split the API into several TypeSafeRestApis (a group of paths each) in their own stacks";
    if (problem) {
      return [
        `The rendered OpenAPI spec takes ${objectBytes} bytes of the CloudFormation template as an object, more than the ${limit} specgate allows, and cannot be written as one JSON string: ${problem}. Or: ${split}.`,
      ];
    }
    if (bytes > limit) {
      return [
        `The rendered OpenAPI spec takes ${objectBytes} bytes of the CloudFormation template as an object and ${bytes} as one compact JSON string, more than the ${limit} specgate allows: a template is limited to 1,000,000 bytes and the rest of the stack needs room. ${split}, or shrink the spec (descriptions, examples).`,
      ];
    }
    if (compacted) {
      Annotations.of(this).addInfo(
        `The RestApi Body is the OpenAPI spec as one compact JSON string (${bytes} bytes): as an object it would take ${objectBytes} bytes of the template, more than the ${limit} specgate allows.`,
      );
    }
    return [];
  }
}
