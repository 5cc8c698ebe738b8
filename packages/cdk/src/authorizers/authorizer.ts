import type { AuthorizationType, SpecRestApi } from "aws-cdk-lib/aws-apigateway";

/** A security scheme as API Gateway imports it: the OpenAPI object with its `x-amazon-apigateway-*` keys. */
export type SecuritySchemeObject = { readonly [key: string]: unknown };

/**
 * Who may call an operation, and how API Gateway checks it. Made by `Authorizers`: `iam()`,
 * `cognito(...)`, `custom(...)` or `none()`.
 */
export abstract class Authorizer {
  /** The name of the authorizer's security scheme in the rendered spec, which API Gateway names the authorizer after. */
  readonly authorizerId: string;
  /** How API Gateway authorizes a call: `AWS_IAM`, `COGNITO_USER_POOLS`, `CUSTOM` or `NONE`. */
  readonly authorizationType: AuthorizationType;
  /**
   * Scopes a Cognito access token must carry one of; without scopes API Gateway takes an ID token.
   * @default no scopes
   */
  readonly authorizationScopes?: string[];

  protected constructor(
    authorizerId: string,
    authorizationType: AuthorizationType,
    authorizationScopes?: string[],
  ) {
    this.authorizerId = authorizerId;
    this.authorizationType = authorizationType;
    this.authorizationScopes = authorizationScopes;
  }

  /**
   * The security scheme API Gateway imports; undefined when calls are not authorized.
   * @internal
   */
  abstract _securityScheme(): SecuritySchemeObject | undefined;

  /**
   * Lets API Gateway use the authorizer (a Lambda authorizer's invoke permission).
   * @internal
   */
  _grant(_api: SpecRestApi): void {}
}

/** `method.request.header.Authorization` → `Authorization`; undefined unless it names one header. */
export function singleHeaderOf(identitySource: string): string | undefined {
  return /^method\.request\.header\.([^\s,.]+)$/.exec(identitySource.trim())?.[1];
}
