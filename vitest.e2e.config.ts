import { defineConfig } from "vitest/config";

// End-to-end tests: real Chromium with the loopback build, real HTTP to the reference servers.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    // One Chromium at a time: CI machines have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
