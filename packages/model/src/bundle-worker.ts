/**
 * Prepares one document for `loadModelSync`, which cannot wait for the ref parser or the Swagger
 * converter: reads `{ document, path, display }` as JSON on standard input, bundles the files it
 * `$ref`s and converts Swagger 2.0 to OpenAPI 3.0, and writes a `BundleWorkerResult` as JSON on
 * standard output.
 */
import { ModelError } from "./errors";
import { prepareDocument, type BundleWorkerResult, type Root } from "./load";

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const root = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Root;
  let result: BundleWorkerResult;
  try {
    result = { ok: true, prepared: await prepareDocument(root) };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    result = { ok: false, problems: error.problems };
  }
  process.stdout.write(JSON.stringify(result));
}

void main();
