import type { CountedKey } from "../i18n/t";
import { ENGLISH, type Language } from "../i18n/translate";
import { itemsText } from "./history";
import { isDelivered } from "./lifecycle";
import { sumByCurrency } from "./money";
import { CHANGE_KINDS } from "./types";
import type { AnyStatus, ChangeEntry, ChangeKind, Money, Trade } from "./types";
import { isOpenWarning, sameWarning } from "./warnings";

/**
 * "Since your last visit" (seed 000 claim 7): what an update of a trade changed, as entries of
 * the change feed. Each entry comes from the difference between the trade before and after one
 * update, so successive updates never report the same change twice.
 */

/** Payment statuses reported only once the payment settled. */
const SETTLED_OR_BEYOND: readonly AnyStatus[] = ["settled", "refunded"];

/** Delivered now, or delivered before and then reported back in transit: a regression undone is no new delivery. */
function everDelivered(trade: Trade): boolean {
  const { shop, delivery } = trade.processing;
  return isDelivered(trade) || delivery.regressedFrom === "delivered" || shop.regressedFrom === "delivered";
}

function everSettled(trade: Trade): boolean {
  const { status, regressedFrom } = trade.processing.payment;
  return status === "settled" || (regressedFrom !== null && SETTLED_OR_BEYOND.includes(regressedFrom));
}

/** The changes between two versions of a trade; none for a capture (`before` null). */
export function changesBetween(before: Trade | null, after: Trade, now: string, lang: Language = ENGLISH): ChangeEntry[] {
  if (before === null) return [];
  const shop = after.info.shop.name;
  // Most updates tell nothing worth an entry: the order's words are written only for one that does.
  let items: string | null = null;
  let order: string | null = null;
  const itemsOf = () => (items ??= itemsText(after.info.items, lang));
  const orderOf = () => (order ??= lang.t("notify_changeOrder", itemsOf(), shop));
  const entries: ChangeEntry[] = [];
  const add = (kind: ChangeKind, text: string) =>
    entries.push({ at: now, tradeId: after.id, tradingId: after.info.tradingId, shopName: shop, kind, text });

  if (!everDelivered(before) && isDelivered(after)) add("delivered", lang.t("notify_changeDelivered", orderOf()));
  if (!everSettled(before) && after.processing.payment.status === "settled") {
    const paid = after.processing.payment.amountCharged ?? after.info.total;
    add("settled", lang.t("notify_changePaid", orderOf(), lang.money(paid)));
  }
  for (const transition of after.lifecycle.transitions.slice(before.lifecycle.transitions.length)) {
    if (transition.to === "completed") add("completed", lang.t("notify_changeCompleted", orderOf(), transition.text));
    if (transition.to === "failed") add("failed", lang.t("notify_changeFailed", orderOf(), transition.text));
  }
  for (const refund of refundsGrown(before, after)) {
    add("refunded", lang.t("notify_changeRefunded", shop, lang.money(refund), itemsOf()));
  }
  for (const warning of after.warnings) {
    if (isOpenWarning(warning) && !before.warnings.some((known) => sameWarning(known, warning))) {
      add("warning", lang.t("notify_changeWarning", orderOf(), warning.message));
    }
  }
  for (const request of after.returns) {
    const was = before.returns.find((each) => each.key === request.key);
    if (request.status === "refunded" && was?.status !== "refunded") {
      add("returned", lang.t("notify_changeReturned", itemsText(request.items, lang), shop));
    }
  }
  return entries;
}

/** How much more was refunded, per currency, than before the update. */
function refundsGrown(before: Trade, after: Trade): Money[] {
  // An answer that says nothing of refunds leaves the list as it was: most updates.
  if (after.processing.payment.refunds === before.processing.payment.refunds) return [];
  const total = (trade: Trade) => sumByCurrency((trade.processing.payment.refunds ?? []).map((refund) => refund.amount));
  const earlier = total(before);
  return total(after)
    .map(({ minor, currency }) => ({ minor: minor - (earlier.find((sum) => sum.currency === currency)?.minor ?? 0), currency }))
    .filter((grown) => grown.minor > 0);
}

const HEADLINE_WORDS: Record<ChangeKind, CountedKey> = {
  delivered: "notify_countDelivered",
  settled: "notify_countSettled",
  completed: "notify_countCompleted",
  failed: "notify_countFailed",
  refunded: "notify_countRefunded",
  warning: "notify_countWarning",
  returned: "notify_countReturned",
};

/** Counts per kind and one line for the top of the summary ("2 delivered and 1 new warning since your last visit"). */
export function summariseChanges(
  entries: ChangeEntry[],
  lang: Language = ENGLISH,
): { counts: Record<ChangeKind, number>; headline: string } {
  const counts = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  for (const entry of entries) counts[entry.kind] += 1;
  const parts = CHANGE_KINDS.filter((kind) => counts[kind] > 0).map((kind) => lang.tn(HEADLINE_WORDS[kind], counts[kind]));
  const headline = parts.length === 0 ? lang.t("notify_nothingSince") : lang.t("notify_sinceHeadline", lang.list(parts));
  return { counts, headline };
}
