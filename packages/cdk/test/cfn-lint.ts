import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether `cfn-lint` runs here. With SPECGATE_REQUIRE_CFN_LINT=1 its absence is an error, not a skip. */
export const cfnLintAvailable: boolean = (() => {
  const found = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status === 0;
  if (!found && process.env.SPECGATE_REQUIRE_CFN_LINT === "1") {
    throw new Error(
      "cfn-lint is required (SPECGATE_REQUIRE_CFN_LINT=1) but is not on PATH: pip install cfn-lint",
    );
  }
  return found;
})();

/**
 * Runs cfn-lint once over several templates (each costs a second or two alone) and returns its
 * findings, one line each, prefixed with the template's name; empty when every template is clean.
 */
export function cfnLint(templates: { readonly [name: string]: unknown }): string[] {
  const dir = mkdtempSync(join(tmpdir(), "specgate-cfn-lint-"));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = join(dir, `${name.replace(/[^\w.-]+/g, "_")}.json`);
      writeFileSync(file, JSON.stringify(template, undefined, 1));
      return file;
    });
    // W3005: the CDK itself writes a DependsOn beside a GetAtt for a Lambda function's role.
    const run = spawnSync("cfn-lint", ["--format", "parseable", "--ignore-checks", "W3005", "--", ...files], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    // Exit codes: 0 clean, 2 errors, 4 warnings, 8 informational (or-ed); anything else is cfn-lint failing.
    if (run.status !== 0 && (run.status === null || run.status > 14)) {
      throw new Error(`cfn-lint failed (exit ${run.status}): ${run.stderr}`);
    }
    return run.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => line.replace(dir + "/", ""));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Collects templates during a test file and lints them together in one cfn-lint run:
 * `const lint = lintLater(); lint.add("name", template); … it("passes cfn-lint", lint.check)`.
 */
export function lintLater(): { add(name: string, template: unknown): void; check(): void } {
  const templates: Record<string, unknown> = {};
  return {
    add(name, template) {
      templates[name in templates ? `${name}-${Object.keys(templates).length}` : name] = template;
    },
    check() {
      if (!cfnLintAvailable) return;
      if (Object.keys(templates).length === 0) throw new Error("no template was collected for cfn-lint");
      const findings = cfnLint(templates);
      if (findings.length > 0) throw new Error(`cfn-lint findings:\n${findings.join("\n")}`);
    },
  };
}
