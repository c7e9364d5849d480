import { defineConfig } from "wxt";
import preact from "@preact/preset-vite";
import { INJECTION_FLOOR_FILE, INJECTION_FLOOR_SCRIPT } from "./lib/bench/injection-floor";
import { polyfillWithoutCopy } from "./lib/build/polyfill-without-copy";
import { DETECTOR_SCRIPT_FILE } from "./lib/capture/detector";
import { detectorBundle } from "./lib/capture/detector-bundle";
import { localeFiles } from "./lib/i18n/catalog";
import { ALL_SITES, PAGE_LOADS } from "./lib/permissions";

/**
 * `TRADEWATCH_LOOPBACK=1` builds the demo/test extension: it may also read pages and status
 * endpoints on this computer's loopback addresses (the reference servers). A plain build
 * asks for no site at install; users grant shop sites one by one.
 */
const loopback = process.env.TRADEWATCH_LOOPBACK === "1";
/** `TRADEWATCH_BENCH=1` (set by `npm run bench`) adds the bench-only page entrypoints/bench; no other build has it. */
const bench = process.env.TRADEWATCH_BENCH === "1";

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  // TRADEWATCH_OUT_DIR lets several builds run side by side (the e2e tests read the same variable).
  outDir: process.env.TRADEWATCH_OUT_DIR ?? (loopback ? ".output-loopback" : ".output"),
  vite: () => ({ plugins: [preact(), polyfillWithoutCopy()] }),
  hooks: {
    // The toolbar popup is built on its own (WXT builds all pages together), so that what it needs
    // at start is one script rather than a dozen chunks shared with the other pages: an extension
    // page fetches each module file through the browser, and the files cost it more than the bytes.
    "entrypoints:grouped": (_wxt, groups) => {
      const pages = groups.find((group) => Array.isArray(group) && group.length > 1 && group.some(({ type }) => type === "popup"));
      if (!Array.isArray(pages)) return;
      groups.push(pages.splice(pages.findIndex(({ type }) => type === "popup"), 1));
    },
    // The bench page (seeding, throughput, opening the popup) must never ship: only the bench build keeps it.
    "entrypoints:resolved": (_wxt, entrypoints) => {
      const index = entrypoints.findIndex((entrypoint) => entrypoint.name === "bench");
      if (!bench && index >= 0) entrypoints.splice(index, 1);
    },
    // The browser's i18n messages are generated from the typed catalog in lib/i18n, never edited by hand.
    "build:publicAssets": (_wxt, files) => {
      for (const { locale, json } of localeFiles()) files.push({ relativeDest: `_locales/${locale}/messages.json`, contents: json });
      // The always-on detector is bundled alone, without WXT's content-script wrapper (lib/capture/detector-script.ts).
      files.push({ relativeDest: DETECTOR_SCRIPT_FILE, contents: new TextDecoder().decode(detectorBundle()) });
      // The bench's baseline for the detector's time: an empty script injected the same way.
      if (bench) files.push({ relativeDest: INJECTION_FLOOR_FILE, contents: INJECTION_FLOOR_SCRIPT });
    },
  },
  manifest: {
    name: "__MSG_extName__",
    description: "__MSG_extDescription__",
    default_locale: "en",
    // PAGE_LOADS (lib/permissions.ts says why): optional in a plain build, held by the demo/test build.
    permissions: ["storage", "alarms", "scripting", "activeTab", "notifications", ...(loopback ? [PAGE_LOADS] : [])],
    optional_permissions: loopback ? [] : [PAGE_LOADS],
    host_permissions: loopback ? ["http://127.0.0.1/*", "http://localhost/*"] : [],
    optional_host_permissions: ALL_SITES,
    action: { default_title: "__MSG_extName__" },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
    browser_specific_settings: {
      gecko: {
        id: "tradewatch@tradewatch.example",
        // The detector runs in the page's own world (scripting "MAIN", Firefox 128) and the consent below needs 140.
        strict_min_version: "140.0",
        // Firefox's built-in data collection consent: TradeWatch collects nothing.
        data_collection_permissions: { required: ["none"] },
      },
      // Firefox for Android has the consent from 142.
      gecko_android: { strict_min_version: "142.0" },
    },
  },
});
