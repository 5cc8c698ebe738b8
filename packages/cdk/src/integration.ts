import type { CorsOptions, SpecRestApi } from "aws-cdk-lib/aws-apigateway";
import type { Construct } from "constructs";
import type { OperationLookup } from "./operations";

/** An integration type as `x-amazon-apigateway-integration` accepts it (either case). */
export type ApiGatewayIntegrationType =
  "aws" | "aws_proxy" | "http" | "http_proxy" | "mock" | "AWS" | "AWS_PROXY" | "HTTP" | "HTTP_PROXY" | "MOCK";

/** What API Gateway does with a request body whose content type has no request template. */
export type PassthroughBehavior =
  "when_no_match" | "when_no_templates" | "never" | "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** How API Gateway converts a payload between text and binary. */
export type ContentHandling = "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT";

/** How API Gateway reaches an HTTP backend. */
export type ConnectionType = "INTERNET" | "VPC_LINK";

/** Whether API Gateway buffers the integration response or streams it to the client. */
export type ResponseTransferMode = "BUFFERED" | "STREAM";

// The string-literal unions above are what TypeScript checks; Java and Python see strings, so these
// classes name each value as a constant there (`IntegrationTypes.MOCK`), in TypeScript too.

/** The values of `ApiGatewayIntegration.type`, as constants. */
export class IntegrationTypes {
  /** An AWS service action. */
  static readonly AWS = "AWS";
  /** The Lambda proxy integration. */
  static readonly AWS_PROXY = "AWS_PROXY";
  /** An HTTP backend, requests and responses mapped by templates. */
  static readonly HTTP = "HTTP";
  /** An HTTP backend, requests and responses passed through. */
  static readonly HTTP_PROXY = "HTTP_PROXY";
  /** API Gateway answers itself. */
  static readonly MOCK = "MOCK";
  private constructor() {}
}

/** The values of `ApiGatewayIntegration.passthroughBehavior`, as constants. */
export class PassthroughBehaviors {
  /** Unmapped content types pass through; mapped ones are transformed. */
  static readonly WHEN_NO_MATCH = "WHEN_NO_MATCH";
  /** Bodies pass through only while the integration has no request templates at all. */
  static readonly WHEN_NO_TEMPLATES = "WHEN_NO_TEMPLATES";
  /** Unmapped content types are rejected with 415 Unsupported Media Type. */
  static readonly NEVER = "NEVER";
  private constructor() {}
}

/** The values of `contentHandling`, as constants. */
export class ContentHandlings {
  /** Base64-decodes a text payload into binary. */
  static readonly CONVERT_TO_BINARY = "CONVERT_TO_BINARY";
  /** Base64-encodes a binary payload into text. */
  static readonly CONVERT_TO_TEXT = "CONVERT_TO_TEXT";
  private constructor() {}
}

/** The values of `ApiGatewayIntegration.connectionType`, as constants. */
export class ConnectionTypes {
  /** Over the internet. */
  static readonly INTERNET = "INTERNET";
  /** Through a VPC link to a private load balancer. */
  static readonly VPC_LINK = "VPC_LINK";
  private constructor() {}
}

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

/** `x-amazon-apigateway-integration.tlsConfig`: how API Gateway checks the backend's certificate. */
export interface ApiGatewayIntegrationTlsConfig {
  /**
   * Accept a certificate no supported authority issued (self-signed, private CA); HTTP integrations only.
   * @default false
   */
  readonly insecureSkipVerification?: boolean;
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
  readonly connectionType?: ConnectionType;
  /** The VPC link id when `connectionType` is `VPC_LINK`. */
  readonly connectionId?: string;
  /** The ARN of an Application Load Balancer reached through a VPC link V2. */
  readonly integrationTarget?: string;
  readonly cacheNamespace?: string;
  readonly cacheKeyParameters?: string[];
  readonly tlsConfig?: ApiGatewayIntegrationTlsConfig;
  /** Whether API Gateway buffers the integration response or streams it to the client. */
  readonly responseTransferMode?: ResponseTransferMode;
}

/** What an integration knows when it renders one operation. */
export interface IntegrationRenderProps {
  readonly operationId: string;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  /** The operation's request body content types (`["application/json"]` when it has none). */
  readonly contentTypes: string[];
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
