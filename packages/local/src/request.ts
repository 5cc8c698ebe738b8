import type { Authorization } from "./auth/types";
import { overrideMembers } from "./integrations/overrides";

/** A request as the gateway received it, before routing. */
export interface GatewayRequest {
  readonly method: string;
  /** As the client sent it, API prefix removed, not percent-decoded. */
  readonly path: string;
  /** Without `?`; "" when none. */
  readonly rawQuery: string;
  /** Header pairs in arrival order, names as sent. */
  readonly rawHeaders: readonly (readonly [string, string])[];
  /** Header values by lower-case name (repeated headers joined by `,`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Query string parameters, decoded (`+` is a space); a repeated key keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** `x-amzn-RequestId`: generated, or the client's own when it sent a UUID. */
  readonly requestId: string;
  /** `x-amz-apigw-id` and `$context.extendedRequestId`: generated, never the client's. */
  readonly extendedRequestId: string;
  /** The `X-Amzn-Trace-Id` the request carries, or the one API Gateway adds to it. */
  readonly traceHeader: string;
  readonly requestTimeEpoch: number;
  readonly sourceIp: string;
  readonly protocol: string;
}

/** The request once routed to a method of a resource. */
export interface MethodRequest extends GatewayRequest {
  /** e.g. `/pets/{petId}` */
  readonly resource: string;
  /** Raw values, as the Lambda proxy event carries them. */
  readonly rawPathParameters: Readonly<Record<string, string>>;
  /** Percent-decoded values, as validators and mapping templates see them. */
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Who the method's authorization found the caller to be; absent for a method without authorization. */
  readonly authorization?: Authorization;
}

/** What `$context` knows about the API a request is for. */
export interface ApiContext {
  readonly apiId: string;
  readonly accountId: string;
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** `$stageVariables` as mapping templates see it: a variable the stage does not define renders empty. */
  readonly templateStageVariables: Readonly<Record<string, string>>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

let formattedSecond = -1;
let formatted = "";

/** CLF time, as `$context.requestTime` gives it: `25/Nov/2026:03:10:00 +0000`. Formatted once per second. */
export function requestTimeOf(epoch: number): string {
  const second = Math.floor(epoch / 1000);
  if (second === formattedSecond) return formatted;
  const d = new Date(epoch);
  formattedSecond = second;
  return (formatted = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`);
}

const resourceIds = new Map<string, string>();

/** Stable per resource, so `$context.resourceId` looks like API Gateway's 6-character ids. */
export function resourceIdOf(resource: string): string {
  let id = resourceIds.get(resource);
  if (id !== undefined) return id;
  let hash = 5381;
  for (let i = 0; i < resource.length; i++) hash = ((hash * 33) ^ resource.charCodeAt(i)) >>> 0;
  id = hash.toString(36).padStart(6, "0").slice(-6);
  // Resources come from the APIs' specs: a bounded set.
  resourceIds.set(resource, id);
  return id;
}

/** `$context` for a request; `resource` is absent for requests no resource matched. */
export function contextOf(
  api: ApiContext,
  request: GatewayRequest & { readonly authorization?: Authorization },
  resource?: string,
): Record<string, unknown> {
  const host = request.headers.host ?? "localhost";
  const authorization = request.authorization;
  return {
    accountId: api.accountId,
    ...(authorization?.authorizer ? { authorizer: authorization.authorizer } : {}),
    apiId: api.apiId,
    domainName: host,
    domainPrefix: host.split(".")[0],
    extendedRequestId: request.extendedRequestId,
    httpMethod: request.method,
    identity: {
      sourceIp: request.sourceIp,
      userAgent: request.headers["user-agent"] ?? null,
      accountId: null,
      caller: null,
      user: null,
      userArn: null,
      apiKey: null,
      ...authorization?.identity,
    },
    path: `/${api.stage}${request.path}`,
    protocol: request.protocol,
    requestId: request.requestId,
    requestTime: requestTimeOf(request.requestTimeEpoch),
    requestTimeEpoch: request.requestTimeEpoch,
    resourceId: resource === undefined ? "" : resourceIdOf(resource),
    resourcePath: resource ?? "",
    stage: api.stage,
    ...overrideMembers(),
  };
}
