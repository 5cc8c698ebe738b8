import { isJsonContentType } from "./handler";
import type { OperationSpec } from "./types";

/** The part of the Fetch API the client uses; `globalThis.fetch` by default. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: { [name: string]: string }; body?: string },
) => Promise<{
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}>;

export interface ClientOptions {
  /** Where the API is served, e.g. `https://abc123.execute-api.us-east-1.amazonaws.com/prod`. */
  readonly baseUrl: string;
  /**
   * Headers sent with every request (e.g. `authorization`), or a function giving them per request.
   * @default no extra headers
   */
  readonly headers?:
    | { readonly [name: string]: string }
    | (() => { readonly [name: string]: string } | Promise<{ readonly [name: string]: string }>);
  /**
   * Sent as the `Authorization` header of every request: a Cognito ID or access token, or what a Lambda
   * authorizer reads. A function gives one per request (e.g. a token it refreshes).
   * @default no token
   */
  readonly token?: string | (() => string | Promise<string>);
  /**
   * Sent as the `x-api-key` header of every request, for operations that require an API key.
   * @default no API key
   */
  readonly apiKey?: string;
  /**
   * Signs every request once its headers and body are final: `awsSigV4Signer({ region, credentials })`
   * from `@specgate/runtime/sigv4` for operations authorized with IAM.
   * @default requests are not signed
   */
  readonly signer?: RequestSigner;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
}

/** A request as it will be sent, for a signer to sign. */
export interface SignableRequest {
  readonly method: string;
  /** The whole URL, query string included. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: { readonly [name: string]: string };
  readonly body?: string;
}

/** Returns the headers that sign a request (they are added to it). */
export type RequestSigner = (request: SignableRequest) => Promise<{ readonly [name: string]: string }>;

/** What a client method sends: the operation's parameters by their spec names, and its body. */
export interface ClientRequest {
  readonly requestParameters?: object;
  readonly body?: unknown;
}

/** What a client method resolves to, for every status code: the generated types narrow it per operation. */
export interface ClientResponse {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers: { readonly [name: string]: string };
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The base of generated clients: builds the URL, headers and body of a request and reads the response. */
export class ClientBase {
  private readonly baseUrl: string;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /** Sends one operation's request; resolves with the response whatever its status code. */
  protected async send<R = ClientResponse>(
    operation: OperationSpec,
    request: ClientRequest = {},
  ): Promise<R> {
    const parameters = (request.requestParameters ?? {}) as { readonly [name: string]: unknown };
    // Header names come from the spec and the server: `constructor` and `__proto__` are names too.
    const headers = Object.create(null) as { [name: string]: string };
    let path = operation.path;
    const query: string[] = [];
    const cookies: string[] = [];
    for (const spec of operation.parameters) {
      const value = Object.hasOwn(parameters, spec.name) ? parameters[spec.name] : undefined;
      if (value === undefined || value === null) continue;
      const values = Array.isArray(value) ? value.map(text) : [text(value)];
      if (spec.in === "path") {
        path = path.replace(
          new RegExp(`\\{${escapeRegExp(spec.name)}\\+?\\}`),
          values.map(encodeURIComponent).join(","),
        );
      } else if (spec.in === "query") {
        const key = encodeURIComponent(spec.name);
        if (Array.isArray(value) && spec.explode === false) {
          query.push(`${key}=${values.map(encodeURIComponent).join(",")}`);
        } else {
          for (const v of values) query.push(`${key}=${encodeURIComponent(v)}`);
        }
      } else if (spec.in === "header") {
        headers[spec.name.toLowerCase()] = values.join(",");
      } else {
        cookies.push(`${spec.name}=${encodeURIComponent(values.join(","))}`);
      }
    }
    if (cookies.length > 0) headers.cookie = cookies.join("; ");

    const shared =
      typeof this.options.headers === "function" ? await this.options.headers() : this.options.headers;
    for (const [name, value] of Object.entries(shared ?? {})) headers[name.toLowerCase()] ??= value;

    let body: string | undefined;
    if (request.body !== undefined && operation.requestBody) {
      const contentType =
        headers["content-type"] ?? operation.requestBody.contentTypes[0] ?? "application/json";
      headers["content-type"] = contentType;
      body =
        typeof request.body === "string" && !isJsonContentType(contentType)
          ? request.body
          : JSON.stringify(request.body);
    }
    headers.accept ??= "application/json";
    const token = typeof this.options.token === "function" ? await this.options.token() : this.options.token;
    if (token !== undefined) headers.authorization ??= token;
    if (this.options.apiKey !== undefined) headers["x-api-key"] ??= this.options.apiKey;

    const fetchImpl = this.options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    const url = `${this.baseUrl}${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
    if (this.options.signer) {
      const signature = await this.options.signer({ method: operation.method, url, headers, body });
      for (const [name, value] of Object.entries(signature)) headers[name.toLowerCase()] = value;
    }
    const response = await fetchImpl(
      url,
      body === undefined
        ? { method: operation.method, headers }
        : { method: operation.method, headers, body },
    );

    const responseHeaders = Object.create(null) as { [name: string]: string };
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    const raw = await response.text();
    const contentType = responseHeaders["content-type"] ?? "";
    let responseBody: unknown = raw === "" ? undefined : raw;
    if (raw !== "" && isJsonContentType(contentType)) {
      try {
        responseBody = JSON.parse(raw);
      } catch {
        responseBody = raw;
      }
    }
    const result: ClientResponse = {
      statusCode: response.status,
      body: responseBody,
      headers: responseHeaders,
    };
    // The generated method's return type narrows the response to the operation's declared ones.
    return result as R;
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
