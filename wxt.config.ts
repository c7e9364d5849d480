import { defineConfig } from "wxt";
import preact from "@preact/preset-vite";

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  vite: () => ({ plugins: [preact()] }),
});
