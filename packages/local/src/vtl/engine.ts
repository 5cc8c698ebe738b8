import { Compile, parse } from "velocityjs";
import { LocalGatewayError } from "../errors";
import { javaMethodHandlers } from "./java-string";

/** A mapping template parsed once; each render only walks the parsed tree. */
export interface MappingTemplate {
  readonly source: string;
  /** True when the template references nothing: it renders as its source, so callers can skip building variables. */
  readonly isStatic: boolean;
  render(variables: Readonly<Record<string, unknown>>): string;
}

const config: ConstructorParameters<typeof Compile>[1] = {
  escape: false,
  customMethodHandlers: javaMethodHandlers,
};

/** Parses a VTL mapping template; `where` names it in the error a malformed template gets. */
export function compileTemplate(source: string, where: string): MappingTemplate {
  // Most templates that set a status code or a fixed body reference nothing: they render as written.
  if (!source.includes("$") && !source.includes("#")) return { source, isStatic: true, render: () => source };
  let asts: ReturnType<typeof parse>;
  try {
    asts = parse(source);
  } catch (error) {
    const detail = (error as Error).message.split("\n").slice(0, 3).join(" ");
    throw new LocalGatewayError(`${where}: the mapping template does not parse as VTL: ${detail}`);
  }
  return {
    source,
    isStatic: false,
    // A Compile holds render state (#stop, #define), so each render gets a fresh, cheap one.
    render: (variables) => new Compile(asts, config).render({ ...variables }),
  };
}

/**
 * `$stageVariables` for templates: API Gateway renders a stage variable the stage does not define as an empty
 * string, where Velocity would write the reference itself.
 */
export function templateStageVariables(
  variables: Readonly<Record<string, string>> | null,
): Readonly<Record<string, string>> {
  const defined = { ...variables };
  return new Proxy(defined, {
    get: (target, key) =>
      typeof key === "string" &&
      !Object.prototype.hasOwnProperty.call(target, key) &&
      !(key in Object.prototype)
        ? ""
        : (target as Record<string | symbol, unknown>)[key],
  });
}
