import { Duration, Names, Stack } from "aws-cdk-lib/core";
import { AuthorizationType, type SpecRestApi } from "aws-cdk-lib/aws-apigateway";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { lambdaInvocationUri } from "../integrations/lambda";
import { Authorizer, singleHeaderOf, type SecuritySchemeObject } from "./authorizer";

/** What a Lambda authorizer is given: one token, or the request's parameters. */
export type CustomAuthorizerType = "token" | "request" | "TOKEN" | "REQUEST";

// As for integration fields: TypeScript checks the union, Java and Python use these constants.

/** The values of `CustomAuthorizerProps.type`, as constants. */
export class CustomAuthorizerTypes {
  /** The function gets the token of one header (`authorizationToken`). */
  static readonly TOKEN = "TOKEN";
  /** The function gets the request's headers, query string, path, stage variables and context. */
  static readonly REQUEST = "REQUEST";
  private constructor() {}
}

/** A Lambda authorizer. */
export interface CustomAuthorizerProps {
  /**
   * The name of the authorizer's security scheme in the rendered spec.
   * @default the function's construct id
   */
  readonly authorizerId?: string;
  /** The function that authorizes calls: it returns an IAM policy for the method ARN it is given. */
  readonly function: IFunction;
  /**
   * Whether the function gets one token (`TOKEN`) or the request's parameters (`REQUEST`).
   * @default CustomAuthorizerTypes.TOKEN
   */
  readonly type?: CustomAuthorizerType;
  /**
   * Where the identity is: one `method.request.header.<name>` for a TOKEN authorizer; for a REQUEST
   * authorizer, comma-separated `method.request.header.<name>`, `method.request.querystring.<name>`,
   * `stageVariables.<name>` or `context.<name>` expressions, all of which a request must carry
   * (they are the cache key). `IdentitySource.header("Authorization")` writes one.
   * @default "method.request.header.Authorization"
   */
  readonly identitySource?: string;
  /**
   * A regular expression a TOKEN authorizer's token must match; API Gateway answers 401 without
   * calling the function when it does not.
   * @default every token reaches the function
   */
  readonly identityValidationExpression?: string;
  /**
   * How long API Gateway keeps the function's policy for the same identity (0 to 1 hour; zero turns caching off).
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

const IDENTITY_EXPRESSION =
  /^(method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\.[^\s,]+|stageVariables\.[^\s,]+|context\.[^\s,]+)$/;

/** The functions each API may invoke as authorizers: one permission per function and API. */
const granted = new WeakMap<SpecRestApi, Set<IFunction>>();

/** Calls a Lambda function with the caller's token or request; its policy allows or denies the call. */
export class CustomAuthorizer extends Authorizer {
  /** The authorizing function. */
  readonly function: IFunction;
  /** `TOKEN` or `REQUEST`. */
  readonly type: string;
  /** The identity source expressions, comma-separated. */
  readonly identitySource: string;
  /** How long API Gateway caches a result, in seconds. */
  readonly resultsCacheTtlSeconds: number;
  /** The regular expression a token must match, if any. */
  readonly identityValidationExpression?: string;

  constructor(props: CustomAuthorizerProps) {
    super(
      props.authorizerId ?? props.function.node.id.replace(/[^A-Za-z0-9_.-]+/g, "-"),
      AuthorizationType.CUSTOM,
    );
    const type = String(props.type ?? CustomAuthorizerTypes.TOKEN).toUpperCase();
    const where = `Authorizers.custom (${this.authorizerId})`;
    if (type !== CustomAuthorizerTypes.TOKEN && type !== CustomAuthorizerTypes.REQUEST) {
      throw new Error(
        `${where}: type "${String(props.type)}" is not TOKEN or REQUEST (CustomAuthorizerTypes)`,
      );
    }
    const identitySource = (props.identitySource ?? "method.request.header.Authorization").trim();
    const ttl = (props.resultsCacheTtl ?? Duration.minutes(5)).toSeconds();
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
      throw new Error(
        `${where}: resultsCacheTtl must be a whole number of seconds from 0 to 3600 (1 hour), not ${ttl}`,
      );
    }
    if (type === CustomAuthorizerTypes.TOKEN) {
      if (!singleHeaderOf(identitySource)) {
        throw new Error(
          `${where}: a TOKEN authorizer's identitySource must name one header, e.g. method.request.header.Authorization, not "${identitySource}"`,
        );
      }
      if (props.identityValidationExpression !== undefined) {
        try {
          new RegExp(props.identityValidationExpression);
        } catch (error) {
          throw new Error(
            `${where}: identityValidationExpression is not a regular expression: ${(error as Error).message}`,
          );
        }
      }
    } else {
      if (props.identityValidationExpression !== undefined) {
        throw new Error(`${where}: identityValidationExpression applies to TOKEN authorizers only`);
      }
      const expressions = identitySource === "" ? [] : identitySource.split(",").map((part) => part.trim());
      const bad = expressions.filter((expression) => !IDENTITY_EXPRESSION.test(expression));
      if (bad.length > 0) {
        throw new Error(
          `${where}: identitySource ${bad.map((b) => `"${b}"`).join(", ")} is not method.request.header.<name>, method.request.querystring.<name>, stageVariables.<name> or context.<name>`,
        );
      }
      if (expressions.length === 0 && ttl > 0) {
        throw new Error(
          `${where}: a REQUEST authorizer that caches its results needs an identitySource (the cache key); or set resultsCacheTtl to Duration.seconds(0)`,
        );
      }
    }
    this.function = props.function;
    this.type = type;
    this.identitySource = identitySource;
    this.resultsCacheTtlSeconds = ttl;
    this.identityValidationExpression = props.identityValidationExpression;
  }

  /** @internal */
  _securityScheme(): SecuritySchemeObject {
    return {
      type: "apiKey",
      // API Gateway reads a single header's name here; anything else is written "Unused".
      name: singleHeaderOf(this.identitySource) ?? "Unused",
      in: "header",
      "x-amazon-apigateway-authtype": "custom",
      "x-amazon-apigateway-authorizer": {
        type: this.type.toLowerCase(),
        authorizerUri: lambdaInvocationUri(this.function),
        authorizerResultTtlInSeconds: this.resultsCacheTtlSeconds,
        ...(this.identitySource !== "" ? { identitySource: this.identitySource } : {}),
        ...(this.identityValidationExpression !== undefined
          ? { identityValidationExpression: this.identityValidationExpression }
          : {}),
      },
    };
  }

  /**
   * Lets the API invoke the function as an authorizer, once per function and API whatever the
   * number of authorizers using it.
   * @internal
   */
  override _grant(api: SpecRestApi): void {
    let functions = granted.get(api);
    if (!functions) granted.set(api, (functions = new Set()));
    if (functions.has(this.function)) return;
    functions.add(this.function);
    this.function.addPermission(`AuthorizerPermission.${Names.nodeUniqueId(api.node)}`, {
      principal: new ServicePrincipal("apigateway.amazonaws.com"),
      action: "lambda:InvokeFunction",
      sourceArn: Stack.of(api).formatArn({
        service: "execute-api",
        resource: api.restApiId,
        resourceName: "authorizers/*",
      }),
    });
  }
}
