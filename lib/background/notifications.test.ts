import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { aTrade, aWarning } from "../domain/test-trades";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { saveSettings } from "../settings/store";
import { notifyChange, notifyPageLoadsOff, registerNotificationClicks } from "./notifications";

beforeEach(() => fakeBrowser.reset());

const before = aTrade({ payment: { status: "authorized" }, delivery: { status: "in_transit" } });
const after = aTrade({
  payment: { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } },
  delivery: { status: "in_transit" },
  warnings: [aWarning({ code: "amount-mismatch", message: "Charged too much" })],
});

const shown = () => fakeBrowser.notifications.getAllCreateOptions();

describe("notifyChange", () => {
  it("shows a system notification for each thing worth telling, with the extension's icon", async () => {
    await notifyChange(before, after);
    expect(shown()).toEqual({
      [`${after.id}|warnings|payment-amount-mismatch`]: {
        type: "basic",
        iconUrl: "/icon/128.png",
        title: "Problem with order GL-1001 at Green Leaf Tea",
        message: "Charged too much",
      },
      [`${after.id}|payments|settled`]: expect.objectContaining({ title: "Paid: order GL-1001 at Green Leaf Tea" }),
    });
  });

  it("follows the user's settings", async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, notifications: { warnings: false, deliveries: true, payments: true, commands: true } });
    await notifyChange(before, after);
    expect(Object.keys(shown())).toEqual([`${after.id}|payments|settled`]);
  });

  it("falls back to the defaults when the stored settings are unreadable", async () => {
    await fakeBrowser.storage.local.set({ settings: { version: 1, limits: "nonsense" } });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await notifyChange(before, after);
    expect(Object.keys(shown())).toHaveLength(2);
    expect(console.warn).toHaveBeenCalledOnce();
  });

  it("shows nothing when nothing new happened", async () => {
    await notifyChange(after, after);
    expect(shown()).toEqual({});
  });
});

describe("registerNotificationClicks", () => {
  it("opens the popup on the notification's trade in a new tab and clears the notification", async () => {
    registerNotificationClicks();
    await notifyChange(before, after);
    const id = `${after.id}|payments|settled`;
    const created = new Promise<string | undefined>((resolve) => fakeBrowser.tabs.onCreated.addListener((tab) => resolve(tab.url)));
    await fakeBrowser.notifications.onClicked.trigger(id);
    expect(await created).toBe(
      `chrome-extension://${fakeBrowser.runtime.id}/popup.html?trade=${encodeURIComponent(after.id)}`,
    );
    await vi.waitFor(() => expect(Object.keys(shown())).not.toContain(id));
  });

  it("opens the options, where the permission is asked for again, from the note that no new order is found", async () => {
    registerNotificationClicks();
    const openOptionsPage = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.runtime, { openOptionsPage });
    await notifyPageLoadsOff();
    expect(Object.values(shown())).toEqual([
      {
        type: "basic",
        iconUrl: "/icon/128.png",
        title: "TradeWatch finds no new orders",
        message: "It is not told when pages load on the sites you allowed. Click to allow it in the options.",
      },
    ]);
    await fakeBrowser.notifications.onClicked.trigger(Object.keys(shown())[0]!);
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });

  it("ignores notifications TradeWatch did not make", async () => {
    registerNotificationClicks();
    const opened: (string | undefined)[] = [];
    fakeBrowser.tabs.onCreated.addListener((tab) => void opened.push(tab.url));
    await fakeBrowser.notifications.onClicked.trigger("someone else's");
    // A click on one of ours afterwards shows when the clicks were handled.
    await fakeBrowser.notifications.onClicked.trigger(`${after.id}|deliveries|delivered`);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]).toContain(`?trade=${encodeURIComponent(after.id)}`);
  });
});
