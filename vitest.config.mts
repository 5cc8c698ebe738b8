import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the build is checked separately by `tsc -b`.
    // Exact names: a package's other entry points (`@specgate/runtime/sigv4`) are files of its own.
    alias: [
      ...["model", "runtime", "cdk", "codegen", "local"].map((name) => ({
        find: new RegExp(`^@specgate/${name}$`),
        replacement: src(name),
      })),
      {
        find: /^@specgate\/runtime\/sigv4$/,
        replacement: fileURLToPath(new URL("./packages/runtime/src/sigv4.ts", import.meta.url)),
      },
    ],
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
