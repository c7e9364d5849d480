import { describe, expect, it } from "vitest";
import { readOrders } from "../schema-org-order";
import { schemaOrgMicrodataInterpreter } from "./schema-org-json-ld";
import { schemaOrgMicrodataAdapter } from "./schema-org-microdata-page";
import { documentAt } from "./test-fixtures";
import type { Interpreted, PageReading } from "./types";

const NOW = "2026-11-20T10:00:00.000Z";
const URL_ = "https://leaf-and-bean.example/checkout/complete";

function read(html: string, lang = "en"): PageReading[] {
  return schemaOrgMicrodataAdapter.read(documentAt(`<html lang="${lang}"><body>${html}</body></html>`, URL_), null);
}

/** What a reading's raw JSON text says: the Order as JSON-LD would write it. */
function node(reading: PageReading | undefined): Record<string, unknown> {
  if (reading?.kind !== "order") throw new Error(`not an order reading: ${JSON.stringify(reading)}`);
  return JSON.parse(reading.raw as string) as Record<string, unknown>;
}

function interpret(reading: PageReading | undefined): Interpreted {
  if (reading === undefined || reading.kind === "broken") throw new Error("no reading to interpret");
  return schemaOrgMicrodataInterpreter.interpret(reading, new URL(URL_), NOW, "UTC");
}

const OFFER = `<div itemprop="acceptedOffer" itemscope itemtype="https://schema.org/Offer">
  <span itemprop="itemOffered" itemscope itemtype="https://schema.org/Product"><span itemprop="name">Tea</span></span>
  <span itemprop="price" content="12.50">$12.50</span><meta itemprop="priceCurrency" content="USD"></div>`;

function order(inner: string, attributes = ""): string {
  return `<div itemscope itemtype="https://schema.org/Order" ${attributes}><span itemprop="orderNumber">LB-1</span>
    <meta itemprop="orderDate" content="2026-11-16">${OFFER}${inner}</div>`;
}

describe("the microdata adapter", () => {
  it("reads an Order into the JSON-LD shape, nested items and all", () => {
    expect(node(read(order('<p>Total <span itemprop="totalPaymentDue">$12.50</span></p>'))[0])).toEqual({
      "@context": "https://schema.org",
      "@type": "https://schema.org/Order",
      orderNumber: "LB-1",
      orderDate: "2026-11-16",
      acceptedOffer: {
        "@type": "https://schema.org/Offer",
        itemOffered: { "@type": "https://schema.org/Product", name: "Tea" },
        price: "12.50",
        priceCurrency: "USD",
      },
      totalPaymentDue: { "@type": "PriceSpecification", price: "12.50", priceCurrency: "USD" },
    });
  });

  it("captures exactly what the same Order in JSON-LD captures, but for the adapter", () => {
    const microdata = read(order('<p itemprop="partOfInvoice" itemscope itemtype="https://schema.org/Invoice"><span itemprop="totalPaymentDue" itemscope itemtype="https://schema.org/MonetaryAmount"><span itemprop="value">$12.50</span></span></p>'));
    const block = JSON.stringify({
      "@context": "https://schema.org",
      "@type": "Order",
      orderNumber: "LB-1",
      orderDate: "2026-11-16",
      acceptedOffer: { "@type": "Offer", itemOffered: { "@type": "Product", name: "Tea" }, price: "12.50", priceCurrency: "USD" },
      partOfInvoice: { "@type": "Invoice", totalPaymentDue: { "@type": "MonetaryAmount", value: "12.50", currency: "USD" } },
    });
    const [fromJsonLd] = readOrders([block], { url: URL_ }, NOW, "UTC");
    const fromMicrodata = interpret(microdata[0]);
    if (fromJsonLd?.kind !== "order" || fromMicrodata.kind !== "order") throw new Error("both should capture");
    expect(fromMicrodata.order.info.adapter).toBe("schema-org-microdata");
    expect({ ...fromMicrodata.order, info: { ...fromMicrodata.order.info, adapter: "schema-org-json-ld" } }).toEqual(fromJsonLd.order);
  });

  it("takes values from the attributes microdata names, and a content attribute on any element", () => {
    const props = node(
      read(
        order(`<a itemprop="url" href="/orders/LB-1">view</a><img itemprop="image" src="/tea.png"><data itemprop="discount" value="2.00">two</data>
          <time itemprop="paymentDueDate" datetime="2026-11-17">tomorrow</time><time itemprop="orderDelivery">soon</time><span itemprop="price" content="12.50">twelve fifty</span>`),
      )[0],
    );
    expect(props).toMatchObject({ url: "/orders/LB-1", image: "/tea.png", discount: "2.00", paymentDueDate: "2026-11-17", orderDelivery: "soon", price: "12.50" });
  });

  it("gathers repeated properties into lists, follows itemref and keeps nested items' properties to themselves", () => {
    const html = `${order(OFFER, 'itemref="more"')}<div id="more"><span itemprop="orderNumber">LB-1-bis</span><span itemprop="totalPaymentDue">$25.00</span></div>`;
    const props = node(read(html)[0]);
    expect(props.orderNumber).toEqual(["LB-1-bis", "LB-1"]);
    expect(props.acceptedOffer).toHaveLength(2);
    expect(props).not.toHaveProperty("name");
    expect(props).not.toHaveProperty("priceCurrency");
  });

  it("reads prices shown in the page's locale", () => {
    const html = `<div itemscope itemtype="https://schema.org/Order"><span itemprop="orderNumber">RB-1</span><meta itemprop="orderDate" content="2026-11-16">
      <div itemprop="acceptedOffer" itemscope itemtype="https://schema.org/Offer"><span itemprop="itemOffered" itemscope itemtype="https://schema.org/Product"><span itemprop="name">Kanne</span></span>
      <span itemprop="price">1.149,00 €</span></div><span itemprop="totalPaymentDue">1.149,00&nbsp;€</span></div>`;
    const outcome = interpret(read(html, "de-DE")[0]);
    expect(outcome).toMatchObject({ kind: "order", order: { info: { total: { minor: 114900, currency: "EUR" }, items: [{ unitPrice: { minor: 114900, currency: "EUR" } }] } } });
  });

  it("takes a plain decimal as one only from a machine-readable attribute, and shown text in the page's locale", () => {
    const offer = (price: string) => `<div itemprop="acceptedOffer" itemscope itemtype="https://schema.org/Offer">${price}<meta itemprop="priceCurrency" content="EUR"></div>`;
    const html = order(
      [
        offer('<span itemprop="price">2.990</span>&nbsp;€'),
        offer('<span itemprop="price">1.000</span>'),
        offer('<meta itemprop="price" content="2.990">'),
        offer('<data itemprop="price" value="1.000">1.000 €</data>'),
        '<span itemprop="totalPaymentDue">6.993,99 €</span>',
      ].join(""),
    );
    const offers = node(read(html, "de-DE")[0]).acceptedOffer as Record<string, unknown>[];
    expect(offers.slice(1).map((item) => item.price)).toEqual(["2990.00", "1000.00", "2.990", "1.000"]);
    // Shown without a currency, a bare number keeps to the Order's (not the page region's dollars).
    const bare = order('<div itemprop="acceptedOffer" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">12.50</span></div><span itemprop="totalPaymentDue">€25.00</span>');
    const bareOffer = (node(read(bare, "en-US")[0]).acceptedOffer as Record<string, unknown>[])[1];
    expect(bareOffer).toEqual({ "@type": "https://schema.org/Offer", price: "12.50" });
  });

  it("reads each itemref'd element once per item and never follows an itemref back into an item being read", () => {
    const html = `<div itemscope itemtype="https://schema.org/Order" itemref="a a rest"><span itemprop="orderNumber">LB-1</span></div>
      <div id="a" itemprop="orderedItem" itemscope itemtype="https://schema.org/Product" itemref="a a b"><span itemprop="name">Tea</span></div>
      <span id="b" itemprop="sku">T-1</span><div id="rest"><meta itemprop="orderDate" content="2026-11-16"><span itemprop="totalPaymentDue">$12.50</span></div>`;
    expect(node(read(html)[0])).toEqual({
      "@context": "https://schema.org",
      "@type": "https://schema.org/Order",
      orderNumber: "LB-1",
      orderedItem: { "@type": "https://schema.org/Product", sku: "T-1", name: "Tea" },
      orderDate: "2026-11-16",
      totalPaymentDue: { "@type": "PriceSpecification", price: "12.50", priceCurrency: "USD" },
    });
  });

  it("reports a page that would take more elements than one read looks at as broken, rather than half read", () => {
    const items = '<div itemprop="orderedItem" itemscope itemtype="https://schema.org/Product" itemref="big"></div>'.repeat(300);
    const html = `${order(`${items}<span itemprop="totalPaymentDue">$12.50</span>`)}<div id="big">${"<span></span>".repeat(200)}</div>`;
    expect(read(html)).toMatchObject([{ kind: "broken", diagnostic: { missing: ["page"] } }]);
  });

  it("leaves a price naming another currency than the one declared for readOrders to refuse", () => {
    const html = order('<span itemprop="totalPaymentDue" itemscope itemtype="https://schema.org/PriceSpecification"><span itemprop="price">£12.50</span><meta itemprop="priceCurrency" content="USD"></span>');
    expect(interpret(read(html)[0])).toEqual({ kind: "invalid", reason: 'Order LB-1: total "£12.50" is not an amount' });
  });

  it("reads several Orders on one page, each with its status", () => {
    const html = [1, 2].map((n) => order(`<link itemprop="orderStatus" href="https://schema.org/OrderDelivered"><span itemprop="price">$12.50</span>`).replace("LB-1", `LB-${n}`)).join("");
    const readings = read(html);
    expect(readings.map((reading) => reading.kind)).toEqual(["order", "status", "order", "status"]);
    expect(interpret(readings[3])).toMatchObject({ kind: "status", tradingId: "LB-2", reports: [{ source: "shop", status: "delivered" }, { source: "delivery", status: "delivered" }] });
  });

  it("reports an Order without a total as broken", () => {
    expect(read(order(""))).toEqual([
      {
        adapter: "schema-org-microdata",
        kind: "broken",
        diagnostic: {
          adapter: "schema-org-microdata",
          page: "https://leaf-and-bean.example/checkout/complete",
          matched: { MICRODATA_ORDER: 1, MICRODATA_PROPERTY: 7 },
          missing: ["total"],
          version: "unknown",
        },
      },
    ]);
  });

  it("says nothing on a page without a schema.org Order, and never throws on deep nesting", () => {
    expect(read('<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Tea</span></div>')).toEqual([]);
    expect(read('<div itemscope itemtype="https://example.org/Order"><span itemprop="orderNumber">1</span></div>')).toEqual([]);
    const deep = `${'<div itemprop="x" itemscope>'.repeat(200)}${"</div>".repeat(200)}`;
    expect(() => read(order(deep))).not.toThrow();
  });
});
