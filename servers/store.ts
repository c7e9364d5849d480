import type { Intent, Money, Source } from "../lib/domain/types";
import type { CommandReply } from "../lib/protocol/commands";
import {
  PROTOCOL_VERSION,
  type DeliveryReport,
  type PaymentReport,
  type ShopReport,
  type StatusReport,
} from "../lib/protocol/status-report";
import { announced } from "./announcements";
import type { CommandPolicy, ReceivedCommand } from "./control-api";
import { HttpError } from "./http";
import { RequestStats } from "./stats";

/** What one source reports, minus the envelope fields filled in when answering. */
type Reported<R> = Omit<R, "tradewatch" | "tradingId" | "asOf">;
export type ShopState = Reported<ShopReport>;
export type PaymentState = Reported<PaymentReport>;
export type DeliveryState = Reported<DeliveryReport>;
export type SourceRecordState = ShopState | PaymentState | DeliveryState;

export interface TimelineEvent<S> {
  at: number;
  state: S;
}

/**
 * Every state a source went through, each with the time it started (claim 4: a client may
 * ask for the status at a given time). Times are epoch milliseconds of the server clock.
 */
export class Timeline<S extends SourceRecordState> {
  private readonly events: TimelineEvent<S>[];

  constructor(
    readonly createdAt: number,
    initial: S,
  ) {
    this.events = [{ at: createdAt, state: initial }];
  }

  /**
   * The event in force at `at`: the latest at or before it; of two events at the same time,
   * the one recorded last. Null before the record existed.
   */
  eventAt(at: number): TimelineEvent<S> | null {
    let found: TimelineEvent<S> | null = null;
    for (const event of this.events) {
      if (event.at <= at && (found === null || event.at >= found.at)) found = event;
    }
    return found;
  }

  /** The state as of `at` (see eventAt). */
  stateAt(at: number): S | null {
    return this.eventAt(at)?.state ?? null;
  }

  /** Records a change at `at`, derived from the state as of then; null when the record did not exist yet. */
  record(at: number, change: (state: S) => S): S | null {
    const current = this.stateAt(at);
    if (current === null) return null;
    const next = change(current);
    this.events.push({ at, state: next });
    return next;
  }

  /** Like record, for a change that must happen: a 409 when the record did not exist yet (the clock was set back). */
  change(at: number, change: (state: S) => S): S {
    const next = this.record(at, change);
    if (next === null) throw new HttpError(409, "the order did not exist yet at the clock's current time");
    return next;
  }
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** An order held by a prepare until its transaction commits or aborts (docs/protocol.md, "Commands"). */
export interface Hold {
  transactionId: string;
  intent: Intent;
  /** After this the order is free for other commands; the hold stays until another transaction takes the order. */
  expiresAt: number;
}

export interface ReturnLine {
  sku: string | null;
  name: string;
  quantity: number;
}

/** A return the shop accepted; how far it got is on the timeline (ShopState.returns). */
export interface ReturnRecord {
  returnId: string;
  items: ReturnLine[];
  refundAmount: Money;
}

export interface ShopOrder {
  tradingId: string;
  orderDate: string;
  lines: OrderLine[];
  total: Money;
  paymentDueAt: string;
  expectedDeliveryAt: string;
  timeline: Timeline<ShopState>;
  hold: Hold | null;
  /** A finalisation answered "accepted" (policy `defer`), carried out by the control action complete-outcome. */
  deferred: { intent: Intent; reason: string | null } | null;
  returns: ReturnRecord[];
  commandPolicy: CommandPolicy;
  /** Every command request about this order, oldest first. */
  received: ReceivedCommand[];
}

export interface PaymentRecord {
  tradingId: string;
  amount: Money;
  dueAt: string;
  timeline: Timeline<PaymentState>;
}

export interface ShipmentItem {
  sku: string;
  name: string | null;
  quantity: number;
}

export interface ShipmentRecord {
  tradingId: string;
  items: ShipmentItem[];
  expectedAt: string;
  timeline: Timeline<DeliveryState>;
}

/** A fault of one server's status answers for one order (`delayMs` is real time; `retryAfterSeconds` goes into the 429's Retry-After). */
export type Fault =
  | { kind: "wrong-id" | "malformed" | "http-500" }
  | { kind: "slow"; delayMs: number }
  | { kind: "rate-limit"; retryAfterSeconds: number };

export const DEFAULT_TRADING_ID_PREFIX = "TW-";

/** The trading identifier a "wrong-id" fault answers about. */
export const WRONG_TRADING_ID = "TW-999999";

/** The answer remembered for an idempotency key (a promise while the command is being carried out). */
export interface RememberedCommand {
  command: string;
  tradingId: string;
  reply: Promise<CommandReply>;
}

/** `changedAt`: when what the found report says last changed (epoch ms): its event, or a later announcement. */
export type Lookup = { found: StatusReport; changedAt: number } | { missing: "unknown" | "not-yet" };

/**
 * The in-memory records of the three servers. They share it because they run in one process,
 * but each keeps its own map: the payment and delivery servers only know an order once the
 * shop has instructed them (claim 28).
 */
export class ReferenceStore {
  readonly orders = new Map<string, ShopOrder>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly shipments = new Map<string, ShipmentRecord>();
  private readonly faults = new Map<string, Fault>();
  /** Status and command requests received, for tests and benchmarks that count what a client asked. */
  readonly stats = new RequestStats();
  /** The shop's idempotency record: every command key with its answer. */
  readonly commands = new Map<string, RememberedCommand>();
  private lastSequence = 100_000;
  private lastReturn = 0;

  /** `tradingIdPrefix` tells two shops' orders apart ("TW-100001", "GL-100001"). */
  constructor(private readonly tradingIdPrefix = DEFAULT_TRADING_ID_PREFIX) {}

  nextTradingId(): string {
    this.lastSequence += 1;
    return `${this.tradingIdPrefix}${this.lastSequence}`;
  }

  nextReturnId(): string {
    this.lastReturn += 1;
    return `R-${this.lastReturn}`;
  }

  timeline(source: Source, tradingId: string): Timeline<SourceRecordState> | undefined {
    const records = { shop: this.orders, payment: this.payments, delivery: this.shipments }[source];
    return records.get(tradingId)?.timeline;
  }

  /** What `source` reports about `tradingId` as of `at`; `asOf` is written into the report as given. */
  report(source: Source, tradingId: string, at: number, asOf: string): Lookup {
    const timeline = this.timeline(source, tradingId);
    if (timeline === undefined) return { missing: "unknown" };
    const event = timeline.eventAt(at);
    if (event === null) return { missing: "not-yet" };
    const { state, changedAt } = announced(source, tradingId, event.state, event.at, at);
    return { found: { tradewatch: PROTOCOL_VERSION, tradingId, asOf, ...state }, changedAt };
  }

  fault(tradingId: string, source: Source): Fault | undefined {
    return this.faults.get(faultKey(tradingId, source));
  }

  setFault(tradingId: string, source: Source, fault: Fault | null): void {
    if (fault === null) this.faults.delete(faultKey(tradingId, source));
    else this.faults.set(faultKey(tradingId, source), fault);
  }
}

function faultKey(tradingId: string, source: Source): string {
  return `${source} ${tradingId}`;
}
