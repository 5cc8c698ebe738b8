import { objectKey } from "../naming";
import { moduleSpecifier, pathBeside, type ModuleFormat } from "../project";
import { callWithObject, describeOperation, docLine, importLine, methodSignature } from "./emit";
import { stringLiteral } from "../emit/ts";
import type { MockedResponse, OperationPlan } from "./responses";

function factory(plan: OperationPlan, mocked: MockedResponse): string {
  const { operation } = plan;
  const route = describeOperation(operation.method, operation.path, operation.summary);
  const what = mocked.response.description ? `: ${mocked.response.description}` : "";
  const doc = docLine(`${route}. Responds ${mocked.response.statusCode}${what}`, "  ");
  const id = stringLiteral(operation.operationId);
  const code = stringLiteral(mocked.response.statusCode);
  if (mocked.body === "none") {
    return `${doc}\n  static ${mocked.method}(): Integration {\n    return Integrations.mock({ statusCode: ${mocked.status} });\n  }\n`;
  }
  const entries = [`statusCode: ${mocked.status}`];
  entries.push(`body: ${mocked.body === "json" ? "json" : "text"}(body, ${id}, ${code})`);
  if (mocked.body === "text" && mocked.media) {
    entries.push(`headers: { "Content-Type": ${stringLiteral(mocked.media.contentType)} }`);
  }
  return (
    `${doc}\n${methodSignature(`  static ${mocked.method}`, `body?: ${mocked.bodyType}`, "Integration")} {\n` +
    `${callWithObject("    ", "return Integrations.mock(", entries, ");")}\n  }\n`
  );
}

function mockAllEntry(plan: OperationPlan): string {
  const integration = plan.primary
    ? `MockIntegrations.${plan.primary.method}()`
    : "Integrations.mock({ statusCode: 200 })";
  return `      ${objectKey(plan.operation.operationId)}: { integration: ${integration} },\n`;
}

/** `infrastructure/mock-integrations.ts`: one typed factory per operation and declared response. */
export function emitMockIntegrations(
  title: string,
  plans: readonly OperationPlan[],
  format: ModuleFormat,
): string {
  const bodyTypes = plans.flatMap((p) => p.responses.flatMap((r) => (r.bodyType ? [r.bodyType] : [])));
  const usesJson = plans.some((p) => p.responses.some((r) => r.body === "json"));
  const usesText = plans.some((p) => p.responses.some((r) => r.body === "text"));
  const usesData = usesJson || usesText;
  const lines: string[] = [];
  const data = pathBeside("mock-data.json", format);
  if (usesData) lines.push(`import { readFileSync } from "node:fs";`, data.imports);
  // A model without operations (webhooks only) has no factory to type and nothing to mock.
  const cdkNames = [
    ...(plans.length > 0 ? ["Integrations"] : []),
    ...(plans.some((p) => p.responses.length > 0) ? ["type Integration"] : []),
    "type TypeSafeApiIntegration",
  ];
  lines.push(
    `import { ${cdkNames.join(", ")} } from "@specgate/cdk";`,
    importLine(["OperationConfig", ...bodyTypes], moduleSpecifier("../runtime/index", format), true),
    "",
  );
  if (usesData) {
    lines.push(
      "type MockData = { readonly [operationId: string]: { readonly [statusCode: string]: unknown } };",
      "",
      "let mockData: MockData | undefined;",
      "",
      "/** The generated mock body of a response, read once from `mock-data.json` beside this file. */",
      "function mockBody(operationId: string, statusCode: string): unknown {",
      `  mockData ??= JSON.parse(readFileSync(${data.expression}, "utf8")) as MockData;`,
      "  return mockData[operationId]?.[statusCode];",
      "}",
      "",
    );
  }
  if (usesJson) {
    lines.push(
      "/**",
      " * The body as JSON, with `#` and `$` written as JSON escapes: API Gateway reads a mock's body as a",
      " * mapping template (VTL), where they would start directives and references.",
      " */",
      "function json(body: unknown, operationId: string, statusCode: string): string {",
      "  const text = JSON.stringify(body === undefined ? mockBody(operationId, statusCode) : body);",
      `  return text.replace(/[#$]/g, (c) => (c === "#" ? "\\\\u0023" : "\\\\u0024"));`,
      "}",
      "",
    );
  }
  if (usesText) {
    lines.push(
      "/** The body as it is, kept out of the mapping template engine (VTL) when it holds `#` or `$`. */",
      "function text(body: string | undefined, operationId: string, statusCode: string): string {",
      "  const mock = body ?? mockBody(operationId, statusCode);",
      `  const value = typeof mock === "string" ? mock : JSON.stringify(mock);`,
      '  return /[#$]/.test(value) && !value.includes("]]#") ? `#[[${value}]]#` : value;',
      "}",
      "",
    );
  }
  lines.push(
    docLine(
      `Mock integrations for ${title || "the API"}: one per operation and declared response, answering with ` +
        "the given body or, without one, with generated mock data.",
    ),
    "export class MockIntegrations {",
  );
  const members = plans.flatMap((plan) => plan.responses.map((r) => factory(plan, r)));
  members.push(
    "  /** Every operation mocked with its first success response and generated mock data. */\n" +
      "  static mockAll(): OperationConfig<TypeSafeApiIntegration> {\n" +
      `    return {\n${plans.map(mockAllEntry).join("")}    };\n  }\n`,
  );
  lines.push(members.join("\n") + "}");
  return lines.join("\n") + "\n";
}
