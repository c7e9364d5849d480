import { carrierFor } from "./carriers";
import { appendHistory, itemsText, PARTY, statusWords, warningEntries } from "./history";
import { formatMoney } from "./money";
import { amountPaid, amountRefunded, sumIn } from "./payments";
import { isTradeDone, STALE_AFTER_MS } from "./schedule";
import { isFinalStatus } from "./views";
import { SOURCES } from "./types";
import type {
  AnyStatus,
  ItemQuantity,
  Money,
  OrderItem,
  Severity,
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
export type Check = (trade: Trade, now: string) => WarningDraft[];

/** Money at risk is critical; something to look at is a warning; a quiet source is only a notice. */
export const SEVERITY: Record<WarningCode, Severity> = {
  "trading-id-mismatch": "critical",
  "amount-mismatch": "critical",
  "currency-mismatch": "critical",
  "charged-twice": "critical",
  "refund-missing": "critical",
  "refund-short": "critical",
  "refund-above-paid": "critical",
  "shipped-but-declined": "critical",
  "delivered-but-cancelled": "critical",
  "return-refund-overdue": "critical",
  "quantity-mismatch": "warning",
  "unordered-items": "warning",
  "contents-changed": "warning",
  "payment-overdue": "warning",
  "delivery-overdue": "warning",
  "paid-not-shipped": "warning",
  "status-backwards": "warning",
  "tracking-invalid": "warning",
  stale: "notice",
};

/** Defined with the scheduler, which slows down for a stale source; the stale check uses the same span. */
export { STALE_AFTER_MS };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Time given to a refund after a cancellation or a return became known, before its absence is a warning. */
export const REFUND_GRACE_MS = 7 * DAY_MS;

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "23 Nov 2026". */
export function formatDay(iso: string): string {
  return DAY.format(new Date(iso));
}

/** Money in messages is always English, so a message reads the same wherever it is shown. */
function money(amount: Money): string {
  return formatMoney(amount, "en");
}

function isPast(iso: string, now: string): boolean {
  return Date.parse(iso) < Date.parse(now);
}

function draft(code: WarningCode, source: Source, message: string): WarningDraft[] {
  return [{ code, source, message }];
}

/** Claim 1: a source answered about another trading identifier, so its answer was not recorded. */
export function tradingIdMismatch(trade: Trade): WarningDraft[] {
  return SOURCES.flatMap((source) => {
    const foreign = trade.processing[source].foreignTradingId;
    if (foreign === null) return [];
    return draft(
      "trading-id-mismatch",
      source,
      `The ${PARTY[source]} answered about order ${foreign} instead of ${trade.info.tradingId}; ` +
        "its answer was not recorded",
    );
  });
}

/** A single amount other than the total; several charges adding up to more are charged-twice instead. */
export function amountMismatch(trade: Trade): WarningDraft[] {
  const charged = trade.processing.payment.amountCharged;
  const total = trade.info.total;
  if (charged === null || charged.currency !== total.currency || charged.minor === total.minor) return [];
  if (chargedTwice(trade).length > 0) return [];
  return draft("amount-mismatch", "payment", `Charged ${money(charged)}, but the order total is ${money(total)}`);
}

export function currencyMismatch(trade: Trade): WarningDraft[] {
  const charged = trade.processing.payment.amountCharged;
  const total = trade.info.total;
  if (charged === null || charged.currency === total.currency) return [];
  return draft(
    "currency-mismatch",
    "payment",
    `Charged ${money(charged)} in ${charged.currency}, but the order total is ${money(total)} in ${total.currency}`,
  );
}

/**
 * Two or more charges that, net of refunds, add up to more than the order total. A double
 * charge paid back is no longer money at risk, so refunds count.
 */
export function chargedTwice(trade: Trade): WarningDraft[] {
  const { charges, refunds } = trade.processing.payment;
  const total = trade.info.total;
  const taken = (charges ?? []).filter((charge) => charge.currency === total.currency);
  if (taken.length < 2) return [];
  const charged = sumIn(total.currency, taken);
  const refunded = sumIn(total.currency, (refunds ?? []).map((refund) => refund.amount));
  if (charged === null || refunded === null || charged - refunded <= total.minor) return [];
  const sum = { minor: charged, currency: total.currency };
  return draft(
    "charged-twice",
    "payment",
    `Charged ${taken.length} times (${taken.map(money).join(" + ")} = ${money(sum)}) ` +
      `for an order total of ${money(total)}`,
  );
}

interface RefundDue {
  paid: Money;
  /** Null when the refunds add up past an exact sum: no refund warning then. */
  refunded: number | null;
  reason: string;
}

/**
 * A refund is due once the shop cancelled or the parcel went back, and REFUND_GRACE_MS has
 * passed since that became known. "Known" is the source's asOf: a cancelled shop and a
 * returned parcel are final and never asked again, so asOf stays at the first answer that
 * said so. completedAt cannot serve: for the shop and the carrier it is the delivery date.
 */
function refundDue(trade: Trade, now: string): RefundDue | null {
  const { shop, delivery, payment } = trade.processing;
  const paid = amountPaid(payment);
  if (paid === null || paid.minor === 0) return null;
  const reasons: { since: string; reason: string }[] = [];
  if (shop.status === "cancelled" && shop.asOf !== null) {
    reasons.push({ since: shop.asOf, reason: `the shop cancelled the order on ${formatDay(shop.asOf)}` });
  }
  if (delivery.status === "returned" && delivery.asOf !== null) {
    reasons.push({ since: delivery.asOf, reason: `the parcel was returned on ${formatDay(delivery.asOf)}` });
  }
  const due = reasons.find(({ since }) => Date.parse(since) + REFUND_GRACE_MS < Date.parse(now));
  return due === undefined ? null : { paid, refunded: amountRefunded(payment, paid), reason: due.reason };
}

export function refundMissing(trade: Trade, now: string): WarningDraft[] {
  const due = refundDue(trade, now);
  if (due === null || due.refunded !== 0) return [];
  return draft(
    "refund-missing",
    "payment",
    `Nothing of the ${money(due.paid)} paid was refunded, though ${due.reason}`,
  );
}

export function refundShort(trade: Trade, now: string): WarningDraft[] {
  const due = refundDue(trade, now);
  if (due === null || due.refunded === null || due.refunded === 0 || due.refunded >= due.paid.minor) return [];
  const refunded = { minor: due.refunded, currency: due.paid.currency };
  return draft(
    "refund-short",
    "payment",
    `Only ${money(refunded)} of the ${money(due.paid)} paid was refunded, though ${due.reason}`,
  );
}

/** More paid back than was paid: at any time, not only after a cancellation. */
export function refundAbovePaid(trade: Trade): WarningDraft[] {
  const payment = trade.processing.payment;
  const paid = amountPaid(payment);
  if (paid === null) return [];
  const refunded = amountRefunded(payment, paid);
  if (refunded === null || refunded <= paid.minor) return [];
  return draft(
    "refund-above-paid",
    "payment",
    `Refunded ${money({ minor: refunded, currency: paid.currency })}, more than the ${money(paid)} paid`,
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

/** Paid, not cancelled, not shipped, and the expected delivery date has passed. */
export function paidNotShipped(trade: Trade, now: string): WarningDraft[] {
  const { payment, delivery, shop } = trade.processing;
  if (payment.status !== "settled" || shop.status === "cancelled" || hasShipped(trade)) return [];
  if (delivery.scheduledAt === null || !isPast(delivery.scheduledAt, now)) return [];
  const paidOn = payment.completedAt === null ? "Paid" : `Paid on ${formatDay(payment.completedAt)}`;
  return draft(
    "paid-not-shipped",
    "delivery",
    `${paidOn}, but not shipped though delivery was expected by ${formatDay(delivery.scheduledAt)}`,
  );
}

/** The payment failed, yet the goods left the shop. */
export function shippedButDeclined(trade: Trade): WarningDraft[] {
  const { payment, delivery, shop } = trade.processing;
  if (payment.status !== "failed") return [];
  const handedOver = delivery.status === "delivered" || shop.status === "delivered";
  const moving = delivery.status === "in_transit" || shop.status === "shipped";
  if (!handedOver && !moving) return [];
  return draft(
    "shipped-but-declined",
    "payment",
    `The payment failed, but the order was ${handedOver ? "delivered" : "shipped"}`,
  );
}

/**
 * A return the shop accepted (or received the goods of) whose refund date passed while the
 * refunds paid since it was requested add up to less than the shop promised (seed 002 claim 9).
 */
export function returnRefundOverdue(trade: Trade, now: string): WarningDraft[] {
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
      `The refund of ${money(refundAmount)} for the returned ${itemsText(request.items)} was due by ` +
        `${formatDay(refundDueBy)}; ${money(missing)} has not arrived`,
    ];
  });
  return overdue.length === 0 ? [] : draft("return-refund-overdue", "payment", overdue.join("; "));
}

/** One item of the order, its lines added up: a sku (or, without one, a name) repeated over lines is one item. */
interface Line {
  name: string;
  sku: string | null;
  quantity: number;
  unitPrice: Money | null;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Entries match a line by sku when both have one, otherwise by name. */
export function isItem(line: { sku: string | null; name: string }, entry: { sku: string | null; name: string | null }): boolean {
  if (line.sku !== null && entry.sku !== null) return line.sku === entry.sku;
  return entry.name !== null && sameName(line.name, entry.name);
}

export function linesOf(items: readonly OrderItem[]): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    const same = lines.find((line) =>
      item.sku !== null ? line.sku === item.sku : line.sku === null && sameName(line.name, item.name),
    );
    if (same) same.quantity += item.quantity;
    else lines.push({ name: item.name, sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice });
  }
  return lines;
}

function entryLabel(entry: ItemQuantity): string {
  return entry.name ?? (entry.sku !== null ? `item ${entry.sku}` : "an unnamed item");
}

/** Claim 2: the carrier says the parcel is delivered, but not with the quantities ordered. */
export function quantityMismatch(trade: Trade): WarningDraft[] {
  const delivery = trade.processing.delivery;
  if (delivery.status !== "delivered" || delivery.itemsDelivered === null) return [];
  const lines = linesOf(trade.info.items);
  const delivered = lines.map((line) =>
    (delivery.itemsDelivered ?? []).reduce((sum, entry) => (isItem(line, entry) ? sum + entry.quantity : sum), 0),
  );
  const differences = lines.flatMap((line, i) =>
    delivered[i] === line.quantity ? [] : [`Delivered ${delivered[i]} of ${line.quantity} × ${line.name}`],
  );
  return differences.length === 0 ? [] : draft("quantity-mismatch", "delivery", differences.join("; "));
}

/** The carrier handed over something that was never ordered (whether or not the parcel is complete). */
export function unorderedItems(trade: Trade): WarningDraft[] {
  const lines = linesOf(trade.info.items);
  const unordered = (trade.processing.delivery.itemsDelivered ?? []).filter(
    (entry) => entry.quantity > 0 && !lines.some((line) => isItem(line, entry)),
  );
  if (unordered.length === 0) return [];
  const message = unordered
    .map((entry) => `Delivered ${entry.quantity} × ${entryLabel(entry)}, which was not ordered`)
    .join("; ");
  return draft("unordered-items", "delivery", message);
}

function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

/** The shop now reports other contents or another total than the confirmation page showed. */
export function contentsChanged(trade: Trade): WarningDraft[] {
  const { reportedItems, reportedTotal } = trade.processing.shop;
  const differences: string[] = [];
  if (reportedItems !== null) {
    const ordered = linesOf(trade.info.items);
    const reported = linesOf(reportedItems);
    for (const line of ordered) {
      const now = reported.find((candidate) => isItem(candidate, line));
      if (now === undefined) {
        differences.push(`removed ${line.name}`);
        continue;
      }
      if (now.quantity !== line.quantity) {
        differences.push(`${line.name} quantity ${line.quantity} → ${now.quantity}`);
      }
      if (line.unitPrice !== null && now.unitPrice !== null && !sameMoney(line.unitPrice, now.unitPrice)) {
        differences.push(`${line.name} price ${money(line.unitPrice)} → ${money(now.unitPrice)}`);
      }
    }
    for (const line of reported) {
      if (!ordered.some((candidate) => isItem(candidate, line))) {
        differences.push(`added ${line.quantity} × ${line.name}`);
      }
    }
  }
  if (reportedTotal !== null && !sameMoney(reportedTotal, trade.info.total)) {
    differences.push(`total ${money(trade.info.total)} → ${money(reportedTotal)}`);
  }
  if (differences.length === 0) return [];
  return draft("contents-changed", "shop", `The shop changed the order after it was placed: ${differences.join("; ")}`);
}

/**
 * The shop cancelled an order that was handed over: the carrier says delivered, or the shop itself
 * gave a delivery completed date (claim 5) before cancelling.
 */
export function deliveredButCancelled(trade: Trade): WarningDraft[] {
  const { shop, delivery } = trade.processing;
  if (shop.status !== "cancelled") return [];
  if (delivery.status === "delivered") {
    const when = delivery.completedAt === null ? "" : ` on ${formatDay(delivery.completedAt)}`;
    return draft(
      "delivered-but-cancelled",
      "delivery",
      `The shop cancelled the order, but the carrier delivered it${when}`,
    );
  }
  if (shop.completedAt !== null) {
    return draft(
      "delivered-but-cancelled",
      "delivery",
      `The shop cancelled the order after reporting it delivered on ${formatDay(shop.completedAt)}`,
    );
  }
  return [];
}

function stillWords(status: AnyStatus | null): string {
  return status === null ? "has not been reported yet" : `is still ${statusWords(status)}`;
}

export function paymentOverdue(trade: Trade, now: string): WarningDraft[] {
  const { payment, shop } = trade.processing;
  if (payment.scheduledAt === null || !isPast(payment.scheduledAt, now)) return [];
  if (isFinalStatus("payment", payment.status) || shop.status === "cancelled") return [];
  return draft(
    "payment-overdue",
    "payment",
    `Payment was due on ${formatDay(payment.scheduledAt)} and ${stillWords(payment.status)}`,
  );
}

/** Late delivery; when it was paid and never even shipped, paid-not-shipped says so instead. */
export function deliveryOverdue(trade: Trade, now: string): WarningDraft[] {
  const { delivery, shop } = trade.processing;
  if (delivery.scheduledAt === null || !isPast(delivery.scheduledAt, now)) return [];
  if (isFinalStatus("delivery", delivery.status) || shop.status === "cancelled") return [];
  if (paidNotShipped(trade, now).length > 0) return [];
  return draft(
    "delivery-overdue",
    "delivery",
    `Delivery was expected by ${formatDay(delivery.scheduledAt)} and ${stillWords(delivery.status)}`,
  );
}

/** A source's status moved back (reconcile sets regressedFrom until it gets back to where it was). */
export function statusBackwards(trade: Trade): WarningDraft[] {
  return SOURCES.flatMap((source) => {
    const { regressedFrom, status } = trade.processing[source];
    if (regressedFrom === null || status === null) return [];
    return draft(
      "status-backwards",
      source,
      `The ${PARTY[source]}'s status went back from ${statusWords(regressedFrom)} to ${statusWords(status)}`,
    );
  });
}

/** The carrier is named and the tracking number is not one of its numbers (format or check digit). */
export function trackingInvalid(trade: Trade): WarningDraft[] {
  const { trackingNumber, carrier } = trade.processing.delivery;
  if (trackingNumber === null) return [];
  // Without a carrier named, carrierFor judges only numbers plainly of one carrier (UPS "1Z…").
  const info = carrierFor(trackingNumber, carrier);
  if (info === null || info.valid) return [];
  return draft(
    "tracking-invalid",
    "delivery",
    `Tracking number ${trackingNumber} is not a valid ${info.name} tracking number`,
  );
}

/**
 * A source with an endpoint and no final status, in a trade not done (a cancelled order never
 * goes stale), that has said nothing new for STALE_AFTER_MS, counted from capture when it never
 * did. It looks at the order's own course only, not at other warnings, so it never feeds on itself.
 */
export function stale(trade: Trade, now: string): WarningDraft[] {
  if (isTradeDone(trade)) return [];
  return SOURCES.flatMap((source) => {
    if (trade.info.endpoints[source] === null || isFinalStatus(source, trade.processing[source].status)) return [];
    const state = trade.processing[source];
    const since = state.lastChangedAt ?? trade.info.capturedAt;
    if (Date.parse(since) + STALE_AFTER_MS >= Date.parse(now)) return [];
    const message =
      state.lastChangedAt === null
        ? `The ${PARTY[source]} has reported nothing since the order was captured on ${formatDay(since)}`
        : `The ${PARTY[source]} has reported nothing new since ${formatDay(since)}`;
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
 * so if it comes back it is new again (new firstSeenAt, not acknowledged).
 */
export function evaluateWarnings(trade: Trade, now: string): Warning[] {
  return CHECKS.flatMap((check) => check(trade, now)).map((found) => {
    const known = trade.warnings.find((warning) => warning.code === found.code && warning.source === found.source);
    return { ...found, firstSeenAt: known?.firstSeenAt ?? now, acknowledgedAt: known?.acknowledgedAt ?? null };
  });
}

/** Re-evaluates the warnings and records in the history those raised and those resolved. */
export function updateWarnings(trade: Trade, now: string): Trade {
  const warnings = evaluateWarnings(trade, now);
  return appendHistory({ ...trade, warnings }, warningEntries(trade.warnings, warnings, now));
}
