import { browser, type Browser } from "wxt/browser";
import { ALL_SITES, PAGE_LOADS } from "./permissions";
import { webPageUrl } from "./web-page";

/** Whether a host pattern is one of web sites (not of the browser's own pages). */
export const isWebSitePattern = (pattern: string) => /^https?:\/\//.test(pattern);

/** Whether this build asks for the page-load events at run time (a plain build) rather than at install. */
export function pageLoadsOptional(): boolean {
  return (browser.runtime.getManifest().optional_permissions ?? []).some((permission) => permission === PAGE_LOADS);
}

/** What a site grant asks the browser for: its sites, and the page-load events where they are asked at run time. */
const grantOf = (origins: string[]): Browser.permissions.Permissions => (pageLoadsOptional() ? { origins, permissions: [PAGE_LOADS] } : { origins });

/** The match pattern that grants one site (all ports, as match patterns carry none). */
export function sitePattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

export interface CurrentSite {
  origin: string;
  /** The site is granted and the browser tells TradeWatch when its pages load: orders there are found. */
  granted: boolean;
}

/** The host patterns the build itself holds from install (the loopback hosts of the demo/test build, wxt.config.ts). */
function buildHosts(): Set<string> {
  return new Set(browser.runtime.getManifest().host_permissions ?? []);
}

/** Whether the build itself reads this site, without the user granting it: only the demo/test build's loopback hosts. */
export function heldByBuild(origin: string): boolean {
  return buildHosts().has(sitePattern(origin));
}

/**
 * Which sites TradeWatch reads now, as a check of an origin: those the build holds and those the
 * user granted, one by one or all of a scheme. Read once, for many origins (a backup's shops).
 */
export async function sitesRead(): Promise<(origin: string) => boolean> {
  const read = new Set([...buildHosts(), ...((await browser.permissions.getAll()).origins ?? [])]);
  return (origin) => read.has(sitePattern(origin)) || read.has(`${new URL(origin).protocol}//*/*`);
}

/** The site of the tab the popup was opened over, when it is a web page. */
export async function currentSite(): Promise<CurrentSite | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const url = webPageUrl(tab?.url);
  if (!url) return null;
  const granted = await browser.permissions.contains({ origins: [sitePattern(url.origin)], permissions: [PAGE_LOADS] });
  return { origin: url.origin, granted };
}

/**
 * "Track orders on this site": asks the browser for this one site, and for the page-load events
 * if it does not hold them yet (the user confirms in the browser's own prompt, which names only
 * what is missing). The background then runs the detector on the site's pages already open, so
 * a confirmation on screen is not missed (lib/background/page-detection.ts detectOnGrantedTabs).
 */
export async function grantSite(site: CurrentSite): Promise<boolean> {
  return browser.permissions.request(grantOf([sitePattern(site.origin)]));
}

/** A site the user granted one by one, as the options page lists it. */
export interface GrantedSite {
  pattern: string;
  /** "shop.example", or "http://shop.example" for a plain-HTTP grant. */
  label: string;
}

export interface SiteAccessState {
  allSites: boolean;
  sites: GrantedSite[];
  /** Whether the browser tells TradeWatch when pages load; without it no new order is found. */
  pageLoads: boolean;
}

/**
 * What the user granted: all sites, and the sites granted one by one. Hosts the build itself
 * asks for (the loopback hosts of a demo build) cannot be revoked and are left out.
 */
export async function siteAccessState(): Promise<SiteAccessState> {
  const [allSites, { origins = [], permissions = [] }] = await Promise.all([browser.permissions.contains({ origins: ALL_SITES }), browser.permissions.getAll()]);
  const required = buildHosts();
  const sites = origins
    .filter((pattern) => isWebSitePattern(pattern) && !ALL_SITES.includes(pattern) && !required.has(pattern))
    .map((pattern) => ({ pattern, label: pattern.replace(/^https:\/\//, "").replace(/\/\*$/, "") }));
  return { allSites, sites, pageLoads: permissions.includes(PAGE_LOADS) };
}

/**
 * "Detect orders on all sites" on or off. Must be called from the click itself: browsers only
 * show their permission prompt for a user gesture. Resolves to whether all sites are granted now.
 */
export async function setAllSites(on: boolean): Promise<boolean> {
  if (on) return browser.permissions.request(grantOf(ALL_SITES));
  await browser.permissions.remove({ origins: ALL_SITES });
  return false;
}

/**
 * Asks again for the page-load events alone, for sites granted without them (given back in the
 * browser's settings, or a site granted there rather than through TradeWatch). From a click.
 */
export async function allowPageLoads(): Promise<boolean> {
  return browser.permissions.request({ permissions: [PAGE_LOADS] });
}

/** "Stop tracking on <site>": the detector stops running there (the background follows the revocation). */
export async function stopTrackingSite(pattern: string): Promise<void> {
  await browser.permissions.remove({ origins: [pattern] });
}

/** Follows grants and revocations made anywhere (the popup, the browser's own settings). */
export function onSiteAccessChanged(listener: () => void): () => void {
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
