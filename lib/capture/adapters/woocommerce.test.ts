import { describe, expect, it } from "vitest";
import { documentAt, expectations, loadFixture } from "./test-fixtures";
import type { Interpreted, PageReading } from "./types";
import { woocommerceInterpreter } from "./woocommerce";
import { woocommerceAdapter } from "./woocommerce-page";

const NOW = "2026-11-20T10:00:00.000Z";
const RECEIVED = "https://green-leaf.example/checkout/order-received/1234/?key=wc_order_x";
const VIEW = "https://green-leaf.example/my-account/view-order/1234/";

const price = (text: string) => `<span class="woocommerce-Price-amount amount"><bdi>${text}</bdi></span>`;

function received({ overview = true, failed = false, date = "November 16, 2026", total = price("$64.87"), rows = [price("$64.87")], lang = "en-US", lines = ["$50.00", "$10.00"] } = {}): string {
  return `<html lang="${lang}"><body class="woocommerce-order-received"><div class="woocommerce-order">
    ${failed ? '<p class="woocommerce-thankyou-order-failed">Declined.</p>' : ""}
    ${overview ? `<ul class="woocommerce-order-overview"><li class="woocommerce-order-overview__order">Order number: <strong>1234</strong></li>
      ${date ? `<li class="woocommerce-order-overview__date">Date: <strong>${date}</strong></li>` : ""}
      ${total ? `<li class="woocommerce-order-overview__total">Total: <strong>${total}</strong></li>` : ""}</ul>` : ""}
    <table class="woocommerce-table woocommerce-table--order-details"><tbody>
      <tr class="woocommerce-table__line-item"><td class="woocommerce-table__product-name"><a href="/p">Teapot - Blue</a> <strong class="product-quantity">&times;&nbsp;2</strong>
        <ul class="wc-item-meta"><li>Colour: Blue</li></ul></td><td class="woocommerce-table__product-total">${price(lines[0] ?? "")}</td></tr>
      <tr class="woocommerce-table__line-item"><td class="woocommerce-table__product-name">Gift wrap <strong class="product-quantity">&times;&nbsp;3</strong></td>
        <td class="woocommerce-table__product-total">${price(lines[1] ?? "")}</td></tr>
    </tbody><tfoot>${rows.map((row) => `<tr><th>Row:</th><td>${row}</td></tr>`).join("")}</tfoot></table>
  </div></body></html>`;
}

function viewOrder({ status = "Processing", tracking = "" } = {}): string {
  return `<body class="woocommerce-account woocommerce-view-order"><div class="woocommerce-MyAccount-content">
    <p>Order #<mark class="order-number">1234</mark> was placed on <mark class="order-date">November 16, 2026</mark> and is currently <mark class="order-status">${status}</mark>.</p>
    ${tracking}</div></body>`;
}

function read(html: string, url = RECEIVED): PageReading[] {
  return woocommerceAdapter.read(documentAt(html, url), null);
}

function interpret(reading: PageReading | undefined, url = RECEIVED, { now = NOW, timeZone = "UTC" } = {}): Interpreted {
  if (reading === undefined || reading.kind === "broken") throw new Error(`no reading to interpret: ${JSON.stringify(reading)}`);
  return woocommerceInterpreter.interpret(reading, new URL(url), now, timeZone);
}

function statuses(outcome: Interpreted) {
  if (outcome.kind !== "status") throw new Error(`not a status: ${JSON.stringify(outcome)}`);
  return Object.fromEntries(outcome.reports.map((report) => [report.source, report.status]));
}

describe("the WooCommerce adapter, order received", () => {
  it("captures the overview's number, date and total and the details table's lines", () => {
    const outcome = interpret(read(received())[0]);
    expect(outcome).toMatchObject({
      kind: "order",
      order: {
        info: {
          tradingId: "1234",
          // An earlier day than the capture's: noon of it in the user's time zone (UTC here).
          orderDate: "2026-11-16T12:00:00.000Z",
          total: { minor: 6487, currency: "USD" },
          items: [
            { name: "Teapot - Blue", sku: null, quantity: 2, unitPrice: { minor: 2500, currency: "USD" } },
            { name: "Gift wrap", sku: null, quantity: 3, unitPrice: null },
          ],
          adapter: "woocommerce",
          shop: { name: "green-leaf.example", origin: "https://green-leaf.example" },
        },
      },
    });
  });

  it("reads the site's date format in its language", () => {
    const outcome = interpret(read(received({ date: "16. November 2026", total: price("64,87&nbsp;€"), lang: "de-DE", lines: ["50,00 €", "10,00 €"] }))[0]);
    expect(outcome).toMatchObject({ kind: "order", order: { info: { orderDate: "2026-11-16T12:00:00.000Z", total: { minor: 6487, currency: "EUR" } } } });
  });

  it("dates the order on the day shown in the user's time zone: at the capture time when that is today, else at noon", () => {
    const orderDate = (date: string, now: string) => {
      const outcome = interpret(read(received({ date }))[0], RECEIVED, { now, timeZone: "America/New_York" });
      return outcome.kind === "order" ? outcome.order.info.orderDate : outcome.kind;
    };
    // 10:00 on 1 December in New York; midnight UTC would be the evening of 30 November there.
    expect(orderDate("December 1, 2026", "2026-12-01T15:00:00.000Z")).toBe("2026-12-01T15:00:00.000Z");
    expect(orderDate("November 30, 2026", "2026-12-01T15:00:00.000Z")).toBe("2026-11-30T17:00:00.000Z");
  });

  it("reads a numeric date that reads both ways as the day nearer the capture, whatever the page's language", () => {
    // An en-US page of a d/m/Y site, read on 3 April in New York: not 4 March.
    const outcome = interpret(read(received({ date: "03/04/2026" }))[0], RECEIVED, { now: "2026-04-03T15:00:00.000Z", timeZone: "America/New_York" });
    expect(outcome).toMatchObject({ kind: "order", order: { info: { orderDate: "2026-04-03T15:00:00.000Z" } } });
  });

  it("reads a line with a refund as the quantity kept, its unit price from the quantity its total is for", () => {
    const { url } = expectations("woocommerce")["refunded-line.html"] ?? { url: RECEIVED };
    const { doc } = loadFixture("woocommerce", "refunded-line.html", url);
    expect(interpret(woocommerceAdapter.read(doc, null)[0], url)).toMatchObject({
      kind: "order",
      order: {
        info: {
          total: { minor: 6988, currency: "USD" },
          items: [
            { name: "Green tea", quantity: 2, unitPrice: { minor: 1999, currency: "USD" } },
            { name: "Teapot", quantity: 1, unitPrice: { minor: 2500, currency: "USD" } },
          ],
        },
      },
    });
  });

  it("gives the reason when the date, the total or an item's currency does not read", () => {
    expect(interpret(read(received({ lines: ["50,00 €", "$10.00"] }))[0])).toEqual({ kind: "invalid", reason: "Order 1234: mixed currencies (total in USD, item 1 in EUR)" });
    expect(interpret(read(received({ date: "the other day" }))[0])).toEqual({ kind: "invalid", reason: 'Order 1234: order date "the other day" is not a date' });
    expect(interpret(read(received({ total: price("a lot") }))[0])).toEqual({ kind: "invalid", reason: "Order 1234: the total is not a price" });
  });

  it("captures a failed order from the page's address and the table's last price, and marks it failed", () => {
    // Discounts have their minus before the price, refunds within it.
    const rows = [price("$60.00"), `-${price("$5.00")}`, "Credit card", price("$64.87"), price("-$64.87"), `-${price("$1.00")}`];
    const readings = read(received({ overview: false, failed: true, rows }));
    expect(interpret(readings[0])).toMatchObject({ kind: "order", order: { info: { tradingId: "1234", orderDate: NOW, total: { minor: 6487 } } } });
    expect(statuses(interpret(readings[1]))).toEqual({ shop: "cancelled", payment: "failed" });
  });

  it("reports an order page without a total as broken, with the selectors' counts only", () => {
    expect(read(received({ total: "" }))).toMatchObject([
      { kind: "broken", diagnostic: { adapter: "woocommerce", page: "https://green-leaf.example/checkout/order-received/:id/", missing: ["total"], matched: { WOO_OVERVIEW_TOTAL: 0, WOO_LINE_ITEM: 2 } } },
    ]);
    expect(read(received({ overview: false, failed: true, rows: [] }), "https://green-leaf.example/checkout/thanks")).toMatchObject([
      { kind: "broken", diagnostic: { missing: ["order number", "total"] } },
    ]);
  });

  it("says nothing on other WooCommerce pages", () => {
    expect(read('<body class="woocommerce woocommerce-page"><p class="price">$19.99</p></body>')).toEqual([]);
  });
});

describe("the WooCommerce adapter, view order", () => {
  it.each([
    ["Pending payment", { shop: "received", payment: "pending" }],
    ["On hold", { shop: "received", payment: "pending" }],
    ["Processing", { shop: "processing", payment: "settled" }],
    ["Completed", { shop: "shipped", payment: "settled" }],
    ["Cancelled", { shop: "cancelled" }],
    ["Refunded", { payment: "refunded" }],
    ["Failed", { shop: "cancelled", payment: "failed" }],
    ["In Bearbeitung", { shop: "processing", payment: "settled" }],
    ["Storniert", { shop: "cancelled" }],
  ])("reads the status %j", (status, expected) => {
    const [reading] = read(viewOrder({ status }), VIEW);
    const outcome = interpret(reading, VIEW);
    expect(outcome).toMatchObject({ tradingId: "1234" });
    expect(statuses(outcome)).toEqual(expected);
  });

  it("reads the tracking number and carrier a tracking plugin shows", () => {
    const tracking = '<table class="my_account_tracking"><tr><th class="tracking-number">Tracking number</th></tr><tr><td class="tracking-provider">DHL</td><td class="tracking-number">JJD000390007854321</td></tr></table>';
    const outcome = interpret(read(viewOrder({ status: "Estado raro", tracking }), VIEW)[0], VIEW);
    expect(outcome).toMatchObject({ kind: "status", reports: [{ source: "delivery", status: "in_transit", trackingNumber: "JJD000390007854321", carrier: "DHL" }] });
  });

  it("says nothing of a status it does not know, and reports a page without one as broken", () => {
    expect(read(viewOrder({ status: "Versandbereit" }), VIEW)).toEqual([]);
    expect(read('<body class="woocommerce-view-order"><div class="woocommerce-MyAccount-content"><p>Order #<mark class="order-number">1234</mark></p></div></body>', VIEW)).toMatchObject([
      { kind: "broken", diagnostic: { missing: ["status"], matched: { WOO_VIEW_ORDER: 1, WOO_VIEW_ORDER_NUMBER: 1, WOO_VIEW_ORDER_STATUS: 0 } } },
    ]);
  });

  it("refuses readings a page could have forged", () => {
    expect(interpret({ adapter: "woocommerce", kind: "status", raw: { orderNumber: "1234", status: "teleported" } }, VIEW)).toEqual({
      kind: "invalid",
      reason: "A WooCommerce order status on this page could not be read",
    });
    expect(interpret({ adapter: "woocommerce", kind: "order", raw: { orderNumber: "1234" } })).toMatchObject({ kind: "invalid" });
  });
});
