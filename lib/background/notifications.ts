import { browser } from "wxt/browser";
import { notificationsFor, tradeIdOfNotification } from "../domain/notify";
import type { Trade } from "../domain/types";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { loadSettings } from "../settings/store";

/**
 * System notifications for new warnings, deliveries and payments (each kind can be turned off
 * in the options); clicking one opens the popup on that trade in a tab.
 */

/** For PollDeps.onChange: shows what the change deserves, as the user's settings allow. */
export async function notifyChange(before: Trade, after: Trade): Promise<void> {
  const settings = await loadSettings().catch((error: unknown): Settings => {
    // Unreadable settings are reported in the options page; notifications go on with the defaults.
    console.warn("TradeWatch notifies with its default settings:", error);
    return DEFAULT_SETTINGS;
  });
  for (const notification of notificationsFor(before, after, settings.notifications)) {
    await browser.notifications.create(notification.id, {
      type: "basic",
      iconUrl: "/icon/128.png",
      title: notification.title,
      message: notification.message,
    });
  }
}

/** Clicking a TradeWatch notification opens the popup, focused on its trade, in a new tab. */
export function registerNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => {
    const tradeId = tradeIdOfNotification(id);
    if (tradeId === null) return;
    void openTrade(id, tradeId).catch((error: unknown) => console.error("TradeWatch could not open the order:", error));
  });
}

async function openTrade(notificationId: string, tradeId: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html?trade=${encodeURIComponent(tradeId)}`) });
  // Done with: it need not wait in the system's notification centre.
  await browser.notifications.clear(notificationId);
}
