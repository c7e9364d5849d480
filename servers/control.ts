import { SOURCES, type Source } from "../lib/domain/types";
import { DEFAULT_SLOW_MS, type ControlAction, type ControlOrder } from "./control-api";
import { HttpError } from "./http";
import type { PaymentRecord, ReferenceStore, ShipmentRecord, ShopOrder, ShopState, SourceRecordState, Timeline } from "./store";

/**
 * The control actions: what a payment service, a carrier or the shop's staff would do to an
 * order. They record what they are told, at the clock's now, without enforcing the usual
 * order of steps, so that inconsistent situations can be produced on purpose.
 */
export function applyControl(store: ReferenceStore, order: ShopOrder, action: ControlAction, now: number): void {
  const { tradingId } = order;
  const completedAt = new Date(now).toISOString();
  switch (action.action) {
    case "authorize":
      record(paymentOf(store, tradingId).timeline, now, (s) => ({ ...s, status: "authorized", message: null }));
      startProcessing(order, now);
      return;
    case "settle": {
      const payment = paymentOf(store, tradingId);
      const amountCharged = action.amount ?? payment.amount;
      record(payment.timeline, now, (s) => ({ ...s, status: "settled", completedAt, amountCharged, message: null }));
      startProcessing(order, now);
      return;
    }
    case "fail-payment":
      record(paymentOf(store, tradingId).timeline, now, (s) => ({
        ...s,
        status: "failed",
        message: "The payment was declined.",
      }));
      return;
    case "refund":
      record(paymentOf(store, tradingId).timeline, now, (s) => ({ ...s, status: "refunded", message: null }));
      return;
    case "ship": {
      const trackingNumber = action.trackingNumber ?? `TRK-${tradingId}`;
      record(shipmentOf(store, tradingId).timeline, now, (s) => ({ ...s, status: "in_transit", trackingNumber }));
      updateShop(order, now, (s) => ({ ...s, status: "shipped" }));
      return;
    }
    case "deliver": {
      const shipment = shipmentOf(store, tradingId);
      const itemsDelivered =
        action.items?.map(({ sku, quantity }) => ({
          sku,
          name: shipment.items.find((item) => item.sku === sku)?.name ?? null,
          quantity,
        })) ?? shipment.items;
      record(shipment.timeline, now, (s) => ({ ...s, status: "delivered", completedAt, itemsDelivered }));
      updateShop(order, now, (s) => ({ ...s, status: "delivered", completedAt }));
      return;
    }
    case "return":
      record(shipmentOf(store, tradingId).timeline, now, (s) => ({ ...s, status: "returned" }));
      return;
    case "cancel":
      record(order.timeline, now, (s) => ({ ...s, status: "cancelled" }));
      return;
    case "schedule": {
      const timeline = required(store.timeline(action.source, tradingId), action.source, tradingId);
      record(timeline, now, (s) => ({ ...s, scheduledAt: action.scheduledAt }));
      return;
    }
    case "fault":
      store.setFault(
        tradingId,
        action.source,
        action.kind === "none" ? null : { kind: action.kind, delayMs: action.delayMs ?? DEFAULT_SLOW_MS },
      );
      return;
  }
}

export function controlOrder(store: ReferenceStore, order: ShopOrder, now: number): ControlOrder {
  const status = {} as ControlOrder["status"];
  const faults = {} as ControlOrder["faults"];
  for (const source of SOURCES) {
    status[source] = store.timeline(source, order.tradingId)?.stateAt(now)?.status ?? null;
    faults[source] = store.fault(order.tradingId, source)?.kind ?? "none";
  }
  return { tradingId: order.tradingId, orderDate: order.orderDate, total: order.total, status, faults };
}

export function listOrders(store: ReferenceStore, now: number): ControlOrder[] {
  return [...store.orders.values()].map((order) => controlOrder(store, order, now));
}

function record<S extends SourceRecordState>(timeline: Timeline<S>, now: number, change: (state: S) => S): void {
  if (timeline.record(now, change) === null) {
    throw new HttpError(409, "the order did not exist yet at the clock's current time");
  }
}

/** The shop starts processing once the payment is authorized or settled. */
function startProcessing(order: ShopOrder, now: number): void {
  if (order.timeline.stateAt(now)?.status === "received") record(order.timeline, now, (s) => ({ ...s, status: "processing" }));
}

/** Shipping and delivering move the shop's status too, except that a cancelled order stays cancelled there. */
function updateShop(order: ShopOrder, now: number, change: (state: ShopState) => ShopState): void {
  if (order.timeline.stateAt(now)?.status !== "cancelled") record(order.timeline, now, change);
}

function paymentOf(store: ReferenceStore, tradingId: string): PaymentRecord {
  return required(store.payments.get(tradingId), "payment", tradingId);
}

function shipmentOf(store: ReferenceStore, tradingId: string): ShipmentRecord {
  return required(store.shipments.get(tradingId), "delivery", tradingId);
}

function required<R>(record: R | undefined, source: Source, tradingId: string): R {
  if (record === undefined) throw new HttpError(409, `the ${source} server has no record of ${tradingId}`);
  return record;
}
