export * from "./types";
export { ModelError, formatProblem } from "./errors";
export { pointerOf, escapePointerSegment, resolvePointer } from "./pointer";
export { buildModel, operationLookupOf } from "./normalize";
export { loadModel, loadModelSync } from "./load";
