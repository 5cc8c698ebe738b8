import { refCycleProblems } from "@specgate/model";
import type { FunctionEntry } from "./assembly/functions";
import { functionArnOfUri } from "./assembly/functions";
import type { RestApiDefinition } from "./assembly/rest-apis";
import { compileResponseContract, type ResponseContract } from "./contract";
import { LocalGatewayError } from "./errors";
import { GatewayResponses } from "./gateway-responses";
import { awsServiceIntegration } from "./integrations/aws";
import { httpIntegration } from "./integrations/http";
import { failingIntegration, type Integration } from "./integrations/integration";
import { lambdaProxyIntegration } from "./integrations/lambda";
import { lambdaCustomIntegration } from "./integrations/lambda-custom";
import { mockIntegration } from "./integrations/mock";
import { refusedMappingProblem } from "./integrations/restricted-headers";
import { compileMappings } from "./parameter-mapping";
import type { LambdaRunner } from "./lambda";
import type { ApiContext } from "./request";
import { Router } from "./router/router";
import { ApiSecurity, type MethodSecurity, type SecuritySetup } from "./auth/security";
import { SchemaCompiler } from "./schemas";
import { templateStageVariables } from "./vtl/engine";
import { compileRequestValidator, type RequestValidator, type RequestValidatorSettings } from "./validate";
import type { VpcLinkTargets } from "./vpc-links";
import { resourceIdOf } from "./ids";

/** One method of one resource, compiled: what the request lifecycle runs. */
export interface CompiledMethod {
  readonly resource: string;
  /** Upper case, or `ANY`. */
  readonly method: string;
  /** The operationId, else `METHOD /resource`: how warnings name the operation. */
  readonly label: string;
  readonly validator?: RequestValidator;
  readonly integration: Integration;
  readonly contract?: ResponseContract;
  /** Its authorizer and API key, checked before its request validator; absent for an open method. */
  readonly security?: MethodSecurity;
}

export interface RouteInfo {
  readonly method: string;
  readonly resource: string;
  readonly integration: string;
  /** How the method is authorized, e.g. `AWS_IAM (SigV4)`; absent when it is open. */
  readonly auth?: string;
}

/** A REST API ready to serve. */
export interface CompiledApi {
  readonly definition: RestApiDefinition;
  readonly context: ApiContext;
  readonly router: Router<CompiledMethod>;
  readonly gatewayResponses: GatewayResponses;
  readonly routes: readonly RouteInfo[];
  /** Problems found while compiling that do not stop the API from serving (each affected route answers 500). */
  readonly warnings: readonly string[];
  /** The API's authorizers and API keys (absent for an API built by hand, without a spec). */
  readonly security?: ApiSecurity;
}

export interface CompileOptions {
  readonly runner: LambdaRunner;
  readonly functions: ReadonlyMap<string, FunctionEntry>;
  /** Where each VPC link leads locally, by id or construct path. */
  readonly vpcLinks: VpcLinkTargets;
  /** Tokens, signatures and keys the APIs' authorizers check against. */
  readonly security: SecuritySetup;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];
const ANY_METHOD = "x-amazon-apigateway-any-method";
const DEFAULT_TIMEOUT_MS = 29_000;

function deref(document: Obj, value: unknown): Obj | undefined {
  let node = value;
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === "string"; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith("#/")) return undefined;
    node = ref
      .slice(2)
      .split("/")
      .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), document);
  }
  return isObject(node) ? node : undefined;
}

function compileIntegration(
  api: RestApiDefinition,
  spec: unknown,
  stageVariables: Readonly<Record<string, string>> | null,
  options: CompileOptions,
  where: string,
): Integration {
  if (!isObject(spec)) {
    return failingIntegration("NONE", "none", `${where} has no x-amazon-apigateway-integration`);
  }
  const type = String(spec.type ?? "").toLowerCase();
  const uri = String(spec.uri ?? "").replace(
    /\$\{stageVariables\.([^}]+)\}/g,
    (whole, name: string) => stageVariables?.[name] ?? whole,
  );
  const integration = { ...spec, uri };
  const timeoutMs = typeof spec.timeoutInMillis === "number" ? spec.timeoutInMillis : DEFAULT_TIMEOUT_MS;
  switch (type) {
    case "mock":
      return mockIntegration(integration, where);
    case "aws_proxy": {
      const arn = functionArnOfUri(uri);
      if (!arn) return awsServiceIntegration(integration);
      // A proxy ignores its request parameters, but not a header API Gateway never lets a mapping set.
      const refused = refusedMappingProblem(
        "AWS_PROXY",
        compileMappings(spec.requestParameters, "integration.request.header.", where).map(({ name }) => name),
        where,
      );
      if (refused) return failingIntegration("AWS_PROXY", "AWS_PROXY (maps a refused header)", refused);
      return lambdaProxyIntegration({
        runner: options.runner,
        timeoutMs,
        httpMethod: typeof spec.httpMethod === "string" ? spec.httpMethod : undefined,
        target: options.functions.get(arn),
        uri,
      });
    }
    case "aws": {
      const arn = functionArnOfUri(uri);
      if (!arn) return awsServiceIntegration(integration);
      return lambdaCustomIntegration(integration, {
        runner: options.runner,
        timeoutMs,
        target: options.functions.get(arn),
        uri,
        where,
      });
    }
    case "http":
    case "http_proxy": {
      const proxy = type === "http_proxy";
      let link: string | undefined;
      if (String(spec.connectionType ?? "").toUpperCase() === "VPC_LINK") {
        const connectionId = String(spec.connectionId ?? "");
        link = options.vpcLinks.urlFor(connectionId, api.stack);
        if (!link) {
          return failingIntegration(
            type.toUpperCase(),
            `${type.toUpperCase()} VPC_LINK ${connectionId} (no --vpc-link given)`,
            `${where} goes through VPC link ${connectionId}: pass --vpc-link ${connectionId}=<url> to say where it leads locally`,
          );
        }
      }
      return httpIntegration(integration, { proxy, timeoutMs, vpcLinkUrl: link }, where);
    }
    default:
      return failingIntegration(
        type.toUpperCase() || "NONE",
        `unknown type ${type}`,
        `${where}: integration type "${String(spec.type)}" is not one API Gateway knows`,
      );
  }
}

/** Compiles routes, validators, templates and integrations of one REST API, once. */
export function compileApi(definition: RestApiDefinition, options: CompileOptions): CompiledApi {
  const document = definition.document;
  // A definition that is only itself would compile to a validator that calls itself forever.
  const [cycle] = refCycleProblems(document);
  if (cycle) throw new LocalGatewayError(`${definition.constructPath}: ${cycle.message}`);
  const schemas = new SchemaCompiler(document);
  const context: ApiContext = {
    apiId: resourceIdOf(definition.id),
    accountId: definition.stack.scope.accountId,
    stage: definition.stageName,
    stageVariables: definition.stageVariables,
    templateStageVariables: templateStageVariables(definition.stageVariables),
  };
  const router = new Router<CompiledMethod>();
  const routes: RouteInfo[] = [];
  const warnings: string[] = [];
  const validators = isObject(document["x-amazon-apigateway-request-validators"])
    ? document["x-amazon-apigateway-request-validators"]
    : {};
  const defaultValidator = document["x-amazon-apigateway-request-validator"];
  const security = new ApiSecurity(definition, context, options.security, warnings);

  for (const [resource, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (resource.startsWith("x-")) continue;
    const item = deref(document, rawItem);
    if (!item) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const key of [...METHODS, ANY_METHOD]) {
      const operation = deref(document, item[key]);
      if (!operation) continue;
      const method = key === ANY_METHOD ? "ANY" : key.toUpperCase();
      const where = `${definition.constructPath} ${method} ${resource}`;
      const label =
        typeof operation.operationId === "string" ? operation.operationId : `${method} ${resource}`;

      const parameters = new Map<string, Obj>();
      for (const raw of [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const parameter = deref(document, raw);
        if (parameter && typeof parameter.name === "string")
          parameters.set(`${String(parameter.in)}:${parameter.name}`, parameter);
      }
      let bodySchema: Obj | undefined;
      const requestBody = deref(document, operation.requestBody);
      const content = isObject(requestBody?.content) ? requestBody.content : {};
      const json = deref(document, content["application/json"] ?? Object.values(content)[0]);
      if (json && isObject(json.schema)) bodySchema = json.schema;
      for (const parameter of parameters.values()) {
        if (parameter.in === "body" && isObject(parameter.schema)) bodySchema = parameter.schema;
      }

      const validatorName = operation["x-amazon-apigateway-request-validator"] ?? defaultValidator;
      let settings: RequestValidatorSettings | undefined;
      if (typeof validatorName === "string") {
        const found = validators[validatorName];
        if (!isObject(found)) {
          throw new LocalGatewayError(
            `${where}: request validator "${validatorName}" is not defined in x-amazon-apigateway-request-validators`,
          );
        }
        settings = {
          validateRequestBody: found.validateRequestBody === true,
          validateRequestParameters: found.validateRequestParameters === true,
        };
      }
      const requiredParameters = [...parameters.values()]
        .filter((p) => p.in === "path" || p.required === true)
        .filter((p) => p.in !== "body")
        .map((p) => ({ in: String(p.in), name: String(p.name) }));
      const validator = compileRequestValidator(settings, { requiredParameters, bodySchema }, schemas, where);

      const responses: Record<string, Obj> = {};
      for (const [status, raw] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
        const response = deref(document, raw);
        if (response && !status.startsWith("x-")) {
          const resolvedContent: Obj = {};
          for (const [type, media] of Object.entries(isObject(response.content) ? response.content : {})) {
            resolvedContent[type] = deref(document, media) ?? {};
          }
          responses[status] = { ...response, content: resolvedContent };
        }
      }
      const contract = compileResponseContract(responses, schemas, where);

      const integration = compileIntegration(
        definition,
        operation["x-amazon-apigateway-integration"],
        definition.stageVariables,
        options,
        where,
      );
      if (integration.problem) warnings.push(`${where}: ${integration.problem}`);
      const methodSecurity = security.forOperation(operation, where);
      try {
        router.add(resource, method, {
          resource,
          method,
          label,
          validator,
          integration,
          contract,
          ...(methodSecurity ? { security: methodSecurity } : {}),
        });
      } catch (error) {
        throw new LocalGatewayError(`${definition.constructPath}: ${(error as Error).message}`);
      }
      routes.push({
        method,
        resource,
        integration: integration.description,
        ...(methodSecurity ? { auth: methodSecurity.description } : {}),
      });
    }
  }
  return {
    definition,
    context,
    router,
    gatewayResponses: new GatewayResponses(
      document["x-amazon-apigateway-gateway-responses"],
      definition.constructPath,
    ),
    routes,
    warnings,
    security,
  };
}
