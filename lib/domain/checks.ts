import { formatMoney } from "./money";
import { isFinalStatus } from "./views";
import { SOURCES } from "./types";
import type { AnyStatus, ItemQuantity, OrderItem, Source, Trade, Warning } from "./types";

/**
 * Consistency checks between what was ordered and what the sources report (claims 1, 2).
 * Each check looks at the whole trade and returns the warnings that hold now.
 */

export type WarningDraft = Omit<Warning, "firstSeenAt">;
export type Check = (trade: Trade, now: string) => WarningDraft[];

/** How messages name each source. */
const PARTY: Record<Source, string> = { shop: "shop", payment: "payment service", delivery: "carrier" };

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "23 Nov 2026". */
export function formatDay(iso: string): string {
  return DAY.format(new Date(iso));
}

/** Money in messages is always English, so a message reads the same wherever it is shown. */
function money(amount: { minor: number; currency: string }): string {
  return formatMoney(amount, "en");
}

function statusWords(status: AnyStatus): string {
  return status.replaceAll("_", " ");
}

/** Claim 1: a source answered about another trading identifier, so its answer was not recorded. */
export function tradingIdMismatch(trade: Trade): WarningDraft[] {
  return SOURCES.flatMap((source) => {
    const foreign = trade.processing[source].foreignTradingId;
    if (foreign === null) return [];
    return [
      {
        code: "trading-id-mismatch" as const,
        source,
        message:
          `The ${PARTY[source]} answered about order ${foreign} instead of ${trade.info.tradingId}; ` +
          "its answer was not recorded",
      },
    ];
  });
}

export function amountMismatch(trade: Trade): WarningDraft[] {
  const charged = trade.processing.payment.amountCharged;
  const total = trade.info.total;
  if (charged === null || charged.currency !== total.currency || charged.minor === total.minor) return [];
  return [
    {
      code: "amount-mismatch",
      source: "payment",
      message: `Charged ${money(charged)}, but the order total is ${money(total)}`,
    },
  ];
}

export function currencyMismatch(trade: Trade): WarningDraft[] {
  const charged = trade.processing.payment.amountCharged;
  const total = trade.info.total;
  if (charged === null || charged.currency === total.currency) return [];
  return [
    {
      code: "currency-mismatch",
      source: "payment",
      message:
        `Charged ${money(charged)} in ${charged.currency}, ` +
        `but the order total is ${money(total)} in ${total.currency}`,
    },
  ];
}

interface Line {
  name: string;
  sku: string | null;
  ordered: number;
  delivered: number;
}

/** Carrier entries match an ordered line by sku when both have one, otherwise by name. */
function matches(line: Line, entry: ItemQuantity): boolean {
  if (line.sku !== null && entry.sku !== null) return line.sku === entry.sku;
  return entry.name !== null && sameName(line.name, entry.name);
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Ordered quantities per item; a sku (or, without one, a name) repeated over lines is one item. */
function orderedLines(items: OrderItem[]): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    const same = lines.find((line) =>
      item.sku !== null ? line.sku === item.sku : line.sku === null && sameName(line.name, item.name),
    );
    if (same) same.ordered += item.quantity;
    else lines.push({ name: item.name, sku: item.sku, ordered: item.quantity, delivered: 0 });
  }
  return lines;
}

function entryLabel(entry: ItemQuantity): string {
  return entry.name ?? (entry.sku !== null ? `item ${entry.sku}` : "an unnamed item");
}

/** Claim 2: the carrier says the parcel is delivered, but not with what was ordered. */
export function quantityMismatch(trade: Trade): WarningDraft[] {
  const delivery = trade.processing.delivery;
  if (delivery.status !== "delivered" || delivery.itemsDelivered === null) return [];
  const lines = orderedLines(trade.info.items);
  const differences: string[] = [];
  for (const entry of delivery.itemsDelivered) {
    const line = lines.find((candidate) => matches(candidate, entry));
    if (line) line.delivered += entry.quantity;
    else if (entry.quantity > 0) {
      differences.push(`Delivered ${entry.quantity} × ${entryLabel(entry)}, which was not ordered`);
    }
  }
  const short = lines
    .filter((line) => line.delivered !== line.ordered)
    .map((line) => `Delivered ${line.delivered} of ${line.ordered} × ${line.name}`);
  const all = [...short, ...differences];
  if (all.length === 0) return [];
  return [{ code: "quantity-mismatch", source: "delivery", message: all.join("; ") }];
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
    return [
      {
        code: "delivered-but-cancelled",
        source: "delivery",
        message: `The shop cancelled the order, but the carrier delivered it${when}`,
      },
    ];
  }
  if (shop.completedAt !== null) {
    return [
      {
        code: "delivered-but-cancelled",
        source: "delivery",
        message: `The shop cancelled the order after reporting it delivered on ${formatDay(shop.completedAt)}`,
      },
    ];
  }
  return [];
}

function isPast(iso: string, now: string): boolean {
  return Date.parse(iso) < Date.parse(now);
}

function stillWords(status: AnyStatus | null): string {
  return status === null ? "has not been reported yet" : `is still ${statusWords(status)}`;
}

export function paymentOverdue(trade: Trade, now: string): WarningDraft[] {
  const { payment, shop } = trade.processing;
  if (payment.scheduledAt === null || !isPast(payment.scheduledAt, now)) return [];
  if (isFinalStatus("payment", payment.status) || shop.status === "cancelled") return [];
  return [
    {
      code: "payment-overdue",
      source: "payment",
      message: `Payment was due on ${formatDay(payment.scheduledAt)} and ${stillWords(payment.status)}`,
    },
  ];
}

export function deliveryOverdue(trade: Trade, now: string): WarningDraft[] {
  const { delivery, shop } = trade.processing;
  if (delivery.scheduledAt === null || !isPast(delivery.scheduledAt, now)) return [];
  if (isFinalStatus("delivery", delivery.status) || shop.status === "cancelled") return [];
  return [
    {
      code: "delivery-overdue",
      source: "delivery",
      message: `Delivery was expected by ${formatDay(delivery.scheduledAt)} and ${stillWords(delivery.status)}`,
    },
  ];
}

export const CHECKS: readonly Check[] = [
  tradingIdMismatch,
  amountMismatch,
  currencyMismatch,
  quantityMismatch,
  deliveredButCancelled,
  paymentOverdue,
  deliveryOverdue,
];

/** Runs every check; a warning already on the trade keeps the time it was first seen. */
export function evaluateWarnings(trade: Trade, now: string): Warning[] {
  return CHECKS.flatMap((check) => check(trade, now)).map((draft) => ({
    ...draft,
    firstSeenAt:
      trade.warnings.find((known) => known.code === draft.code && known.source === draft.source)?.firstSeenAt ?? now,
  }));
}
