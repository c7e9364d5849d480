import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DETECTOR_SCRIPT_FILE } from "../capture/detector";
import { ALL_SITES, sitePattern, syncCaptureScripts } from "./detector-registration";

type Script = { id: string; js?: string[]; matches?: string[] };

// The fake browser has no scripting or permissions store; these few lines stand in for them.
let granted: string[];
let registered: Map<string, Script>;
beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  registered = new Map();
  Object.assign(fakeBrowser.permissions, { getAll: async () => ({ origins: [...granted], permissions: [] }) });
  Object.assign(fakeBrowser.scripting, {
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => registered.get(id) ?? []),
    registerContentScripts: async (scripts: Script[]) => scripts.forEach((s) => registered.set(s.id, s)),
    updateContentScripts: async (scripts: Script[]) => scripts.forEach((s) => registered.set(s.id, { ...registered.get(s.id), ...s })),
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => registered.delete(id)),
  });
});

describe("syncCaptureScripts", () => {
  it("registers nothing while no site is granted", async () => {
    expect(await syncCaptureScripts()).toEqual([]);
    expect(registered.size).toBe(0);
  });

  it("runs the detector on exactly the granted sites, and stops where access is revoked", async () => {
    granted = ["https://shop.example/*"];
    await syncCaptureScripts();
    expect([...registered.values()]).toEqual([
      expect.objectContaining({ js: [DETECTOR_SCRIPT_FILE], matches: ["https://shop.example/*"] }),
    ]);

    granted = ["https://shop.example/*", "https://tea.example/*"];
    await syncCaptureScripts();
    expect([...registered.values()][0]?.matches).toEqual(["https://shop.example/*", "https://tea.example/*"]);

    granted = [];
    await syncCaptureScripts();
    expect(registered.size).toBe(0);
  });

  it("runs the detector on every site while all sites are granted", async () => {
    granted = [...ALL_SITES, "https://shop.example/*"];
    expect(await syncCaptureScripts()).toEqual([...ALL_SITES, "https://shop.example/*"]);
    granted = ["https://shop.example/*"];
    await syncCaptureScripts();
    expect([...registered.values()][0]?.matches).toEqual(["https://shop.example/*"]);
  });

  it("ignores grants that are not web pages", async () => {
    granted = ["chrome://favicon/*", "http://127.0.0.1/*"];
    expect(await syncCaptureScripts()).toEqual(["http://127.0.0.1/*"]);
  });
});

describe("sitePattern", () => {
  it("grants one site on every port (match patterns carry no port)", () => {
    expect(sitePattern("http://127.0.0.1:4101")).toBe("http://127.0.0.1/*");
    expect(sitePattern("https://shop.example")).toBe("https://shop.example/*");
  });
});

