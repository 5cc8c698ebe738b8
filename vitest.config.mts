import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the build is checked separately by `tsc -b`.
    alias: {
      "@specgate/model": src("model"),
      "@specgate/runtime": src("runtime"),
      "@specgate/cdk": src("cdk"),
      "@specgate/codegen": src("codegen"),
      "@specgate/local": src("local"),
    },
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
      "examples/*/handlers/**/*.test.ts",
    ],
    // Golden outputs and fixtures hold generated test stubs: they are inputs, not tests.
    exclude: [...configDefaults.exclude, "**/test/golden/**", "**/test/fixtures/**", "**/.tmp/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
