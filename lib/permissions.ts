import type { Browser } from "wxt/browser";

/*
 * Permissions the manifest (wxt.config.ts) and the code that asks for them at run time
 * (site-access.ts) both name: spelled once, here, without browser code, so the build's config
 * can import them.
 */

/** Every web site: the optional grant of "Detect orders on all sites". */
export const ALL_SITES = ["https://*/*", "http://*/*"];

/**
 * The browser's word that a page has loaded, on which the detector runs
 * (lib/background/page-detection.ts). It tells TradeWatch the address of every page, so a plain
 * build asks for it only with a site and the background gives it back when no site is left; the
 * demo/test build holds it from install, as it holds its hosts.
 */
export const PAGE_LOADS = "webNavigation" satisfies Browser.runtime.ManifestPermission;
