import type { OperationLookup } from "@specgate/model";
import type { CorsOptions, SpecRestApi } from "aws-cdk-lib/aws-apigateway";
import type { Construct } from "constructs";

/** An integration type as `x-amazon-apigateway-integration` accepts it (either case). */
export type ApiGatewayIntegrationType =
  "aws" | "aws_proxy" | "http" | "http_proxy" | "mock" | "AWS" | "AWS_PROXY" | "HTTP" | "HTTP_PROXY" | "MOCK";

/** What API Gateway does with a request body whose content type has no request template. */
export type PassthroughBehavior =
  "when_no_match" | "when_no_templates" | "never" | "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** How API Gateway converts a payload between text and binary. */
export type ContentHandling = "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT";

/** `x-amazon-apigateway-integration.response`: one integration response. */
export interface ApiGatewayIntegrationResponse {
  /** The method response status code this integration response maps to, e.g. `"200"`. */
  readonly statusCode: string;
  /** Mapping templates by content type, rendering the method response body. */
  readonly responseTemplates?: { readonly [contentType: string]: string };
  /** `method.response.header.<name>` to a static `'value'` or an `integration.response.*` expression. */
  readonly responseParameters?: { readonly [methodResponseHeader: string]: string };
  readonly contentHandling?: ContentHandling;
}

/**
 * Every field of API Gateway's `x-amazon-apigateway-integration` OpenAPI extension: what an
 * operation's integration renders into the spec.
 */
export interface ApiGatewayIntegration {
  readonly type: ApiGatewayIntegrationType;
  /** The backend endpoint: an HTTP URL, or an `arn:<partition>:apigateway:<region>:…` service URI. */
  readonly uri?: string;
  /** The HTTP method API Gateway uses to call the backend (always `POST` for Lambda). */
  readonly httpMethod?: string;
  /** An IAM role ARN API Gateway assumes to call the backend, or `arn:aws:iam::*:user/*` for the caller's. */
  readonly credentials?: string;
  /** Mapping templates by request content type. */
  readonly requestTemplates?: { readonly [contentType: string]: string };
  /** `integration.request.<location>.<name>` to a `method.request.*` expression or a static `'value'`. */
  readonly requestParameters?: { readonly [integrationRequestParameter: string]: string };
  /** Integration responses by selection pattern (a regex on the status code or error) or `default`. */
  readonly responses?: { readonly [selectionPattern: string]: ApiGatewayIntegrationResponse };
  readonly passthroughBehavior?: PassthroughBehavior;
  readonly contentHandling?: ContentHandling;
  /** 50 to 29,000 ms; API Gateway's default is 29,000. */
  readonly timeoutInMillis?: number;
  readonly connectionType?: "INTERNET" | "VPC_LINK";
  /** The VPC link id when `connectionType` is `VPC_LINK`. */
  readonly connectionId?: string;
  /** The ARN of an Application Load Balancer reached through a VPC link V2. */
  readonly integrationTarget?: string;
  readonly cacheNamespace?: string;
  readonly cacheKeyParameters?: readonly string[];
  readonly tlsConfig?: { readonly insecureSkipVerification?: boolean };
  /** Whether API Gateway buffers the integration response or streams it to the client. */
  readonly responseTransferMode?: "BUFFERED" | "STREAM";
}

/** What an integration knows when it renders one operation. */
export interface IntegrationRenderProps {
  readonly operationId: string;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  /** The operation's request body content types (`["application/json"]` when it has none). */
  readonly contentTypes: readonly string[];
  /** The construct the integration renders for: create any resources it needs under it. */
  readonly scope: Construct;
  /** The API's CORS options, when CORS is on: responses an integration renders itself should carry CORS headers. */
  readonly corsOptions?: CorsOptions;
  /** Every operation of the API, by operationId. */
  readonly operationLookup: OperationLookup;
}

/** What an integration knows when it grants API Gateway access to its backend. */
export interface IntegrationGrantProps extends IntegrationRenderProps {
  readonly api: SpecRestApi;
}

/**
 * What API Gateway does for an operation. Extend it to write your own: `render` returns the
 * operation's `x-amazon-apigateway-integration`, `grant` adds whatever lets API Gateway call it.
 */
export abstract class Integration {
  /** Returns the operation's `x-amazon-apigateway-integration`. */
  abstract render(props: IntegrationRenderProps): ApiGatewayIntegration;

  /** Grants API Gateway access to the backend. Does nothing unless an integration needs it. */
  grant(_props: IntegrationGrantProps): void {}
}
