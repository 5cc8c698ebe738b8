import type { Duration } from "aws-cdk-lib/core";
import type { IVpcLink } from "aws-cdk-lib/aws-apigateway";
import { Integration, type ApiGatewayIntegration, type IntegrationRenderProps } from "../integration";

/** How an HTTP proxy integration reaches its backend. */
export interface HttpIntegrationOptions {
  /**
   * The method to call the backend with.
   * @default the operation's own method
   */
  readonly httpMethod?: string;
  /**
   * Whether the operation's path (e.g. `/pets/{petId}`) is appended to the URL.
   * @default true
   */
  readonly appendPath?: boolean;
  /**
   * A VPC link to reach a private Network Load Balancer through.
   * @default the backend is reached over the internet
   */
  readonly vpcLink?: IVpcLink;
  /**
   * How long API Gateway waits for the backend (50 ms to 29 s).
   * @default 29 seconds
   */
  readonly timeout?: Duration;
}

/** Proxies the request to an HTTP backend (HTTP_PROXY), path parameters mapped through. */
export class HttpIntegration extends Integration {
  constructor(
    readonly url: string,
    readonly options: HttpIntegrationOptions = {},
  ) {
    super();
    const millis = options.timeout?.toMilliseconds();
    if (millis !== undefined && (millis < 50 || millis > 29_000)) {
      throw new Error(`Integrations.http: timeout ${millis} ms is outside API Gateway's 50 ms to 29 s`);
    }
  }

  render(props: IntegrationRenderProps): ApiGatewayIntegration {
    return {
      type: "HTTP_PROXY",
      httpMethod: this.options.httpMethod ?? props.method,
      uri: this.options.appendPath === false ? this.url : joinUrl(this.url, props.path),
      ...pathParameterMappings(props.path),
      ...(this.options.vpcLink
        ? { connectionType: "VPC_LINK", connectionId: this.options.vpcLink.vpcLinkId }
        : {}),
      ...(this.options.timeout ? { timeoutInMillis: this.options.timeout.toMilliseconds() } : {}),
    };
  }
}

/** `https://example.com/` + `/pets/{id}` → `https://example.com/pets/{id}`; a greedy `{proxy+}` becomes `{proxy}`. */
function joinUrl(url: string, path: string): string {
  return url.replace(/\/+$/, "") + path.replace(/\{([^}]+)\+\}/g, "{$1}");
}

/**
 * Maps each path parameter of the operation to the integration request's path parameter of the
 * same name: API Gateway substitutes `{name}` in the URI only from mapped parameters.
 */
export function pathParameterMappings(path: string): {
  requestParameters?: { [parameter: string]: string };
} {
  const names = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
  if (names.length === 0) return {};
  return {
    requestParameters: Object.fromEntries(
      names.map((name) => [`integration.request.path.${name}`, `method.request.path.${name}`]),
    ),
  };
}
