import type { ModelProblem } from "./types";

/**
 * Formats a problem the way every specgate message does: `file#/pointer: message`, or
 * `file:line:column: message` for problems found while parsing the file's text.
 */
export function formatProblem(problem: ModelProblem): string {
  const where =
    problem.line === undefined
      ? problem.pointer
      : `:${problem.line}:${problem.column ?? 1}${problem.pointer}`;
  return `${problem.file}${where}: ${problem.message}`;
}

/** Thrown when a model cannot be loaded; lists every problem found, not only the first. */
export class ModelError extends Error {
  readonly problems: readonly ModelProblem[];

  constructor(problems: readonly ModelProblem[]) {
    const lines = problems.map(formatProblem);
    super(
      problems.length === 1
        ? lines[0]
        : `${problems.length} problems in the API model:\n${lines.map((l) => `  - ${l}`).join("\n")}`,
    );
    this.name = "ModelError";
    this.problems = problems;
  }
}
