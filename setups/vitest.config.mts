import { defineConfig } from "vitest/config";

// The setup tests (`npm run test:setups`): each creates a project from scratch outside the repository
// and installs specgate's packed tarballs into it. One at a time: each installs and compiles a project.
export default defineConfig({
  test: {
    root: "setups",
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
