import type { ApiModel, ApiParameter } from "@specgate/model";
import type { GeneratedFile } from "../files";
import { describeOperation } from "../infrastructure/emit";
import type { OperationPlan } from "../infrastructure/responses";
import { mockMediaValue, mockValue } from "../mock-data";
import { isJsonMediaType } from "../naming";
import { conforms } from "../mock-data/conforms";
import type { ModuleFormat, TestRunner } from "../project";
import { handlerStub, handlerTestStub, NO_BODY, type StubFacts } from "./template";

/** The stub's file name (no extension) for an operation: its value name, `sayHello`. */
export function stubFileName(plan: OperationPlan): string {
  return plan.valueName;
}

/** A parameter value as it travels in a URL or header: arrays comma-separated, objects as JSON. */
function parameterText(value: unknown): string {
  if (Array.isArray(value)) return value.map(parameterText).join(",");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function stubEvent(model: ApiModel, plan: OperationPlan): StubFacts["event"] {
  const { operation } = plan;
  const valueOf = (p: ApiParameter): string =>
    parameterText(mockValue(p.schema, model.document, `${operation.operationId} ${p.in} ${p.name}`));
  const required = operation.parameters.filter((p) => p.required);
  const pick = (location: ApiParameter["in"]): Record<string, string> | null => {
    const found = required.filter((p) => p.in === location);
    return found.length === 0 ? null : Object.fromEntries(found.map((p) => [p.name, valueOf(p)]));
  };
  const pathParameters = pick("path");
  const path = operation.path.replace(/\{([^}+]+)\+?\}/g, (whole, name: string) =>
    pathParameters?.[name] !== undefined ? encodeURIComponent(pathParameters[name]) : whole,
  );
  const headers: Record<string, string> = { ...pick("header") };
  let body: string | null = null;
  const media = operation.requestBody?.content[0];
  if (operation.requestBody?.required && media) {
    const value = mockMediaValue(media, model.document, `${operation.operationId} request`);
    headers["content-type"] = media.contentType;
    body = isJsonMediaType(media.contentType) || typeof value !== "string" ? JSON.stringify(value) : value;
  }
  return {
    method: operation.method.toUpperCase(),
    resource: operation.path,
    path,
    headers,
    query: pick("query"),
    pathParameters,
    body,
  };
}

/**
 * A body for the stub's response: the mock data of its primary response, text bodies as strings;
 * `NO_BODY` when the schema admits no value mock data can build (e.g. `type: object` with a string enum).
 */
function stubBody(model: ApiModel, plan: OperationPlan): unknown {
  const { primary } = plan;
  if (primary?.media === undefined || primary.body === "none") return undefined;
  const seed = `${plan.operation.operationId} ${primary.response.statusCode}`;
  const value = mockMediaValue(primary.media, model.document, seed);
  if (primary.body === "text") return typeof value === "string" ? value : JSON.stringify(value);
  const schema = primary.media.schema;
  return schema === undefined || conforms(value, schema, model.document) ? value : NO_BODY;
}

/** Where handler stubs import from, and what their tests run on. */
export interface StubOptions {
  /** The runtime's handler wrapper, by operationId. */
  readonly wrappers: ReadonlyMap<string, string>;
  /** The generated runtime's index relative to the handlers folder, as the project imports it. */
  readonly runtimeImport: string;
  readonly moduleFormat: ModuleFormat;
  /** `none`: no test stubs. */
  readonly testRunner: TestRunner;
}

/** Handler stubs and their test stubs, paths relative to the handlers folder. */
export function generateHandlerStubs(
  model: ApiModel,
  plans: readonly OperationPlan[],
  options: StubOptions,
): GeneratedFile[] {
  const { wrappers, runtimeImport, moduleFormat, testRunner } = options;
  return plans.flatMap((plan) => {
    const { operation, primary } = plan;
    const fileName = stubFileName(plan);
    const wrapper = wrappers.get(operation.operationId);
    if (wrapper === undefined)
      throw new Error(`no handler wrapper was generated for ${operation.operationId}`);
    const facts: StubFacts = {
      operationId: operation.operationId,
      wrapper,
      runtimeImport,
      fileName,
      route: describeOperation(operation.method, operation.path, operation.summary),
      status: primary?.status ?? 200,
      body: stubBody(model, plan),
      bodyType: primary?.bodyType,
      event: stubEvent(model, plan),
    };
    const stub = { path: `${fileName}.ts`, content: handlerStub(facts) };
    if (testRunner === "none") return [stub];
    return [stub, { path: `${fileName}.test.ts`, content: handlerTestStub(facts, testRunner, moduleFormat) }];
  });
}
