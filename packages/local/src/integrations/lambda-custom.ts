import type { FunctionEntry } from "../assembly/functions";
import type { LambdaOutcome, LambdaRunner } from "../lambda";
import { errorMessageOf } from "../lambda/result";
import { compileMappings } from "../parameter-mapping";
import type { Integration, IntegrationInput, IntegrationOutcome } from "./integration";
import { failingIntegration, integrationTimeout, internalError, unsupportedMediaType } from "./integration";
import { unsupportedRuntime } from "./lambda";
import {
  methodResponseHeaderRule,
  refusedMappingProblem,
  refusedOverrideProblem,
} from "./restricted-headers";
import { IntegrationResponses, RequestTemplates, mappingSourcesOf, type BackendResponse } from "./templates";

export interface LambdaCustomIntegrationOptions {
  readonly runner: LambdaRunner;
  readonly timeoutMs: number;
  /** The function the integration URI names; undefined when the assembly has no such function. */
  readonly target: FunctionEntry | undefined;
  readonly uri: string;
  readonly where: string;
}

const LAMBDA_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

/** What Lambda's Invoke answers for an event that is not JSON (its own error, in its own shape). */
function notJson(reason: string): string {
  return JSON.stringify({ Type: "User", message: `Could not parse request body into json: ${reason}` });
}

/** The integration request's body as the event Lambda receives: JSON, one line; an empty body is `{}`. */
function eventOf(body: string): { readonly event: string } | { readonly invalid: string } {
  if (body.trim() === "") return { event: "{}" };
  try {
    return { event: JSON.stringify(JSON.parse(body)) };
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}

/**
 * AWS with a Lambda function (the Lambda custom, or non-proxy, integration): the request template (or the body,
 * passed through as `passthroughBehavior` lets it) is the event; the function's result is the integration
 * response, status 200, selected by `default` (or a selection pattern matching the empty string); a function
 * error's `errorMessage` is matched against the selection patterns, and the error itself is the body. Lambda
 * errors the integration does not map are 200s, as on API Gateway. `X-Amz-Invocation-Type: 'Event'` (mapped or
 * overridden) invokes without waiting.
 */
export function lambdaCustomIntegration(
  integration: Record<string, unknown>,
  options: LambdaCustomIntegrationOptions,
): Integration {
  const { runner, timeoutMs, target, where } = options;
  if (!target || target.kind === "unavailable") {
    const problem = target
      ? `function ${target.id} cannot run locally: ${target.reason}`
      : `the integration uri ${options.uri} names no AWS::Lambda::Function of the cloud assembly`;
    return failingIntegration("AWS", "AWS lambda (unavailable)", problem);
  }
  const fn = target.fn;
  const headerMappings = compileMappings(integration.requestParameters, "integration.request.header.", where);
  const refused = refusedMappingProblem(
    "AWS",
    headerMappings.map(({ name }) => name),
    where,
  );
  if (refused) return failingIntegration("AWS", "AWS lambda (maps a refused header)", refused);
  const invocationType = headerMappings.find(({ name }) => name.toLowerCase() === "x-amz-invocation-type");
  const requestTemplates = new RequestTemplates(integration, where);
  const responses = new IntegrationResponses(integration.responses, where, methodResponseHeaderRule("AWS"));
  const respond = (selector: string, body: string, input: IntegrationInput): IntegrationOutcome => {
    const backend: BackendResponse = { statusCode: 200, headers: LAMBDA_HEADERS, body };
    return responses.respond(selector, backend, input);
  };

  return {
    type: "AWS",
    description: `AWS lambda ${fn.id} (${fn.runtime} ${fn.handler})`,
    invoke: async (input: IntegrationInput): Promise<IntegrationOutcome> => {
      const rendered = requestTemplates.render(input);
      if ("unsupportedMediaType" in rendered) {
        return unsupportedMediaType;
      }
      if ("failed" in rendered) return internalError(rendered.failed);
      const refusedOverride = refusedOverrideProblem("AWS", rendered.overrides);
      if (refusedOverride) return internalError(refusedOverride);
      const event = eventOf(rendered.body);
      if ("invalid" in event) return respond("", notJson(event.invalid), input);

      const overridden = [...(rendered.overrides?.header ?? [])].find(
        ([name]) => name.toLowerCase() === "x-amz-invocation-type",
      );
      const type = overridden?.[1][0] ?? invocationType?.source(mappingSourcesOf(input)) ?? "RequestResponse";
      const accountId = input.api.accountId;
      if (type === "Event") {
        // Lambda queues the event and answers at once, with no payload; the function runs on its own.
        void runner.invokeWith(fn, event.event, accountId, fn.timeoutSeconds * 1000);
        return respond("", "", input);
      }
      if (type === "DryRun") return respond("", "", input);

      const outcome: LambdaOutcome = await runner.invokeWith(fn, event.event, accountId, timeoutMs);
      switch (outcome.kind) {
        case "payload":
          return respond("", outcome.payload, input);
        case "integration-failure": {
          const error = outcome.error ?? JSON.stringify({ errorMessage: outcome.detail });
          return respond(errorMessageOf(error) ?? "", error, input);
        }
        case "response":
          return internalError(`${fn.id}: the invocation answered a proxy response`);
        case "timeout":
          return integrationTimeout(`${fn.id}: ${outcome.detail}`);
        case "unsupported-runtime":
          return unsupportedRuntime(fn.id, outcome.runtime);
      }
    },
  };
}
