import {
  loadModelSync,
  operationLookupOf,
  type OpenApiDocument,
  type OperationLookup,
} from "@specgate/model";
import type { TypeSafeApiIntegration } from "./type-safe-rest-api";

/** Helpers to build the `integrations` of a `TypeSafeRestApi`. */
export class Operations {
  /**
   * The same integration for every operation: `Operations.all(OperationLookup, { integration })`
   * with generated code, `Operations.all(Operations.lookup("api.yaml"), …)` without.
   */
  static all<L extends OperationLookup, T extends TypeSafeApiIntegration>(
    operationLookup: L,
    integration: T,
  ): { [OperationId in keyof L]: T } {
    const out: Partial<Record<keyof L, T>> = {};
    for (const operationId of Object.keys(operationLookup) as (keyof L)[]) out[operationId] = integration;
    return out as { [OperationId in keyof L]: T };
  }

  /** Every operation of a spec (a path or a parsed document), by operationId. */
  static lookup(spec: string | OpenApiDocument): OperationLookup {
    return operationLookupOf(loadModelSync(spec));
  }
}
