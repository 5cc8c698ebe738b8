import type { ApiResponse, EmptyResponse, ResponseHeaders } from "./types";

const withBody =
  <S extends number>(statusCode: S) =>
  <B>(body: B, headers?: ResponseHeaders): ApiResponse<S, B> =>
    headers === undefined ? { statusCode, body } : { statusCode, body, headers };

/** Builds handler responses: `Response.ok(body)`, `Response.notFound(body)`, `Response.of(418, body)`. */
export const Response = {
  /** 200 OK */
  ok: withBody(200),
  /** 201 Created */
  created: withBody(201),
  /** 202 Accepted */
  accepted: withBody(202),
  /** 204 No Content */
  noContent: (headers?: ResponseHeaders): EmptyResponse<204> =>
    headers === undefined ? { statusCode: 204 } : { statusCode: 204, headers },
  /** 400 Bad Request */
  badRequest: withBody(400),
  /** 401 Unauthorized */
  unauthorized: withBody(401),
  /** 403 Forbidden */
  forbidden: withBody(403),
  /** 404 Not Found */
  notFound: withBody(404),
  /** 409 Conflict */
  conflict: withBody(409),
  /** 500 Internal Server Error */
  internalServerError: withBody(500),
  /** Any status code with a body. */
  of: <S extends number, B>(statusCode: S, body: B, headers?: ResponseHeaders): ApiResponse<S, B> =>
    headers === undefined ? { statusCode, body } : { statusCode, body, headers },
  /** Any status code without a body. */
  empty: <S extends number>(statusCode: S, headers?: ResponseHeaders): EmptyResponse<S> =>
    headers === undefined ? { statusCode } : { statusCode, headers },
} as const;
