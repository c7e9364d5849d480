import type { Money, Source } from "../lib/domain/types";
import {
  PROTOCOL_VERSION,
  type DeliveryReport,
  type PaymentReport,
  type ShopReport,
  type StatusReport,
} from "../lib/protocol/status-report";
import type { FaultKind } from "./control-api";

/** What one source reports, minus the envelope fields filled in when answering. */
type Reported<R> = Omit<R, "tradewatch" | "tradingId" | "asOf">;
export type ShopState = Reported<ShopReport>;
export type PaymentState = Reported<PaymentReport>;
export type DeliveryState = Reported<DeliveryReport>;
export type SourceRecordState = ShopState | PaymentState | DeliveryState;

interface TimelineEvent<S> {
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
   * The state as of `at`: the latest event at or before it; of two events at the same time,
   * the one recorded last. Null before the record existed.
   */
  stateAt(at: number): S | null {
    let found: TimelineEvent<S> | null = null;
    for (const event of this.events) {
      if (event.at <= at && (found === null || event.at >= found.at)) found = event;
    }
    return found?.state ?? null;
  }

  /** Records a change at `at`, derived from the state as of then; null when the record did not exist yet. */
  record(at: number, change: (state: S) => S): S | null {
    const current = this.stateAt(at);
    if (current === null) return null;
    const next = change(current);
    this.events.push({ at, state: next });
    return next;
  }
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface ShopOrder {
  tradingId: string;
  orderDate: string;
  lines: OrderLine[];
  total: Money;
  paymentDueAt: string;
  expectedDeliveryAt: string;
  timeline: Timeline<ShopState>;
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

export interface Fault {
  kind: Exclude<FaultKind, "none">;
  /** Real milliseconds a "slow" answer waits. */
  delayMs: number;
}

/** The trading identifier a "wrong-id" fault answers about. */
export const WRONG_TRADING_ID = "TW-999999";

export type Lookup = { found: StatusReport } | { missing: "unknown" | "not-yet" };

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
  private lastSequence = 100_000;

  nextTradingId(): string {
    this.lastSequence += 1;
    return `TW-${this.lastSequence}`;
  }

  timeline(source: Source, tradingId: string): Timeline<SourceRecordState> | undefined {
    const records = { shop: this.orders, payment: this.payments, delivery: this.shipments }[source];
    return records.get(tradingId)?.timeline;
  }

  /** What `source` reports about `tradingId` as of `at`; `asOf` is written into the report as given. */
  report(source: Source, tradingId: string, at: number, asOf: string): Lookup {
    const timeline = this.timeline(source, tradingId);
    if (timeline === undefined) return { missing: "unknown" };
    const state = timeline.stateAt(at);
    if (state === null) return { missing: "not-yet" };
    return { found: { tradewatch: PROTOCOL_VERSION, tradingId, asOf, ...state } };
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
