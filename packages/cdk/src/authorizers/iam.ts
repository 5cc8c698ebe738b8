import { AuthorizationType } from "aws-cdk-lib/aws-apigateway";
import { Authorizer, type SecuritySchemeObject } from "./authorizer";

/** Requires calls signed with AWS Signature Version 4 by a principal allowed to `execute-api:Invoke`. */
export class IamAuthorizer extends Authorizer {
  constructor() {
    super("sigv4", AuthorizationType.IAM);
  }

  /** @internal */
  _securityScheme(): SecuritySchemeObject {
    return {
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "awsSigv4",
    };
  }
}

/** No authorization: anyone may call the operation. */
export class NoneAuthorizer extends Authorizer {
  constructor() {
    super("none", AuthorizationType.NONE);
  }

  /** @internal */
  _securityScheme(): undefined {
    return undefined;
  }
}
