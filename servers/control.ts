import { SOURCES, type Money, type Source } from "../lib/domain/types";
import { PRODUCTS } from "./catalog";
import { deliveryDay, pickupSlot } from "./announcements";
import { orderTotal } from "./checkout";
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  DEFAULT_SLOW_MS,
  type ContentLine,
  type ControlOrder,
  type OrderControlAction,
  type ShopItem,
} from "./control-api";
import { HttpError } from "./http";
import { refunded, settled } from "./payment-state";
import type { Fault, PaymentRecord, ReferenceStore, ShipmentRecord, ShopOrder, ShopState, SourceRecordState } from "./store";
import { DEFAULT_CARRIER, upsTrackingNumber } from "./tracking-number";

/**
 * The control actions: what a payment service, a carrier or the shop's staff would do to an
 * order. They record what they are told, at the clock's now, without enforcing the usual
 * order of steps, so that inconsistent situations can be produced on purpose.
 */
export function applyControl(store: ReferenceStore, order: ShopOrder, action: OrderControlAction, now: number): void {
  const { tradingId } = order;
  const completedAt = new Date(now).toISOString();
  switch (action.action) {
    case "authorize":
      paymentOf(store, tradingId).timeline.change(now, (s) => ({ ...s, status: "authorized", message: null }));
      startProcessing(order, now);
      return;
    case "settle": {
      const payment = paymentOf(store, tradingId);
      payment.timeline.change(now, (s) => settled(s, action.amount ?? payment.amount, completedAt));
      startProcessing(order, now);
      return;
    }
    case "charge": {
      // Money taken again without a new settlement: the status and amountCharged stay as they are.
      const payment = paymentOf(store, tradingId);
      const amount = action.amount ?? payment.amount;
      payment.timeline.change(now, (s) => ({ ...s, charges: [...(s.charges ?? []), amount] }));
      return;
    }
    case "fail-payment":
      paymentOf(store, tradingId).timeline.change(now, (s) => ({
        ...s,
        status: "failed",
        message: "The payment was declined.",
      }));
      return;
    case "refund":
      paymentOf(store, tradingId).timeline.change(now, (s) => {
        const after = refunded(s, action.amount, completedAt);
        if (after === null) throw new HttpError(409, "nothing paid is left to refund");
        return after;
      });
      return;
    case "ship": {
      const trackingNumber = action.trackingNumber ?? upsTrackingNumber(tradingId);
      const carrier = action.carrier ?? DEFAULT_CARRIER;
      const nextChange = { status: "delivered" as const, ...deliveryDay(now) };
      shipmentOf(store, tradingId).timeline.change(now, (s) => ({ ...s, status: "in_transit", trackingNumber, carrier, nextChange }));
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
      shipment.timeline.change(now, (s) => ({ ...s, status: "delivered", completedAt, itemsDelivered }));
      updateShop(order, now, (s) => ({ ...s, status: "delivered", completedAt }));
      return;
    }
    case "return":
      shipmentOf(store, tradingId).timeline.change(now, (s) => ({ ...s, status: "returned" }));
      return;
    case "cancel":
      order.timeline.change(now, (s) => ({ ...s, status: "cancelled" }));
      return;
    case "change-contents":
      order.timeline.change(now, (s) => {
        const items = action.items.map((line) => changedLine(line, s.items ?? []));
        return { ...s, items, total: orderTotal(items) };
      });
      return;
    case "set-status": {
      const timeline = required(store.timeline(action.source, tradingId), action.source, tradingId);
      // The schema has checked that the status belongs to this source's vocabulary.
      timeline.change(now, (s) => ({ ...s, status: action.status }) as SourceRecordState);
      return;
    }
    case "schedule": {
      const timeline = required(store.timeline(action.source, tradingId), action.source, tradingId);
      timeline.change(now, (s) => ({ ...s, scheduledAt: action.scheduledAt }));
      return;
    }
    case "fault":
      store.setFault(tradingId, action.source, faultOf(action));
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
  // Before the order existed (the clock was set back) the shop holds the order as placed.
  const shop = order.timeline.stateAt(now);
  return {
    tradingId: order.tradingId,
    orderDate: order.orderDate,
    items: shop?.items ?? order.lines,
    total: shop?.total ?? order.total,
    status,
    faults,
    outcome: shop?.outcome ?? null,
    returns: shop?.returns ?? [],
    hold:
      order.hold === null
        ? null
        : { transactionId: order.hold.transactionId, intent: order.hold.intent, expiresAt: new Date(order.hold.expiresAt).toISOString() },
    deferred: order.deferred?.intent ?? null,
    commandPolicy: order.commandPolicy,
  };
}

export function listOrders(store: ReferenceStore, now: number): ControlOrder[] {
  return [...store.orders.values()].map((order) => controlOrder(store, order, now));
}

function faultOf(action: Extract<OrderControlAction, { action: "fault" }>): Fault | null {
  switch (action.kind) {
    case "none":
      return null;
    case "slow":
      return { kind: "slow", delayMs: action.delayMs ?? DEFAULT_SLOW_MS };
    case "rate-limit":
      return { kind: "rate-limit", retryAfterSeconds: action.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
    default:
      return { kind: action.kind };
  }
}

/** A line of changed contents: name and price from the line the shop holds, else from the catalog. */
function changedLine(line: ContentLine, current: readonly ShopItem[]): ShopItem & { sku: string; unitPrice: Money } {
  const held = current.find((item) => item.sku === line.sku);
  const product = PRODUCTS.find((candidate) => candidate.sku === line.sku);
  // The schema only lets catalog SKUs through.
  if (product === undefined) throw new HttpError(400, `no product ${line.sku}`);
  return {
    sku: line.sku,
    name: held?.name ?? product.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice ?? held?.unitPrice ?? product.unitPrice,
  };
}

/** The shop starts processing once the payment is authorized or settled, and announces the pickup it ships with. */
function startProcessing(order: ShopOrder, now: number): void {
  if (order.timeline.stateAt(now)?.status !== "received") return;
  const nextChange = { status: "shipped" as const, ...pickupSlot(now) };
  order.timeline.change(now, (s) => ({ ...s, status: "processing", nextChange }));
}

/** Shipping and delivering move the shop's status too, except that a cancelled order stays cancelled there. */
function updateShop(order: ShopOrder, now: number, change: (state: ShopState) => ShopState): void {
  if (order.timeline.stateAt(now)?.status !== "cancelled") order.timeline.change(now, change);
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
