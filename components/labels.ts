import type {
  AnyStatus,
  ChangeKind,
  DeliveryStatus,
  Intent,
  PaymentStatus,
  PersonalField,
  ReturnStatus,
  Severity,
  ShopStatus,
  Source,
  TradeState,
} from "../lib/domain/types";
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

/** The four lifecycle states (seed 000 claim 1) as the trade card's chip says them. */
export const TRADE_STATE_LABELS: Record<TradeState, string> = {
  open: "Open",
  finalising: "Finalising",
  completed: "Completed",
  failed: "Failed",
};

export const TRADE_STATE_TONES: Record<TradeState, StatusTone> = {
  open: "none",
  finalising: "progress",
  completed: "done",
  failed: "attention",
};

/** What the shop is asked to do for an intent: "Waiting for Reference Shop to confirm". */
export const INTENT_VERBS: Record<Intent, string> = {
  complete: "confirm",
  fail: "cancel",
};

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  requesting: "Requested",
  accepted: "Accepted",
  refused: "Refused",
  received: "Received by the shop",
  refunded: "Refunded",
  failed: "Could not be sent",
};

export const RETURN_STATUS_TONES: Record<ReturnStatus, StatusTone> = {
  requesting: "progress",
  accepted: "progress",
  refused: "attention",
  received: "progress",
  refunded: "done",
  failed: "attention",
};

export const PERSONAL_FIELD_LABELS: Record<PersonalField, string> = {
  name: "name",
  address: "address",
  email: "e-mail",
};

/** "since your last visit" groups, in the order they are listed. */
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  warning: "New warnings",
  failed: "Failed",
  completed: "Completed",
  delivered: "Delivered",
  settled: "Paid",
  refunded: "Refunded",
  returned: "Returns",
};

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export function listOf(words: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

/** The first letter in upper case, for a list that starts a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
