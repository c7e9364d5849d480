import { browser } from "wxt/browser";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";

const SCRIPT_ID = "tradewatch-detector";
/** The optional grant of "Detect orders on all sites". */
export const ALL_SITES = ["https://*/*", "http://*/*"];

/**
 * The detector runs only on sites the user granted (one by one, or all sites at once, or the
 * loopback hosts of a demo build): it is registered at run time for exactly the granted
 * origins, so revoking a site stops capture there.
 */
export async function syncCaptureScripts(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  const matches = origins.filter((pattern) => /^(https?|\*):\/\//.test(pattern));
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) {
    if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return matches;
  }
  const script = { id: SCRIPT_ID, js: [DETECTOR_SCRIPT_FILE], matches, runAt: "document_idle" as const, allFrames: false };
  if (registered.length > 0) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
  return matches;
}

/** The match pattern that grants one site (all ports, as match patterns carry none). */
export function sitePattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
