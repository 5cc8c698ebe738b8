import { Arn, ArnFormat, Names, Stack, Token, Lazy } from "aws-cdk-lib/core";
import type { SpecRestApi } from "aws-cdk-lib/aws-apigateway";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  Integration,
  type ApiGatewayIntegration,
  type IntegrationGrantProps,
  type IntegrationRenderProps,
} from "../integration";

/** The operations each function serves, per API: one permission per function and API. */
const invokers = new WeakMap<SpecRestApi, Map<IFunction, { method: string; path: string }[]>>();

/** Invokes a Lambda function with the Lambda proxy integration (AWS_PROXY). */
export class LambdaIntegration extends Integration {
  constructor(readonly fn: IFunction) {
    super();
  }

  render(_props: IntegrationRenderProps): ApiGatewayIntegration {
    return { type: "AWS_PROXY", httpMethod: "POST", uri: lambdaInvocationUri(this.fn) };
  }

  /**
   * Lets the API invoke the function for this operation (any stage). A function serving several
   * operations gets one permission for the whole API instead: resource policies are capped at 20 KB.
   */
  override grant(props: IntegrationGrantProps): void {
    const { api, method, path } = props;
    let byFunction = invokers.get(api);
    if (!byFunction) invokers.set(api, (byFunction = new Map()));
    const operations = byFunction.get(this.fn);
    if (operations) {
      operations.push({ method, path });
      return;
    }
    const served = [{ method, path }];
    byFunction.set(this.fn, served);
    this.fn.addPermission(`ApiPermission.${Names.nodeUniqueId(api.node)}`, {
      principal: new ServicePrincipal("apigateway.amazonaws.com"),
      action: "lambda:InvokeFunction",
      sourceArn: Lazy.string({
        produce: () =>
          served.length === 1
            ? api.arnForExecuteApi(served[0].method, executeApiPath(served[0].path), "*")
            : api.arnForExecuteApi("*", "/*", "*"),
      }),
    });
  }
}

/** The URI API Gateway invokes a function at, in the function's own partition and region. */
export function lambdaInvocationUri(fn: IFunction): string {
  return `arn:${partitionOf(fn)}:apigateway:${fn.env.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`;
}

/** The function's own partition: from its ARN when known, else the stack's. */
function partitionOf(fn: IFunction): string {
  if (Token.isUnresolved(fn.functionArn)) return Stack.of(fn).partition;
  return Arn.split(fn.functionArn, ArnFormat.COLON_RESOURCE_NAME).partition ?? Stack.of(fn).partition;
}

/** `/pets/{petId}` → `/pets/*`: an execute-api ARN matches path parameters with wildcards. */
function executeApiPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, "*");
}
