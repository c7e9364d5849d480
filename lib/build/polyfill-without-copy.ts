import type { Plugin } from "vite";

/** What WXT's polyfill module makes `wxt/browser` import. */
export const POLYFILL_BROWSER = "@wxt-dev/webextension-polyfill/browser";
const RESOLVED = "\0tradewatch:polyfill-browser";

/**
 * `wxt/browser` as the polyfill's own object rather than a copy of it. The bundler imports a
 * CommonJS module (webextension-polyfill) into ES modules through a namespace object that copies
 * each of its properties, and reading those of the browser's API object makes Chromium build
 * every API the page or worker was given, at every start of a page, the worker or a content
 * script (the popup's took about a millisecond longer in traces, issue 7). `require` hands over
 * the object itself. Added to every build by wxt.config.ts.
 */
export function polyfillWithoutCopy(): Plugin {
  return {
    name: "tradewatch:polyfill-without-copy",
    enforce: "pre",
    resolveId: (source) => (source === POLYFILL_BROWSER ? RESOLVED : null),
    load: (id) => (id === RESOLVED ? 'export const browser = require("webextension-polyfill");' : null),
  };
}
