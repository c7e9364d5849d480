import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";
import { ALL_SITES, detectOnLoadedPage, dropRegisteredDetector, sitePattern } from "./page-detection";

type Injection = { target: { tabId: number; frameIds?: number[] }; files?: string[] };

// The fake browser has no scripting or permissions store; these few lines stand in for them.
let granted: string[];
let injected: Injection[];
let registered: Set<string>;
beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  injected = [];
  registered = new Set();
  // A grant covers its own pattern, and a scheme's "all sites" grant covers every site of that scheme.
  const covers = (grant: string, pattern: string) => grant === pattern || grant === `${pattern.split("//")[0]}//*/*`;
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((pattern) => granted.some((grant) => covers(grant, pattern))),
  });
  Object.assign(fakeBrowser.scripting, {
    executeScript: async (injection: Injection) => {
      injected.push(injection);
      return [{ frameId: 0, result: undefined }];
    },
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.filter((id) => registered.has(id)).map((id) => ({ id })),
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => registered.delete(id)),
  });
});

describe("detectOnLoadedPage", () => {
  it("runs the detector in the top frame of a loaded page of a granted site", async () => {
    granted = ["https://shop.example/*"];
    expect(await detectOnLoadedPage(7, "https://shop.example/orders/42")).toBe(true);
    expect(injected).toEqual([{ target: { tabId: 7, frameIds: [0] }, files: [`/${DETECTOR_SCRIPT_FILE}`] }]);
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
    expect(await detectOnLoadedPage(3, "http://tea.example/")).toBe(true);
    expect(await detectOnLoadedPage(4, "https://shop.example/")).toBe(true);
    expect(injected.map((each) => each.target.tabId)).toEqual([3, 4]);
  });

  it("never runs on what is not a web page, or a tab whose address it may not see", async () => {
    granted = [...ALL_SITES];
    for (const url of ["chrome://settings/", "chrome-extension://abc/popup.html", "file:///home/me/order.html", "about:blank", "not a url", undefined]) {
      expect(await detectOnLoadedPage(7, url)).toBe(false);
    }
    expect(injected).toEqual([]);
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

describe("sitePattern", () => {
  it("grants one site on every port (match patterns carry no port)", () => {
    expect(sitePattern("http://127.0.0.1:4101")).toBe("http://127.0.0.1/*");
    expect(sitePattern("https://shop.example")).toBe("https://shop.example/*");
  });
});
