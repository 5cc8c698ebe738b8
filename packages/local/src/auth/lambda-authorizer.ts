import { performance } from "node:perf_hooks";
import type { FunctionEntry } from "../assembly/functions";
import { proxyRequestOf } from "../integrations/lambda";
import type { LambdaRunner } from "../lambda";
import { buildProxyEvent } from "../lambda/event";
import { errorMessageOf } from "../lambda/result";
import { contextOf, type ApiContext, type MethodRequest } from "../request";
import { compilePolicy, type CompiledPolicy } from "./policy";
import { authorizerConfigurationError, unauthorized, type AuthorizeOutcome } from "./types";

/** A Lambda authorizer as `x-amazon-apigateway-authorizer` describes it. */
export interface LambdaAuthorizerConfig {
  /** The security scheme's name. */
  readonly name: string;
  readonly type: "TOKEN" | "REQUEST";
  /** `method.request.header.Authorization`, …: one header for TOKEN, any number for REQUEST. */
  readonly identitySources: readonly string[];
  /** TOKEN only: a token must match it, or API Gateway answers 401 without calling the function. */
  readonly identityValidationExpression?: RegExp;
  /** 0 turns caching off; API Gateway's default is 300. */
  readonly resultsCacheTtlSeconds: number;
  /** The function the authorizer URI names, or undefined when the assembly has none. */
  readonly target: FunctionEntry | undefined;
  readonly uri: string;
}

/** What the function returned, once read as API Gateway reads it. */
interface AuthorizerOutput {
  readonly principalId: string;
  /** Its `policyDocument`, read once for every method ARN it is used for. */
  readonly policy: CompiledPolicy;
  /** Values as `$context.authorizer.<key>` gives them: strings. */
  readonly context: Readonly<Record<string, string>>;
  readonly usageIdentifierKey?: string;
}

/** API Gateway waits at most this long for a Lambda authorizer. */
const AUTHORIZER_TIMEOUT_MS = 30_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The output of an authorizer function, or why API Gateway cannot use it (a 500 AuthorizerConfigurationException). */
function readOutput(result: unknown): AuthorizerOutput | { invalid: string } {
  if (!isObject(result)) return { invalid: "the function did not return an object" };
  const { principalId, policyDocument, context, usageIdentifierKey } = result;
  if (typeof principalId !== "string" && typeof principalId !== "number") {
    return { invalid: "the output has no principalId" };
  }
  if (!isObject(policyDocument)) return { invalid: "the output has no policyDocument" };
  const values: Record<string, string> = {};
  if (context !== undefined && context !== null) {
    if (!isObject(context)) return { invalid: "context is not an object" };
    for (const [key, value] of Object.entries(context)) {
      if (value === null || (typeof value === "object" && value !== null)) {
        return {
          invalid: `context.${key} is ${Array.isArray(value) ? "a list" : value === null ? "null" : "an object"}: context values must be strings, numbers or booleans`,
        };
      }
      values[key] = String(value);
    }
  }
  if (usageIdentifierKey !== undefined && typeof usageIdentifierKey !== "string") {
    return { invalid: "usageIdentifierKey is not a string" };
  }
  return {
    principalId: String(principalId),
    policy: compilePolicy(policyDocument),
    context: values,
    usageIdentifierKey,
  };
}

/** A value at a dotted path of `$context`, e.g. `identity.sourceIp`. */
function contextValue(context: Record<string, unknown>, path: string): string | undefined {
  let node: unknown = context;
  for (const key of path.split(".")) node = isObject(node) ? node[key] : undefined;
  return node === undefined || node === null ? undefined : String(node);
}

/**
 * A Lambda authorizer (TOKEN or REQUEST), run locally like any function. Its identity must be present
 * (and match `identityValidationExpression`) or the request is 401 without a call; its policy is
 * evaluated against the request's method ARN; results are cached for the TTL by the identity's values,
 * across every method that uses the authorizer, as API Gateway caches them.
 */
export class LambdaAuthorizer {
  private readonly cache = new Map<string, { readonly expires: number; readonly output: AuthorizerOutput }>();

  constructor(
    private readonly config: LambdaAuthorizerConfig,
    private readonly runner: LambdaRunner,
  ) {}

  get description(): string {
    const { type, target, identitySources } = this.config;
    const fn = target ? (target.kind === "function" ? target.fn.id : target.id) : "(unavailable)";
    return `${type} ${fn} (${identitySources.join(", ") || "no identity source"})`;
  }

  /** Why the authorizer cannot run locally, when it cannot: every call it guards is a 500. */
  get problem(): string | undefined {
    const target = this.config.target;
    if (!target)
      return `the authorizer URI ${this.config.uri} names no AWS::Lambda::Function of the cloud assembly`;
    if (target.kind === "unavailable") return `function ${target.id} cannot run locally: ${target.reason}`;
    return undefined;
  }

  async authorize(request: MethodRequest, api: ApiContext, methodArn: string): Promise<AuthorizeOutcome> {
    const identity = this.identityOf(request, api);
    if (typeof identity === "object") return unauthorized(identity.missing);
    const ttl = this.config.resultsCacheTtlSeconds;
    const cacheKey = ttl > 0 && this.config.identitySources.length > 0 ? identity : undefined;
    const cached = cacheKey === undefined ? undefined : this.cache.get(cacheKey);
    let output: AuthorizerOutput;
    let latency = 0;
    if (cached && cached.expires > Date.now()) {
      output = cached.output;
    } else {
      const started = performance.now();
      const called = await this.call(request, api, methodArn, identity);
      if ("kind" in called) return called;
      output = called;
      latency = Math.round(performance.now() - started);
      if (cacheKey !== undefined) this.cache.set(cacheKey, { expires: Date.now() + ttl * 1000, output });
    }
    const decision = output.policy(methodArn);
    if (typeof decision === "object") {
      return authorizerConfigurationError(`authorizer ${this.config.name}: ${decision.invalid}`);
    }
    if (decision !== "allow") {
      const message =
        decision === "explicit-deny"
          ? "User is not authorized to access this resource with an explicit deny"
          : "User is not authorized to access this resource";
      return {
        kind: "deny",
        error: { type: "ACCESS_DENIED", message },
        detail: `authorizer ${this.config.name}: ${output.principalId}'s policy ${decision === "explicit-deny" ? "denies" : "does not allow"} ${methodArn}${cached ? " (cached result)" : ""}`,
      };
    }
    return {
      kind: "allow",
      authorization: {
        principal: output.principalId,
        authorizer: { ...output.context, principalId: output.principalId, integrationLatency: latency },
        identity: {},
        ...(output.usageIdentifierKey !== undefined ? { usageIdentifierKey: output.usageIdentifierKey } : {}),
      },
    };
  }

  /**
   * The identity's values joined (the cache key), or what is missing. A REQUEST authorizer's identity
   * sources are required only while it caches; a TOKEN authorizer's token always is.
   */
  private identityOf(request: MethodRequest, api: ApiContext): string | { missing: string } {
    const required = this.config.type === "TOKEN" || this.config.resultsCacheTtlSeconds > 0;
    const values: string[] = [];
    for (const source of this.config.identitySources) {
      const value = this.sourceValue(source, request, api);
      if (required && (value === undefined || value.trim() === "")) return { missing: `no ${source}` };
      values.push(value ?? "");
    }
    const validation = this.config.identityValidationExpression;
    if (this.config.type === "TOKEN" && validation && !validation.test(values[0] ?? "")) {
      return { missing: `the token does not match identityValidationExpression ${validation.source}` };
    }
    return values.join("\u0000");
  }

  private sourceValue(source: string, request: MethodRequest, api: ApiContext): string | undefined {
    const [, kind, name] = /^(method\.request\.\w+|stageVariables|context)\.(.+)$/.exec(source) ?? [];
    switch (kind) {
      case "method.request.header":
      case "method.request.multivalueheader":
        return request.headers[name.toLowerCase()];
      case "method.request.querystring":
      case "method.request.multivaluequerystring":
        return Object.hasOwn(request.query, name) ? request.query[name] : undefined;
      case "stageVariables":
        return api.stageVariables && Object.hasOwn(api.stageVariables, name)
          ? api.stageVariables[name]
          : undefined;
      case "context":
        return contextValue(contextOf(api, request, request.resource), name);
      default:
        return undefined;
    }
  }

  /** Invokes the function with the TOKEN or REQUEST event; its output, or the outcome API Gateway answers. */
  private async call(
    request: MethodRequest,
    api: ApiContext,
    methodArn: string,
    identity: string,
  ): Promise<AuthorizerOutput | AuthorizeOutcome> {
    const name = `authorizer ${this.config.name}`;
    const target = this.config.target;
    if (!target || target.kind === "unavailable")
      return authorizerConfigurationError(`${name}: ${this.problem}`);
    let event: string;
    if (this.config.type === "TOKEN") {
      event = JSON.stringify({ type: "TOKEN", authorizationToken: identity, methodArn });
    } else {
      const {
        body: _body,
        isBase64Encoded: _base64,
        ...rest
      } = buildProxyEvent(proxyRequestOf(request, api));
      event = JSON.stringify({ type: "REQUEST", methodArn, ...rest });
    }
    const outcome = await this.runner.invokeWith(target.fn, event, api.accountId, AUTHORIZER_TIMEOUT_MS);
    switch (outcome.kind) {
      case "payload": {
        const output = readOutput(JSON.parse(outcome.payload) as unknown);
        return "invalid" in output ? authorizerConfigurationError(`${name}: ${output.invalid}`) : output;
      }
      case "integration-failure":
        // The one error a function throws to say no: API Gateway answers 401.
        if (outcome.error !== undefined && errorMessageOf(outcome.error) === "Unauthorized")
          return unauthorized(`${name} threw Unauthorized`);
        return authorizerConfigurationError(`${name}: ${target.fn.id} failed: ${outcome.detail}`);
      case "timeout":
        return authorizerConfigurationError(`${name}: ${target.fn.id} timed out: ${outcome.detail}`);
      case "unsupported-runtime":
        return authorizerConfigurationError(
          `${name}: runtime ${outcome.runtime} of ${target.fn.id} is not supported locally`,
        );
      case "response":
        return authorizerConfigurationError(`${name}: the runner read the result as a proxy response`);
    }
  }
}
