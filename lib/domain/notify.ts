import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";
import type { NotificationSettings } from "../settings/schema";
import { SEVERITY } from "./severity";
import { deliveryGroup } from "./views";
import type { Severity, Trade } from "./types";
import { isOpenWarning, sameWarning, SEVERITY_RANK } from "./warnings";

/**
 * What to tell the user about a change to a trade, outside the popup: system notifications
 * (each kind can be turned off in the options) and the toolbar badge. Pure: the background
 * shows what this returns.
 */

export type NotificationKind = keyof NotificationSettings;

export interface TradeNotification {
  /** `<trade id>|<kind>|<what>`: the same event always gets the same id, so it is shown once. */
  id: string;
  tradeId: string;
  kind: NotificationKind;
  title: string;
  message: string;
}

const WARNING_TITLE: Record<Severity, MessageKey> = {
  critical: "notify_problemWith",
  warning: "notify_check",
  notice: "notify_about",
};

/** The notifications `after` deserves compared with `before`: new warnings, a delivery, a payment. */
export function notificationsFor(
  before: Trade,
  after: Trade,
  settings: NotificationSettings,
  lang: Language = ENGLISH,
): TradeNotification[] {
  const { tradingId } = after.info;
  const shop = after.info.shop.name;
  /** "Problem with order GL-1001 at Green Leaf Tea": every title names the order and its shop. */
  const title = (key: MessageKey) => lang.t(key, tradingId, shop);
  const notifications: TradeNotification[] = [];
  const make = (kind: NotificationKind, what: string, title: string, message: string) =>
    notifications.push({ id: notificationId(after.id, kind, what), tradeId: after.id, kind, title, message });

  if (settings.warnings) {
    for (const warning of after.warnings) {
      if (warning.acknowledgedAt !== null || before.warnings.some((known) => sameWarning(known, warning))) continue;
      make("warnings", `${warning.source}-${warning.code}`, title(WARNING_TITLE[SEVERITY[warning.code]]), warning.message);
    }
  }

  if (settings.deliveries && deliveryGroup(before) === "undelivered" && deliveryGroup(after) === "delivered") {
    const { delivery } = after.processing;
    const returned = delivery.status === "returned";
    const on = delivery.completedAt ?? after.processing.shop.completedAt;
    const message =
      on === null
        ? lang.t(returned ? "notify_returned" : "notify_delivered", tradingId, shop)
        : lang.t(returned ? "notify_returnedOn" : "notify_deliveredOn", tradingId, shop, lang.day(on));
    make("deliveries", returned ? "returned" : "delivered", title(returned ? "notify_returnedTitle" : "notify_deliveredTitle"), message);
  }

  const payment = after.processing.payment;
  if (settings.payments && before.processing.payment.status !== "settled" && payment.status === "settled") {
    const amount = lang.money(payment.amountCharged ?? after.info.total);
    make("payments", "settled", title("notify_paidTitle"), lang.t("notify_paid", amount, tradingId, shop));
  }
  const outcome = after.processing.shop.outcome;
  if (settings.commands && outcome !== null && before.processing.shop.outcome !== outcome) {
    // The shop's completion notice reached TradeWatch through its status (seed 000 claim 9).
    const completed = outcome === "completed";
    make(
      "commands",
      `outcome-${outcome}`,
      title(completed ? "notify_completedTitle" : "notify_cancelledTitle"),
      lang.t(completed ? "notify_completed" : "notify_cancelled", shop, tradingId),
    );
  }
  return notifications;
}

/** A shop's answer to a command, as a notification (its words, or why there were none). */
export function shopAnswerNotification(trade: Trade, text: string, at: string, lang: Language = ENGLISH): TradeNotification {
  return {
    id: notificationId(trade.id, "commands", `answer-${at}`),
    tradeId: trade.id,
    kind: "commands",
    title: lang.t("notify_shopAbout", trade.info.shop.name, trade.info.tradingId),
    message: text,
  };
}

export function notificationId(tradeId: string, kind: NotificationKind, what: string): string {
  return `${tradeId}|${kind}|${what}`;
}

const KINDS: readonly string[] = ["warnings", "deliveries", "payments", "commands"] satisfies NotificationKind[];

/** The trade a notification id names, or null for an id TradeWatch did not make (trade ids may contain "|"). */
export function tradeIdOfNotification(id: string): string | null {
  const parts = id.split("|");
  if (parts.length < 3 || !KINDS.includes(parts.at(-2)!)) return null;
  const tradeId = parts.slice(0, -2).join("|");
  return tradeId === "" ? null : tradeId;
}

/** Badge colours by the highest severity shown: critical red, warning amber, notice blue (white text passes AA on each). */
export const BADGE_COLOURS: Record<Severity, string> = { critical: "#b91c1c", warning: "#b45309", notice: "#2563eb" };

/**
 * The toolbar badge: how many warnings the user has not acknowledged, coloured by the most
 * severe of them; no text (and no colour) when there are none.
 */
export function toolbarBadge(trades: readonly Trade[]): { text: string; color: string | null } {
  const open = trades.flatMap((trade) => trade.warnings.filter(isOpenWarning));
  if (open.length === 0) return { text: "", color: null };
  const worst = open
    .map((warning) => SEVERITY[warning.code])
    .reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
  return { text: open.length > 999 ? "999+" : String(open.length), color: BADGE_COLOURS[worst] };
}
