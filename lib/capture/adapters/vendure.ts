/**
 * Vendure, the background side: the order code and Shop API the page named (vendure-page.ts),
 * then the Shop API's `orderByCode` answer (asked by lib/background/vendure-api.ts), from which
 * the order and the three sources' statuses are derived.
 */
import * as z from "zod";
import { isCurrencyCode, minorDigits } from "../../domain/money";
import type { CapturedOrder, ItemQuantity, Money, OrderItem, Refund } from "../../domain/types";
import { PROTOCOL_VERSION, type DeliveryReport, type PaymentReport, type ShopReport, type StatusReport } from "../../protocol/status-report";
import { acceptEndpoint } from "../endpoint-policy";
import { orderDateProblem } from "../schema-org-order";
import { carrierSchema, trackingNumberSchema } from "./interpreting";
import type { AdapterInterpreter, Interpreted } from "./types";
import { MAX_SHOP_API_CHARS, ORDER_CODE } from "./vendure-page";
import { firstProblem } from "../../zod-problem";

// --- Interpreting the reading (background) ---------------------------------------------------

const pageRawSchema = z.strictObject({
  code: z.string().regex(ORDER_CODE),
  shopApi: z.string().max(MAX_SHOP_API_CHARS).nullable(),
});

/** Vendure's default Shop API path, behind a storefront that proxies it on its own origin. */
const DEFAULT_SHOP_API_PATH = "/shop-api";

export const vendureInterpreter: AdapterInterpreter = {
  id: "vendure",
  interpret(reading, page): Interpreted {
    if (reading.kind !== "order") return { kind: "invalid", reason: "A Vendure page shows no statuses: they come from its Shop API" };
    const parsed = pageRawSchema.safeParse(reading.raw);
    if (!parsed.success) return { kind: "invalid", reason: "The Vendure order code on this page could not be read" };
    const { code, shopApi } = parsed.data;
    const endpoint = acceptEndpoint(shopApi ?? DEFAULT_SHOP_API_PATH, page.href);
    if (endpoint === null) return { kind: "invalid", reason: `Order ${code}: the page names a Shop API TradeWatch does not ask` };
    return { kind: "fetch-order", protocol: "vendure", shopApi: endpoint, code };
  },
};

// --- The Shop API's answer -------------------------------------------------------------------

/**
 * What TradeWatch asks the Shop API (a guest's `orderByCode`): the order's contents, and its
 * payments (with refunds) and fulfilments, from which the three sources' statuses are derived.
 */
export const VENDURE_ORDER_QUERY = `query TradeWatchOrder($code: String!) {
  orderByCode(code: $code) {
    code
    state
    orderPlacedAt
    currencyCode
    totalWithTax
    lines { id quantity unitPriceWithTax productVariant { sku name } }
    payments { state amount updatedAt errorMessage refunds { state total updatedAt } }
    fulfillments { state method trackingCode updatedAt lines { orderLineId quantity } }
  }
}`;

const MAX_LIST = 1000;
/** Vendure's Money scalar: an integer (in hundredths, see toMinor). */
const vendureMoney = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });
const vendureState = z.string().min(1).max(100);

export const vendureOrderSchema = z.object({
  code: z.string().regex(ORDER_CODE),
  state: vendureState,
  orderPlacedAt: instant.nullable(),
  currencyCode: z.string().refine(isCurrencyCode, { error: "is not an ISO 4217 currency code" }),
  totalWithTax: vendureMoney,
  lines: z
    .array(
      z.object({
        id: z.string().min(1).max(100),
        quantity: z.int().min(0).max(1_000_000),
        unitPriceWithTax: vendureMoney,
        productVariant: z.object({ sku: z.string().trim().max(200), name: z.string().trim().min(1).max(500) }),
      }),
    )
    .max(MAX_LIST),
  payments: z
    .array(
      z.object({
        state: vendureState,
        amount: vendureMoney,
        updatedAt: instant,
        errorMessage: z.string().nullable().optional(),
        refunds: z.array(z.object({ state: vendureState, total: vendureMoney, updatedAt: instant })).max(100),
      }),
    )
    .max(100)
    .nullable()
    .transform((payments) => payments ?? []),
  fulfillments: z
    .array(
      z.object({
        state: vendureState,
        // Only shown to the user: an odd one is dropped rather than cost the order.
        method: carrierSchema,
        trackingCode: trackingNumberSchema,
        updatedAt: instant,
        lines: z.array(z.object({ orderLineId: z.string().max(100), quantity: z.int().min(0).max(1_000_000) })).max(MAX_LIST),
      }),
    )
    .max(100)
    .nullable()
    .transform((fulfillments) => fulfillments ?? []),
});
export type VendureOrder = z.infer<typeof vendureOrderSchema>;

export type VendureAnswer =
  | { kind: "order"; order: VendureOrder }
  /** Vendure says FORBIDDEN both when the guest window has passed and when no order has the code. */
  | { kind: "forbidden" }
  | { kind: "not-found" }
  | { kind: "invalid"; reason: string };

const answerSchema = z.object({
  data: z.object({ orderByCode: z.unknown() }).nullable().optional(),
  errors: z
    .array(z.object({ message: z.string().catch(""), extensions: z.object({ code: z.unknown() }).optional().catch(undefined) }))
    .optional(),
});

/** Reads the Shop API's answer to VENDURE_ORDER_QUERY. Never throws. */
export function parseVendureAnswer(json: unknown): VendureAnswer {
  const answer = answerSchema.safeParse(json);
  if (!answer.success) return { kind: "invalid", reason: "not a GraphQL answer" };
  const { data, errors = [] } = answer.data;
  if (errors.some((error) => error.extensions?.code === "FORBIDDEN")) return { kind: "forbidden" };
  if (errors.length > 0) return { kind: "invalid", reason: `the shop answered an error (${shorten(errors[0]?.message ?? "")})` };
  if (data === undefined || data === null) return { kind: "invalid", reason: "the answer has no data" };
  if (data.orderByCode === null || data.orderByCode === undefined) return { kind: "not-found" };
  const order = vendureOrderSchema.safeParse(data.orderByCode);
  if (!order.success) return { kind: "invalid", reason: firstProblem(order.error) };
  return { kind: "order", order: order.data };
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}


/**
 * Vendure stores every amount in hundredths of the currency's unit, whatever the currency
 * (MoneyStrategy precision 2, yen included): this gives ISO 4217 minor units, or null when the
 * amount is not a whole number of them (e.g. 1234 hundredths of a yen).
 */
const VENDURE_PRECISION = 2;

export function toMinor(hundredths: number, currency: string): number | null {
  const shift = minorDigits(currency) - VENDURE_PRECISION;
  if (shift < 0) {
    const divisor = 10 ** -shift;
    return hundredths % divisor === 0 ? hundredths / divisor : null;
  }
  const minor = hundredths * 10 ** shift;
  return Number.isSafeInteger(minor) ? minor : null;
}

function money(hundredths: number, currency: string): Money | null {
  const minor = toMinor(hundredths, currency);
  return minor === null ? null : { minor, currency };
}

/** Order states of Vendure's default process before the customer placed the order. */
const NOT_PLACED = new Set(["Created", "Draft", "AddingItems", "ArrangingPayment"]);

/**
 * The order as captured (the trading information), from the Shop API's answer; the shop is
 * named by its host (the Shop API has no shop name for guests). Vendure's order has no payment
 * or delivery endpoint of its own: its Shop API reports all three sources (protocol "vendure").
 */
export function vendureCapturedOrder(order: VendureOrder, page: URL, shopApi: string, now: string): CapturedOrder | { error: string } {
  const { code, currencyCode: currency } = order;
  const orderDate = order.orderPlacedAt;
  if (orderDate === null || NOT_PLACED.has(order.state)) return { error: `Order ${code} is not placed yet` };
  const dateProblem = orderDateProblem(code, orderDate, now);
  if (dateProblem !== null) return { error: dateProblem };
  const total = money(order.totalWithTax, currency);
  if (total === null) return { error: `Order ${code}: its total is not a whole amount of ${currency}` };
  const items = orderItems(order);
  if (items === null) return { error: `Order ${code}: a price is not a whole amount of ${currency}` };
  if (items.length === 0) return { error: `Order ${code} has no items` };
  return {
    info: {
      tradingId: code,
      shop: { name: page.hostname, origin: page.origin },
      orderDate: new Date(orderDate).toISOString(),
      items,
      total,
      // All three: the Shop API answers for each, and a source without an endpoint is never asked
      // (a refund owed after a cancellation must still be watched).
      endpoints: { shop: shopApi, payment: shopApi, delivery: shopApi },
      commands: null,
      adapter: "vendure",
      protocol: "vendure",
      pageUrl: page.href,
      capturedAt: now,
    },
    paymentDueAt: null,
    expectedDeliveryAt: null,
  };
}

/** The order's lines still ordered (a cancelled line keeps quantity 0), or null when a price is no amount. */
function orderItems(order: VendureOrder): OrderItem[] | null {
  const items: OrderItem[] = [];
  for (const { quantity, unitPriceWithTax, productVariant } of order.lines) {
    if (quantity === 0) continue;
    const unitPrice = money(unitPriceWithTax, order.currencyCode);
    if (unitPrice === null) return null;
    items.push({ name: productVariant.name, sku: productVariant.sku || null, quantity, unitPrice });
  }
  return items;
}

// --- Statuses --------------------------------------------------------------------------------

/** Vendure's default order process → TradeWatch's shop status (docs/adapters.md has the table). */
const SHOP_STATUS: Record<string, ShopReport["status"]> = {
  Created: "received",
  Draft: "received",
  AddingItems: "received",
  ArrangingPayment: "received",
  PaymentAuthorized: "received",
  PaymentSettled: "processing",
  // Not everything is on its way yet: the shop is still at work on the rest.
  PartiallyShipped: "processing",
  Shipped: "shipped",
  PartiallyDelivered: "shipped",
  Delivered: "delivered",
  Modifying: "processing",
  ArrangingAdditionalPayment: "processing",
  Cancelled: "cancelled",
};

const PAID = new Set(["Authorized", "Settled"]);
const PAYMENT_FAILED = new Set(["Declined", "Error", "Cancelled"]);

/**
 * What the Shop API's order says about the shop, the payment and the delivery, as TradeWatch
 * status reports as of `asOf` (the time of the answer: Vendure's own updatedAt does not move
 * with payments and fulfilments). A state outside Vendure's default processes (a shop's custom
 * process) gives no report for its source rather than a guess.
 */
export function vendureReports(order: VendureOrder, asOf: string): StatusReport[] {
  const common: Common = { tradewatch: PROTOCOL_VERSION, tradingId: order.code, asOf, scheduledAt: null };
  return [shopReport(order, common), paymentReport(order, common), deliveryReport(order, common)].filter(
    (report): report is StatusReport => report !== null,
  );
}

type Common = { tradewatch: typeof PROTOCOL_VERSION; tradingId: string; asOf: string; scheduledAt: null };

function shopReport(order: VendureOrder, common: Common): ShopReport | null {
  const status = Object.hasOwn(SHOP_STATUS, order.state) ? SHOP_STATUS[order.state] : undefined;
  if (status === undefined) return null;
  const cancelled = status === "cancelled";
  // A cancelled order's lines drop to quantity 0 and its total to 0: that is the cancellation, not new contents.
  const items = cancelled ? null : orderItems(order);
  return {
    ...common,
    source: "shop",
    status,
    completedAt: null,
    message: null,
    items: items && items.length > 0 ? items : null,
    total: cancelled ? null : money(order.totalWithTax, order.currencyCode),
    outcome: cancelled ? "failed" : null,
    returns: null,
  };
}

function paymentReport(order: VendureOrder, common: Common): PaymentReport | null {
  const currency = order.currencyCode;
  const { payments } = order;
  const known = payments.every(({ state }) => state === "Created" || PAID.has(state) || PAYMENT_FAILED.has(state));
  if (!known) return null;
  const settled = payments.filter(({ state }) => state === "Settled");
  const charges = moneyList(settled.map(({ amount }) => amount), currency);
  const settledRefunds = settled.flatMap(({ refunds }) => refunds.filter(({ state }) => state === "Settled"));
  const refunds = refundList(settledRefunds, currency);
  if (charges === null || refunds === null) return null;
  const paid = sum(charges);
  const refunded = sum(refunds.map(({ amount }) => amount));
  const last = payments.at(-1);
  let status: PaymentReport["status"];
  let completedAt: string | null = null;
  if (paid > 0 && refunded >= paid) {
    // Vendure leaves a refunded payment "Settled": paid back in full is TradeWatch's "refunded".
    status = "refunded";
    completedAt = latest(settledRefunds.map(({ updatedAt }) => updatedAt));
  } else if (payments.some(({ state }) => state === "Authorized")) {
    status = "authorized";
  } else if (settled.length > 0) {
    status = "settled";
    completedAt = latest(settled.map(({ updatedAt }) => updatedAt));
  } else if (last !== undefined && PAYMENT_FAILED.has(last.state)) {
    status = "failed";
  } else {
    status = "pending";
  }
  return {
    ...common,
    source: "payment",
    status,
    completedAt,
    message: status === "failed" && last?.errorMessage ? shorten(last.errorMessage) : null,
    amountCharged: charges.length > 0 ? { minor: paid, currency } : null,
    charges: charges.length > 0 ? charges : null,
    refunds: refunds.length > 0 ? refunds : null,
  };
}

const FULFILLMENT_STATES = new Set(["Created", "Pending", "Shipped", "Delivered", "Cancelled"]);

function deliveryReport(order: VendureOrder, common: Common): DeliveryReport | null {
  if (!order.fulfillments.every(({ state }) => FULFILLMENT_STATES.has(state))) return null;
  const active = order.fulfillments.filter(({ state }) => state !== "Cancelled");
  const delivered = active.filter(({ state }) => state === "Delivered");
  const onTheWay = active.filter(({ state }) => state === "Shipped" || state === "Delivered");
  const itemsDelivered = deliveredItems(order, delivered);
  const everything = order.lines.every(({ id, quantity }) => deliveredQuantity(delivered, id) >= quantity);
  let status: DeliveryReport["status"] = "pending";
  if (delivered.length > 0 && everything) status = "delivered";
  else if (onTheWay.length > 0) status = "in_transit";
  const tracked = [...onTheWay, ...active].find(({ trackingCode }) => trackingCode !== null);
  return {
    ...common,
    source: "delivery",
    status,
    completedAt: status === "delivered" ? latest(delivered.map(({ updatedAt }) => updatedAt)) : null,
    message: null,
    itemsDelivered: delivered.length > 0 ? itemsDelivered : null,
    trackingNumber: tracked?.trackingCode ?? null,
    carrier: tracked?.method ?? null,
  };
}

/** How many of the order line's units the fulfilments carry. */
function deliveredQuantity(delivered: VendureOrder["fulfillments"], lineId: string): number {
  const lines = delivered.flatMap(({ lines }) => lines.filter(({ orderLineId }) => orderLineId === lineId));
  return lines.reduce((total, { quantity }) => total + quantity, 0);
}

function deliveredItems(order: VendureOrder, delivered: VendureOrder["fulfillments"]): ItemQuantity[] {
  return order.lines
    .map(({ id, productVariant }) => ({ sku: productVariant.sku || null, name: productVariant.name, quantity: deliveredQuantity(delivered, id) }))
    .filter(({ quantity }) => quantity > 0);
}

function moneyList(amounts: number[], currency: string): Money[] | null {
  const list = amounts.map((amount) => money(amount, currency));
  return list.every((entry): entry is Money => entry !== null) ? list : null;
}

function refundList(refunds: { total: number; updatedAt: string }[], currency: string): Refund[] | null {
  const list: Refund[] = [];
  for (const { total, updatedAt } of refunds) {
    const amount = money(total, currency);
    if (amount === null) return null;
    list.push({ amount, at: new Date(updatedAt).toISOString() });
  }
  return list;
}

function sum(amounts: Money[]): number {
  return amounts.reduce((total, { minor }) => total + minor, 0);
}

/** The latest of some instants, in UTC; null for none. */
function latest(instants: string[]): string | null {
  const at = Math.max(...instants.map(Date.parse));
  return instants.length === 0 ? null : new Date(at).toISOString();
}
