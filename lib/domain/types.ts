/**
 * The TradeWatch ledger as plain data (seed 002: "trading information" and
 * "trading processing information"). Dates are ISO-8601 strings in UTC.
 */

/** Integer amount in the currency's minor units (cents, yen…) with its ISO 4217 code. */
export interface Money {
  minor: number;
  currency: string;
}

/** The three parties that report on a trade (claim 11). */
export type Source = "shop" | "payment" | "delivery";
export const SOURCES: readonly Source[] = ["shop", "payment", "delivery"];

export const SHOP_STATUSES = ["received", "processing", "shipped", "delivered", "cancelled"] as const;
export const PAYMENT_STATUSES = ["pending", "authorized", "settled", "failed", "refunded"] as const;
export const DELIVERY_STATUSES = ["pending", "in_transit", "delivered", "returned"] as const;
export type ShopStatus = (typeof SHOP_STATUSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type AnyStatus = ShopStatus | PaymentStatus | DeliveryStatus;

export interface OrderItem {
  name: string;
  /** Stock-keeping unit; null when the shop does not publish one (items then match by name). */
  sku: string | null;
  quantity: number;
  unitPrice: Money | null;
}

export interface Endpoints {
  shop: string | null;
  payment: string | null;
  delivery: string | null;
}

/** What the confirmation page said at order time. Never changed by a status report. */
export interface TradingInfo {
  tradingId: string;
  shop: { name: string; origin: string };
  orderDate: string;
  items: OrderItem[];
  total: Money;
  endpoints: Endpoints;
  pageUrl: string;
  capturedAt: string;
}

/** Quantity of one item as reported by the carrier. */
export interface ItemQuantity {
  sku: string | null;
  name: string | null;
  quantity: number;
}

export interface SourceError {
  message: string;
  at: string;
}

/** The latest report from one source that matched the trade (claims 1, 5). */
export interface SourceState {
  status: AnyStatus | null;
  /** When the source says its processing was completed (paid on, delivered on). */
  completedAt: string | null;
  /** When the source expects to complete it (payment due, expected delivery). */
  scheduledAt: string | null;
  /** Payment: what was actually charged. */
  amountCharged: Money | null;
  /** Delivery: quantities handed over so far. */
  itemsDelivered: ItemQuantity[] | null;
  trackingNumber: string | null;
  /** The time the reported status describes (the source's "as of"). */
  asOf: string | null;
  lastCheckedAt: string | null;
  lastError: SourceError | null;
  /** Set when the source last answered about another trading identifier (claim 1); cleared by a matching answer. */
  foreignTradingId: string | null;
  /** When this source should next be asked; null once it has nothing more to say. */
  nextCheckAt: string | null;
  /** Consecutive failed requests, for back-off. */
  failures: number;
  /** Consecutive answers that changed nothing, for back-off (claims 3, 4). */
  unchanged: number;
  /** When an answer of this source last changed something (back-off resets, staleness). */
  lastChangedAt: string | null;
  /** HTTP validators of the last answer, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  lastModified: string | null;
  /** Payment: every charge taken (a charge taken twice shows as two entries). */
  charges: Money[] | null;
  /** Payment: refunds paid back so far. */
  refunds: Refund[] | null;
  /** Shop: the order contents as the shop reports them now, to notice changes after capture. */
  reportedItems: OrderItem[] | null;
  reportedTotal: Money | null;
  /** Delivery: the carrier the source names (free text such as "UPS" or "DHL Express"). */
  carrier: string | null;
  /** Set when a matching answer moved the status backwards (e.g. delivered → in transit); cleared when it moves on. */
  regressedFrom: AnyStatus | null;
}

export interface Refund {
  amount: Money;
  at: string;
}

export const WARNING_CODES = [
  "trading-id-mismatch",
  "amount-mismatch",
  "currency-mismatch",
  "quantity-mismatch",
  "delivered-but-cancelled",
  "payment-overdue",
  "delivery-overdue",
  "charged-twice",
  "refund-missing",
  "refund-short",
  "refund-above-paid",
  "paid-not-shipped",
  "shipped-but-declined",
  "unordered-items",
  "contents-changed",
  "status-backwards",
  "tracking-invalid",
  "stale",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** How loud a warning is: money at risk, something to look at, or for information. */
export type Severity = "critical" | "warning" | "notice";

export interface Warning {
  code: WarningCode;
  source: Source;
  message: string;
  firstSeenAt: string;
  /** Set when the user acknowledged (muted) the warning; it stays listed but no longer counts. */
  acknowledgedAt: string | null;
}

export const HISTORY_KINDS = ["captured", "status", "warning", "resolved", "acknowledged", "error"] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One line of a trade's history: what happened, when, from which source. Newest last, capped. */
export interface HistoryEntry {
  at: string;
  kind: HistoryKind;
  source: Source | null;
  code: WarningCode | null;
  text: string;
}

export interface Trade {
  /** Primary key: the shop origin and trading identifier (two shops may reuse an identifier). */
  id: string;
  info: TradingInfo;
  processing: Record<Source, SourceState>;
  warnings: Warning[];
  history: HistoryEntry[];
  /** Earliest nextCheckAt over the sources; absent when nothing is scheduled (kept out of the index). */
  nextCheckAt?: string;
}

/** What capture hands to the domain: the trading information plus dates the page announced. */
export interface CapturedOrder {
  info: TradingInfo;
  /** Invoice `paymentDueDate`, when the page gives one. */
  paymentDueAt: string | null;
  /** ParcelDelivery `expectedArrivalUntil`, when the page gives one. */
  expectedDeliveryAt: string | null;
}
