import { LocalGatewayError } from "../errors";
import type { MappingSources } from "../parameter-mapping";
import type { MethodRequest } from "../request";
import { compileTemplate, type MappingTemplate } from "../vtl/engine";
import { TemplateInput, type InputParams } from "../vtl/input";
import { util } from "../vtl/util";
import { compileMappings, type ValueSource } from "../parameter-mapping";
import type { IntegrationInput, IntegrationOutcome } from "./integration";
import { internalError } from "./integration";
import type { MethodResponseHeaderRule } from "./restricted-headers";
import { overrideConflict, requestOverridesOf, type RequestOverrides } from "./overrides";

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function compileTemplates(spec: unknown, where: string): Map<string, MappingTemplate> {
  const templates = new Map<string, MappingTemplate>();
  for (const [contentType, source] of Object.entries(isObject(spec) ? spec : {})) {
    if (typeof source === "string")
      templates.set(contentType.toLowerCase(), compileTemplate(source, `${where} ${contentType}`));
  }
  return templates;
}

/** Header values by name as sent, as `$input.params().header` gives them. */
function headersAsSent(request: MethodRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.rawHeaders) headers[name] = value;
  return headers;
}

export function inputParamsOf(request: MethodRequest): InputParams {
  return { path: request.pathParameters, querystring: request.query, header: headersAsSent(request) };
}

export function mappingSourcesOf(input: IntegrationInput): MappingSources {
  return {
    request: {
      path: input.request.pathParameters,
      querystring: input.request.query,
      header: input.request.headers,
      body: input.request.body.toString("utf8"),
    },
    context: input.context,
    stageVariables: input.api.stageVariables,
  };
}

/**
 * The integration request's body: a request template's output (with the overrides it set), or the method
 * request's body passed through; or why there is none.
 */
export type RequestBody =
  | { readonly body: string; readonly overrides?: RequestOverrides }
  | { readonly unsupportedMediaType: true }
  | { readonly failed: string };

/** Request templates, chosen by the request's Content-Type under the integration's passthroughBehavior. */
export class RequestTemplates {
  private readonly templates: Map<string, MappingTemplate>;
  private readonly passthrough: string;

  constructor(integration: Obj, where: string) {
    this.templates = compileTemplates(integration.requestTemplates, `${where} requestTemplates`);
    this.passthrough = String(integration.passthroughBehavior ?? "WHEN_NO_MATCH").toUpperCase();
  }

  get size(): number {
    return this.templates.size;
  }

  render(input: IntegrationInput): RequestBody {
    const contentType = input.request.headers["content-type"];
    const template = this.templates.get(
      contentType === undefined ? "application/json" : contentType.split(";")[0].trim().toLowerCase(),
    );
    if (!template) {
      const passes =
        this.passthrough === "WHEN_NO_MATCH" ||
        (this.passthrough === "WHEN_NO_TEMPLATES" && this.templates.size === 0);
      return passes ? { body: input.request.body.toString("utf8") } : { unsupportedMediaType: true };
    }
    if (template.isStatic) return { body: template.source };
    const context = input.context;
    let body: string;
    try {
      body = template.render({
        input: new TemplateInput(input.request.body.toString("utf8"), inputParamsOf(input.request)),
        context,
        util,
        stageVariables: input.api.templateStageVariables,
      });
    } catch (error) {
      return { failed: `the request template failed: ${(error as Error).message}` };
    }
    const conflict = overrideConflict(context);
    if (conflict) return { failed: conflict };
    return { body, overrides: requestOverridesOf(context) };
  }
}

interface CompiledIntegrationResponse {
  readonly selectionPattern?: RegExp;
  readonly statusCode: number;
  readonly headers: readonly { readonly name: string; readonly source: ValueSource }[];
  readonly templates: Map<string, MappingTemplate>;
  /**
   * The method response when it reads nothing from the request or the backend: one static template, no
   * header mappings. Built once, answered as is.
   */
  readonly constant?: IntegrationOutcome;
}

function constantOutcome(
  statusCode: number,
  headers: CompiledIntegrationResponse["headers"],
  templates: ReadonlyMap<string, MappingTemplate>,
): IntegrationOutcome | undefined {
  if (headers.length > 0 || templates.size !== 1) return undefined;
  const [[contentType, template]] = templates;
  if (!template.isStatic) return undefined;
  return {
    kind: "response",
    statusCode,
    headers: Object.freeze([Object.freeze(["Content-Type", contentType] as const)]),
    body: template.source,
  };
}

/** What the backend answered, as integration responses see it. */
export interface BackendResponse {
  readonly statusCode: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * An integration's `responses`: the first whose selection pattern matches the backend's status code
 * wins, else `default`; its templates and `responseParameters` make the method response.
 */
export class IntegrationResponses {
  private readonly responses: CompiledIntegrationResponse[] = [];
  private readonly fallback?: CompiledIntegrationResponse;
  private readonly selected = new Map<string, CompiledIntegrationResponse | undefined>();

  /**
   * @param headerRule how `responseParameters` headers are sent: some API Gateway renames to
   * `x-amzn-Remapped-<name>` or drops (restricted-headers.ts)
   */
  constructor(
    spec: unknown,
    where: string,
    private readonly headerRule: MethodResponseHeaderRule,
  ) {
    for (const [pattern, raw] of Object.entries(isObject(spec) ? spec : {})) {
      if (!isObject(raw)) continue;
      const at = `${where} responses["${pattern}"]`;
      let selectionPattern: RegExp | undefined;
      // A Java pattern matched whole, `.` stopping at a line feed: `.+` does not match an error message of two lines.
      try {
        selectionPattern = pattern === "default" ? undefined : new RegExp(`^(?:${pattern})$`);
      } catch {
        throw new LocalGatewayError(`${at}: the selection pattern is not a regular expression`);
      }
      const statusCode = Number(raw.statusCode ?? 200);
      const headers = compileMappings(raw.responseParameters, "method.response.header.", at);
      const templates = compileTemplates(raw.responseTemplates, `${at} responseTemplates`);
      const response: CompiledIntegrationResponse = {
        selectionPattern,
        statusCode,
        headers,
        templates,
        constant: constantOutcome(statusCode, headers, templates),
      };
      if (selectionPattern) this.responses.push(response);
      else this.fallback = response;
    }
  }

  /** Selects by `selector` (the backend's status code) and renders the method response. */
  respond(selector: string, backend: BackendResponse, input: IntegrationInput): IntegrationOutcome {
    const response = this.select(selector);
    if (!response) {
      return internalError(`no integration response matches status ${selector} and there is no default`);
    }
    if (response.constant) return response.constant;
    const accept =
      response.templates.size > 1
        ? (input.request.headers.accept ?? "")
            .split(",")
            .map((type) => type.split(";")[0].trim().toLowerCase())
        : [];
    let contentType = accept.find((type) => response.templates.has(type));
    if (!contentType)
      contentType = response.templates.has("application/json")
        ? "application/json"
        : response.templates.keys().next().value;
    const template = contentType === undefined ? undefined : response.templates.get(contentType);
    let body: string;
    try {
      body = !template
        ? backend.body
        : template.isStatic
          ? template.source
          : template.render({
              input: new TemplateInput(backend.body, inputParamsOf(input.request)),
              context: input.context,
              util,
              stageVariables: input.api.templateStageVariables,
            });
    } catch (error) {
      return internalError(`the response template failed: ${(error as Error).message}`);
    }
    if (template && !template.isStatic) {
      const conflict = overrideConflict(input.context);
      if (conflict) return internalError(conflict);
    }
    const headers: [string, string][] = [];
    if (response.headers.length > 0) {
      const sources: MappingSources = {
        ...mappingSourcesOf(input),
        integrationResponse: { header: backend.headers, body: backend.body },
      };
      for (const { name, source } of response.headers) {
        const value = source(sources);
        const sent = this.headerRule(name);
        if (value !== undefined && sent !== undefined) headers.push([sent, value]);
      }
    }
    if (!headers.some(([name]) => name.toLowerCase() === "content-type")) {
      headers.push(["Content-Type", contentType ?? backend.headers["content-type"] ?? "application/json"]);
    }
    return { kind: "response", statusCode: response.statusCode, headers, body };
  }

  /** The integration response for a selector; selectors (status codes) are few, so each is matched once. */
  private select(selector: string): CompiledIntegrationResponse | undefined {
    let response = this.selected.get(selector);
    if (response === undefined && !this.selected.has(selector)) {
      response = this.responses.find((r) => r.selectionPattern?.test(selector)) ?? this.fallback;
      if (this.selected.size < 1000) this.selected.set(selector, response);
    }
    return response;
  }
}
