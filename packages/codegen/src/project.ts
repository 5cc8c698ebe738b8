import { stringLiteral } from "./emit/escape";

/**
 * What generated code needs to know of the project it is written into: how its TypeScript runs
 * (CommonJS or ES modules) and which test runner it has. Both change how files import each other,
 * how they find the files beside them, and what test stubs look like.
 */

/**
 * How the project's `.ts` files run: as CommonJS (no `"type": "module"` in its package.json: the
 * `cdk init` default) or as ES modules (`"type": "module"`).
 */
export type ModuleFormat = "commonjs" | "esm";

/** The test runner handler test stubs are written for; `none` writes no test stubs. */
export type TestRunner = "vitest" | "jest" | "node" | "none";

export const MODULE_FORMATS: readonly ModuleFormat[] = ["commonjs", "esm"];
export const TEST_RUNNERS: readonly TestRunner[] = ["vitest", "jest", "node", "none"];

/**
 * A relative import of a TypeScript module, given without extension (`./api`, `../runtime/index`):
 * ES modules name the file as it runs (`./api.js`), which every TypeScript loader maps back to
 * `api.ts`; CommonJS names no extension (`./api`, a folder for its index: `../runtime`), which
 * `require` resolves under ts-node, tsx, jest and vitest alike.
 */
export function moduleSpecifier(withoutExtension: string, format: ModuleFormat): string {
  if (format === "esm") return `${withoutExtension}.js`;
  if (withoutExtension === "./index") return ".";
  return withoutExtension.replace(/\/index$/, "");
}

/**
 * A path beside the generated file that evaluates it, and the import that expression needs:
 * CommonJS has `__dirname`, an ES module has only `import.meta.url`.
 */
export function pathBeside(relative: string, format: ModuleFormat): { expression: string; imports: string } {
  const quoted = stringLiteral(relative);
  return format === "esm"
    ? {
        expression: `fileURLToPath(new URL(${quoted}, import.meta.url))`,
        imports: `import { fileURLToPath } from "node:url";`,
      }
    : { expression: `path.join(__dirname, ${quoted})`, imports: `import * as path from "node:path";` };
}
