import type { Integration, IntegrationInput, IntegrationOutcome } from "./integration";
import { internalError } from "./integration";
import { IntegrationResponses, RequestTemplates } from "./templates";

/**
 * MOCK: the request template renders `{"statusCode": N}`; N selects the integration response, whose
 * template renders the body. The request template's output itself is never sent back.
 */
export function mockIntegration(integration: Record<string, unknown>, where: string): Integration {
  const requestTemplates = new RequestTemplates(integration, where);
  const responses = new IntegrationResponses(integration.responses, where);
  // Request templates render a handful of distinct outputs; each is parsed once.
  const statusCodes = new Map<string, number>();
  return {
    type: "MOCK",
    description: "MOCK",
    invoke: async (input: IntegrationInput): Promise<IntegrationOutcome> => {
      const rendered = requestTemplates.size === 0 ? { body: "" } : requestTemplates.render(input);
      if ("unsupportedMediaType" in rendered) {
        return {
          kind: "error",
          error: { type: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported Media Type" },
        };
      }
      let statusCode = 200;
      const known = statusCodes.get(rendered.body);
      if (known !== undefined) statusCode = known;
      else if (rendered.body.trim() !== "") {
        try {
          const parsed = JSON.parse(rendered.body) as { statusCode?: unknown };
          statusCode = Number(parsed.statusCode ?? 200);
        } catch {
          return internalError(
            `the MOCK request template did not render JSON with a statusCode: ${rendered.body.slice(0, 200)}`,
          );
        }
        if (!Number.isInteger(statusCode))
          return internalError(`the MOCK request template rendered a non-numeric statusCode`);
        if (statusCodes.size < 100) statusCodes.set(rendered.body, statusCode);
      }
      return responses.respond(String(statusCode), { statusCode, headers: {}, body: "" }, input);
    },
  };
}
