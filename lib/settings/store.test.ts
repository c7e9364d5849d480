import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SETTINGS, type Limit, type Settings } from "./schema";
import { loadSettings, onSettingsChanged, saveSettings, SettingsError } from "./store";

beforeEach(() => fakeBrowser.reset());

const limit = (overrides: Partial<Limit> = {}): Limit => ({
  id: "l1",
  amount: { currency: "EUR", minor: 50000 },
  shopOrigin: null,
  period: "none",
  ...overrides,
});

const settings = (limits: Limit[], notifications = DEFAULT_SETTINGS.notifications): Settings => ({
  ...DEFAULT_SETTINGS,
  limits,
  notifications,
});

describe("settings store", () => {
  it("gives defaults before anything is saved, then what was saved", async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    const saved = settings([limit(), limit({ id: "l2", shopOrigin: "https://tea.example", period: "calendar-month" })], {
      warnings: true,
      deliveries: false,
      payments: true,
      commands: false,
    });
    await saveSettings(saved);
    expect(await loadSettings()).toEqual(saved);
  });

  it("allows one currency several times with different shops or periods", async () => {
    const limits = [limit(), limit({ id: "l2", period: "calendar-week" }), limit({ id: "l3", shopOrigin: "https://tea.example" })];
    await saveSettings(settings(limits));
    expect((await loadSettings()).limits).toEqual(limits);
  });

  it.each([
    ["a float amount", settings([limit({ amount: { currency: "EUR", minor: 12.5 } })])],
    ["a negative amount", settings([limit({ amount: { currency: "EUR", minor: -1 } })])],
    ["an unknown currency", settings([limit({ amount: { currency: "EURO", minor: 1 } })])],
    ["an unknown period", settings([limit({ period: "fortnight" as never })])],
    ["a shop that is not a web origin", settings([limit({ shopOrigin: "file:///etc" })])],
    ["two limits for one currency, shop and period", settings([limit(), limit({ id: "l2", amount: { currency: "EUR", minor: 1 } })])],
    ["a limit of the old shape", { version: 1, limits: [{ currency: "EUR", minor: 1 }], notifications: DEFAULT_SETTINGS.notifications }],
    ["no notification settings", { version: 1, limits: [] }],
    ["an unknown version", { ...DEFAULT_SETTINGS, version: 3 }],
  ])("refuses %s and stores nothing", async (_case, invalid) => {
    await expect(saveSettings(invalid as never)).rejects.toBeInstanceOf(SettingsError);
    expect(await fakeBrowser.storage.local.get("settings")).toEqual({});
  });

  it("reports unreadable stored settings instead of resetting them", async () => {
    await fakeBrowser.storage.local.set({ settings: { version: 1, limits: "lots" } });
    await expect(loadSettings()).rejects.toThrow(/Stored settings are not readable/);
    expect(await fakeBrowser.storage.local.get("settings")).toEqual({ settings: { version: 1, limits: "lots" } });
  });

  it("tells listeners about valid changes, once checked, and nothing once they stop", async () => {
    const seen: unknown[] = [];
    let reported = () => undefined as void;
    const first = new Promise<void>((resolve) => (reported = resolve));
    const stop = onSettingsChanged((next) => {
      seen.push(next);
      reported();
    });
    await fakeBrowser.storage.local.set({ settings: { version: 2, limits: "lots" } });
    const yen = settings([limit({ amount: { currency: "JPY", minor: 10000 } })]);
    await saveSettings(yen);
    await first;
    stop();
    await saveSettings(DEFAULT_SETTINGS);
    expect(seen).toEqual([yen]);
  });

  it("gives the defaults without loading the schema (and zod) when nothing is stored", async () => {
    vi.resetModules();
    let schemaLoaded = false;
    vi.doMock("./schema", async (importOriginal) => {
      schemaLoaded = true;
      return importOriginal();
    });
    try {
      const store = await import("./store");
      expect(await store.loadSettings()).toEqual(DEFAULT_SETTINGS);
      expect(schemaLoaded).toBe(false);
      await expect(store.saveSettings(DEFAULT_SETTINGS)).resolves.toBeUndefined();
      expect(schemaLoaded).toBe(true);
    } finally {
      vi.doUnmock("./schema");
    }
  });
});
