import type { ApiModel } from "@specgate/model";
import type { GeneratedFile } from "../files";

/** Generates `runtime/`: types, operation config and lookup, handler wrappers and the client. */
export function generateRuntime(_model: ApiModel): GeneratedFile[] {
  return [];
}
