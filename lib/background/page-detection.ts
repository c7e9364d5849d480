import { browser } from "wxt/browser";
import * as z from "zod";
import { ADAPTER_IDS, type AdapterId } from "../capture/adapters/types";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";
import { pageSigns } from "../capture/path-signs";
import { PAGE_LOADS } from "../permissions";
import { isWebSitePattern, pageLoadsOptional, sitePattern } from "../site-access";
import { webPageUrl } from "../web-page";
import { injectCapture } from "./capture-scripts";
import { notifyPageLoadsOff } from "./notifications";
import { settingsFor } from "./settings-copy";

/** The detector is generated at build (wxt.config.ts), so WXT's list of script paths does not name it. */
const DETECTOR_FILES = [`/${DETECTOR_SCRIPT_FILE}`] as unknown as ScriptPublicPath[];
/** The id under which earlier versions registered the detector as a content script. */
const REGISTERED_DETECTOR_ID = "tradewatch-detector";

/**
 * What the detector hands back. It runs in the page's own world, where the page could have
 * changed anything it calls, so its answer is page data like any other: at worst a page makes
 * TradeWatch look for an order that is not there (the adapters then say "not mine") or hides
 * its own order, which it could do anyway.
 */
const detectedSignsSchema = z.array(z.enum(ADAPTER_IDS)).max(ADAPTER_IDS.length);

/** Web pages only: the browser's own pages and files never reach the worker. */
const PAGE_LOAD_FILTER = { url: [{ schemes: ["https", "http"] }] };

/**
 * How long after a page changes its address without loading (`history.pushState`, as a
 * single-page storefront moves on to its confirmation) the detector waits before it looks: such
 * a page draws its new view after the address changes, often once its server has answered. A
 * view drawn later still is looked at on its next full load.
 */
export const ADDRESS_CHANGE_SETTLE_MS = 1000;

/**
 * The address each tab's page of a granted site was last looked at under, so that a page
 * rewriting its history entry to the same address (routers at start, scroll positions) is not
 * looked at again. Only a saving: lost with the worker, it costs one more look at most.
 */
const lookedAt = new Map<number, string>();

type FrameEvent = { tabId: number; frameId: number; url: string };

/**
 * The page in a tab's top frame has loaded (with everything it refers to); frames inside pages
 * are not looked at. The browser ignores what a listener returns: the promise is for the tests.
 */
function onPageLoaded({ tabId, frameId, url }: FrameEvent): Promise<boolean> | undefined {
  // A page that closed or moved on meanwhile, or one no extension may enter: nothing to detect there.
  return frameId === 0 ? detectOnLoadedPage(tabId, url).catch(() => false) : undefined;
}

/** The page in a tab's top frame changed its address without loading (`history.pushState` or `replaceState`). */
function onAddressChanged({ tabId, frameId, url }: FrameEvent): Promise<boolean> | undefined {
  if (frameId !== 0 || lookedAt.get(tabId) === url) return undefined;
  // A tab that closed or moved on to a page no extension may enter meanwhile: nothing to detect there.
  return detectAfterAddressChange(tabId, url).catch(() => false);
}

async function detectAfterAddressChange(tabId: number, url: string): Promise<boolean> {
  // A timer, not a stored alarm: a worker stopped within the second loses this one look, and
  // the page is looked at on its next full load (docs/architecture.md, "Page loads").
  await new Promise((resolve) => setTimeout(resolve, ADDRESS_CHANGE_SETTLE_MS));
  const page = await grantedPage(url);
  if (!page) return false;
  const [frame] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: readTopFrame, injectImmediately: true });
  const shown = topFrameSchema.safeParse(frame?.result);
  // Moved on (its own event follows), still loading (a router setting its address as the page
  // starts: the load's event follows), or looked at meanwhile. A fragment added since (a jump
  // within the view) is still the same view.
  if (!shown.success || !shown.data.loaded || withoutFragment(shown.data.address) !== withoutFragment(url) || lookedAt.get(tabId) === page.href) {
    return false;
  }
  return detectOnPage(tabId, page);
}

/**
 * Runs in the top frame's isolated world (serialised: it may use nothing from outside). The
 * frame's own state, not the tab's: a tab counts as loading while any frame inside it loads.
 */
export function readTopFrame(): unknown {
  return { address: location.href, loaded: document.readyState === "complete" };
}

const topFrameSchema = z.object({ address: z.string(), loaded: z.boolean() });

const withoutFragment = (address: string) => address.split("#", 1)[0];

/**
 * Listens for loaded pages, when TradeWatch holds the page-load events: from the worker's first
 * turn (a stopped worker is woken for them), and once the user grants them (the browser adds
 * the API to a running worker). One event per frame, after the frame's load, and only the top
 * frame's is acted on: the tab's own updates (tabs.onUpdated, needing no permission) come
 * several times during every load in the browser, and answering them made every page load about
 * 1.5 % slower in the bench (issue 7, docs/architecture.md "Page loads"). A page's own changes of
 * address come as one event each, and none during a plain page's load.
 */
export function watchPageLoads(): void {
  // Absent until the optional permission is granted, whatever the types say.
  const navigation = browser.webNavigation as typeof browser.webNavigation | undefined;
  if (!navigation) return;
  if (!navigation.onCompleted.hasListener(onPageLoaded)) navigation.onCompleted.addListener(onPageLoaded, PAGE_LOAD_FILTER);
  if (!navigation.onHistoryStateUpdated.hasListener(onAddressChanged)) navigation.onHistoryStateUpdated.addListener(onAddressChanged, PAGE_LOAD_FILTER);
}

/**
 * Keeps the page-load events in step with the sites granted, at install, update and browser
 * start and whenever grants change (here or in the browser's own settings). Held with no site
 * left, they go back, so that TradeWatch is not told of every page for nothing. Missing while
 * sites are granted (an update from a version that did not ask for them, a site allowed from
 * the browser's own menu, the permission switched off in Firefox's add-on settings), the user is
 * told, as no new order would be found there.
 */
export async function matchPageLoadsToSites(): Promise<void> {
  if (!pageLoadsOptional()) return;
  const { origins = [], permissions = [] } = await browser.permissions.getAll();
  const sites = origins.some(isWebSitePattern);
  const held = permissions.includes(PAGE_LOADS);
  if (held && !sites) await browser.permissions.remove({ permissions: [PAGE_LOADS] });
  if (!held && sites) await notifyPageLoadsOff();
}

/**
 * A page of a granted site (one by one, or all sites, or the loopback hosts of a demo build)
 * has loaded: the detector runs in its top frame now, and the capture script follows where it
 * saw signs. It is injected after the load rather than registered as a content script, because
 * the browser runs a registered script before the page's load event, with its isolated world
 * created then, and that made every granted page load about 15 % slower in the bench (issue 7).
 * It runs in the page's own world: in an isolated world it cost each page 1.7–2.1 ms of
 * main-thread time in the bench, in the page's own about 0.4 ms (docs/architecture.md,
 * "Detector"). It reads the page's markup; the address's signs are added here, from the tab's
 * address.
 * Grants are read at each load, so revoking a site stops capture there from its next page on.
 * Resolves to whether the capture script was injected.
 */
export async function detectOnLoadedPage(tabId: number, url: string | undefined): Promise<boolean> {
  const page = await grantedPage(url);
  return page ? detectOnPage(tabId, page) : false;
}

/** The address of a web page of a site the user granted; null for any other. */
async function grantedPage(url: string | undefined): Promise<URL | null> {
  const page = webPageUrl(url);
  return page && (await browser.permissions.contains({ origins: [sitePattern(page.origin)] })) ? page : null;
}

/** Runs the detector on a page of a granted site. The address is kept before the first wait, so a second event for it meanwhile finds it. */
async function detectOnPage(tabId: number, page: URL): Promise<boolean> {
  lookedAt.set(tabId, page.href);
  const [frame] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: DETECTOR_FILES, world: "MAIN" });
  const markupSigns = detectedSignsSchema.safeParse(frame?.result);
  if (!markupSigns.success) {
    console.warn(`TradeWatch ignored what its detector answered on ${page.origin}:`, z.prettifyError(markupSigns.error));
    return false;
  }
  return injectWhereSigns(tabId, pageSigns(markupSigns.data, page.href));
}

/** The capture script runs only where an adapter the user has not switched off may read the page (the badge stays off other pages). */
async function injectWhereSigns(tabId: number, signs: AdapterId[]): Promise<boolean> {
  if (signs.length === 0) return false;
  const { disabledAdapters } = await settingsFor("a shop page");
  const enabled = signs.filter((sign) => !disabledAdapters.includes(sign));
  if (enabled.length === 0) return false;
  await injectCapture(tabId, enabled, disabledAdapters);
  return true;
}

/**
 * The user just granted sites (from the popup, options or welcome page, or the browser's
 * settings), or the page-load events again: the pages already open that TradeWatch may now look
 * at, of the sites just granted or, with the events, of every granted site, are looked at now,
 * so a confirmation on screen is not missed.
 */
export async function detectOnGrantedTabs(added: { origins?: string[]; permissions?: string[] }): Promise<void> {
  const granted = added.permissions?.includes(PAGE_LOADS) ? (await browser.permissions.getAll()).origins : added.origins;
  const origins = (granted ?? []).filter(isWebSitePattern);
  if (origins.length === 0) return;
  const tabs = await browser.tabs.query({ url: origins, status: "complete" });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      // One tab the browser does not let TradeWatch into (or that moved on) does not stop the others.
      await detectOnLoadedPage(tab.id, tab.url).catch(() => false);
    }),
  );
}

/** An update from a version that registered the detector: left registered, it would run twice. */
export async function dropRegisteredDetector(): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [REGISTERED_DETECTOR_ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [REGISTERED_DETECTOR_ID] });
}
