import { Authorizer } from "./authorizer";
import { CognitoAuthorizer, type CognitoAuthorizerProps } from "./cognito";
import { CustomAuthorizer, type CustomAuthorizerProps } from "./custom";
import { IamAuthorizer, NoneAuthorizer } from "./iam";

export { Authorizer, singleHeaderOf, type SecuritySchemeObject } from "./authorizer";
export { CognitoAuthorizer, type CognitoAuthorizerProps } from "./cognito";
export {
  CustomAuthorizer,
  CustomAuthorizerTypes,
  type CustomAuthorizerProps,
  type CustomAuthorizerType,
} from "./custom";
export { IamAuthorizer, NoneAuthorizer } from "./iam";

/** The authorizers API Gateway offers a REST API's operations. */
export class Authorizers {
  /** Calls must be signed with AWS Signature Version 4 (IAM authorization). */
  static iam(): IamAuthorizer {
    return new IamAuthorizer();
  }

  /** Calls must carry a token one of the Cognito user pools issued. */
  static cognito(props: CognitoAuthorizerProps): CognitoAuthorizer {
    return new CognitoAuthorizer(props);
  }

  /** A Lambda function authorizes each call (TOKEN or REQUEST). */
  static custom(props: CustomAuthorizerProps): CustomAuthorizer {
    return new CustomAuthorizer(props);
  }

  /** Anyone may call: overrides a default authorizer for one operation. */
  static none(): NoneAuthorizer {
    return new NoneAuthorizer();
  }

  private constructor() {}
}

/** Whether `authorizer` lets calls through unchecked. */
export const isNone = (authorizer: Authorizer): boolean => authorizer instanceof NoneAuthorizer;
