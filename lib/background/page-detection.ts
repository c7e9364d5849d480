import { browser } from "wxt/browser";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";

/** The optional grant of "Detect orders on all sites". */
export const ALL_SITES = ["https://*/*", "http://*/*"];
/** The detector is generated at build (wxt.config.ts), so WXT's list of script paths does not name it. */
export const DETECTOR_FILES = [`/${DETECTOR_SCRIPT_FILE}`] as unknown as ScriptPublicPath[];
/** The id under which earlier versions registered the detector as a content script. */
const REGISTERED_DETECTOR_ID = "tradewatch-detector";

/**
 * A page of a granted site (one by one, or all sites, or the loopback hosts of a demo build)
 * has loaded: the detector runs in its top frame now. It is injected once the tab says
 * "complete" rather than registered as a content script, because the browser runs a registered
 * script before the page's load event, with its isolated world created then, and that made
 * every granted page load about 15 % slower in the bench (issue 7). Grants are read at each
 * load, so revoking a site stops capture there from its next page on.
 */
export async function detectOnLoadedPage(tabId: number, url: string | undefined): Promise<boolean> {
  const page = url === undefined ? null : URL.parse(url);
  if (!page || (page.protocol !== "http:" && page.protocol !== "https:")) return false;
  if (!(await browser.permissions.contains({ origins: [sitePattern(page.origin)] }))) return false;
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: DETECTOR_FILES });
  return true;
}

/** An update from a version that registered the detector: left registered, it would run twice. */
export async function dropRegisteredDetector(): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [REGISTERED_DETECTOR_ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [REGISTERED_DETECTOR_ID] });
}

/** The match pattern that grants one site (all ports, as match patterns carry none). */
export function sitePattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
