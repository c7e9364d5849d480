import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collectJsonLdBlocks } from "../json-ld-blocks";
import { readOrders } from "../schema-org-order";
import { schemaOrgJsonLdInterpreter } from "./schema-org-json-ld";
import { schemaOrgJsonLdAdapter } from "./schema-org-json-ld-page";
import { documentAt } from "./test-fixtures";
import type { Interpreted, PageReading } from "./types";

const NOW = "2026-11-22T10:05:00.000Z";
const URL_ = "https://tea-garden.example/checkout/thanks?order=1";
const PAGES = `${import.meta.dirname}/../../../test/fixtures/pages`;

function jsonLd(...nodes: unknown[]): string {
  return nodes.map((node) => `<script type="application/ld+json">${typeof node === "string" ? node : JSON.stringify(node)}</script>`).join("");
}

function read(html: string): PageReading[] {
  return schemaOrgJsonLdAdapter.read(documentAt(html, URL_), null);
}

function interpret(reading: PageReading): Interpreted {
  if (reading.kind === "broken") throw new Error("a broken reading is not interpreted");
  return schemaOrgJsonLdInterpreter.interpret(reading, new URL(URL_), NOW, "UTC");
}

const ORDER = {
  "@context": "https://schema.org",
  "@type": "Order",
  orderNumber: "TG-1",
  orderDate: "2026-11-16",
  acceptedOffer: { "@type": "Offer", price: "19.99", priceCurrency: "EUR", itemOffered: { "@type": "Product", name: "Green tea" } },
  price: "19.99",
  priceCurrency: "EUR",
};

describe("the JSON-LD adapter", () => {
  it("leaves the Orders to the page's blocks, which the background reads: no order readings on any page (test/fixtures/pages)", () => {
    const files = readdirSync(PAGES).filter((name) => name.endsWith(".html"));
    let orders = 0;
    for (const file of files) {
      const url = "https://shop.example/orders/confirmation";
      const doc = documentAt(readFileSync(`${PAGES}/${file}`, "utf8"), url);
      orders += readOrders(collectJsonLdBlocks(doc), { url }, NOW, "UTC").filter((outcome) => outcome.kind === "order").length;
      expect(schemaOrgJsonLdAdapter.read(doc, null).filter((reading) => reading.kind === "order"), file).toEqual([]);
    }
    expect(orders).toBeGreaterThanOrEqual(files.length / 2);
  });

  it("reads the status of every Order that states one, in a graph too", () => {
    const delivered = { ...ORDER, "@context": undefined, orderStatus: "https://schema.org/OrderDelivered" };
    const readings = read(jsonLd({ "@context": "https://schema.org", "@graph": [delivered, { ...delivered, orderNumber: "TG-2" }] }));
    expect(readings.map((reading) => [reading.kind, reading.kind === "status" && (reading.raw as { orderNumber: string }).orderNumber])).toEqual([
      ["status", "TG-1"],
      ["status", "TG-2"],
    ]);
  });

  it("says nothing on a checkout page's pending Order or a page without Orders", () => {
    const { orderNumber: _, ...pending } = ORDER;
    expect(read(jsonLd({ ...pending, orderStatus: "https://schema.org/OrderPaymentDue" }))).toEqual([]);
    expect(read(jsonLd({ "@context": "https://schema.org", "@type": "Product", name: "Order of tea" }))).toEqual([]);
  });

  it("leaves a block that is not JSON but declares an Order to the background, which says why", () => {
    const broken = '{"@context":"https://schema.org","@type":"Order","orderNumber":"TG-9",}';
    expect(read(jsonLd(broken))).toEqual([]);
    expect(readOrders([broken], { url: URL_ }, NOW, "UTC")).toEqual([{ kind: "invalid", reason: "Order TG-9: the page's JSON-LD is not valid JSON" }]);
  });

  it("reports an Order that lacks required fields as broken, naming them and the counts only", () => {
    const { price: _, priceCurrency: __, acceptedOffer: ___, ...bare } = ORDER;
    expect(read(jsonLd(bare))).toEqual([
      {
        adapter: "schema-org-json-ld",
        kind: "broken",
        diagnostic: {
          adapter: "schema-org-json-ld",
          page: "https://tea-garden.example/checkout/thanks",
          matched: { JSON_LD_SCRIPT: 1, JSON_LD_ORDER: 1 },
          missing: ["total", "items"],
          version: "unknown",
        },
      },
    ]);
  });

  it.each([
    ["https://schema.org/OrderInTransit", undefined, { shop: "shipped", delivery: "in_transit" }],
    ["OrderDelivered", undefined, { shop: "delivered", delivery: "delivered" }],
    ["schema:OrderCancelled", "https://schema.org/PaymentDeclined", { shop: "cancelled", payment: "failed" }],
    ["http://schema.org/OrderReturned", "PaymentComplete", { payment: "settled", delivery: "returned" }],
    ["https://schema.org/OrderPickupAvailable", undefined, { shop: "shipped", delivery: "in_transit" }],
  ])("reads the status %s (payment %s) of an order detail page", (orderStatus, paymentStatus, expected) => {
    const order = { ...ORDER, orderStatus, partOfInvoice: { "@type": "Invoice", paymentStatus } };
    const readings = read(jsonLd(order));
    expect(readings).toHaveLength(1);
    const outcome = interpret(readings[0] as PageReading);
    if (outcome.kind !== "status") throw new Error(`not a status: ${outcome.kind}`);
    expect(outcome.tradingId).toBe("TG-1");
    expect(Object.fromEntries(outcome.reports.map((report) => [report.source, report.status]))).toEqual(expected);
    for (const report of outcome.reports) expect(report.asOf).toBe(NOW);
  });

  it("reads a parcel's tracking number and carrier", () => {
    const order = { ...ORDER, orderDelivery: { "@type": "ParcelDelivery", trackingNumber: "1Z999AA10123456784", carrier: { "@type": "Organization", name: "UPS" } } };
    const outcome = interpret(read(jsonLd(order))[0] as PageReading);
    expect(outcome).toMatchObject({ kind: "status", reports: [{ source: "delivery", status: "in_transit", trackingNumber: "1Z999AA10123456784", carrier: "UPS" }] });
  });

  it("reads no status from what every new order says (processing, payment due) or from unknown values", () => {
    for (const orderStatus of ["https://schema.org/OrderProcessing", "https://schema.org/OrderPaymentDue", "OrderProblem", "Shipped!", 7]) {
      expect(read(jsonLd({ ...ORDER, orderStatus }))).toEqual([]);
    }
  });

  it("refuses readings a page could have forged", () => {
    const reading = { adapter: "schema-org-json-ld", kind: "order", raw: { orderNumber: "TG-1" } } as const;
    expect(interpret(reading)).toEqual({ kind: "invalid", reason: "An Order on this page could not be read" });
    expect(interpret({ ...reading, raw: '{"@type":"Product"}' })).toEqual({ kind: "invalid", reason: "An Order on this page could not be read" });
    expect(interpret({ ...reading, kind: "status", raw: { orderStatus: "OrderDelivered" } })).toEqual({
      kind: "invalid",
      reason: "An order status on this page has no order number",
    });
  });

});
