import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { HttpIntegration, type HttpIntegrationOptions } from "./http";
import { LambdaIntegration } from "./lambda";
import { MockIntegration, type MockIntegrationProps } from "./mock";

export { HttpIntegration, pathParameterMappings, type HttpIntegrationOptions } from "./http";
export { LambdaIntegration } from "./lambda";
export { MockIntegration, type MockIntegrationProps } from "./mock";

/** The integrations specgate ships. Extend `Integration` for anything else. */
export class Integrations {
  /** Invokes a Lambda function with the Lambda proxy integration. */
  static lambda(fn: IFunction): LambdaIntegration {
    return new LambdaIntegration(fn);
  }

  /** Responds from API Gateway itself with a fixed status code, body and headers. */
  static mock(props: MockIntegrationProps): MockIntegration {
    return new MockIntegration(props);
  }

  /** Proxies requests to an HTTP backend, optionally through a VPC link. */
  static http(url: string, options?: HttpIntegrationOptions): HttpIntegration {
    return new HttpIntegration(url, options);
  }
}
