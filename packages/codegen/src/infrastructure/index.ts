import { setOwn, type ApiModel } from "@specgate/model";
import type { GeneratedFile } from "../files";
import { mockMediaValue } from "../mock-data";
import { NameScope } from "../naming";
import { moduleSpecifier, type ModuleFormat } from "../project";
import { emitApi } from "./api";
import { exportLine } from "./emit";
import { emitFunctions, type FunctionPlan } from "./functions";
import { emitMockIntegrations } from "./mock-integrations";
import type { OperationPlan } from "./responses";

export interface InfrastructureOptions {
  /** Which operations get a Lambda function construct. */
  readonly functionOperations: readonly OperationPlan[];
  /** The handlers folder relative to the infrastructure folder, POSIX separators: `../../handlers`. */
  readonly handlersFromInfrastructure: string;
  /** The stub file name (no extension) of an operation. */
  readonly stubFileName: (plan: OperationPlan) => string;
  /** How the project runs its TypeScript. */
  readonly moduleFormat: ModuleFormat;
}

/** The seed of one response's mock data: stable when other operations change. */
export function mockSeed(operationId: string, statusCode: string): string {
  return `${operationId} ${statusCode}`;
}

/** Mock bodies by operationId and status code, as `mock-data.json` holds them. */
export function mockData(
  model: ApiModel,
  plans: readonly OperationPlan[],
): Record<string, Record<string, unknown>> {
  const data: Record<string, Record<string, unknown>> = {};
  for (const plan of plans) {
    const bodies: Record<string, unknown> = {};
    for (const mocked of plan.responses) {
      if (!mocked.media) continue;
      const seed = mockSeed(plan.operation.operationId, mocked.response.statusCode);
      setOwn(bodies, mocked.response.statusCode, mockMediaValue(mocked.media, model.document, seed) ?? null);
    }
    if (Object.keys(bodies).length > 0) setOwn(data, plan.operation.operationId, bodies);
  }
  return data;
}

/** `infrastructure/`: the Api construct, the model it serves, MockIntegrations and function constructs. */
export function generateInfrastructure(
  model: ApiModel,
  plans: readonly OperationPlan[],
  options: InfrastructureOptions,
): GeneratedFile[] {
  const format = options.moduleFormat;
  const files: GeneratedFile[] = [
    { path: "infrastructure/api.ts", content: emitApi(model, format) },
    { path: "infrastructure/spec.json", content: `${JSON.stringify(model.document, null, 2)}\n` },
    {
      path: "infrastructure/mock-integrations.ts",
      content: emitMockIntegrations(model.title, plans, format),
    },
    {
      path: "infrastructure/mock-data.json",
      content: `${JSON.stringify(mockData(model, plans), null, 2)}\n`,
    },
  ];
  const exports = [
    Object.keys(model.securitySchemes).length > 0
      ? `export { Api, type ApiAuthorizers, type ApiProps } from "${moduleSpecifier("./api", format)}";`
      : `export { Api, type ApiProps } from "${moduleSpecifier("./api", format)}";`,
    `export { MockIntegrations } from "${moduleSpecifier("./mock-integrations", format)}";`,
  ];
  if (options.functionOperations.length > 0) {
    const scope = new NameScope([
      "Api",
      "ApiProps",
      "MockIntegrations",
      "HandlerFunction",
      "HandlerFunctionProps",
    ]);
    const functions: FunctionPlan[] = options.functionOperations.map((plan) => ({
      plan,
      className: scope.claim(`${plan.typeName}Function`),
      entry: `${options.handlersFromInfrastructure}/${options.stubFileName(plan)}.ts`,
    }));
    files.push({ path: "infrastructure/functions.ts", content: emitFunctions(functions, format) });
    const names = functions.map((f) => f.className);
    exports.push(exportLine(["type HandlerFunctionProps", ...names], moduleSpecifier("./functions", format)));
  }
  files.push({ path: "infrastructure/index.ts", content: `${exports.join("\n")}\n` });
  return files;
}
