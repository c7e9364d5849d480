import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";
import { useFreshDb } from "../db/test-db";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { saveSettings } from "../settings/store";
import { ALL_SITES, PAGE_LOADS } from "../permissions";
import { handleMessage } from "./messages";
import {
  ADDRESS_CHANGE_SETTLE_MS,
  detectOnGrantedTabs,
  detectOnLoadedPage,
  dropRegisteredDetector,
  matchPageLoadsToSites,
  readTopFrame,
  watchPageLoads,
} from "./page-detection";
import { commandStubs } from "./test-message-context";

type Injection = {
  target: { tabId: number; frameIds?: number[] };
  world?: string;
  files?: string[];
  func?: (...args: unknown[]) => unknown;
  args?: unknown[];
  injectImmediately?: boolean;
};

const DETECTOR = `/${DETECTOR_SCRIPT_FILE}`;
const CAPTURE = "/content-scripts/capture.js";

// The fake browser has no scripting or permissions store; these few lines stand in for them.
let granted: string[];
let grantedPermissions: string[];
let injected: Injection[];
let registered: Set<string>;
/** What the detector answers, as the page's world gave it back. */
let answer: unknown;
/** The document in each open tab's top frame: its address and how far it has loaded. */
let topFrames: Map<number, { href: string; readyState: DocumentReadyState }>;
beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser's reset leaves these listeners in place.
  fakeBrowser.webNavigation.onCompleted.removeAllListeners();
  fakeBrowser.webNavigation.onHistoryStateUpdated.removeAllListeners();
  useFreshDb();
  granted = [];
  grantedPermissions = [];
  injected = [];
  registered = new Set();
  answer = [];
  topFrames = new Map();
  // A grant covers its own pattern, and a scheme's "all sites" grant covers every site of that scheme.
  const covers = (grant: string, pattern: string) => grant === pattern || grant === `${pattern.split("//")[0]}//*/*`;
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((pattern) => granted.some((grant) => covers(grant, pattern))),
    getAll: async () => ({ origins: [...granted], permissions: [...grantedPermissions] }),
    remove: async ({ permissions = [] }: { permissions?: string[] }) => {
      grantedPermissions = grantedPermissions.filter((permission) => !permissions.includes(permission));
      return true;
    },
  });
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ version: "1.2.3" }) });
  Object.assign(fakeBrowser.scripting, {
    executeScript: async (injection: Injection) => {
      injected.push(injection);
      if (injection.func === readTopFrame) return [{ frameId: 0, result: inTopFrame(injection.target.tabId, readTopFrame) }];
      return [{ frameId: 0, result: injection.files?.[0] === DETECTOR ? answer : undefined }];
    },
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.filter((id) => registered.has(id)).map((id) => ({ id })),
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => registered.delete(id)),
  });
});

/** Runs a serialised function as the browser would in a tab's top frame, with that frame's document. */
function inTopFrame(tabId: number, func: () => unknown): unknown {
  const frame = topFrames.get(tabId);
  if (!frame) throw new Error(`No tab with id: ${tabId}`);
  vi.stubGlobal("location", { href: frame.href });
  vi.stubGlobal("document", { readyState: frame.readyState });
  try {
    return func();
  } finally {
    vi.unstubAllGlobals();
  }
}

const detectorRuns = () => injected.filter((each) => each.files?.[0] === DETECTOR);
const topFrameReads = () => injected.filter((each) => each.func === readTopFrame);
const captureRuns = () => injected.filter((each) => each.files?.[0] === CAPTURE);
/** What the background handed to each capture script (the handoff runs in the script's isolated world). */
const handoffs = () => injected.flatMap((each) => (each.args && each.world !== "MAIN" ? [each.args[1]] : []));

describe("detectOnLoadedPage", () => {
  it("runs the detector in the page's own world, top frame only, on a loaded page of a granted site", async () => {
    granted = ["https://shop.example/*"];
    expect(await detectOnLoadedPage(7, "https://shop.example/orders/42")).toBe(false);
    expect(injected).toEqual([{ target: { tabId: 7, frameIds: [0] }, files: [DETECTOR], world: "MAIN" }]);
  });

  it("injects the capture script into the top frame where the detector saw an adapter's signs, and hands it the signs", async () => {
    granted = ["https://shop.example/*"];
    answer = ["woocommerce"];
    expect(await detectOnLoadedPage(3, "https://shop.example/checkout/order-received/42")).toBe(true);
    expect(captureRuns()).toEqual([{ target: { tabId: 3, frameIds: [0] }, files: [CAPTURE] }]);
    expect(injected.every((each) => each.target.tabId === 3 && each.target.frameIds?.[0] === 0)).toBe(true);
    expect(handoffs()).toEqual([{ signs: ["woocommerce"], disabled: [], pageData: null, version: "1.2.3" }]);
  });

  it("adds the signs of the tab's address to the markup's, in the adapters' order", async () => {
    granted = ["https://shop.example/*"];
    answer = ["schema-org-json-ld"];
    expect(await detectOnLoadedPage(4, "https://shop.example/checkouts/c/0f1e2d3c4b5a6978/thank-you?locale=en")).toBe(true);
    answer = [];
    expect(await detectOnLoadedPage(4, "https://shop.example/checkout/confirmation/NS1VJAZG8LU65X5F")).toBe(true);
    expect(await detectOnLoadedPage(4, "https://shop.example/thanks")).toBe(false);
    expect(handoffs().map((handoff) => (handoff as { signs: string[] }).signs)).toEqual([["schema-org-json-ld", "shopify"], ["vendure"]]);
  });

  it("leaves out the signs of adapters the user switched off, and then injects nothing", async () => {
    granted = ["https://shop.example/*"];
    await saveSettings({ ...DEFAULT_SETTINGS, disabledAdapters: ["woocommerce"] });
    answer = ["woocommerce"];
    expect(await detectOnLoadedPage(3, "https://shop.example/")).toBe(false);
    expect(captureRuns()).toEqual([]);
    answer = ["woocommerce", "vendure"];
    expect(await detectOnLoadedPage(3, "https://shop.example/")).toBe(true);
    expect(handoffs()).toEqual([expect.objectContaining({ signs: ["vendure"], disabled: ["woocommerce"] })]);
  });

  it("takes the detector's answer for page data: anything but a short list of known adapters injects nothing, and says so", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    granted = ["https://shop.example/*"];
    for (const strange of [undefined, null, "woocommerce", ["woocommerce", "evil"], [{ toString: "woocommerce" }], Array(6).fill("vendure")]) {
      answer = strange;
      expect(await detectOnLoadedPage(3, "https://shop.example/")).toBe(false);
    }
    expect(captureRuns()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("ignored what its detector answered on https://shop.example"), expect.any(String));
  });

  it("reads the settings once for a page's detection and its capture, and again once they changed", async () => {
    granted = ["https://tea.example/*"];
    const get = vi.spyOn(fakeBrowser.storage.local, "get");
    const settingsReads = () => get.mock.calls.filter(([keys]) => keys === "settings").length;
    const tabSender = { id: fakeBrowser.runtime.id, tab: { id: 3 } as never, frameId: 0, url: "https://tea.example/thanks" };
    const context = { now: () => "2026-11-22T10:00:00.000Z", checkNow: vi.fn(), checkTrade: vi.fn(), afterChange: vi.fn(async () => undefined), ...commandStubs() };
    answer = ["schema-org-json-ld"];
    await detectOnLoadedPage(3, tabSender.url);
    await handleMessage({ type: "capture", blocks: [] }, tabSender, context);
    expect(settingsReads()).toBe(1);
    await saveSettings({ ...DEFAULT_SETTINGS, disabledAdapters: ["schema-org-json-ld"] });
    expect(await detectOnLoadedPage(3, tabSender.url)).toBe(false);
    expect(settingsReads()).toBe(2);
  });

  it("leaves sites that are not granted alone, and stops where access is revoked", async () => {
    granted = ["https://shop.example/*"];
    expect(await detectOnLoadedPage(7, "https://tea.example/thank-you")).toBe(false);
    granted = [];
    expect(await detectOnLoadedPage(7, "https://shop.example/orders/42")).toBe(false);
    expect(injected).toEqual([]);
  });

  it("runs on every web page while all sites are granted", async () => {
    granted = [...ALL_SITES];
    await detectOnLoadedPage(3, "http://tea.example/");
    await detectOnLoadedPage(4, "https://shop.example/");
    expect(detectorRuns().map((each) => each.target.tabId)).toEqual([3, 4]);
  });

  it("never runs on what is not a web page, or a tab whose address it may not see", async () => {
    granted = [...ALL_SITES];
    for (const url of ["chrome://settings/", "chrome-extension://abc/popup.html", "file:///home/me/order.html", "about:blank", "not a url", undefined]) {
      expect(await detectOnLoadedPage(7, url)).toBe(false);
    }
    expect(injected).toEqual([]);
  });
});

describe("detectOnGrantedTabs", () => {
  it("looks at the loaded pages of the sites just granted, and goes on past a tab it may not enter", async () => {
    const query = vi.fn(async () => [
      { id: 4, url: "https://shop.example/thank-you" },
      { id: 5, url: "https://shop.example/closed" },
      { id: 6, url: "https://shop.example/cart" },
    ]);
    Object.assign(fakeBrowser.tabs, { query });
    const executeScript = fakeBrowser.scripting.executeScript;
    Object.assign(fakeBrowser.scripting, {
      executeScript: async (injection: Injection) => {
        if (injection.target.tabId === 5) throw new Error("No tab with id: 5");
        return executeScript(injection as never);
      },
    });
    granted = ["https://shop.example/*"];
    await detectOnGrantedTabs({ origins: ["https://shop.example/*"] });
    expect(query).toHaveBeenCalledWith({ url: ["https://shop.example/*"], status: "complete" });
    expect(detectorRuns().map((each) => each.target.tabId)).toEqual([4, 6]);
  });

  it("looks at the loaded pages of every granted site when the page-load events come back", async () => {
    const query = vi.fn(async () => [{ id: 4, url: "https://shop.example/thank-you" }]);
    Object.assign(fakeBrowser.tabs, { query });
    granted = ["https://shop.example/*", "https://tea.example/*", "chrome://favicon/*"];
    await detectOnGrantedTabs({ origins: [], permissions: [PAGE_LOADS] });
    expect(query).toHaveBeenCalledWith({ url: ["https://shop.example/*", "https://tea.example/*"], status: "complete" });
    expect(detectorRuns().map((each) => each.target.tabId)).toEqual([4]);
  });

  it("asks for no tabs when nothing was granted but other permissions", async () => {
    const query = vi.fn(async () => []);
    Object.assign(fakeBrowser.tabs, { query });
    await detectOnGrantedTabs({ origins: [], permissions: ["notifications"] });
    await detectOnGrantedTabs({ origins: ["chrome://favicon/*"] });
    expect(query).not.toHaveBeenCalled();
  });
});

describe("watchPageLoads", () => {
  const frame = (tabId: number, frameId: number, url: string) =>
    ({ tabId, frameId, url, processId: 1, timeStamp: 0, documentId: "d", documentLifecycle: "active", frameType: "outermost_frame", parentFrameId: -1 }) as const;
  const loaded = (tabId: number, frameId: number, url: string) => fakeBrowser.webNavigation.onCompleted.trigger(frame(tabId, frameId, url));
  const addressChanged = (tabId: number, frameId: number, url: string) =>
    fakeBrowser.webNavigation.onHistoryStateUpdated.trigger({ ...frame(tabId, frameId, url), transitionType: "link", transitionQualifiers: [] });
  beforeEach(() => {
    // Only the wait after an address change is faked: the ledger's IndexedDB keeps its own timers.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    return () => vi.useRealTimers();
  });
  /** A single-page storefront moves tab `tabId` on to `url` and has drawn it. */
  const movedOn = (tabId: number, url: string) => {
    topFrames.set(tabId, { href: url, readyState: "complete" });
    return addressChanged(tabId, 0, url);
  };

  it("runs the detector once a tab's top frame has loaded a page of a granted site, not for the frames inside it", async () => {
    granted = ["https://shop.example/*"];
    const addListener = vi.spyOn(fakeBrowser.webNavigation.onCompleted, "addListener");
    watchPageLoads();
    expect(addListener).toHaveBeenCalledWith(expect.any(Function), { url: [{ schemes: ["https", "http"] }] });
    await loaded(7, 0, "https://shop.example/orders/42");
    await loaded(7, 3, "https://shop.example/embedded-ad");
    await loaded(8, 0, "https://elsewhere.example/");
    expect(detectorRuns().map((each) => each.target)).toEqual([{ tabId: 7, frameIds: [0] }]);
  });

  it("listens once however often it is called (at start and at each grant)", async () => {
    granted = ["https://shop.example/*"];
    const listens = [fakeBrowser.webNavigation.onCompleted, fakeBrowser.webNavigation.onHistoryStateUpdated].map((event) => vi.spyOn(event, "addListener"));
    watchPageLoads();
    watchPageLoads();
    expect(listens.map((addListener) => addListener.mock.calls.length)).toEqual([1, 1]);
    await loaded(7, 0, "https://shop.example/");
    expect(detectorRuns()).toHaveLength(1);
  });

  it("does nothing while the browser does not offer the page-load events (not granted yet)", () => {
    const offered = fakeBrowser.webNavigation;
    try {
      Object.assign(fakeBrowser, { webNavigation: undefined });
      expect(() => watchPageLoads()).not.toThrow();
    } finally {
      Object.assign(fakeBrowser, { webNavigation: offered });
    }
    expect(fakeBrowser.webNavigation.onCompleted.hasListeners()).toBe(false);
    expect(fakeBrowser.webNavigation.onHistoryStateUpdated.hasListeners()).toBe(false);
  });

  it("looks at a page that moved on to a new address without loading, once it had time to draw it, and captures there", async () => {
    granted = ["https://shop.example/*"];
    const addListener = vi.spyOn(fakeBrowser.webNavigation.onHistoryStateUpdated, "addListener");
    watchPageLoads();
    expect(addListener).toHaveBeenCalledWith(expect.any(Function), { url: [{ schemes: ["https", "http"] }] });
    await loaded(21, 0, "https://shop.example/checkout");
    answer = ["schema-org-json-ld"];
    const looked = movedOn(21, "https://shop.example/checkout/thank-you/42");
    await vi.advanceTimersByTimeAsync(ADDRESS_CHANGE_SETTLE_MS - 1);
    expect(detectorRuns()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await looked).toEqual([true]);
    expect(detectorRuns().map((each) => each.target)).toEqual([
      { tabId: 21, frameIds: [0] },
      { tabId: 21, frameIds: [0] },
    ]);
    expect(captureRuns()).toEqual([{ target: { tabId: 21, frameIds: [0] }, files: [CAPTURE] }]);
    expect(topFrameReads()).toEqual([{ target: { tabId: 21, frameIds: [0] }, func: readTopFrame, injectImmediately: true }]);
  });

  it("looks once the top frame has drawn the new address, though a frame inside it still loads or the view jumped to a fragment", async () => {
    granted = ["https://shop.example/*"];
    watchPageLoads();
    // The tab counts as loading while any frame in it loads: what counts is the top frame's document.
    Object.assign(fakeBrowser.tabs, { get: async (tabId: number) => ({ id: tabId, status: "loading" }) });
    topFrames.set(28, { href: "https://shop.example/checkout/thank-you/42", readyState: "complete" });
    topFrames.set(29, { href: "https://shop.example/checkout/thank-you/43#delivery", readyState: "complete" });
    const withAdLoading = addressChanged(28, 0, "https://shop.example/checkout/thank-you/42");
    const jumped = addressChanged(29, 0, "https://shop.example/checkout/thank-you/43");
    await vi.advanceTimersByTimeAsync(ADDRESS_CHANGE_SETTLE_MS);
    await Promise.all([withAdLoading, jumped]);
    expect(detectorRuns().map((each) => each.target.tabId)).toEqual([28, 29]);
  });

  it("does not look again at an address already looked at: a router rewriting its entry, or the page's load", async () => {
    granted = ["https://shop.example/*"];
    watchPageLoads();
    await loaded(22, 0, "https://shop.example/");
    expect(await addressChanged(22, 0, "https://shop.example/")).toEqual([undefined]);
    const first = movedOn(22, "https://shop.example/account/orders/7");
    const again = addressChanged(22, 0, "https://shop.example/account/orders/7");
    await vi.advanceTimersByTimeAsync(ADDRESS_CHANGE_SETTLE_MS);
    expect([await first, await again]).toEqual([[false], [false]]);
    expect(await addressChanged(22, 0, "https://shop.example/account/orders/7")).toEqual([undefined]);
    expect(detectorRuns()).toHaveLength(2);
  });

  it("keeps no address of a page whose site is not granted: such a page is looked at once its site is", async () => {
    granted = ["https://shop.example/*"];
    watchPageLoads();
    topFrames.set(27, { href: "https://tea.example/orders/5", readyState: "complete" });
    await loaded(27, 0, "https://tea.example/orders/5");
    granted = ["https://shop.example/*", "https://tea.example/*"];
    const looked = addressChanged(27, 0, "https://tea.example/orders/5");
    await vi.advanceTimersByTimeAsync(ADDRESS_CHANGE_SETTLE_MS);
    await looked;
    expect(detectorRuns().map((each) => each.target.tabId)).toEqual([27]);
  });

  it("leaves a changed address to the events that follow when the tab moved on or is still loading, and to its site's grant", async () => {
    granted = ["https://shop.example/*"];
    watchPageLoads();
    topFrames.set(23, { href: "https://shop.example/b", readyState: "complete" });
    const movedOnAgain = addressChanged(23, 0, "https://shop.example/a");
    topFrames.set(24, { href: "https://shop.example/start?ready", readyState: "interactive" });
    const stillLoading = addressChanged(24, 0, "https://shop.example/start?ready");
    const closed = addressChanged(25, 0, "https://shop.example/gone");
    const notGranted = movedOn(26, "https://tea.example/thank-you");
    const inFrame = addressChanged(23, 2, "https://shop.example/embedded");
    await vi.advanceTimersByTimeAsync(ADDRESS_CHANGE_SETTLE_MS);
    expect(await Promise.all([movedOnAgain, stillLoading, closed, notGranted, inFrame])).toEqual([[false], [false], [false], [false], [undefined]]);
    expect(detectorRuns()).toEqual([]);
    expect(topFrameReads().map((each) => each.target.tabId)).toEqual([23, 24, 25]);
  });
});

describe("matchPageLoadsToSites", () => {
  const plainBuild = () => Object.assign(fakeBrowser.runtime, { getManifest: () => ({ optional_permissions: [PAGE_LOADS] }) });
  const notified = () => Object.values(fakeBrowser.notifications.getAllCreateOptions()).map((each) => each.title);

  it("gives the page-load events back once no site is left", async () => {
    plainBuild();
    grantedPermissions = [PAGE_LOADS, "notifications"];
    granted = ["chrome://favicon/*"];
    await matchPageLoadsToSites();
    expect(grantedPermissions).toEqual(["notifications"]);
    expect(notified()).toEqual([]);
  });

  it("keeps them, and says nothing, while a site or all sites are granted", async () => {
    plainBuild();
    grantedPermissions = [PAGE_LOADS];
    for (const sites of [["https://shop.example/*"], ALL_SITES]) {
      granted = sites;
      await matchPageLoadsToSites();
      expect(grantedPermissions).toEqual([PAGE_LOADS]);
    }
    expect(notified()).toEqual([]);
  });

  it("tells the user when sites are granted without them (after an update, or a grant in the browser's settings)", async () => {
    plainBuild();
    granted = ["https://shop.example/*"];
    await matchPageLoadsToSites();
    expect(notified()).toEqual(["TradeWatch finds no new orders"]);
    expect(grantedPermissions).toEqual([]);
  });

  it("says nothing when nothing is granted", async () => {
    plainBuild();
    await matchPageLoadsToSites();
    expect(notified()).toEqual([]);
  });

  it("never gives back what the build holds from install (the demo/test build)", async () => {
    Object.assign(fakeBrowser.runtime, { getManifest: () => ({ permissions: [PAGE_LOADS] }) });
    grantedPermissions = [PAGE_LOADS];
    await matchPageLoadsToSites();
    expect(grantedPermissions).toEqual([PAGE_LOADS]);
    expect(notified()).toEqual([]);
  });
});

describe("dropRegisteredDetector", () => {
  it("removes the detector an earlier version registered, and nothing else", async () => {
    registered = new Set(["tradewatch-detector", "another-script"]);
    await dropRegisteredDetector();
    expect([...registered]).toEqual(["another-script"]);
    await dropRegisteredDetector();
    expect([...registered]).toEqual(["another-script"]);
  });
});
