import { orderTotal } from "./checkout";
import { commandPolicySchema } from "./control-api";
import { HttpError, postJson } from "./http";
import {
  PAYMENT_OPERATIONS_PATH,
  PAYMENTS_PATH,
  SHIPMENT_OPERATIONS_PATH,
  SHIPMENTS_PATH,
  type PaymentInstruction,
  type PaymentOperation,
  type ShipmentInstruction,
  type ShipmentOperation,
} from "./providers";
import type { ShopDeps } from "./shop";
import { Timeline, type OrderLine, type ShopOrder } from "./store";

const DAY_MS = 86_400_000;
const PAYMENT_DUE_MS = DAY_MS;
const DELIVERY_EXPECTED_MS = 3 * DAY_MS;

/**
 * Order acceptance (claims 15, 28), for checkout and reorder alike: instructs the payment and
 * delivery servers, then records the order. Throws when either server does not take it; the
 * shop then keeps no order.
 */
export async function createOrder(deps: ShopDeps, lines: OrderLine[]): Promise<ShopOrder> {
  const now = deps.clock.now().getTime();
  const tradingId = deps.store.nextTradingId();
  const expectedDeliveryAt = new Date(now + DELIVERY_EXPECTED_MS).toISOString();
  const total = orderTotal(lines);
  const order: ShopOrder = {
    tradingId,
    orderDate: new Date(now).toISOString(),
    lines,
    total,
    paymentDueAt: new Date(now + PAYMENT_DUE_MS).toISOString(),
    expectedDeliveryAt,
    timeline: new Timeline(now, {
      source: "shop",
      status: "received",
      completedAt: null,
      scheduledAt: expectedDeliveryAt,
      items: lines,
      total,
      outcome: null,
      returns: [],
      message: null,
    }),
    hold: null,
    deferred: null,
    returns: [],
    commandPolicy: commandPolicySchema.parse({}),
    received: [],
  };
  const urls = deps.urls();
  const payment: PaymentInstruction = { tradingId, amount: order.total, dueAt: order.paymentDueAt };
  const shipment: ShipmentInstruction = {
    tradingId,
    items: order.lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
    expectedAt: expectedDeliveryAt,
  };
  await Promise.all([postJson(urls.payment + PAYMENTS_PATH, payment), postJson(urls.delivery + SHIPMENTS_PATH, shipment)]);
  deps.store.orders.set(tradingId, order);
  return order;
}

export function orderPageUrl(deps: ShopDeps, tradingId: string): string {
  return `${deps.urls().shop}/orders/${encodeURIComponent(tradingId)}`;
}

/** Tells the payment server what became of an order; a 502 when it does not take it, so the command can be sent again. */
export function instructPayment(deps: ShopDeps, operation: PaymentOperation): Promise<void> {
  return instruct(deps.urls().payment + PAYMENT_OPERATIONS_PATH, operation, "payment");
}

export function instructShipment(deps: ShopDeps, operation: ShipmentOperation): Promise<void> {
  return instruct(deps.urls().delivery + SHIPMENT_OPERATIONS_PATH, operation, "delivery");
}

async function instruct(url: string, body: object, server: string): Promise<void> {
  try {
    await postJson(url, body);
  } catch (error) {
    throw new HttpError(502, `the ${server} server did not take the instruction: ${error instanceof Error ? error.message : String(error)}`);
  }
}
