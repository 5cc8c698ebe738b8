import type { FunctionEntry } from "../assembly/functions";
import { functionArnOfUri } from "../assembly/functions";
import type { RestApiDefinition } from "../assembly/rest-apis";
import type { LambdaRunner } from "../lambda";
import type { ApiContext, MethodRequest } from "../request";
import type { LocalApiKey } from "./api-keys";
import { CognitoAuthorizer, type TokenKeys } from "./cognito";
import { LambdaAuthorizer } from "./lambda-authorizer";
import { issuerOfUserPoolArn, type LocalCredentials } from "./local-auth";
import { IamAuthorizer } from "./sigv4";
import type { Authorization, AuthorizeOutcome } from "./types";

/** What every API's authorization shares: how to run functions, verify tokens and signatures, and the keys. */
export interface SecuritySetup {
  readonly runner: LambdaRunner;
  readonly functions: ReadonlyMap<string, FunctionEntry>;
  readonly tokenKeys: TokenKeys;
  /** The credentials SigV4 signatures are checked with (read when first needed). */
  readonly credentials: () => readonly LocalCredentials[];
  /** False with `--no-sigv4`: IAM-authorized methods take unsigned requests. */
  readonly verifySignatures: boolean;
  readonly apiKeys: readonly LocalApiKey[];
}

/** A method's authorization, compiled at start: its authorizer, then its API key. */
export interface MethodSecurity {
  /** For the route table, e.g. `COGNITO_USER_POOLS (Authorization) [pets/write] + API key`. */
  readonly description: string;
  /** `url` is the path and query string as the client sent them (what a SigV4 signature covers). */
  authorize(request: MethodRequest, url: string): Promise<AuthorizeOutcome>;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

type SchemeCheck =
  | { readonly kind: "iam"; readonly authorizer: IamAuthorizer }
  | { readonly kind: "cognito"; readonly authorizer: CognitoAuthorizer }
  | { readonly kind: "lambda"; readonly authorizer: LambdaAuthorizer }
  | { readonly kind: "api-key" }
  /** A scheme API Gateway ignores on import (no extension it knows): the method is open. */
  | { readonly kind: "ignored"; readonly why: string };

/** A missing, unknown or disabled API key: 403 `{"message":"Forbidden"}`. */
const forbidden = (detail: string): AuthorizeOutcome => ({
  kind: "deny",
  error: { type: "INVALID_API_KEY", message: "Forbidden" },
  detail,
});

/**
 * The authorization of one REST API's methods, from its spec: `components.securitySchemes` with API
 * Gateway's extensions, each operation's `security` (else the document's), and
 * `x-amazon-apigateway-api-key-source`. Schemes are compiled once, so a Lambda authorizer's cache is
 * shared by every method that uses it, as on API Gateway.
 */
export class ApiSecurity {
  private readonly schemes = new Map<string, SchemeCheck>();
  private readonly methodArnPrefix: string;
  private readonly apiKeySource: "HEADER" | "AUTHORIZER";
  private readonly keys: ReadonlyMap<string, LocalApiKey>;
  /** The issuers of the Cognito user pools the API's authorizers accept. */
  readonly userPools: string[] = [];

  constructor(
    private readonly definition: RestApiDefinition,
    private readonly context: ApiContext,
    private readonly setup: SecuritySetup,
    private readonly warnings: string[],
  ) {
    const { partition, region } = definition.stack.scope;
    this.methodArnPrefix = `arn:${partition}:execute-api:${region}:${context.accountId}:${context.apiId}/${context.stage}/`;
    const source = String(
      definition.document["x-amazon-apigateway-api-key-source"] ?? "HEADER",
    ).toUpperCase();
    this.apiKeySource = source === "AUTHORIZER" ? "AUTHORIZER" : "HEADER";
    const stage = `${definition.stack.id}/${definition.logicalId}/${definition.stageName}`;
    this.keys = new Map(
      setup.apiKeys.filter((key) => key.stages.includes(stage)).map((key) => [key.value, key]),
    );
    const components = isObject(definition.document.components) ? definition.document.components : {};
    const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
    for (const [name, scheme] of Object.entries(schemes)) {
      if (isObject(scheme)) this.schemes.set(name, this.compileScheme(name, scheme));
    }
  }

  /** The security of one operation, or undefined when it is open. */
  forOperation(operation: Obj, where: string): MethodSecurity | undefined {
    const security = Array.isArray(operation.security)
      ? operation.security
      : this.definition.document.security;
    if (!Array.isArray(security) || security.length === 0) return undefined;
    if (security.length > 1) {
      this.warnings.push(
        `${where}: its security offers ${security.length} alternatives; API Gateway gives a method one authorizer, and serve uses the first`,
      );
    }
    const requirement = isObject(security[0]) ? security[0] : {};
    let check: Exclude<SchemeCheck, { kind: "api-key" } | { kind: "ignored" }> | undefined;
    let scopes: readonly string[] = [];
    let apiKey = false;
    for (const [name, value] of Object.entries(requirement)) {
      const scheme = this.schemes.get(name);
      if (!scheme) {
        this.warnings.push(
          `${where}: its security names ${name}, which components.securitySchemes does not define`,
        );
        continue;
      }
      if (scheme.kind === "api-key") apiKey = true;
      else if (scheme.kind === "ignored") this.warnings.push(`${where}: ${scheme.why}`);
      else if (!check) {
        check = scheme;
        scopes = Array.isArray(value) ? value.map(String) : [];
      }
    }
    if (!check && !apiKey) return undefined;
    if (apiKey && this.keys.size === 0) {
      this.warnings.push(
        `${where} requires an API key, but no usage plan of the app gives this stage one: every call answers 403 Forbidden (add a usage plan with an API key: api.addUsagePlan(...).addApiKey(...))`,
      );
    }
    const parts = [
      ...(check ? [check.authorizer.description] : []),
      ...(check?.kind === "cognito" && scopes.length > 0 ? [`[${scopes.join(" ")}]`] : []),
      ...(apiKey ? [`${check ? "+ " : ""}API key (${this.apiKeySource.toLowerCase()})`] : []),
    ];
    return {
      description: parts.join(" "),
      authorize: async (request, url) => {
        let authorization: Authorization = { identity: {} };
        if (check) {
          const outcome = await this.authorizeWith(check, request, url, scopes);
          if (outcome.kind === "deny") return outcome;
          authorization = outcome.authorization;
        }
        return apiKey ? this.checkApiKey(request, authorization) : { kind: "allow", authorization };
      },
    };
  }

  private authorizeWith(
    check: Exclude<SchemeCheck, { kind: "api-key" } | { kind: "ignored" }>,
    request: MethodRequest,
    url: string,
    scopes: readonly string[],
  ): Promise<AuthorizeOutcome> | AuthorizeOutcome {
    switch (check.kind) {
      case "iam":
        return check.authorizer.authorize(request, { url });
      case "cognito":
        return check.authorizer.authorize(request, scopes);
      case "lambda":
        return check.authorizer.authorize(
          request,
          this.context,
          `${this.methodArnPrefix}${request.method}${request.path}`,
        );
    }
  }

  /** The method's API key, from the x-api-key header or the Lambda authorizer's usageIdentifierKey. */
  private checkApiKey(request: MethodRequest, authorization: Authorization): AuthorizeOutcome {
    const value =
      this.apiKeySource === "AUTHORIZER" ? authorization.usageIdentifierKey : request.headers["x-api-key"];
    if (value === undefined || value === "") return forbidden("no API key");
    const key = this.keys.get(value);
    if (!key) return forbidden("the API key is not one of a usage plan of this stage");
    if (!key.enabled) return forbidden(`the API key ${key.name} is disabled`);
    return {
      kind: "allow",
      authorization: {
        ...authorization,
        principal: authorization.principal ?? key.name,
        identity: { ...authorization.identity, apiKey: value, apiKeyId: key.id },
      },
    };
  }

  private compileScheme(name: string, scheme: Obj): SchemeCheck {
    const where = `${this.definition.constructPath} securityScheme ${name}`;
    const authType =
      typeof scheme["x-amazon-apigateway-authtype"] === "string"
        ? scheme["x-amazon-apigateway-authtype"]
        : "";
    const authorizer = isObject(scheme["x-amazon-apigateway-authorizer"])
      ? scheme["x-amazon-apigateway-authorizer"]
      : undefined;
    if (authType.toLowerCase() === "awssigv4") {
      const { region } = this.definition.stack.scope;
      return {
        kind: "iam",
        authorizer: new IamAuthorizer(
          this.setup.credentials,
          region,
          this.context.accountId,
          this.setup.verifySignatures,
        ),
      };
    }
    if (!authorizer) {
      const apiKey =
        scheme.type === "apiKey" &&
        scheme.in === "header" &&
        String(scheme.name).toLowerCase() === "x-api-key";
      return apiKey
        ? { kind: "api-key" }
        : {
            kind: "ignored",
            why: `API Gateway ignores the security scheme ${name} (${String(scheme.type)}, without x-amazon-apigateway-authorizer), so the operation is open`,
          };
    }
    const type = String(authorizer.type ?? "").toLowerCase();
    if (type === "cognito_user_pools") {
      const arns = Array.isArray(authorizer.providerARNs) ? authorizer.providerARNs.map(String) : [];
      const issuers: string[] = [];
      for (const arn of arns) {
        const issuer = issuerOfUserPoolArn(arn);
        if (issuer) issuers.push(issuer);
        else
          this.warnings.push(
            `${where}: provider ARN ${arn} is not a user pool ARN: no token it issues is accepted`,
          );
      }
      this.userPools.push(...issuers);
      return {
        kind: "cognito",
        authorizer: new CognitoAuthorizer(
          typeof scheme.name === "string" ? scheme.name : "Authorization",
          issuers,
          this.setup.tokenKeys,
        ),
      };
    }
    if (type === "token" || type === "request") {
      const uri = String(authorizer.authorizerUri ?? "");
      const arn = functionArnOfUri(uri);
      const identitySource =
        typeof authorizer.identitySource === "string"
          ? authorizer.identitySource
          : type === "token"
            ? `method.request.header.${typeof scheme.name === "string" ? scheme.name : "Authorization"}`
            : "";
      let validation: RegExp | undefined;
      if (typeof authorizer.identityValidationExpression === "string") {
        try {
          validation = new RegExp(authorizer.identityValidationExpression);
        } catch (error) {
          this.warnings.push(
            `${where}: identityValidationExpression is not a regular expression here: ${(error as Error).message}`,
          );
        }
      }
      const ttl = Number(authorizer.authorizerResultTtlInSeconds ?? 300);
      const lambda = new LambdaAuthorizer(
        {
          name,
          type: type === "token" ? "TOKEN" : "REQUEST",
          identitySources: identitySource
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== ""),
          identityValidationExpression: validation,
          resultsCacheTtlSeconds: Number.isFinite(ttl) ? ttl : 300,
          target: arn ? this.setup.functions.get(arn) : undefined,
          uri,
        },
        this.setup.runner,
      );
      if (lambda.problem) this.warnings.push(`${where}: ${lambda.problem}`);
      return { kind: "lambda", authorizer: lambda };
    }
    return {
      kind: "ignored",
      why: `the security scheme ${name} has an x-amazon-apigateway-authorizer of type "${String(authorizer.type)}", which API Gateway does not know`,
    };
  }
}
