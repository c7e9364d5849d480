import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { ALL_SITES, grantSite, setAllSites, siteAccessState, sitePattern, stopTrackingSite, webPageUrl } from "./site-access";

// The fake browser has no permissions store; these few lines stand in for it.
let granted: string[];
beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  const has = (origins: string[]) => origins.every((origin) => granted.includes(origin));
  Object.assign(fakeBrowser.permissions, {
    getAll: async () => ({ origins: [...granted], permissions: [] }),
    contains: async ({ origins = [] }: { origins?: string[] }) => has(origins),
    request: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      granted.push(...origins.filter((origin) => !granted.includes(origin)));
      return true;
    }),
    remove: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      granted = granted.filter((origin) => !origins.includes(origin));
      return true;
    }),
  });
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ host_permissions: ["http://127.0.0.1/*"] }) });
});

describe("site access", () => {
  it("lists the sites granted one by one, without the all-sites grant or the hosts the build itself asks for", async () => {
    granted = ["http://127.0.0.1/*", ...ALL_SITES, "https://shop.example/*", "http://old.example/*", "chrome://favicon/*"];
    expect(await siteAccessState()).toEqual({
      allSites: true,
      sites: [
        { pattern: "https://shop.example/*", label: "shop.example" },
        { pattern: "http://old.example/*", label: "http://old.example" },
      ],
    });
  });

  it("asks for all sites at once and gives them back", async () => {
    expect(await setAllSites(true)).toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ALL_SITES });
    expect((await siteAccessState()).allSites).toBe(true);
    expect(await setAllSites(false)).toBe(false);
    expect((await siteAccessState()).allSites).toBe(false);
  });

  it("stops tracking on one site", async () => {
    granted = ["https://shop.example/*", "https://tea.example/*"];
    await stopTrackingSite("https://shop.example/*");
    expect((await siteAccessState()).sites.map((site) => site.pattern)).toEqual(["https://tea.example/*"]);
  });

  it("grants the open page's site, on every port", async () => {
    expect(await grantSite({ origin: "https://shop.example:8443", granted: false })).toBe(true);
    expect(granted).toEqual(["https://shop.example/*"]);
  });

  it("grants nothing when the user declines", async () => {
    Object.assign(fakeBrowser.permissions, { request: async () => false });
    expect(await grantSite({ origin: "https://shop.example", granted: false })).toBe(false);
    expect(granted).toEqual([]);
  });
});

describe("sitePattern", () => {
  it("grants one site on every port (match patterns carry no port)", () => {
    expect(sitePattern("http://127.0.0.1:4101")).toBe("http://127.0.0.1/*");
    expect(sitePattern("https://shop.example")).toBe("https://shop.example/*");
  });
});

describe("webPageUrl", () => {
  it("takes http and https addresses only", () => {
    expect(webPageUrl("https://shop.example/a?b#c")?.href).toBe("https://shop.example/a?b#c");
    expect(webPageUrl("http://127.0.0.1:8080/")?.origin).toBe("http://127.0.0.1:8080");
    for (const other of [undefined, "", "not a url", "chrome://extensions/", "file:///tmp/x.html", "about:blank", "data:text/html,x"]) {
      expect(webPageUrl(other)).toBeNull();
    }
  });
});
