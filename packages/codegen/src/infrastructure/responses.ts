import type { ApiMediaType, ApiModel, ApiOperation, ApiResponse } from "@specgate/model";
import { isJsonMediaType, lowerFirst, operationNames, statusName } from "../naming";

/** What a mock integration of one declared response returns. */
export interface MockedResponse {
  readonly response: ApiResponse;
  /** The factory's name on `MockIntegrations`: `sayHello200`. */
  readonly method: string;
  /** The status code API Gateway answers with: `4XX` is mocked as 400, `default` as 500 or 200. */
  readonly status: number;
  /** `json` bodies are serialized, `text` bodies sent as they are; `none` has no body. */
  readonly body: "json" | "text" | "none";
  /** The media type the body is mocked from. */
  readonly media?: ApiMediaType;
  /** The runtime's type of the body: `SayHello200ResponseBody`. */
  readonly bodyType?: string;
}

export interface OperationPlan {
  readonly operation: ApiOperation;
  /** `SayHello`: the prefix of the operation's generated type names. */
  readonly typeName: string;
  /** `sayHello`: the prefix of the operation's generated value names. */
  readonly valueName: string;
  readonly responses: readonly MockedResponse[];
  /** The response `mockAll()` uses: the first success, else `default`, else the first declared. */
  readonly primary?: MockedResponse;
}

const isSuccess = (code: string): boolean => /^2[0-9X]{2}$/i.test(code);

function statusNumber(code: string, hasSuccess: boolean): number {
  if (/^[1-5][0-9]{2}$/.test(code)) return Number(code);
  if (/^[1-5]XX$/i.test(code)) return Number(code[0]) * 100;
  // `default` stands for every other status: an error when a success is declared, else the success.
  return hasSuccess ? 500 : 200;
}

/** Plans the mock integrations of every operation, in document order. */
export function planOperations(model: ApiModel): OperationPlan[] {
  const names = operationNames(model.operations.map((op) => op.operationId));
  return model.operations.map((operation) => {
    const typeName = names.get(operation.operationId) ?? operation.operationId;
    const valueName = lowerFirst(typeName);
    const hasSuccess = operation.responses.some((r) => isSuccess(r.statusCode));
    const responses = operation.responses
      .filter((r) => /^([1-5][0-9X]{2}|default)$/i.test(r.statusCode))
      .map((response): MockedResponse => {
        const json = response.content.find((m) => isJsonMediaType(m.contentType));
        const media = json ?? response.content[0];
        const body = media === undefined ? "none" : json !== undefined ? "json" : "text";
        return {
          response,
          method: `${valueName}${statusName(response.statusCode)}`,
          status: statusNumber(response.statusCode, hasSuccess),
          body,
          media,
          bodyType: body === "none" ? undefined : `${typeName}${statusName(response.statusCode)}ResponseBody`,
        };
      });
    const primary =
      responses.find((r) => isSuccess(r.response.statusCode)) ??
      responses.find((r) => r.response.statusCode === "default") ??
      responses[0];
    return { operation, typeName, valueName, responses, primary };
  });
}

/** Operations whose handler specgate bundles: `x-handler: { language: typescript }`. */
export function handlerLanguage(operation: ApiOperation): string | undefined {
  const handler = operation.extensions["x-handler"];
  if (handler === null || typeof handler !== "object") return undefined;
  const language = (handler as { language?: unknown }).language;
  return typeof language === "string" ? language : undefined;
}
