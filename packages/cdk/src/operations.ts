import { loadModelSync, operationLookupOf, setOwn, type ApiModel } from "@specgate/model";
import type { TypeSafeApiIntegration } from "./type-safe-rest-api";

/** A parsed OpenAPI document: JSON values by key. */
export type OpenApiDocument = { readonly [key: string]: unknown };

/** Where an operation sits in the spec, and what its request accepts. */
export interface OperationDetails {
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/pets/{petId}`. */
  readonly path: string;
  /** The operation's request body content types (`["application/json"]` when it has none). */
  readonly contentTypes: string[];
}

/** Every operation of a spec, by operationId. */
export type OperationLookup = { readonly [operationId: string]: OperationDetails };

/** The operations of a loaded model, by operationId. */
export function lookupOf(model: ApiModel): OperationLookup {
  const lookup: { [operationId: string]: OperationDetails } = {};
  for (const [operationId, { method, path, contentTypes }] of Object.entries(operationLookupOf(model))) {
    setOwn(lookup, operationId, { method, path, contentTypes: [...contentTypes] });
  }
  return lookup;
}

/** Helpers to build the `integrations` of a `TypeSafeRestApi`. */
export class Operations {
  /**
   * The same integration for every operation: `Operations.all(OperationLookup, { integration })`
   * with generated code, `Operations.all(Operations.lookup("api.yaml"), …)` without. Only the
   * lookup's keys are read.
   */
  static all<L extends { readonly [operationId: string]: unknown }, T extends TypeSafeApiIntegration>(
    operationLookup: L,
    integration: T,
  ): { [OperationId in keyof L]: T } {
    const out: { [operationId: string]: T } = {};
    for (const operationId of Object.keys(operationLookup)) setOwn(out, operationId, integration);
    return out as { [OperationId in keyof L]: T };
  }

  /** Every operation of a spec (a path or a parsed document), by operationId. */
  static lookup(spec: string | OpenApiDocument): OperationLookup {
    return lookupOf(loadModelSync(spec));
  }
}
