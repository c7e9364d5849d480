import { browser } from "wxt/browser";

const SCRIPT_ID = "tradewatch-capture";
/** The bundle WXT builds from entrypoints/content.ts. */
export const CAPTURE_SCRIPT_FILE = "content-scripts/content.js";

/**
 * The capture script runs only on sites the user granted (or the loopback hosts of a demo
 * build): it is registered at run time for exactly the granted origins, so revoking a site
 * stops capture there.
 */
export async function syncCaptureScripts(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  const matches = origins.filter((pattern) => /^(https?|\*):\/\//.test(pattern));
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) {
    if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return matches;
  }
  const script = { id: SCRIPT_ID, js: [CAPTURE_SCRIPT_FILE], matches, runAt: "document_idle" as const, allFrames: false };
  if (registered.length > 0) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
  return matches;
}

/** The match pattern that grants one site (all ports, as match patterns carry none). */
export function sitePattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
