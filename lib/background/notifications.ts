import { browser } from "wxt/browser";
import { notificationsFor, shopAnswerNotification, tradeIdOfNotification, type TradeNotification } from "../domain/notify";
import { summariseChanges } from "../domain/since";
import { loadUnseenChanges, markChangesSeen } from "../since-last-visit";
import type { Trade } from "../domain/types";
import { t } from "../i18n/t";
import { uiLanguage } from "../i18n/ui-language";
import { settingsFor } from "./settings-copy";

/**
 * System notifications for new warnings, deliveries and payments (each kind can be turned off
 * in the options), in the browser's language; clicking one opens the popup on that trade in a tab.
 */

/** For PollDeps.onChange: shows what the change deserves, as the user's settings allow. */
export async function notifyChange(before: Trade, after: Trade): Promise<void> {
  const settings = await settingsFor("notifying");
  for (const notification of notificationsFor(before, after, settings.notifications, uiLanguage())) await show(notification);
}

/** For CommandDeps.onShopAnswer: the shop's answer to a command, unless the user turned these off. */
export async function notifyShopAnswer(trade: Trade, text: string): Promise<void> {
  const settings = await settingsFor("notifying");
  if (settings.notifications.commands) await show(shopAnswerNotification(trade, text, new Date().toISOString(), uiLanguage()));
}

/**
 * At browser start (seed 000 claim 7): one notification summing up what changed while the
 * browser was closed, each change announced once (its own cursor: the popup still lists them).
 */
export async function notifySinceLastVisit(): Promise<void> {
  const { entries, upTo } = await loadUnseenChanges("startup");
  if (entries.length > 0) {
    await browser.notifications.create(SINCE_LAST_VISIT_ID, {
      type: "basic",
      iconUrl: "/icon/128.png",
      title: t("notify_sinceTitle"),
      message: summariseChanges(entries, uiLanguage()).headline,
    });
  }
  await markChangesSeen(upTo, "startup");
}

const SINCE_LAST_VISIT_ID = "tradewatch-since-last-visit";

/**
 * Sites are allowed, but the browser does not tell TradeWatch when their pages load: no new
 * order would be found there, and nothing else would say so. Always shown (it is not news
 * about an order, which the user may switch off); clicking it opens the options, where one
 * button asks for the permission again.
 */
export async function notifyPageLoadsOff(): Promise<void> {
  await browser.notifications.create(PAGE_LOADS_OFF_ID, {
    type: "basic",
    iconUrl: "/icon/128.png",
    title: t("notify_pageLoadsOffTitle"),
    message: t("notify_pageLoadsOff"),
  });
}

const PAGE_LOADS_OFF_ID = "tradewatch-page-loads-off";

async function show(notification: TradeNotification): Promise<void> {
  await browser.notifications.create(notification.id, {
    type: "basic",
    iconUrl: "/icon/128.png",
    title: notification.title,
    message: notification.message,
  });
}

/** Clicking a TradeWatch notification opens the popup, focused on its trade, in a new tab. */
export function registerNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => {
    if (id === SINCE_LAST_VISIT_ID) {
      void browser.tabs.create({ url: browser.runtime.getURL("/popup.html") }).catch((error: unknown) => console.error("TradeWatch could not open the popup:", error));
      return;
    }
    if (id === PAGE_LOADS_OFF_ID) {
      void browser.runtime.openOptionsPage().catch((error: unknown) => console.error("TradeWatch could not open its options:", error));
      return;
    }
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
