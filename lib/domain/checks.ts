import { carrierFor } from "./carriers";
import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";
import { appendHistory, itemsText, partyName, statusWords, warningEntries } from "./history";
import { amountPaid, amountRefunded, chargesTaken, sumIn } from "./payments";
import { sameMoney } from "./money";
import { isTradeDone, STALE_AFTER_MS } from "./schedule";
import { deliveryGroup, isCancelled, isFinalStatus, settlementGroup } from "./views";
import { isItem, linesOf } from "./order-lines";
import { SOURCES } from "./types";
import type {
  AnyStatus,
  ItemQuantity,
  Money,
  Source,
  Trade,
  Warning,
  WarningCode,
} from "./types";

/**
 * Consistency checks between what was ordered and what the sources report (claims 1, 2).
 * Each check looks at the whole trade and returns the warnings that hold now; a warning whose
 * condition is gone is no longer returned, and evaluateWarnings drops it.
 */

export type WarningDraft = Omit<Warning, "firstSeenAt" | "acknowledgedAt">;
/** `lang`: the language the message is written in (the trade keeps it as written). */
export type Check = (trade: Trade, now: string, lang: Language) => WarningDraft[];

/** Defined with the scheduler, which slows down for a stale source; the stale check uses the same span. */
export { STALE_AFTER_MS };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Time given to a refund after a cancellation or a return became known, before its absence is a warning. */
export const REFUND_GRACE_MS = 7 * DAY_MS;

function isPast(iso: string, now: string): boolean {
  return Date.parse(iso) < Date.parse(now);
}

function draft(code: WarningCode, source: Source, message: string): WarningDraft[] {
  return [{ code, source, message }];
}

/** Claim 1: a source answered about another trading identifier, so its answer was not recorded. */
export function tradingIdMismatch(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  return SOURCES.flatMap((source) => {
    const foreign = trade.processing[source].foreignTradingId;
    if (foreign === null) return [];
    return draft(
      "trading-id-mismatch",
      source,
      lang.t("warn_tradingIdMismatch", partyName(source, lang), foreign, trade.info.tradingId),
    );
  });
}

interface ChargedInOrderCurrency {
  /** The charges in the order's currency (one entry when only the amount charged is known). */
  taken: Money[];
  charged: number;
  /** What of it was not paid back. */
  kept: number;
}

/** What was charged in the order's currency, before and net of refunds; null when nothing was, or a sum is inexact. */
function chargedInOrderCurrency(trade: Trade): ChargedInOrderCurrency | null {
  const { payment } = trade.processing;
  const { currency } = trade.info.total;
  const taken = chargesTaken(payment).filter((amount) => amount.currency === currency);
  if (taken.length === 0) return null;
  const charged = sumIn(currency, taken);
  const refunded = sumIn(currency, (payment.refunds ?? []).map((refund) => refund.amount));
  return charged === null || refunded === null ? null : { taken, charged, kept: charged - refunded };
}

/**
 * An amount other than the total in the order's currency; several charges adding up to more are
 * charged-twice instead. Refunds bringing an excess back to the total clear it; they do not turn
 * an order charged in full and then refunded (cancelled, returned) into a mismatch.
 */
export function amountMismatch(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const found = chargedInOrderCurrency(trade);
  const total = trade.info.total;
  if (found === null || found.charged === total.minor) return [];
  if (found.charged > total.minor && found.kept <= total.minor) return [];
  if (chargedInExcess(trade) !== null) return [];
  const charged = { minor: found.charged, currency: total.currency };
  return draft("amount-mismatch", "payment", lang.t("warn_amountMismatch", lang.money(charged), lang.money(total)));
}

/** Every charge in another currency than the order total's, beside or instead of the charges in it. */
export function currencyMismatch(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const total = trade.info.total;
  const foreign = chargesTaken(trade.processing.payment).filter((amount) => amount.currency !== total.currency);
  if (foreign.length === 0) return [];
  const amounts = lang.list(foreign.map(lang.money));
  const currencies = lang.list([...new Set(foreign.map((amount) => amount.currency))]);
  const besides = chargedInOrderCurrency(trade);
  const message =
    besides === null
      ? lang.t("warn_currencyMismatch", amounts, currencies, lang.money(total), total.currency)
      : lang.t(
          "warn_currencyMismatchBesides",
          amounts,
          currencies,
          lang.money({ minor: besides.charged, currency: total.currency }),
          total.currency,
          lang.money(total),
        );
  return draft("currency-mismatch", "payment", message);
}

/** The charges in the order's currency and their sum when chargedTwice holds (without writing its message), else null. */
function chargedInExcess(trade: Trade): ChargedInOrderCurrency | null {
  const found = chargedInOrderCurrency(trade);
  if (found === null || found.taken.length < 2 || found.kept <= trade.info.total.minor) return null;
  return found;
}

/**
 * Two or more charges that, net of refunds, add up to more than the order total. A double
 * charge paid back is no longer money at risk, so refunds count.
 */
export function chargedTwice(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const excess = chargedInExcess(trade);
  if (excess === null) return [];
  const { taken, charged } = excess;
  const total = trade.info.total;
  const sum = { minor: charged, currency: total.currency };
  return draft(
    "charged-twice",
    "payment",
    lang.tn("warn_chargedTimes", taken.length, taken.map(lang.money).join(" + "), lang.money(sum), lang.money(total)),
  );
}

interface RefundDue {
  paid: Money;
  /** Null when the refunds add up past an exact sum: no refund warning then. */
  refunded: number | null;
  /** Why a refund is due, and since when. */
  reason: "cancelled" | "returned";
  since: string;
}

/**
 * A refund is due once the shop cancelled or the parcel went back, and REFUND_GRACE_MS has
 * passed since that became known: the source's statusSince, the asOf of the first answer that
 * said so (asOf itself moves with every answer, and a source with an open warning is still
 * asked). Records stored before statusSince existed fall back to asOf. completedAt cannot
 * serve: for the shop and the carrier it is the delivery date.
 */
function refundDue(trade: Trade, now: string): RefundDue | null {
  const { shop, delivery, payment } = trade.processing;
  const paid = amountPaid(payment, trade.info.total.currency);
  if (paid === null || paid.minor === 0) return null;
  const reasons: { since: string; reason: RefundDue["reason"] }[] = [];
  const shopSince = shop.statusSince ?? shop.asOf;
  const deliverySince = delivery.statusSince ?? delivery.asOf;
  if (isCancelled(trade) && shopSince !== null) reasons.push({ since: shopSince, reason: "cancelled" });
  if (delivery.status === "returned" && deliverySince !== null) reasons.push({ since: deliverySince, reason: "returned" });
  const due = reasons.find(({ since }) => Date.parse(since) + REFUND_GRACE_MS < Date.parse(now));
  return due === undefined ? null : { paid, refunded: amountRefunded(payment, paid), ...due };
}

export function refundMissing(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const due = refundDue(trade, now);
  if (due === null || due.refunded !== 0) return [];
  const key = due.reason === "cancelled" ? "warn_refundMissingCancelled" : "warn_refundMissingReturned";
  return draft("refund-missing", "payment", lang.t(key, lang.money(due.paid), lang.day(due.since)));
}

export function refundShort(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const due = refundDue(trade, now);
  if (due === null || due.refunded === null || due.refunded === 0 || due.refunded >= due.paid.minor) return [];
  const refunded = { minor: due.refunded, currency: due.paid.currency };
  const key = due.reason === "cancelled" ? "warn_refundShortCancelled" : "warn_refundShortReturned";
  return draft("refund-short", "payment", lang.t(key, lang.money(refunded), lang.money(due.paid), lang.day(due.since)));
}

/** More paid back than was paid: at any time, not only after a cancellation. */
export function refundAbovePaid(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const payment = trade.processing.payment;
  const paid = amountPaid(payment, trade.info.total.currency);
  if (paid === null) return [];
  const refunded = amountRefunded(payment, paid);
  if (refunded === null || refunded <= paid.minor) return [];
  return draft(
    "refund-above-paid",
    "payment",
    lang.t("warn_refundAbovePaid", lang.money({ minor: refunded, currency: paid.currency }), lang.money(paid)),
  );
}

/** Whether the order left the shop, by the carrier's or the shop's word. */
function hasShipped(trade: Trade): boolean {
  const { shop, delivery } = trade.processing;
  return (
    delivery.status === "in_transit" ||
    delivery.status === "delivered" ||
    delivery.status === "returned" ||
    shop.status === "shipped" ||
    shop.status === "delivered"
  );
}

/** The delivery date that passed when paidNotShipped holds (without writing its message: deliveryOverdue gives way to it), else null. */
function unshippedAfter(trade: Trade, now: string): string | null {
  const { payment, delivery } = trade.processing;
  if (payment.status !== "settled" || isCancelled(trade) || hasShipped(trade)) return null;
  return delivery.scheduledAt !== null && isPast(delivery.scheduledAt, now) ? delivery.scheduledAt : null;
}

/** Paid, not cancelled, not shipped, and the expected delivery date has passed. */
export function paidNotShipped(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const due = unshippedAfter(trade, now);
  if (due === null) return [];
  const { payment } = trade.processing;
  const expected = lang.day(due);
  const message =
    payment.completedAt === null
      ? lang.t("warn_paidNotShipped", expected)
      : lang.t("warn_paidOnNotShipped", lang.day(payment.completedAt), expected);
  return draft("paid-not-shipped", "delivery", message);
}

/** The payment failed, yet the goods left the shop. */
export function shippedButDeclined(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const { payment, delivery, shop } = trade.processing;
  if (payment.status !== "failed") return [];
  const handedOver = delivery.status === "delivered" || shop.status === "delivered";
  const moving = delivery.status === "in_transit" || shop.status === "shipped";
  if (!handedOver && !moving) return [];
  return draft(
    "shipped-but-declined",
    "payment",
    lang.t(handedOver ? "warn_declinedButDelivered" : "warn_declinedButShipped"),
  );
}

/**
 * A return the shop accepted (or received the goods of) whose refund date passed while the
 * refunds paid since it was requested add up to less than the shop promised (seed 002 claim 9).
 */
export function returnRefundOverdue(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const refunds = trade.processing.payment.refunds ?? [];
  const overdue = trade.returns.flatMap((request) => {
    const { refundAmount, refundDueBy } = request;
    if (request.status !== "accepted" && request.status !== "received") return [];
    if (refundAmount === null || refundDueBy === null || !isPast(refundDueBy, now)) return [];
    const since = refunds.filter((refund) => Date.parse(refund.at) >= Date.parse(request.requestedAt));
    const received = sumIn(refundAmount.currency, since.map((refund) => refund.amount));
    if (received === null || received >= refundAmount.minor) return [];
    const missing = { minor: refundAmount.minor - received, currency: refundAmount.currency };
    return [
      lang.t("warn_returnRefundOverdue", lang.money(refundAmount), itemsText(request.items, lang), lang.day(refundDueBy), lang.money(missing)),
    ];
  });
  return overdue.length === 0 ? [] : draft("return-refund-overdue", "payment", overdue.join("; "));
}

function entryLabel(entry: ItemQuantity, lang: Language): string {
  return entry.name ?? (entry.sku !== null ? lang.t("warn_itemSku", entry.sku) : lang.t("warn_itemUnnamed"));
}

/** Claim 2: the carrier says the parcel is delivered, but not with the quantities ordered. */
export function quantityMismatch(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const delivery = trade.processing.delivery;
  if (delivery.status !== "delivered" || delivery.itemsDelivered === null) return [];
  const lines = linesOf(trade.info.items);
  const delivered = lines.map((line) =>
    (delivery.itemsDelivered ?? []).reduce((sum, entry) => (isItem(line, entry) ? sum + entry.quantity : sum), 0),
  );
  const differences = lines.flatMap((line, i) =>
    delivered[i] === line.quantity ? [] : [lang.t("warn_deliveredCount", delivered[i] ?? 0, line.quantity, line.name)],
  );
  return differences.length === 0 ? [] : draft("quantity-mismatch", "delivery", differences.join("; "));
}

/** The carrier handed over something that was never ordered (whether or not the parcel is complete). */
export function unorderedItems(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const lines = linesOf(trade.info.items);
  const unordered = (trade.processing.delivery.itemsDelivered ?? []).filter(
    (entry) => entry.quantity > 0 && !lines.some((line) => isItem(line, entry)),
  );
  if (unordered.length === 0) return [];
  const message = unordered
    .map((entry) => lang.t("warn_unordered", entry.quantity, entryLabel(entry, lang)))
    .join("; ");
  return draft("unordered-items", "delivery", message);
}

/** The shop now reports other contents or another total than the confirmation page showed. */
export function contentsChanged(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const { reportedItems, reportedTotal } = trade.processing.shop;
  const differences: string[] = [];
  if (reportedItems !== null) {
    const ordered = linesOf(trade.info.items);
    const reported = linesOf(reportedItems);
    for (const line of ordered) {
      const now = reported.find((candidate) => isItem(candidate, line));
      if (now === undefined) {
        differences.push(lang.t("warn_changeRemoved", line.name));
        continue;
      }
      if (now.quantity !== line.quantity) {
        differences.push(lang.t("warn_changeQuantity", line.name, line.quantity, now.quantity));
      }
      if (line.unitPrice !== null && now.unitPrice !== null && !sameMoney(line.unitPrice, now.unitPrice)) {
        differences.push(lang.t("warn_changePrice", line.name, lang.money(line.unitPrice), lang.money(now.unitPrice)));
      }
    }
    for (const line of reported) {
      if (!ordered.some((candidate) => isItem(candidate, line))) {
        differences.push(lang.t("warn_changeAdded", line.quantity, line.name));
      }
    }
  }
  if (reportedTotal !== null && !sameMoney(reportedTotal, trade.info.total)) {
    differences.push(lang.t("warn_changeTotal", lang.money(trade.info.total), lang.money(reportedTotal)));
  }
  if (differences.length === 0) return [];
  return draft("contents-changed", "shop", lang.t("warn_contentsChanged", differences.join("; ")));
}

/**
 * The shop cancelled an order that was handed over: the carrier says delivered, or the shop itself
 * gave a delivery completed date (claim 5) before cancelling.
 */
export function deliveredButCancelled(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const { shop, delivery } = trade.processing;
  if (!isCancelled(trade)) return [];
  if (delivery.status === "delivered") {
    const message =
      delivery.completedAt === null
        ? lang.t("warn_cancelledButDelivered")
        : lang.t("warn_cancelledButDeliveredOn", lang.day(delivery.completedAt));
    return draft("delivered-but-cancelled", "delivery", message);
  }
  if (shop.completedAt !== null) {
    return draft("delivered-but-cancelled", "delivery", lang.t("warn_cancelledAfterDelivered", lang.day(shop.completedAt)));
  }
  return [];
}

/** "… was due on <day> and has not been reported yet" or "… and is still <status>". */
function overdueText(
  keys: { unreported: MessageKey; still: MessageKey },
  day: string,
  status: AnyStatus | null,
  lang: Language,
): string {
  return status === null ? lang.t(keys.unreported, lang.day(day)) : lang.t(keys.still, lang.day(day), statusWords(status, lang));
}

export function paymentOverdue(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const { payment } = trade.processing;
  if (payment.scheduledAt === null || !isPast(payment.scheduledAt, now)) return [];
  if (settlementGroup(trade) === "settled") return [];
  const keys = { unreported: "warn_paymentOverdueUnreported", still: "warn_paymentOverdueStill" } as const;
  return draft("payment-overdue", "payment", overdueText(keys, payment.scheduledAt, payment.status, lang));
}

/**
 * Late delivery; when it was paid and never even shipped, paid-not-shipped says so instead. The
 * shop saying delivered counts (as for the delivered group): without a carrier no one else will.
 */
export function deliveryOverdue(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  const { delivery } = trade.processing;
  if (delivery.scheduledAt === null || !isPast(delivery.scheduledAt, now)) return [];
  if (deliveryGroup(trade) === "delivered" || isCancelled(trade)) return [];
  if (unshippedAfter(trade, now) !== null) return [];
  const keys = { unreported: "warn_deliveryOverdueUnreported", still: "warn_deliveryOverdueStill" } as const;
  return draft("delivery-overdue", "delivery", overdueText(keys, delivery.scheduledAt, delivery.status, lang));
}

/** A source's status moved back (reconcile sets regressedFrom until it gets back to where it was). */
export function statusBackwards(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  return SOURCES.flatMap((source) => {
    const { regressedFrom, status } = trade.processing[source];
    if (regressedFrom === null || status === null) return [];
    return draft(
      "status-backwards",
      source,
      lang.t(`warn_backwards_${source}`, statusWords(regressedFrom, lang), statusWords(status, lang)),
    );
  });
}

/** The carrier is named and the tracking number is not one of its numbers (format or check digit). */
export function trackingInvalid(trade: Trade, _now?: string, lang: Language = ENGLISH): WarningDraft[] {
  const { trackingNumber, carrier } = trade.processing.delivery;
  if (trackingNumber === null) return [];
  // Without a carrier named, carrierFor judges only numbers plainly of one carrier (UPS "1Z…").
  const info = carrierFor(trackingNumber, carrier);
  if (info === null || info.valid) return [];
  return draft(
    "tracking-invalid",
    "delivery",
    lang.t("warn_trackingInvalid", trackingNumber, info.name),
  );
}

/**
 * A source with an endpoint and no final status, in a trade not done (a cancelled order never
 * goes stale), that has said nothing new for STALE_AFTER_MS, counted from capture when it never
 * did. It looks at the order's own course only, not at other warnings, so it never feeds on itself.
 */
export function stale(trade: Trade, now: string, lang: Language = ENGLISH): WarningDraft[] {
  if (isTradeDone(trade)) return [];
  return SOURCES.flatMap((source) => {
    if (trade.info.endpoints[source] === null || isFinalStatus(source, trade.processing[source].status)) return [];
    const state = trade.processing[source];
    const since = state.lastChangedAt ?? trade.info.capturedAt;
    if (Date.parse(since) + STALE_AFTER_MS >= Date.parse(now)) return [];
    const key = state.lastChangedAt === null ? "warn_staleSinceCapture" : "warn_staleSince";
    const message = lang.t(key, partyName(source, lang), lang.day(since));
    return draft("stale", source, message);
  });
}

export const CHECKS: readonly Check[] = [
  tradingIdMismatch,
  amountMismatch,
  currencyMismatch,
  chargedTwice,
  refundMissing,
  refundShort,
  refundAbovePaid,
  returnRefundOverdue,
  shippedButDeclined,
  quantityMismatch,
  unorderedItems,
  contentsChanged,
  deliveredButCancelled,
  paymentOverdue,
  deliveryOverdue,
  paidNotShipped,
  statusBackwards,
  trackingInvalid,
  stale,
];

/**
 * Runs every check. A warning already on the trade (same code and source) keeps when it was
 * first seen and whether the user acknowledged it; one whose condition went away is dropped,
 * so if it comes back it is new again (new firstSeenAt, not acknowledged). Messages are written in
 * `lang`: a warning still there is rewritten in the language of this evaluation.
 */
export function evaluateWarnings(trade: Trade, now: string, lang: Language = ENGLISH): Warning[] {
  return CHECKS.flatMap((check) => check(trade, now, lang)).map((found) => {
    const known = trade.warnings.find((warning) => warning.code === found.code && warning.source === found.source);
    return { ...found, firstSeenAt: known?.firstSeenAt ?? now, acknowledgedAt: known?.acknowledgedAt ?? null };
  });
}

/** Re-evaluates the warnings and records in the history those raised and those resolved. */
export function updateWarnings(trade: Trade, now: string, lang: Language = ENGLISH): Trade {
  const warnings = evaluateWarnings(trade, now, lang);
  return appendHistory({ ...trade, warnings }, warningEntries(trade.warnings, warnings, now));
}
