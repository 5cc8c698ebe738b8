import { LocalGatewayError } from "./errors";
import { parseJsonBody } from "./json-body";
import { evaluateJsonPath } from "./vtl/json-path";

/** The values a mapping expression (`method.request.header.x`, `'literal'`, …) can read. */
export interface MappingSources {
  /** The method request, percent-decoded; header names lower case. */
  readonly request: {
    readonly path: Readonly<Record<string, string>>;
    readonly querystring: Readonly<Record<string, string>>;
    readonly header: Readonly<Record<string, string>>;
    readonly body: string;
  };
  /** The integration response (for integration responses), header names lower case. */
  readonly integrationResponse?: { readonly header: Readonly<Record<string, string>>; readonly body: string };
  readonly context: Readonly<Record<string, unknown>>;
  readonly stageVariables: Readonly<Record<string, string>> | null;
}

/** A compiled mapping expression: the value it names, or undefined when the source lacks it. */
export type ValueSource = (sources: MappingSources) => string | undefined;

const text = (value: unknown): string | undefined =>
  value === undefined || value === null
    ? undefined
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

function bodyPath(path: string, body: (s: MappingSources) => string | undefined): ValueSource {
  if (path === "") return body;
  return (sources) => {
    const raw = body(sources);
    if (raw === undefined) return undefined;
    const parsed = parseJsonBody(raw);
    if ("invalid" in parsed) return undefined;
    try {
      return text(evaluateJsonPath(parsed.value, `$${path}`));
    } catch {
      return undefined;
    }
  };
}

/** Compiles one mapping expression once, at start; `where` names it in errors. */
export function compileSource(expression: string, where: string): ValueSource {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) {
    const value = literal[1];
    return () => value;
  }
  let match =
    /^method\.request\.(path|querystring|header|multivalueheader|multivaluequerystring)\.(.+)$/.exec(
      expression,
    );
  if (match) {
    const location = match[1].replace(/^multivalue/, "") as "path" | "querystring" | "header";
    const name = location === "header" ? match[2].toLowerCase() : match[2];
    return (sources) => sources.request[location][name];
  }
  match = /^method\.request\.body(.*)$/.exec(expression);
  if (match) return bodyPath(match[1], (sources) => sources.request.body);
  match = /^integration\.response\.(?:multivalue)?header\.(.+)$/.exec(expression);
  if (match) {
    const name = match[1].toLowerCase();
    return (sources) => sources.integrationResponse?.header[name];
  }
  match = /^integration\.response\.body(.*)$/.exec(expression);
  if (match) return bodyPath(match[1], (sources) => sources.integrationResponse?.body);
  match = /^context\.(.+)$/.exec(expression);
  if (match) {
    const keys = match[1].split(".");
    return (sources) => {
      let value: unknown = sources.context;
      for (const key of keys)
        value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
      return text(value);
    };
  }
  match = /^stageVariables\.(.+)$/.exec(expression);
  if (match) {
    const name = match[1];
    return (sources) => sources.stageVariables?.[name];
  }
  throw new LocalGatewayError(
    `${where}: "${expression}" is not a mapping expression API Gateway accepts ('literal', method.request.*, integration.response.*, context.*, stageVariables.*)`,
  );
}

/** A set of `target: source` mappings, with the prefix of the target (`method.response.header.`) removed. */
export function compileMappings(
  mappings: unknown,
  targetPrefix: string,
  where: string,
): readonly { readonly name: string; readonly source: ValueSource }[] {
  if (mappings === null || typeof mappings !== "object") return [];
  return Object.entries(mappings as Record<string, unknown>)
    .filter(([target]) => target.startsWith(targetPrefix))
    .map(([target, source]) => ({
      name: target.slice(targetPrefix.length),
      source: compileSource(String(source), `${where} ${target}`),
    }));
}
