export type { GeneratedFile } from "./files";
export {
  defaultJavaPackage,
  generate,
  generatedHeader,
  LANGUAGES,
  type GenerateOptions,
  type GenerateResult,
  type Language,
} from "./generate";
export { isJavaPackage } from "./emit/java";
export {
  writeGenerated,
  MANIFEST_FILE,
  GenerationError,
  type GeneratedWith,
  type Manifest,
  type WriteOptions,
  type WriteResult,
} from "./writer";
export { mockValue, mockMediaValue } from "./mock-data";
export { MODULE_FORMATS, moduleSpecifier, TEST_RUNNERS, type ModuleFormat, type TestRunner } from "./project";
export * from "./naming";
