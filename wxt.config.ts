import { defineConfig } from "wxt";
import preact from "@preact/preset-vite";

/**
 * `TRADEWATCH_LOOPBACK=1` builds the demo/test extension: it may also read pages and status
 * endpoints on this computer's loopback addresses (the reference servers). A plain build
 * asks for no site at install; users grant shop sites one by one.
 */
const loopback = process.env.TRADEWATCH_LOOPBACK === "1";

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  outDir: loopback ? ".output-loopback" : ".output",
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: "TradeWatch",
    description: "A private, local ledger of your online orders that watches each one until it is finished.",
    permissions: ["storage", "alarms", "scripting", "activeTab", "notifications"],
    host_permissions: loopback ? ["http://127.0.0.1/*", "http://localhost/*"] : [],
    optional_host_permissions: ["https://*/*", "http://*/*"],
    action: { default_title: "TradeWatch" },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
    browser_specific_settings: {
      gecko: {
        id: "tradewatch@tradewatch.example",
        // Firefox's built-in data collection consent: TradeWatch collects nothing.
        data_collection_permissions: { required: ["none"] },
      },
    },
  },
});
