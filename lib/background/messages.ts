import { browser, type Browser } from "wxt/browser";
import * as z from "zod";
import type { AdapterId, PageReading } from "../capture/adapters/types";
import { captureBadge } from "../capture/badge-content";
import { readCheckout, type CheckoutTotal } from "../capture/checkout-total";
import { readOrders } from "../capture/schema-org-order";
import { loadSpendingTrades } from "../db/popup-query";
import { saveCaptured, updateTrade } from "../db/trades";
import { exceededMessage, wouldExceed } from "../domain/limits";
import { t } from "../i18n/t";
import { uiLanguage } from "../i18n/ui-language";
import { acknowledgeWarning } from "../domain/reconcile";
import type { Intent, ReturnItem, Source, Trade, WarningCode } from "../domain/types";
import {
  messageSchema,
  type AcknowledgeReply,
  type CaptureAnswer,
  type CaptureReply,
  type CollectiveReply,
  type FinaliseReply,
  type ReorderReply,
  type ReturnReply,
  type ErrorReply,
  type Message,
  type TradeBrief,
} from "../messages/schema";
import type { Settings } from "../settings/schema";
import { webPageUrl } from "../web-page";
import { isOpenWarning } from "../domain/warnings";
import { captureReadings } from "./adapter-capture";
import { settingsFor } from "./settings-copy";
import { addSampleOrder, removeSampleOrder } from "./welcome";
import { userTimeZone } from "../time-zone";

type Sender = Browser.runtime.MessageSender;

export interface MessageContext {
  now: () => string;
  checkNow: () => Promise<number>;
  /** Checks one trade now (every source that can be asked); resolves to the number of requests made. */
  checkTrade: (tradeId: string) => Promise<number>;
  afterChange: () => Promise<void>;
  finalise: (tradeId: string, intent: Intent) => Promise<FinaliseReply | ErrorReply>;
  collective: (tradeIds: string[], intent: Intent) => Promise<CollectiveReply | ErrorReply>;
  requestReturn: (tradeId: string, items: ReturnItem[], reason: string) => Promise<ReturnReply | ErrorReply>;
  reorder: (tradeId: string, items: ReturnItem[]) => Promise<ReorderReply | ErrorReply>;
}

/**
 * The background's only door. Every message is validated and its sender checked: content
 * scripts may speak only from the top frame of an http(s) page and only about that page's
 * own origin; "check-now", "check-trade" and "acknowledge-warning" only come from TradeWatch's
 * own pages. Web pages cannot reach this at all (no externally_connectable).
 */
export async function handleMessage(raw: unknown, sender: Sender, context: MessageContext): Promise<unknown> {
  if (sender.id !== browser.runtime.id) return refuse("Message from another extension refused.");
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return refuse(`Malformed message refused: ${z.prettifyError(parsed.error)}`);
  const message: Message = parsed.data;
  switch (message.type) {
    case "capture": {
      const page = contentPage(sender);
      if (!page) return refuse("Capture refused: not from the top frame of a web page.");
      const { reply, tabMark } = await capture(message.blocks, message.readings, page, context);
      if (tabMark !== null && sender.tab?.id !== undefined) await markTab(sender.tab.id, tabMark);
      const answer: CaptureAnswer = { ...reply, badge: captureBadge(reply) };
      return answer;
    }
    case "check-now": {
      if (!isExtensionPage(sender)) return refuse("Check now refused: not from a TradeWatch page.");
      return { checked: await context.checkNow() };
    }
    case "check-trade": {
      if (!isExtensionPage(sender)) return refuse("Check now refused: not from a TradeWatch page.");
      return { checked: await context.checkTrade(message.tradeId) };
    }
    case "acknowledge-warning": {
      if (!isExtensionPage(sender)) return refuse("Acknowledging refused: not from a TradeWatch page.");
      return acknowledge(message.tradeId, message.code, message.source, context);
    }
    case "ledger-imported": {
      if (!isExtensionPage(sender)) return refuse("Import notice refused: not from a TradeWatch page.");
      await context.afterChange();
      return { refreshed: true };
    }
    case "finalise": {
      if (!isExtensionPage(sender)) return refuse("Command refused: not from a TradeWatch page.");
      return context.finalise(message.tradeId, message.intent);
    }
    case "collective": {
      if (!isExtensionPage(sender)) return refuse("Command refused: not from a TradeWatch page.");
      return context.collective(message.tradeIds, message.intent);
    }
    case "return": {
      if (!isExtensionPage(sender)) return refuse("Return refused: not from a TradeWatch page.");
      return context.requestReturn(message.tradeId, message.items, message.reason);
    }
    case "reorder": {
      if (!isExtensionPage(sender)) return refuse("Reorder refused: not from a TradeWatch page.");
      return context.reorder(message.tradeId, message.items);
    }
    case "add-sample-order": {
      if (!isExtensionPage(sender)) return refuse("Sample order refused: not from a TradeWatch page.");
      const reply = await addSampleOrder(message.currency, context.now());
      if (reply.created) await context.afterChange();
      return reply;
    }
    case "remove-sample-order": {
      if (!isExtensionPage(sender)) return refuse("Sample order refused: not from a TradeWatch page.");
      const removed = await removeSampleOrder();
      if (removed) await context.afterChange();
      return { removed };
    }
  }
}

/** Mutes one warning; the background announces the change only when there was one to mute. */
async function acknowledge(
  tradeId: string,
  code: WarningCode,
  source: Source,
  context: MessageContext,
): Promise<AcknowledgeReply> {
  const now = context.now();
  let changed = false;
  await updateTrade(tradeId, (trade) => {
    const next = acknowledgeWarning(trade, code, source, now);
    changed = next !== trade;
    return next;
  });
  if (changed) await context.afterChange();
  return { acknowledged: changed };
}

/**
 * What the toolbar button says on the tab of a page, for that tab only, until it goes to another
 * page (the browser then resets it): that an adapter could not read the page, or the figures of
 * the spending limits a checkout would push over, which the page itself is never told.
 */
interface TabMark {
  text: string;
  color: string;
  title: string;
}

/**
 * What a page's JSON-LD and the adapters' readings hold, together: orders tracked come first,
 * then statuses merged, then a page an adapter could not read, then a checkout's limits. The
 * reply is the page's; the mark, if any, its tab's toolbar button's.
 */
async function capture(
  blocks: string[],
  readings: PageReading[],
  page: URL,
  context: MessageContext,
): Promise<{ reply: CaptureReply; tabMark: TabMark | null }> {
  const now = context.now();
  const settings = await settingsFor("a shop page");
  const on = (adapter: AdapterId) => !settings.disabledAdapters.includes(adapter);
  // The user's zone: which instants the days a page gives alone stand for, and the limits' periods (the popup reads them in it too).
  const timeZone = userTimeZone();
  const outcomes = readOrders(on("schema-org-json-ld") ? blocks : [], { url: page.href }, now, timeZone);
  // The page's JSON-LD orders are saved first, so that the statuses the page states (read below) find them on a first visit.
  const saved: Trade[] = [];
  const invalid: string[] = [];
  let savedNew = false;
  for (const outcome of outcomes) {
    if (outcome.kind === "invalid") {
      invalid.push(outcome.reason);
      continue;
    }
    const result = await saveCaptured(outcome.order, now);
    savedNew ||= result.created;
    saved.push(result.trade);
  }
  const read = await captureReadings(readings.filter((reading) => on(reading.adapter)), page, now, timeZone);
  const reasons = [...invalid, ...read.reasons];
  const { tracked, updated } = read;
  const created = read.created || savedNew;
  for (const trade of saved) if (!tracked.has(trade.id)) tracked.set(trade.id, updated.get(trade.id) ?? trade);
  for (const id of tracked.keys()) updated.delete(id);
  if (reasons.length > 0) console.warn(`TradeWatch ignored an order on ${page.origin} that it could not read:`, reasons);
  if (tracked.size > 0 || updated.size > 0) refreshAfterCapture(context);
  const unmarked = (reply: CaptureReply) => ({ reply, tabMark: null });
  if (tracked.size > 0) return unmarked({ kind: "tracked", created, trades: [...tracked.values()].map(brief) });
  if (updated.size > 0) return unmarked({ kind: "statuses", trades: [...updated.values()].map(brief) });
  if (read.broken !== null) {
    const tabMark = { text: "?", color: "#b45309", title: t("badge_tabTitle", read.broken.message) };
    return { reply: { kind: "broken", ...read.broken }, tabMark };
  }
  // The spending-limit check of a checkout page is not the JSON-LD adapter's: switching that off leaves it on.
  const checkout = readCheckout(blocks, { url: page.href });
  if (checkout) return checkoutReply(checkout, settings, page, now, timeZone);
  if (reasons.length > 0) return unmarked({ kind: "invalid", reasons });
  return unmarked({ kind: "not-an-order" });
}

/**
 * The toolbar badge and the schedule follow a capture without holding up its reply, which the
 * page's badge waits for (issue 7): the reply already means "stored", the transaction has committed.
 */
function refreshAfterCapture(context: MessageContext): void {
  context.afterChange().catch((error: unknown) => console.error("TradeWatch could not refresh after a capture:", error));
}

/**
 * Before buying: how many spending limits the checkout's total would push over. The page is told
 * only that (the shop's own scripts can read what its badge says); each limit's figures (the
 * limit and what was already spent) go to the tab's toolbar button.
 */
async function checkoutReply(
  { total, shopName }: CheckoutTotal,
  settings: Settings,
  page: URL,
  now: string,
  timeZone: string,
): Promise<{ reply: CaptureReply; tabMark: TabMark | null }> {
  const pending = { shopOrigin: page.origin, total };
  const over = settings.limits.length === 0 ? [] : wouldExceed(await loadSpendingTrades(now), settings.limits, pending, now, timeZone);
  const reply: CaptureReply = { kind: "checkout", total, overLimits: over.length };
  if (over.length === 0) return { reply, tabMark: null };
  const figures = over.map((status) => exceededMessage(status, total, shopName, uiLanguage()));
  return { reply, tabMark: { text: "!", color: "#b91c1c", title: t("badge_tabTitle", figures.join(" ")) } };
}

/** Sets a tab's toolbar button (TabMark). */
async function markTab(tabId: number, { text, color, title }: TabMark): Promise<void> {
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color });
    await browser.action.setTitle({ tabId, title });
  } catch (error) {
    // The tab may be gone already, and with it the page the mark was for.
    console.debug("TradeWatch could not mark the tab:", error);
  }
}

function contentPage(sender: Sender): URL | null {
  return sender.tab && sender.frameId === 0 ? webPageUrl(sender.url) : null;
}

function isExtensionPage(sender: Sender): boolean {
  return typeof sender.url === "string" && sender.url.startsWith(browser.runtime.getURL("/"));
}

/** Only open warnings: the shop-page badge would otherwise raise ones the user has already muted. */
function brief(trade: Trade): TradeBrief {
  const open = trade.warnings.filter(isOpenWarning);
  return { tradingId: trade.info.tradingId, warnings: open.map((warning) => warning.message) };
}

function refuse(error: string): ErrorReply {
  console.warn(`TradeWatch: ${error}`);
  return { error };
}
