import type { Interceptor } from "../generated/runtime";

/**
 * Sends the caller's `x-request-id` back on the response (or API Gateway's request id when the
 * caller sent none), so a client can match responses to requests and to the function's logs.
 */
export const echoRequestId: Interceptor = async ({ event }, next) => {
  const response = await next();
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === "x-request-id");
  const requestId = header?.[1] ?? String(event.requestContext?.requestId ?? "");
  if (requestId === "") return response;
  return { ...response, headers: { ...response.headers, "x-request-id": requestId } };
};

/** Logs each request's operation, status and duration as one JSON line, the shape log queries read best. */
export const logRequests: Interceptor = async ({ event }, next) => {
  const started = Date.now();
  const response = await next();
  console.info(
    JSON.stringify({
      method: event.httpMethod,
      resource: event.resource,
      statusCode: response.statusCode,
      ms: Date.now() - started,
    }),
  );
  return response;
};
