import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { saveSettings } from "../settings/store";
import { settingsFor } from "./settings-copy";

beforeEach(() => fakeBrowser.reset());

describe("settingsFor", () => {
  it("reads the stored settings once, until they change; other stored values leave the copy", async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, disabledAdapters: ["shopify"] });
    const get = vi.spyOn(fakeBrowser.storage.local, "get");
    expect((await settingsFor("a test")).disabledAdapters).toEqual(["shopify"]);
    expect((await settingsFor("a test")).disabledAdapters).toEqual(["shopify"]);
    await fakeBrowser.storage.local.set({ changesSeenByPopup: 3 });
    await settingsFor("a test");
    expect(get).toHaveBeenCalledTimes(1);

    await saveSettings({ ...DEFAULT_SETTINGS, disabledAdapters: ["vendure"] });
    expect((await settingsFor("a test")).disabledAdapters).toEqual(["vendure"]);
    expect(get).toHaveBeenCalledTimes(2);
  });
});
