import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { buildModel } from "./normalize";
import type { ApiModel, OpenApiDocument } from "./types";

// Provisional: single-file documents only. Replaced by the full loader (multi-file $refs, validation).

/** Loads a model from a file path (YAML or JSON, `$ref`s to other files allowed) or a parsed document. */
export async function loadModel(input: string | OpenApiDocument): Promise<ApiModel> {
  return loadModelSync(input);
}

/** The synchronous form of `loadModel`, for CDK constructs (synth is synchronous). */
export function loadModelSync(input: string | OpenApiDocument): ApiModel {
  if (typeof input !== "string") return buildModel(input);
  return buildModel(parse(readFileSync(input, "utf8")) as OpenApiDocument, input);
}
