import { parseJsonBody } from "../json-body";
import { evaluateJsonPath } from "./json-path";

/** Request parameters as `$input.params()` returns them. */
export interface InputParams {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

/** `$input` in API Gateway mapping templates, over one payload (request or integration response body). */
export class TemplateInput {
  private parsed?: { readonly value: unknown };

  constructor(
    readonly body: string,
    private readonly parameters: InputParams,
  ) {}

  private get root(): unknown {
    if (!this.parsed) {
      const parsed = this.body === "" ? { value: {} } : parseJsonBody(this.body);
      this.parsed = { value: "invalid" in parsed ? undefined : parsed.value };
    }
    return this.parsed.value;
  }

  /** The value at a JSONPath, as an object templates can navigate. */
  path(jsonPath: string): unknown {
    return evaluateJsonPath(this.root, String(jsonPath));
  }

  /** The value at a JSONPath, as JSON text. */
  json(jsonPath: string): string {
    const value = this.path(jsonPath);
    return value === undefined ? "" : JSON.stringify(value);
  }

  /** All parameters, or one by name (path, then query string, then header, as API Gateway looks). */
  params(name?: string): unknown {
    if (name === undefined) return this.parameters;
    const key = String(name);
    const { path, querystring, header } = this.parameters;
    if (key in path) return path[key];
    if (key in querystring) return querystring[key];
    const lower = key.toLowerCase();
    for (const [headerName, value] of Object.entries(header))
      if (headerName.toLowerCase() === lower) return value;
    return "";
  }
}
