import { browser } from "wxt/browser";
import { CAPTURE_SCRIPT_FILE, sitePattern } from "./background/capture-scripts";

export interface CurrentSite {
  origin: string;
  tabId: number;
  granted: boolean;
}

/** The site of the tab the popup was opened over, when it is a web page. */
export async function currentSite(): Promise<CurrentSite | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const url = tab?.url ? URL.parse(tab.url) : null;
  if (!tab?.id || !url || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  const granted = await browser.permissions.contains({ origins: [sitePattern(url.origin)] });
  return { origin: url.origin, tabId: tab.id, granted };
}

/**
 * "Track orders on this site": asks the browser for this one site (the user confirms in the
 * browser's own prompt), then captures the page already open so a confirmation is not missed.
 * The background registers the capture script for future visits when the permission arrives.
 */
export async function grantSite(site: CurrentSite): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [sitePattern(site.origin)] });
  if (granted) await browser.scripting.executeScript({ target: { tabId: site.tabId }, files: [`/${CAPTURE_SCRIPT_FILE}`] });
  return granted;
}
