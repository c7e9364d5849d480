import type { PaymentStatus } from "../../domain/types";
import { JSON_LD_SCRIPT } from "../detector";
import { collectJsonLdBlocks } from "../json-ld-blocks";
import { findOrders, first, firstObject, isCheckoutOrder, list, nameOf, parseJson, prop, schemaOrgName, type JsonObject } from "../schema-org-json";
import type { PassiveStatuses } from "./interpreting";
import { brokenReading, countMatches, readSafely } from "./reading";
import type { AdapterId, PageAdapter, PageReading } from "./types";

/**
 * schema.org Orders in JSON-LD, the standard form (seed 002), as an adapter like the others,
 * its page side. The Orders themselves travel as the page's JSON-LD blocks, which the capture
 * script sends whatever the signs (page-capture.ts) and the background reads with readOrders,
 * a block that is not JSON included: so the adapter adds only what they say besides, a
 * "status" reading when an Order states its status (an order detail page: passive status
 * capture) and a "broken" one when an Order lacks a required field. The microdata adapter
 * reads its Orders into the same JSON shape and shares these readings (schemaOrgReadings),
 * with an "order" reading per Order, and their interpretation (schema-org-json-ld.ts).
 */

export type SchemaOrgAdapterId = Extract<AdapterId, "schema-org-json-ld" | "schema-org-microdata">;

const SCHEMA_ORG = "https://schema.org";

export const schemaOrgJsonLdAdapter: PageAdapter = {
  id: "schema-org-json-ld",
  read: (doc) => readSafely("schema-org-json-ld", doc, () => readJsonLd(doc)),
};

function readJsonLd(doc: Document): PageReading[] {
  const orders = collectJsonLdBlocks(doc).flatMap((block) => findOrders(parseJson(block)).filter((order) => !isCheckoutOrder(order)));
  const matched = { ...countMatches(doc, { JSON_LD_SCRIPT }), JSON_LD_ORDER: orders.length };
  return schemaOrgReadings("schema-org-json-ld", doc, orders, matched, { orderTexts: false });
}

/**
 * The readings for schema.org Orders found on a page (a checkout's pending Order excluded):
 * each Order's JSON text (with the schema.org context it inherited made explicit) unless the
 * background has it already, its status when it states one, or "broken" with the fields it lacks.
 */
export function schemaOrgReadings(
  adapter: SchemaOrgAdapterId,
  doc: Document,
  orders: JsonObject[],
  matched: Record<string, number>,
  { orderTexts }: { orderTexts: boolean },
): PageReading[] {
  const readings: PageReading[] = [];
  for (const order of orders) {
    const missing = missingFields(order);
    if (missing.length > 0) {
      readings.push(brokenReading(adapter, doc, matched, missing));
      continue;
    }
    if (orderTexts) readings.push({ adapter, kind: "order", raw: JSON.stringify(prop(order, "@context") === undefined ? { "@context": SCHEMA_ORG, ...order } : order) });
    const status = statusFields(order);
    if (status !== null) readings.push({ adapter, kind: "status", raw: status });
  }
  return readings;
}

/** Required fields the Order does not have at all (present but unreadable ones get a reason from readOrders). */
function missingFields(order: JsonObject): string[] {
  const invoice = firstObject(prop(order, "partOfInvoice"));
  const total = prop(order, "price") ?? prop(order, "totalPaymentDue") ?? (invoice && prop(invoice, "totalPaymentDue"));
  const present: Record<string, boolean> = {
    "order number": prop(order, "orderNumber") !== undefined,
    "order date": prop(order, "orderDate") !== undefined,
    total: total !== undefined,
    items: list(prop(order, "acceptedOffer")).length + list(prop(order, "orderedItem")).length > 0,
  };
  return Object.keys(present).filter((field) => !present[field]);
}

/** What the Order says of its progress (order, invoice and parcel), when it says something a new trade does not assume. */
function statusFields(order: JsonObject): JsonObject | null {
  const invoice = firstObject(prop(order, "partOfInvoice"));
  const delivery = firstObject(prop(order, "orderDelivery"));
  const fields = {
    orderNumber: prop(order, "orderNumber"),
    orderStatus: first(prop(order, "orderStatus")),
    paymentStatus: invoice && first(prop(invoice, "paymentStatus")),
    trackingNumber: delivery && first(prop(delivery, "trackingNumber")),
    carrier: delivery && nameOf(first(prop(delivery, "provider") ?? prop(delivery, "carrier"))),
  };
  const says = orderStatusOf(fields.orderStatus) !== undefined || paymentStatusOf(fields.paymentStatus) !== undefined || typeof fields.trackingNumber === "string";
  return says ? fields : null;
}

/**
 * schema.org OrderStatus values and what they say of the shop's and the parcel's progress.
 * OrderProcessing and OrderPaymentDue are left out: a confirmation page says them of every new
 * order, they add nothing to a new trade, and would contradict a shop endpoint that still says
 * "received" (a status moving backwards).
 */
const ORDER_STATUSES: Record<string, PassiveStatuses> = {
  OrderInTransit: { shop: "shipped", delivery: "in_transit" },
  OrderPickupAvailable: { shop: "shipped", delivery: "in_transit" },
  OrderDelivered: { shop: "delivered", delivery: "delivered" },
  OrderCancelled: { shop: "cancelled" },
  OrderReturned: { delivery: "returned" },
};

/** schema.org PaymentStatusType values (Invoice paymentStatus); a payment due is left out as above. */
const PAYMENT_STATUSES: Record<string, PaymentStatus> = {
  PaymentComplete: "settled",
  PaymentAutomaticallyApplied: "settled",
  PaymentDeclined: "failed",
};

export function orderStatusOf(value: unknown): PassiveStatuses | undefined {
  const name = schemaOrgName(value);
  return Object.hasOwn(ORDER_STATUSES, name) ? ORDER_STATUSES[name] : undefined;
}

export function paymentStatusOf(value: unknown): PaymentStatus | undefined {
  const name = schemaOrgName(value);
  return Object.hasOwn(PAYMENT_STATUSES, name) ? PAYMENT_STATUSES[name] : undefined;
}
