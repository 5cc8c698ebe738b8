import type { Integration, IntegrationInput, IntegrationOutcome } from "./integration";
import { internalError, unsupportedMediaType } from "./integration";
import { mockStatusCode } from "./mock-status";
import { methodResponseHeaderRule } from "./restricted-headers";
import { IntegrationResponses, RequestTemplates } from "./templates";

/**
 * MOCK: the request template renders `{"statusCode": N}` (read as API Gateway reads it: `mock-status.ts`); N
 * selects the integration response, whose template renders the body. The request template's output itself is
 * never sent back.
 */
export function mockIntegration(integration: Record<string, unknown>, where: string): Integration {
  const requestTemplates = new RequestTemplates(integration, where);
  const responses = new IntegrationResponses(integration.responses, where, methodResponseHeaderRule("MOCK"));
  // Request templates render a handful of distinct outputs; each is parsed once.
  const statusCodes = new Map<string, number>();
  return {
    type: "MOCK",
    description: "MOCK",
    invoke: async (input: IntegrationInput): Promise<IntegrationOutcome> => {
      const rendered = requestTemplates.size === 0 ? { body: "" } : requestTemplates.render(input);
      if ("unsupportedMediaType" in rendered) {
        return unsupportedMediaType;
      }
      if ("failed" in rendered) return internalError(rendered.failed);
      let statusCode = statusCodes.get(rendered.body);
      if (statusCode === undefined) {
        const read = mockStatusCode(rendered.body);
        if (typeof read !== "number") {
          return internalError(
            `the MOCK request template rendered no status code API Gateway can read (${read.problem}): ${rendered.body.slice(0, 200)}`,
          );
        }
        statusCode = read;
        if (statusCodes.size < 100) statusCodes.set(rendered.body, statusCode);
      }
      return responses.respond(String(statusCode), { statusCode, headers: {}, body: "" }, input);
    },
  };
}
