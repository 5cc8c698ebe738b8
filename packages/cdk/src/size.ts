/**
 * CloudFormation's limit on a template is 1,000,000 bytes; specgate keeps 50,000 of them for the
 * rest of the stack (functions, roles, log groups).
 */
export const SPEC_BYTES_LIMIT = 950_000;

/** How a synthesized template nests the body: Resources › <api> › Properties › Body. */
const BODY_DEPTH = 4;

/** The bytes a resolved spec takes in a template as the CDK writes it (JSON, one space per level). */
export function measureSpecBytes(resolvedSpec: unknown): number {
  return templateBytes(JSON.stringify(resolvedSpec, undefined, 1));
}

/** The bytes of a body's JSON text (one space per level) once nested in the template. */
export function templateBytes(text: string): number {
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return Buffer.byteLength(text) + BODY_DEPTH * lines;
}
