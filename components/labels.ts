import type { AnyStatus, DeliveryStatus, PaymentStatus, Severity, ShopStatus, Source } from "../lib/domain/types";
import type { LimitPeriod } from "../lib/settings/schema";

export const SOURCE_LABELS: Record<Source, string> = {
  shop: "Shop",
  payment: "Payment",
  delivery: "Delivery",
};

// One table per source: "pending" and "delivered" mean different things to different sources.
const SHOP_LABELS: Record<ShopStatus, string> = {
  received: "Received",
  processing: "Processing",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  pending: "Pending",
  authorized: "Authorised",
  settled: "Settled",
  failed: "Payment failed",
  refunded: "Refunded",
};

const DELIVERY_LABELS: Record<DeliveryStatus, string> = {
  pending: "Not shipped yet",
  in_transit: "In transit",
  delivered: "Delivered",
  returned: "Returned",
};

const STATUS_LABELS: Record<Source, Partial<Record<AnyStatus, string>>> = {
  shop: SHOP_LABELS,
  payment: PAYMENT_LABELS,
  delivery: DELIVERY_LABELS,
};

/** Words for a source's status; null means the source has not answered yet, or cannot be asked at all. */
export function statusLabel(source: Source, status: AnyStatus | null, hasEndpoint: boolean): string {
  if (status === null) return hasEndpoint ? "Not asked yet" : "No status address";
  // A status from another source's vocabulary is a stored-data slip; showing the raw word beats hiding it.
  return STATUS_LABELS[source][status] ?? status;
}

/** How a status chip is styled; the chip always carries its words too. */
export type StatusTone = "done" | "progress" | "attention" | "none";

const ATTENTION: ReadonlySet<AnyStatus> = new Set<AnyStatus>(["cancelled", "failed", "refunded", "returned"]);
const DONE: ReadonlySet<AnyStatus> = new Set<AnyStatus>(["delivered", "settled"]);

export function statusTone(status: AnyStatus | null): StatusTone {
  if (status === null) return "none";
  if (ATTENTION.has(status)) return "attention";
  return DONE.has(status) ? "done" : "progress";
}

/** "1 item", "3 items": English plural for the UI's fixed English words. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Severity in words, so a warning's weight never rests on its colour alone. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  warning: "Warning",
  notice: "Notice",
};

/** A limit's period as the options page offers it. */
export const PERIOD_LABELS: Record<LimitPeriod, string> = {
  none: "No period — what is not settled yet",
  "calendar-month": "Calendar month",
  "rolling-30-days": "Last 30 days",
  "calendar-week": "Calendar week",
};
