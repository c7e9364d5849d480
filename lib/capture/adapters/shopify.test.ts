import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shopifyInterpreter } from "./shopify";
import { SHOPIFY_CHECKOUT_FIELDS, SHOPIFY_LINE_ITEM_FIELDS, shopifyAdapter } from "./shopify-page";
import { documentAt, FIXTURES, loadFixture } from "./test-fixtures";
import type { Interpreted, PageData, PageReading } from "./types";

const NOW = "2026-11-20T10:00:00.000Z";
const URL_ = "https://green-leaf.example/61000001/checkouts/0f1e2d3c4b5a69788796a5b4c3d2e1f0/thank_you";

function summaryPage({ total = "$64.87", currency = "USD", step = "Your order is confirmed", tracking = "" } = {}): string {
  return `<span class="os-order-number">Order #1001</span><h2 class="os-step__title">${step}</h2>${tracking}
    <table class="product-table"><tr class="product"><th><span class="product__description__name">Green tea</span></th>
    <td class="product__quantity"><span class="visually-hidden">3</span></td><td class="product__price"><span>$59.97</span></td></tr></table>
    <table><tfoot><tr><td class="payment-due" data-presentment-currency="${currency}">
    <span class="payment-due__currency">${currency}</span><span class="payment-due__price">${total}</span></td></tr></tfoot></table>`;
}

function checkout(overrides: Record<string, unknown> = {}): PageData {
  return {
    shopifyCheckout: {
      order_id: 5100000001001,
      order_number: 1001,
      total_price: "64.87",
      currency: "USD",
      created_at: "2026-11-16T10:30:00-05:00",
      line_items: [{ title: "Green tea", quantity: 3, price: "19.99", sku: "TEA-GREEN" }],
      ...overrides,
    },
  };
}

function read(html: string, pageData: PageData | null = null): PageReading[] {
  return shopifyAdapter.read(documentAt(html, URL_), pageData);
}

function interpret(reading: PageReading | undefined): Interpreted {
  if (reading === undefined || reading.kind === "broken") throw new Error("no reading to interpret");
  return shopifyInterpreter.interpret(reading, new URL(URL_), NOW, "UTC");
}

function orderOf(html: string, pageData: PageData | null = null) {
  const outcome = interpret(read(html, pageData)[0]);
  if (outcome.kind !== "order") throw new Error(`not an order: ${JSON.stringify(outcome)}`);
  return outcome.order;
}

describe("the Shopify adapter", () => {
  it("prefers the page's checkout data: its order number, date, total and line items", () => {
    const order = orderOf(summaryPage({ total: "$70.00" }), checkout());
    expect(order.info).toMatchObject({
      tradingId: "1001",
      orderDate: "2026-11-16T15:30:00.000Z",
      total: { minor: 6487, currency: "USD" },
      items: [{ name: "Green tea", sku: "TEA-GREEN", quantity: 3, unitPrice: { minor: 1999, currency: "USD" } }],
      adapter: "shopify",
      protocol: "tradewatch",
      endpoints: { shop: null, payment: null, delivery: null },
      shop: { origin: "https://green-leaf.example" },
    });
  });

  it("reads checkout amounts in cents (integers) as minor units", () => {
    const data = checkout({ total_price: 6487, line_items: [{ title: "Green tea", quantity: 3, price: 1999, sku: null }] });
    expect(orderOf(summaryPage(), data).info).toMatchObject({ total: { minor: 6487 }, items: [{ unitPrice: { minor: 1999 }, sku: null }] });
    expect(orderOf(summaryPage(), checkout({ total_price: "6487" })).info.total).toEqual({ minor: 6487, currency: "USD" });
  });

  it("reads integers as major units when the visible total shows them so", () => {
    const data = checkout({ total_price: 65, line_items: [{ title: "Green tea", quantity: 1, price: 65 }] });
    expect(orderOf(summaryPage({ total: "$65.00" }), data).info).toMatchObject({ total: { minor: 6500 }, items: [{ unitPrice: { minor: 6500 } }] });
  });

  it("reads a whole total beside line prices with a fraction (no cents) in the unit nearer the lines' sum", () => {
    // JSON numbers drop ".00": total 65 beside two lines at 32.5 is $65.00, not $0.65.
    const lines = [{ title: "Tea", quantity: 2, price: 32.5 }];
    expect(orderOf(summaryPage({ total: "" }), checkout({ total_price: 65, line_items: lines })).info).toMatchObject({
      total: { minor: 6500 },
      items: [{ unitPrice: { minor: 3250 } }],
    });
    // Shipping and tax move a total, not a hundredfold: 70 (with $5 shipping) is still $70.00.
    expect(orderOf(summaryPage({ total: "" }), checkout({ total_price: 70, line_items: lines })).info.total).toEqual({ minor: 7000, currency: "USD" });
    // A total in cents beside line prices in dollars (a theme's own Liquid) is read as cents.
    const cents = checkout({ total_price: 6500, line_items: [{ title: "Tea", quantity: 2, price: "32.50" }] });
    expect(orderOf(summaryPage({ total: "" }), cents).info).toMatchObject({ total: { minor: 6500 }, items: [{ unitPrice: { minor: 3250 } }] });
  });

  it("reads decimal numbers and the presentment currency", () => {
    const data = checkout({ total_price: 59.5, currency: "CAD", presentment_currency: "EUR", line_items: [{ title: "Tea", quantity: 1, price: 59.5 }] });
    expect(orderOf(summaryPage(), data).info.total).toEqual({ minor: 5950, currency: "EUR" });
  });

  it("dates an order without a creation time when it is read", () => {
    expect(orderOf(summaryPage(), checkout({ created_at: "yesterday" })).info.orderDate).toBe(NOW);
  });

  it("falls back to the visible summary when the checkout data is absent or does not read", () => {
    for (const data of [null, { shopifyCheckout: "nope" }, checkout({ total_price: "lots" })]) {
      expect(orderOf(summaryPage(), data).info).toMatchObject({
        tradingId: "1001",
        orderDate: NOW,
        total: { minor: 6487, currency: "USD" },
        items: [{ name: "Green tea", sku: null, quantity: 3, unitPrice: { minor: 1999, currency: "USD" } }],
      });
    }
  });

  it("gives the reason when neither reads", () => {
    expect(interpret(read(summaryPage({ total: "lots" }))[0])).toEqual({ kind: "invalid", reason: 'Order 1001: total "lots" is not a price' });
  });

  it("says nothing on a page that is no Shopify order page", () => {
    expect(read("<h1>Green tea</h1>")).toEqual([]);
    expect(read("<h1>Green tea</h1>", { shopifyCheckout: { token: "abc" } })).toEqual([]);
  });

  it("reports an order page whose summary lacks required fields as broken, unless the checkout data has them", () => {
    const html = '<span class="os-order-number">Order #1001</span>';
    expect(read(html)).toMatchObject([{ kind: "broken", diagnostic: { adapter: "shopify", missing: ["total", "items"], matched: { SHOPIFY_ORDER_NUMBER: 1, SHOPIFY_TOTAL: 0 } } }]);
    expect(read(html, checkout()).map((reading) => reading.kind)).toEqual(["order"]);
  });

  it.each([
    ["Your order is confirmed", "", { shop: "received" }],
    ["Your shipment is on the way", "", { shop: "shipped", delivery: "in_transit" }],
    ["Your order is out for delivery", "", { shop: "shipped", delivery: "in_transit" }],
    ["Your order has been delivered", "", { shop: "delivered", delivery: "delivered" }],
    ["Your order has been canceled", "", { shop: "cancelled" }],
    ["Order cancelled", "", { shop: "cancelled" }],
    ["Ihre Sendung ist unterwegs", '<div class="tracking-info"><a href="https://ups.example/t">1Z999AA10123456784</a></div>', { delivery: "in_transit" }],
  ])("reads the status %j", (step, tracking, expected) => {
    const outcome = interpret(read(summaryPage({ step, tracking }))[1]);
    if (outcome.kind !== "status") throw new Error(`not a status: ${JSON.stringify(outcome)}`);
    expect(outcome.tradingId).toBe("1001");
    expect(Object.fromEntries(outcome.reports.map((report) => [report.source, report.status]))).toEqual(expected);
  });

  it("reads no status from a heading it does not know", () => {
    expect(read(summaryPage({ step: "ご注文が確定しました" })).map((reading) => reading.kind)).toEqual(["order"]);
  });

  it("asks the page for the checkout's order fields only, nothing personal", () => {
    const all = [...SHOPIFY_CHECKOUT_FIELDS, ...SHOPIFY_LINE_ITEM_FIELDS];
    for (const personal of ["email", "phone", "shipping_address", "billing_address", "customer_id", "token"]) expect(all).not.toContain(personal);
    const { pageData } = loadFixture("shopify", "normal.html", URL_);
    const raw = JSON.stringify(shopifyAdapter.read(loadFixture("shopify", "normal.html", URL_).doc, pageData));
    expect(readFileSync(`${FIXTURES}/shopify/normal.html`, "utf8")).toContain("jane.doe@example.com");
    expect(raw).not.toContain("jane.doe@example.com");
    expect(raw).not.toContain("Example Street");
  });

  it("refuses readings a page could have forged", () => {
    expect(interpret({ adapter: "shopify", kind: "order", raw: "everything" })).toEqual({ kind: "invalid", reason: "A Shopify order on this page could not be read" });
    expect(interpret({ adapter: "shopify", kind: "status", raw: { orderNumber: "1001", step: "teleported", trackingNumber: null } })).toEqual({
      kind: "invalid",
      reason: "A Shopify order status on this page could not be read",
    });
  });
});

describe("a Shopify order page it cannot read", () => {
  it("says so instead of skipping it (a checkout design it does not know)", () => {
    const url = "https://tea.example/checkouts/c/0f1e2d3c4b5a6978/thank-you";
    const doc = documentAt('<html><head><script id="shopify-features" type="application/json">{}</script></head><body><main><h1>Thank you, Jane!</h1></main></body></html>', url);
    const [reading] = shopifyAdapter.read(doc, null);
    expect(reading).toMatchObject({ adapter: "shopify", kind: "broken", diagnostic: { missing: ["order number", "total"] } });
    expect(JSON.stringify(reading)).not.toContain("Jane");
    expect(shopifyAdapter.read(documentAt("<p>Green tea</p>", "https://tea.example/products/green-tea"), null)).toEqual([]);
  });
});
