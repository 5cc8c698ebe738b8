export type { GeneratedFile } from "./files";
export { generate, generatedHeader, type GenerateOptions, type GenerateResult } from "./generate";
export {
  writeGenerated,
  MANIFEST_FILE,
  GenerationError,
  type WriteOptions,
  type WriteResult,
} from "./writer";
export { mockValue, mockMediaValue } from "./mock-data";
export { MODULE_FORMATS, moduleSpecifier, TEST_RUNNERS, type ModuleFormat, type TestRunner } from "./project";
export * from "./naming";
