import { compileMappings, type MappingSources, type ValueSource } from "./parameter-mapping";
import { compileTemplate, type MappingTemplate } from "./vtl/engine";

/** The gateway response types specgate serve can produce, with API Gateway's default status codes. */
export const GATEWAY_RESPONSE_STATUS = {
  ACCESS_DENIED: 403,
  API_CONFIGURATION_ERROR: 500,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  AUTHORIZER_FAILURE: 500,
  BAD_REQUEST_BODY: 400,
  BAD_REQUEST_PARAMETERS: 400,
  EXPIRED_TOKEN: 403,
  INTEGRATION_FAILURE: 504,
  INTEGRATION_TIMEOUT: 504,
  INVALID_API_KEY: 403,
  INVALID_SIGNATURE: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  REQUEST_TOO_LARGE: 413,
  RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429,
  UNAUTHORIZED: 401,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DEFAULT_4XX: 400,
  DEFAULT_5XX: 500,
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_STATUS;

/** An error the gateway answers itself, through a gateway response. */
export interface GatewayError {
  readonly type: GatewayResponseType;
  /** `$context.error.message`: null for an authorizer's configuration error, as API Gateway gives it. */
  readonly message: string | null;
  /** Overrides the type's `x-amzn-ErrorType` (the signature checks of IAM authorization name their own). */
  readonly errorType?: string;
  /** Overrides the type's default status (e.g. 502 for a malformed Lambda result under DEFAULT_5XX). */
  readonly statusCode?: number;
  /** For `$context.error.validationErrorString`. */
  readonly validationError?: string;
}

const ERROR_TYPE_HEADER: Partial<Record<GatewayResponseType, string>> = {
  MISSING_AUTHENTICATION_TOKEN: "MissingAuthenticationTokenException",
  BAD_REQUEST_BODY: "BadRequestException",
  BAD_REQUEST_PARAMETERS: "BadRequestException",
  UNSUPPORTED_MEDIA_TYPE: "UnsupportedMediaTypeException",
  REQUEST_TOO_LARGE: "RequestTooLargeException",
  ACCESS_DENIED: "AccessDeniedException",
  AUTHORIZER_CONFIGURATION_ERROR: "AuthorizerConfigurationException",
  AUTHORIZER_FAILURE: "AuthorizerFailureException",
  EXPIRED_TOKEN: "ExpiredTokenException",
  INVALID_API_KEY: "ForbiddenException",
  INVALID_SIGNATURE: "InvalidSignatureException",
  UNAUTHORIZED: "UnauthorizedException",
  THROTTLED: "TooManyRequestsException",
  INTEGRATION_FAILURE: "InternalServerErrorException",
  INTEGRATION_TIMEOUT: "InternalServerErrorException",
  API_CONFIGURATION_ERROR: "InternalServerErrorException",
  DEFAULT_5XX: "InternalServerErrorException",
};

interface CompiledGatewayResponse {
  readonly statusCode?: number;
  readonly headers: readonly { readonly name: string; readonly source: ValueSource }[];
  readonly templates: ReadonlyMap<string, MappingTemplate>;
}

export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: [string, string][];
  readonly body: string;
}

/**
 * API Gateway's own error bodies, byte for byte: what it answers before it routes the request (an unknown
 * route, a payload too large) is compact, `{"message":"Missing Authentication Token"}`; what it answers while
 * executing a method (validation, the integration) has a space, `{"message": "Internal server error"}`.
 */
const COMPACT_TEMPLATE = compileTemplate(
  '{"message":$context.error.messageString}',
  "default gateway response",
);
const SPACED_TEMPLATE = compileTemplate(
  '{"message": $context.error.messageString}',
  "default gateway response",
);
/** A denied policy is answered with a capital `Message`: `{"Message":"User is not authorized to access this resource"}`. */
const ACCESS_DENIED_TEMPLATE = compileTemplate(
  '{"Message":$context.error.messageString}',
  "default gateway response",
);
const COMPACT: ReadonlySet<GatewayResponseType> = new Set([
  "MISSING_AUTHENTICATION_TOKEN",
  "REQUEST_TOO_LARGE",
  // Authorization is decided before the method runs, and answered compactly too (recorded: 26 bytes for a 401).
  "UNAUTHORIZED",
  "INVALID_API_KEY",
  "INVALID_SIGNATURE",
  "EXPIRED_TOKEN",
  "AUTHORIZER_CONFIGURATION_ERROR",
  "AUTHORIZER_FAILURE",
]);

/** The gateway responses of one API: API Gateway's defaults, overridden by `x-amazon-apigateway-gateway-responses`. */
export class GatewayResponses {
  private readonly overrides = new Map<string, CompiledGatewayResponse>();

  constructor(spec: unknown, where: string) {
    if (spec === null || typeof spec !== "object") return;
    for (const [type, raw] of Object.entries(spec as Record<string, Record<string, unknown>>)) {
      const at = `${where} x-amazon-apigateway-gateway-responses.${type}`;
      const templates = new Map<string, MappingTemplate>();
      for (const [contentType, source] of Object.entries(
        (raw.responseTemplates ?? {}) as Record<string, unknown>,
      )) {
        templates.set(contentType, compileTemplate(String(source), `${at} responseTemplates ${contentType}`));
      }
      this.overrides.set(type, {
        statusCode: raw.statusCode === undefined ? undefined : Number(raw.statusCode),
        headers: compileMappings(raw.responseParameters, "gatewayresponse.header.", at),
        templates,
      });
    }
  }

  /** Renders the response for `error`; `sources.context` gains `$context.error`. */
  render(error: GatewayError, sources: MappingSources): GatewayResponse {
    const statusDefault = error.statusCode ?? GATEWAY_RESPONSE_STATUS[error.type];
    const family = statusDefault >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
    const specific = this.overrides.get(error.type);
    const fallback = this.overrides.get(family);
    const context = {
      ...sources.context,
      error: {
        message: error.message,
        messageString: JSON.stringify(error.message),
        responseType: error.type,
        // Escaped for a JSON string, as API Gateway gives it: request keys and values flow into it.
        validationErrorString: JSON.stringify(error.validationError ?? "").slice(1, -1),
      },
    };
    const statusCode = specific?.statusCode ?? statusDefault;
    const headers: [string, string][] = [];
    const errorType = error.errorType ?? ERROR_TYPE_HEADER[error.type];
    if (errorType) headers.push(["x-amzn-ErrorType", errorType]);
    const withContext = { ...sources, context };
    // A type's own settings win; DEFAULT_4XX/5XX fill in whatever it does not set.
    for (const response of [fallback, specific]) {
      for (const { name, source } of response?.headers ?? []) {
        const value = source(withContext);
        if (value === undefined) continue;
        const existing = headers.findIndex(([h]) => h.toLowerCase() === name.toLowerCase());
        if (existing >= 0) headers.splice(existing, 1);
        headers.push([name, value]);
      }
    }
    const templates = specific?.templates.size ? specific.templates : fallback?.templates;
    const template =
      templates?.get("application/json") ??
      templates?.values().next().value ??
      (error.type === "ACCESS_DENIED"
        ? ACCESS_DENIED_TEMPLATE
        : COMPACT.has(error.type)
          ? COMPACT_TEMPLATE
          : SPACED_TEMPLATE);
    const body = template.render({ context, stageVariables: sources.stageVariables ?? {} });
    if (!headers.some(([h]) => h.toLowerCase() === "content-type"))
      headers.push(["Content-Type", "application/json"]);
    return { statusCode, headers, body };
  }
}
