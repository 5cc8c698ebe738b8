export * from "./types";
export { ModelError, formatProblem } from "./errors";
export { pointerOf, escapePointerSegment, resolvePointer, derefLocal, refPointer } from "./pointer";
export { setOwn } from "./own";
export { refCycleProblems } from "./refs";
export { apiGatewayProblems, buildModel, operationLookupOf, type BuildModelOptions } from "./normalize";
export { loadModel, loadModelSync, type LoadModelOptions } from "./load";
export { deriveOperationIds, operationIdFor, type OperationIdInput } from "./operation-ids";
export { describeScheme, schemeEnforcement } from "./api-gateway";
