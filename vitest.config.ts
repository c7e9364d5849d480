import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.tsx", "servers/**/*.test.ts", "entrypoints/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    restoreMocks: true,
    // Captures read a day-only date in the user's time zone; tests that mean another zone name it.
    env: { TZ: "UTC" },
    setupFiles: ["test/setup-i18n.ts"],
  },
});
