import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { standaloneValidatorCode, VALIDATOR_FILES, type OpenApiSchemaVersion } from "../src/validator-code";

const PACKAGE_ROOT = join(__dirname, "..");

describe("precompiled OpenAPI schema validators", () => {
  for (const version of Object.keys(VALIDATOR_FILES) as OpenApiSchemaVersion[]) {
    it(`assets hold the current OpenAPI ${version} validator`, () => {
      const committed = readFileSync(join(PACKAGE_ROOT, VALIDATOR_FILES[version]), "utf8");
      const current = standaloneValidatorCode(version);
      // A stale file (an ajv upgrade, changed options or transformations) would validate differently.
      expect(
        committed === current,
        `${VALIDATOR_FILES[version]} is stale: run \`npm run compile-validators -w @specgate/model\` and commit it`,
      ).toBe(true);
    });
  }
});
