import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { ALL_SITES, PAGE_LOADS } from "./permissions";
import { allowPageLoads, currentSite, grantSite, heldByBuild, setAllSites, siteAccessState, sitePattern, sitesRead, stopTrackingSite } from "./site-access";

// The fake browser has no permissions store; these few lines stand in for it.
let granted: string[];
let grantedPermissions: string[];
interface Request {
  origins?: string[];
  permissions?: string[];
}
/** A plain build: the page-load events are asked for at run time. */
const PLAIN_MANIFEST = { optional_permissions: [PAGE_LOADS] };
beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  grantedPermissions = [];
  const add = (held: string[], asked: string[]) => [...held, ...asked.filter((each) => !held.includes(each))];
  Object.assign(fakeBrowser.permissions, {
    getAll: async () => ({ origins: [...granted], permissions: [...grantedPermissions] }),
    contains: async ({ origins = [], permissions = [] }: Request) =>
      origins.every((origin) => granted.includes(origin)) && permissions.every((permission) => grantedPermissions.includes(permission)),
    request: vi.fn(async ({ origins = [], permissions = [] }: Request) => {
      granted = add(granted, origins);
      grantedPermissions = add(grantedPermissions, permissions);
      return true;
    }),
    remove: vi.fn(async ({ origins = [], permissions = [] }: Request) => {
      granted = granted.filter((origin) => !origins.includes(origin));
      grantedPermissions = grantedPermissions.filter((permission) => !permissions.includes(permission));
      return true;
    }),
  });
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ ...PLAIN_MANIFEST, host_permissions: ["http://127.0.0.1/*"] }) });
});

describe("site access", () => {
  it("lists the sites granted one by one, without the all-sites grant or the hosts the build itself asks for", async () => {
    granted = ["http://127.0.0.1/*", ...ALL_SITES, "https://shop.example/*", "http://old.example/*", "chrome://favicon/*"];
    grantedPermissions = [PAGE_LOADS];
    expect(await siteAccessState()).toEqual({
      allSites: true,
      sites: [
        { pattern: "https://shop.example/*", label: "shop.example" },
        { pattern: "http://old.example/*", label: "http://old.example" },
      ],
      pageLoads: true,
    });
  });

  it("asks for all sites at once and gives them back", async () => {
    expect(await setAllSites(true)).toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ origins: ALL_SITES, permissions: [PAGE_LOADS] });
    expect((await siteAccessState()).allSites).toBe(true);
    expect(await setAllSites(false)).toBe(false);
    expect((await siteAccessState()).allSites).toBe(false);
  });

  it("stops tracking on one site", async () => {
    granted = ["https://shop.example/*", "https://tea.example/*"];
    await stopTrackingSite("https://shop.example/*");
    expect((await siteAccessState()).sites.map((site) => site.pattern)).toEqual(["https://tea.example/*"]);
  });

  it("grants the open page's site, on every port, with the page-load events in the same prompt", async () => {
    expect(await grantSite({ origin: "https://shop.example:8443", granted: false })).toBe(true);
    // One request: a second would have no user gesture left to show its prompt.
    expect(fakeBrowser.permissions.request).toHaveBeenCalledExactlyOnceWith({ origins: ["https://shop.example/*"], permissions: [PAGE_LOADS] });
    expect(granted).toEqual(["https://shop.example/*"]);
    expect(grantedPermissions).toEqual([PAGE_LOADS]);
    expect((await siteAccessState()).pageLoads).toBe(true);
  });

  it("asks a build that holds the page-load events from install for the sites alone", async () => {
    Object.assign(fakeBrowser.runtime, { getManifest: () => ({ permissions: [PAGE_LOADS], optional_permissions: [] }) });
    await grantSite({ origin: "https://shop.example", granted: false });
    await setAllSites(true);
    expect(vi.mocked(fakeBrowser.permissions.request).mock.calls).toEqual([[{ origins: ["https://shop.example/*"] }], [{ origins: ALL_SITES }]]);
  });

  it("counts the open page's site as tracked only when the browser also says when its pages load", async () => {
    Object.assign(fakeBrowser.tabs, { query: async () => [{ url: "https://shop.example/thanks" }] });
    granted = ["https://shop.example/*"];
    expect(await currentSite()).toEqual({ origin: "https://shop.example", granted: false });
    grantedPermissions = [PAGE_LOADS];
    expect(await currentSite()).toEqual({ origin: "https://shop.example", granted: true });
    Object.assign(fakeBrowser.tabs, { query: async () => [{ url: "chrome://extensions/" }] });
    expect(await currentSite()).toBeNull();
  });

  it("asks for the page-load events alone, for sites allowed without them", async () => {
    granted = ["https://shop.example/*"];
    expect((await siteAccessState()).pageLoads).toBe(false);
    expect(await allowPageLoads()).toBe(true);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ permissions: [PAGE_LOADS] });
    expect(await siteAccessState()).toMatchObject({ sites: [{ pattern: "https://shop.example/*" }], pageLoads: true });
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

describe("heldByBuild", () => {
  it("holds only the sites the build's manifest names, on any port, never one the user granted", () => {
    granted = ["https://shop.example/*", ...ALL_SITES];
    expect(heldByBuild("http://127.0.0.1:4101")).toBe(true);
    expect(heldByBuild("https://127.0.0.1")).toBe(false);
    expect(heldByBuild("http://192.168.1.1")).toBe(false);
    expect(heldByBuild("https://shop.example")).toBe(false);
  });
});

describe("sitesRead", () => {
  it("reads the sites the build holds and those the user granted, one by one or all of a scheme", async () => {
    granted = ["http://192.168.1.1/*"];
    const reads = await sitesRead();
    expect(reads("http://127.0.0.1:4101")).toBe(true);
    expect(reads("http://192.168.1.1:8080")).toBe(true);
    expect(reads("http://192.168.1.2")).toBe(false);
    expect(reads("https://192.168.1.1")).toBe(false);
    granted = ["http://*/*"];
    expect((await sitesRead())("http://192.168.1.2")).toBe(true);
    expect((await sitesRead())("https://shop.example")).toBe(false);
  });
});
