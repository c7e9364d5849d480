import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../lib/domain/types";
import { deliveryReportSchema, paymentReportSchema, shopReportSchema } from "../lib/protocol/status-report";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServerClock } from "./clock";
import { listener, Waits } from "./http";
import { startReferenceServers, type ReferenceServers } from "./index";
import { shopHandler } from "./shop";
import { ReferenceStore } from "./store";
import { addMs, checkout, FREE_PORTS, jsonLd, jsonLdBlocks, placeOrder, START, statusUrl } from "./test-helpers";

const DAY = 86_400_000;
let servers: ReferenceServers;

beforeAll(async () => {
  servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
});
afterAll(() => servers.close());

describe("storefront", () => {
  it("lists four products with labelled quantity inputs and no Order document", async () => {
    const response = await fetch(`${servers.urls.shop}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    for (const [sku, name, price] of [
      ["TEA-GREEN", "Green tea", "€12.50"],
      ["MUG-STONE", "Stoneware mug", "€9.90"],
      ["TEAPOT-IRON", "Cast-iron teapot", "€34.00"],
      ["KETTLE-STEEL", "Steel kettle", "€59.00"],
    ]) {
      expect(html).toContain(`<label for="qty-${sku}">Quantity of ${name}</label>`);
      expect(html).toMatch(new RegExp(`<input type="number" id="qty-${sku}" name="qty-${sku}" value="0" min="0"`));
      expect(html).toContain(price);
    }
    expect(html).toContain('<form method="post" action="/checkout/review">');
    expect(html).toContain('<button type="submit">Review order</button>');
    expect(jsonLdBlocks(html)).toHaveLength(0);
  });
});

describe("checkout review page", () => {
  it("shows the lines and total, and a payment-due Order with no order number and no status endpoints", async () => {
    const response = await checkout(servers, { "qty-TEA-GREEN": 2, "qty-KETTLE-STEEL": 1 }, "/checkout/review");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("<h1>Review your order</h1>");
    expect(html).toContain("Green tea");
    expect(html).toContain("€84.00");
    const order = jsonLd(html);
    expect(order).toEqual({
      "@context": "https://schema.org",
      "@type": "Order",
      orderStatus: "https://schema.org/OrderPaymentDue",
      seller: { "@type": "Organization", name: "Reference Shop" },
      price: "84.00",
      priceCurrency: "EUR",
      acceptedOffer: [
        {
          "@type": "Offer",
          itemOffered: { "@type": "Product", name: "Green tea", sku: "TEA-GREEN" },
          price: "12.50",
          priceCurrency: "EUR",
          eligibleQuantity: { "@type": "QuantitativeValue", value: 2 },
        },
        {
          "@type": "Offer",
          itemOffered: { "@type": "Product", name: "Steel kettle", sku: "KETTLE-STEEL" },
          price: "59.00",
          priceCurrency: "EUR",
          eligibleQuantity: { "@type": "QuantitativeValue", value: 1 },
        },
      ],
    });
    expect(html).not.toContain("TrackAction");
    expect(html).not.toContain("orderNumber");
  });

  it("places nothing, and its Place order form places the reviewed order", async () => {
    const before = (await fetch(`${servers.urls.shop}/control/orders`).then((r) => r.json())).length;
    const html = await checkout(servers, { "qty-MUG-STONE": 3 }, "/checkout/review").then((r) => r.text());
    expect((await fetch(`${servers.urls.shop}/control/orders`).then((r) => r.json())).length).toBe(before);

    const form = /<form method="post" action="\/checkout">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
    expect(form).toContain('<button type="submit">Place order</button>');
    const fields = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((m) => [m[1] ?? "", m[2] ?? ""]),
    );
    expect(fields).toEqual({ "qty-MUG-STONE": "3" });
    const placed = await placeOrder(servers, fields);
    expect(placed.order.price).toBe("29.70");
    expect(placed.order.orderNumber).toBe(placed.tradingId);
  });

  it("refuses a form that is not valid, as checkout does", async () => {
    const response = await checkout(servers, { "qty-TEA-GREEN": 100 }, "/checkout/review");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Your order was not placed");
    const json = await fetch(`${servers.urls.shop}/checkout/review`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
  });
});

describe("checkout and confirmation page", () => {
  it("accepts an order, redirects to its confirmation page and publishes the trading information", async () => {
    const placed = await placeOrder(servers, { "qty-TEA-GREEN": 3, "qty-KETTLE-STEEL": 1, "qty-MUG-STONE": 0 });
    expect(placed.tradingId).toMatch(/^TW-\d{6}$/);
    expect(placed.html).toContain("<h1>Thank you for your order</h1>");
    expect(placed.html).toContain(placed.tradingId);
    expect(placed.html).toContain("Green tea");
    expect(placed.html).toContain("€96.50");

    const { order } = placed;
    expect(order["@context"]).toBe("https://schema.org");
    expect(order["@type"]).toBe("Order");
    expect(order.orderNumber).toBe(placed.tradingId);
    expect(Date.parse(order.orderDate)).toBeGreaterThanOrEqual(Date.parse(START));
    expect(order.orderStatus).toBe("https://schema.org/OrderProcessing");
    expect(order.seller).toEqual({ "@type": "Organization", name: "Reference Shop" });
    expect(order.price).toBe("96.50");
    expect(order.priceCurrency).toBe("EUR");
    expect(order.acceptedOffer).toEqual([
      {
        "@type": "Offer",
        itemOffered: { "@type": "Product", name: "Green tea", sku: "TEA-GREEN" },
        price: "12.50",
        priceCurrency: "EUR",
        eligibleQuantity: { "@type": "QuantitativeValue", value: 3 },
      },
      {
        "@type": "Offer",
        itemOffered: { "@type": "Product", name: "Steel kettle", sku: "KETTLE-STEEL" },
        price: "59.00",
        priceCurrency: "EUR",
        eligibleQuantity: { "@type": "QuantitativeValue", value: 1 },
      },
    ]);
    expect(order.potentialAction).toEqual([
      { "@type": "TrackAction", name: "Order status", target: `${servers.urls.shop}/api/status` },
      {
        "@type": "Action",
        name: "TradeWatch commands",
        target: `${servers.urls.shop}/api/commands`,
        tradewatchCommands: ["confirm", "cancel", "prepare", "commit", "abort", "return", "reorder"],
      },
    ]);
    expect(order.partOfInvoice).toEqual({
      "@type": "Invoice",
      paymentDueDate: addMs(order.orderDate, DAY),
      totalPaymentDue: { "@type": "PriceSpecification", price: "96.50", priceCurrency: "EUR" },
      potentialAction: { "@type": "TrackAction", name: "Payment status", target: `${servers.urls.payment}/api/status` },
    });
    expect(order.orderDelivery).toEqual({
      "@type": "ParcelDelivery",
      expectedArrivalUntil: addMs(order.orderDate, 3 * DAY),
      potentialAction: { "@type": "TrackAction", name: "Delivery status", target: `${servers.urls.delivery}/api/status` },
    });
  });

  it("numbers orders in sequence", async () => {
    const first = await placeOrder(servers, { "qty-MUG-STONE": 1 });
    const second = await placeOrder(servers, { "qty-MUG-STONE": 2 });
    expect(Number(second.tradingId.slice(3))).toBe(Number(first.tradingId.slice(3)) + 1);
  });

  it("has instructed the payment and delivery servers by the time the client is redirected (claim 28)", async () => {
    const { tradingId, order } = await placeOrder(servers, { "qty-TEAPOT-IRON": 2 });
    const ask = async (source: "shop" | "payment" | "delivery") => (await fetch(statusUrl(servers, source, tradingId))).json();

    const shop = shopReportSchema.parse(await ask("shop"));
    expect(shop).toMatchObject({ tradingId, status: "received", scheduledAt: order.orderDelivery.expectedArrivalUntil });
    expect(shop.items).toEqual([
      { sku: "TEAPOT-IRON", name: "Cast-iron teapot", quantity: 2, unitPrice: { minor: 3400, currency: "EUR" } },
    ]);
    expect(shop.total).toEqual({ minor: 6800, currency: "EUR" });

    const payment = paymentReportSchema.parse(await ask("payment"));
    expect(payment).toMatchObject({ tradingId, status: "pending", completedAt: null, amountCharged: null, charges: [], refunds: [] });
    expect(payment.scheduledAt).toBe(order.partOfInvoice.paymentDueDate);

    const delivery = deliveryReportSchema.parse(await ask("delivery"));
    expect(delivery).toMatchObject({ tradingId, status: "pending", itemsDelivered: null, trackingNumber: null, carrier: null });
    expect(delivery.scheduledAt).toBe(order.orderDelivery.expectedArrivalUntil);
  });

  it.each([
    ["nothing ordered", { "qty-TEA-GREEN": 0 }, "at least one product"],
    ["an empty form", {}, "at least one product"],
    ["a quantity above 99", { "qty-TEA-GREEN": 100 }, "from 0 to 99"],
    ["a fraction", { "qty-TEA-GREEN": "1.5" }, "whole number"],
    ["a negative quantity", { "qty-TEA-GREEN": "-1" }, "whole number"],
    ["an unknown product", { "qty-TEA-GREEN": 1, "qty-<b>": 1 }, "no product &lt;b&gt;"],
  ])("refuses %s with a readable 400 page", async (_, form, message) => {
    const before = (await fetch(`${servers.urls.shop}/control/orders`).then((r) => r.json())).length;
    const response = await checkout(servers, form);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("Your order was not placed");
    expect(html).toContain(message);
    expect((await fetch(`${servers.urls.shop}/control/orders`).then((r) => r.json())).length).toBe(before);
  });

  it("refuses an order that is not sent as a form", async () => {
    const response = await fetch(`${servers.urls.shop}/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ "qty-TEA-GREEN": 1 }),
      redirect: "manual",
    });
    expect(response.status).toBe(415);
  });

  it("answers 404 for an unknown order page and an unknown route", async () => {
    const page = await fetch(`${servers.urls.shop}/orders/TW-000000`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("There is no order TW-000000.");
    expect((await fetch(`${servers.urls.shop}/nowhere`)).status).toBe(404);
    expect((await fetch(`${servers.urls.payment}/nowhere`)).status).toBe(404);
  });

  it("shows the current status in the Order document", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    await fetch(`${servers.urls.shop}/control/orders/${tradingId}/cancel`, { method: "POST" });
    const html = await fetch(`${servers.urls.shop}/orders/${tradingId}`).then((r) => r.text());
    expect(jsonLd(html).orderStatus).toBe("https://schema.org/OrderCancelled");
  });
});

describe("escaping", () => {
  it("escapes the shop name in HTML and keeps the JSON-LD from closing its script element", async () => {
    const name = `Tea & <script>alert("x")</script> Co`;
    const other = await startReferenceServers({ ports: FREE_PORTS, shopName: name });
    try {
      const { html, order } = await placeOrder(other, { "qty-TEA-GREEN": 1 });
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("Tea &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Co");
      expect(html).toContain("\\u003c/script\\u003e");
      expect(order.seller.name).toBe(name);
      const review = await checkout(other, { "qty-TEA-GREEN": 1 }, "/checkout/review").then((r) => r.text());
      expect(review).not.toContain("<script>alert");
      expect(jsonLd(review).seller.name).toBe(name);
    } finally {
      await other.close();
    }
  });
});

describe("instructing the other servers", () => {
  it("refuses a second instruction for the same trading identifier and invalid instructions", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    const post = (url: string, body: unknown) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const again = await post(`${servers.urls.payment}/internal/payments`, {
      tradingId,
      amount: { minor: 1250, currency: "EUR" },
      dueAt: START,
    });
    expect(again.status).toBe(409);
    const invalid = await post(`${servers.urls.delivery}/internal/shipments`, { tradingId: "TW-1", items: [], expectedAt: START });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatch(/items/);
  });

  it("answers 502 when the payment server cannot be reached, and keeps no order", async () => {
    const store = new ReferenceStore();
    const refused = "http://127.0.0.1:1";
    const handler = shopHandler({
      store,
      clock: createServerClock(START),
      waits: new Waits(),
      shopName: "Lonely Shop",
      urls: () => ({ shop: refused, payment: refused, delivery: refused }),
      commands: COMMAND_NAMES,
    });
    const server = createServer(listener(handler));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/checkout`, {
        method: "POST",
        body: new URLSearchParams({ "qty-TEA-GREEN": "1" }),
        redirect: "manual",
      });
      expect(response.status).toBe(502);
      expect(await response.text()).toContain("did not take the order");
      expect(store.orders.size).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
