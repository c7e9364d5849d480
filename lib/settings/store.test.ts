import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SETTINGS } from "./schema";
import { loadSettings, onSettingsChanged, saveSettings, SettingsError } from "./store";

beforeEach(() => fakeBrowser.reset());

describe("settings store", () => {
  it("gives defaults before anything is saved, then what was saved", async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    await saveSettings({ version: 1, limits: [{ currency: "EUR", minor: 50000 }] });
    expect(await loadSettings()).toEqual({ version: 1, limits: [{ currency: "EUR", minor: 50000 }] });
  });

  it.each([
    ["a float amount", { version: 1, limits: [{ currency: "EUR", minor: 12.5 }] }],
    ["a negative amount", { version: 1, limits: [{ currency: "EUR", minor: -1 }] }],
    ["an unknown currency", { version: 1, limits: [{ currency: "EURO", minor: 1 }] }],
    ["two limits for one currency", { version: 1, limits: [{ currency: "EUR", minor: 1 }, { currency: "EUR", minor: 2 }] }],
    ["an unknown version", { version: 2, limits: [] }],
  ])("refuses %s and stores nothing", async (_case, settings) => {
    await expect(saveSettings(settings as never)).rejects.toBeInstanceOf(SettingsError);
    expect(await fakeBrowser.storage.local.get("settings")).toEqual({});
  });

  it("reports unreadable stored settings instead of resetting them", async () => {
    await fakeBrowser.storage.local.set({ settings: { version: 1, limits: "lots" } });
    await expect(loadSettings()).rejects.toThrow(/Stored settings are not readable/);
    expect(await fakeBrowser.storage.local.get("settings")).toEqual({ settings: { version: 1, limits: "lots" } });
  });

  it("tells listeners about valid changes", async () => {
    const seen: unknown[] = [];
    const stop = onSettingsChanged((settings) => seen.push(settings));
    await saveSettings({ version: 1, limits: [{ currency: "JPY", minor: 10000 }] });
    stop();
    await saveSettings(DEFAULT_SETTINGS);
    expect(seen).toEqual([{ version: 1, limits: [{ currency: "JPY", minor: 10000 }] }]);
  });
});
