import { mockValue } from "../mock-data";
import type { ApiModel } from "@specgate/model";
import type { GeneratedFile } from "../files";
import { describeOperation } from "../infrastructure/emit";
import type { OperationPlan } from "../infrastructure/responses";
import { handlerStub, handlerTestStub, type StubFacts } from "./template";

/** The stub's file name (no extension) for an operation: its value name, `sayHello`. */
export function stubFileName(plan: OperationPlan): string {
  return plan.valueName;
}

/**
 * Handler stubs and their test stubs, paths relative to the handlers folder. `runtimeImport` is the
 * generated runtime folder relative to the handlers folder.
 */
export function generateHandlerStubs(
  model: ApiModel,
  plans: readonly OperationPlan[],
  runtimeImport: string,
): GeneratedFile[] {
  return plans.flatMap((plan) => {
    const { operation, primary } = plan;
    const fileName = stubFileName(plan);
    const facts: StubFacts = {
      operationId: operation.operationId,
      wrapper: `${plan.valueName}Handler`,
      runtimeImport,
      fileName,
      route: describeOperation(operation.method, operation.path, operation.summary),
      status: primary?.status ?? 200,
      body:
        primary?.body === "json" || primary?.body === "text"
          ? mockValue(
              primary.media?.schema,
              model.document,
              `${operation.operationId} ${primary.response.statusCode}`,
            )
          : undefined,
    };
    return [
      { path: `${fileName}.ts`, content: handlerStub(facts) },
      { path: `${fileName}.test.ts`, content: handlerTestStub(facts) },
    ];
  });
}
