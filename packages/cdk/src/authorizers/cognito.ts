import { AuthorizationType } from "aws-cdk-lib/aws-apigateway";
import type { IUserPool } from "aws-cdk-lib/aws-cognito";
import { Authorizer, singleHeaderOf, type SecuritySchemeObject } from "./authorizer";

/** A Cognito user pool authorizer. */
export interface CognitoAuthorizerProps {
  /**
   * The name of the authorizer's security scheme in the rendered spec.
   * @default "cognito"
   */
  readonly authorizerId?: string;
  /** The user pools whose tokens are accepted (at most 1,000). */
  readonly userPools: IUserPool[];
  /**
   * Scopes an access token must carry one of. An operation's own scopes in the model win.
   * @default no scopes: callers send an ID token
   */
  readonly authorizationScopes?: string[];
  /**
   * Where the token is: a `method.request.header.<name>` expression.
   * @default "method.request.header.Authorization"
   */
  readonly identitySource?: string;
}

/** Accepts a JSON Web Token one of the user pools issued: an ID token, or an access token with a scope. */
export class CognitoAuthorizer extends Authorizer {
  /** The user pools whose tokens are accepted. */
  readonly userPools: IUserPool[];
  /** The request header that carries the token. */
  readonly header: string;

  constructor(props: CognitoAuthorizerProps) {
    super(props.authorizerId ?? "cognito", AuthorizationType.COGNITO, props.authorizationScopes);
    if (props.userPools.length === 0 || props.userPools.length > 1000) {
      throw new Error(`Authorizers.cognito: give 1 to 1,000 user pools (${props.userPools.length} given)`);
    }
    const identitySource = props.identitySource ?? "method.request.header.Authorization";
    const header = singleHeaderOf(identitySource);
    if (!header) {
      throw new Error(
        `Authorizers.cognito: identitySource "${identitySource}" must name one header, e.g. method.request.header.Authorization`,
      );
    }
    this.userPools = props.userPools;
    this.header = header;
  }

  /** @internal */
  _securityScheme(): SecuritySchemeObject {
    return {
      type: "apiKey",
      name: this.header,
      in: "header",
      "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": {
        type: "cognito_user_pools",
        providerARNs: this.userPools.map((pool) => pool.userPoolArn),
      },
    };
  }
}
