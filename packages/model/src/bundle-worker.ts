/**
 * Bundles one multi-file document for `loadModelSync`: reads `{ document, path, display }` as JSON
 * on standard input and writes a `BundleWorkerResult` as JSON on standard output.
 */
import { BundleProblems, bundleDocument } from "./bundle";
import type { BundleWorkerResult } from "./load";
import type { OpenApiDocument } from "./types";

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const root = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
    document: OpenApiDocument;
    path: string;
    display: string;
  };
  let result: BundleWorkerResult;
  try {
    result = { ok: true, bundle: await bundleDocument(root.document, root.path, root.display) };
  } catch (error) {
    if (!(error instanceof BundleProblems)) throw error;
    result = { ok: false, problems: error.problems };
  }
  process.stdout.write(JSON.stringify(result));
}

void main();
