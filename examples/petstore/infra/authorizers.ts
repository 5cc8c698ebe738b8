import * as path from "node:path";
import { Duration } from "aws-cdk-lib";
import { UserPool } from "aws-cdk-lib/aws-cognito";
import { Authorizers, HandlerFunction } from "@specgate/cdk";
import type { Construct } from "constructs";
import type { ApiAuthorizers, HandlerFunctionProps } from "../generated/infrastructure";

/**
 * An authorizer for each security scheme of the Pet Store's model: `members` remove pets with a token
 * of a Cognito user pool, `storeStaff` place orders with a bearer token a Lambda authorizer checks.
 * (`ApiKeyAuth`, the partners' API key, needs none: API Gateway checks it with the usage plan.)
 */
export function petStoreAuthorizers(
  scope: Construct,
  functionProps: HandlerFunctionProps = {},
): ApiAuthorizers {
  const members = new UserPool(scope, "Members", { selfSignUpEnabled: false });
  const staffAuthorizer = new HandlerFunction(scope, "StoreStaffAuthorizer", {
    ...functionProps,
    entry: path.join(__dirname, "../authorizers/store-staff.ts"),
    // The example's demo token; a real authorizer verifies tokens an identity provider issued.
    environment: { STAFF_TOKENS: "staff-ada-2026=Ada" },
  });
  return {
    members: Authorizers.cognito({ userPools: [members] }),
    storeStaff: Authorizers.custom({ function: staffAuthorizer, resultsCacheTtl: Duration.minutes(5) }),
  };
}
