/**
 * The TradeWatch ledger as plain data (seed 002: "trading information" and
 * "trading processing information"). Dates are ISO-8601 strings in UTC.
 */

import type { CommandReply, CommandRequest } from "../protocol/commands";

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
  /** The shop's command endpoint and the commands it announced on the confirmation page; null when it announced none. */
  commands: ShopCommands | null;
  /** The platform adapter that read the page (lib/capture/adapters), e.g. "shopify". */
  adapter: string;
  /**
   * How the shop endpoint is asked: the TradeWatch status protocol, or a platform's own API
   * (Vendure's Shop API `orderByCode`, which reports shop, payment and delivery at once).
   */
  protocol: "tradewatch" | "vendure";
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
  /** Shop: its final word on the order (its completion notice, seed 000 claim 9); null while it has none. */
  outcome: ShopOutcome | null;
  /** Set when a matching answer moved the status backwards (e.g. delivered → in transit); cleared when it moves on. */
  regressedFrom: AnyStatus | null;
  /**
   * The source's announcement of its next change: it expects `status` between `from` and
   * `until` (the scheduler asks within that window). Null or absent when it announced none;
   * absent in records stored before announcements existed.
   */
  nextChange?: { status: AnyStatus; from: string; until: string } | null;
  /**
   * The asOf of the first answer that gave the current status, kept while answers repeat it
   * (asOf moves with each): a refund's grace counts from it. Absent in records stored before it existed.
   */
  statusSince?: string | null;
  /**
   * The source's Retry-After: "Check now" does not ask before it. Absent (or past) when
   * nothing holds it back.
   */
  notBefore?: string | null;
}

export interface Refund {
  amount: Money;
  at: string;
}

export const SHOP_OUTCOMES = ["completed", "failed"] as const;
export type ShopOutcome = (typeof SHOP_OUTCOMES)[number];

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
  "return-refund-overdue",
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

export const HISTORY_KINDS = ["captured", "status", "warning", "resolved", "acknowledged", "error", "command", "return", "reorder", "disclosure"] as const;
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
  /** Where the trade is in its four-state lifecycle (seed 000 claim 1), with every transition. */
  lifecycle: Lifecycle;
  /** Returns the user asked for (seed 002 claim 9), oldest first. */
  returns: ReturnRequest[];
  /** Personal information sent to a shop: what, to whom, when (seed 000 claim 4). */
  disclosures: Disclosure[];
  /** The trade this one reorders (seed 002 claim 10), by trade id; null when it was ordered on the shop's site. */
  reorderOf: string | null;
  /**
   * Something the user should know that is not a warning, e.g. that the shop stopped showing
   * the order to guests, so the last known state is kept. Null when there is nothing to say.
   */
  notice: string | null;
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

/** The four states of a trade (seed 000 claim 1; docs/lifecycle.md says what moves a trade between them). */
export const TRADE_STATES = ["open", "finalising", "completed", "failed"] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/** What finalising aims at: completing the trade (confirm) or failing it (cancel). */
export const INTENTS = ["complete", "fail"] as const;
export type Intent = (typeof INTENTS)[number];

/** Commands of the TradeWatch command protocol (docs/protocol.md) a shop may announce. */
export const COMMAND_NAMES = ["confirm", "cancel", "prepare", "commit", "abort", "return", "reorder"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface ShopCommands {
  /** Where commands are POSTed (accepted by the same endpoint policy as status endpoints). */
  url: string;
  supports: CommandName[];
}

export const TRANSITION_CAUSES = [
  "captured",
  "status",
  "command",
  "shop-reply",
  "refused",
  "timeout",
  "retries-exhausted",
  "collective",
  "return",
  "auto-cancel",
  "upgrade",
] as const;
export type TransitionCause = (typeof TRANSITION_CAUSES)[number];

export interface Transition {
  at: string;
  /** Null for the first state of a trade. */
  from: TradeState | null;
  to: TradeState;
  cause: TransitionCause;
  /** One sentence for the user ("Delivered and paid", "You confirmed receipt"). */
  text: string;
}

/** A finalisation commanded and not finished yet: the reason a trade is "finalising". */
export interface PendingFinalisation {
  intent: Intent;
  by: "user" | "collective" | "auto-cancel";
  commandedAt: string;
  /** The outbox command carrying it (single trade), or the collective transaction's id. */
  commandKey: string | null;
  collectiveId: string | null;
  /** When the wait for the shop's answer times out (then the command is sent again, bounded). */
  deadline: string;
  /** Times the command was sent again after its deadline passed. */
  resends: number;
}

export interface Lifecycle {
  state: TradeState;
  /** When the trade entered `state`. */
  since: string;
  pending: PendingFinalisation | null;
  /** Set while the trade has been open longer than the user's limit (seed 000 claim 6); cleared when it leaves "open". */
  overdueSince: string | null;
  /** Every state change, oldest first (never capped: a trade has few). */
  transitions: Transition[];
}

export const RETURN_STATUSES = ["requesting", "accepted", "refused", "received", "refunded", "failed"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnItem {
  sku: string | null;
  name: string;
  quantity: number;
}

export interface ReturnRequest {
  /** The outbox command's idempotency key; also the local id of the return. */
  key: string;
  /** The shop's id for the return, once it accepted it. */
  shopReturnId: string | null;
  requestedAt: string;
  items: ReturnItem[];
  reason: string;
  status: ReturnStatus;
  /** The date the shop promised the refund by. */
  refundDueBy: string | null;
  /** What the shop said it will refund. */
  refundAmount: Money | null;
  /** The shop's last word on it (why it refused, …). */
  message: string | null;
}

export const PERSONAL_FIELDS = ["name", "address", "email"] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export interface Disclosure {
  at: string;
  /** The shop origin it was sent to. */
  to: string;
  fields: PersonalField[];
  /** The command that carried it. */
  command: "confirm" | "commit";
  collectiveId: string | null;
}

/** A command waiting in (or done with) the outbox: in-flight work lives in IndexedDB, not in worker memory. */
export interface CommandRecord {
  /** The idempotency key; the shop answers a repeated key as it did the first time. */
  key: string;
  tradeId: string;
  /** The shop's command endpoint (TradingInfo.commands.url). */
  url: string;
  /** The request body exactly as sent (lib/protocol/commands.ts CommandRequest). */
  request: CommandRequest;
  state: "pending" | "done" | "refused" | "failed";
  attempts: number;
  createdAt: string;
  /** Present only while pending, so the by-next-attempt index holds only what is due some day. */
  nextAttemptAt?: string;
  /** Another worker does not send it before this time (it may be in flight). */
  leaseUntil: string | null;
  lastError: string | null;
  reply: CommandReply | null;
}

export type Vote = "ready" | "refused" | "unreachable";

export interface CollectiveParticipant {
  tradeId: string;
  origin: string;
  tradingId: string;
  shopName: string;
  /** Idempotency keys of this participant's prepare and of its commit or abort. */
  prepareKey: string;
  finishKey: string;
  vote: Vote | null;
  /** The shop's reason when it refused, or why it could not be reached. */
  voteMessage: string | null;
  /**
   * Set when the shop acknowledged the commit or abort; "unresolved" when it refused the decided
   * commit or could not be reached for good, so TradeWatch cannot tell what the shop did.
   */
  finished: "committed" | "aborted" | "unresolved" | null;
  /** Failed attempts to send the commit or abort, for back-off and its bound. */
  attempts: number;
  lastError: string | null;
}

/** An all-or-nothing finalisation of several trades (seed 000 claims 2–3), with its decision log. */
export interface CollectiveRecord {
  id: string;
  intent: Intent;
  createdAt: string;
  participants: CollectiveParticipant[];
  /** Written to IndexedDB before any commit or abort is sent. */
  decision: { outcome: "commit" | "abort"; at: string; reason: string } | null;
  phase: "preparing" | "finishing" | "done";
  finishedAt: string | null;
  /** Every step, for the user and for recovery after the worker died. */
  log: { at: string; text: string }[];
  /** When the coordinator should next look at it (vote timeout, resend); absent once done. */
  nextStepAt?: string;
  leaseUntil: string | null;
}

/** A trade's row in the history view and its search (kept next to the trade, written in the same transaction). */
export interface TradeSummary {
  id: string;
  tradingId: string;
  shopOrigin: string;
  shopName: string;
  orderDate: string;
  state: TradeState;
  /** When the trade reached its current state. */
  stateSince: string;
  total: Money;
  /** The item names as the shop wrote them, one per line (searched case-insensitively, shown in exports). */
  itemText: string;
  itemCount: number;
}

export const CHANGE_KINDS = ["delivered", "settled", "completed", "failed", "refunded", "warning", "returned"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change for "since your last visit" (seed 000 claim 7), recorded once, in the transaction that made it. */
export interface ChangeEntry {
  /** Its number in the feed, counting up; the user's "last seen" cursor is a seq. Absent until recorded. */
  seq?: number;
  at: string;
  tradeId: string;
  tradingId: string;
  shopName: string;
  kind: ChangeKind;
  text: string;
}

/**
 * A record of the change feed (DB version 4): the changes one transaction made, in order, so that
 * a batch of a hundred trades adds one record rather than one per change.
 */
export interface ChangeBatch {
  /** The key: the seq of its last entry (the entries count up to it from the previous record's). */
  seq?: number;
  /** When its latest change was recorded (the feed is pruned by it). */
  at: string;
  entries: ChangeEntry[];
}
