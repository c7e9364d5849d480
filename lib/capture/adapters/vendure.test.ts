import { readFileSync } from "node:fs";
import { Window } from "happy-dom";
import { describe, expect, it } from "vitest";
import { applyReport } from "../../domain/reconcile";
import { newTrade } from "../../domain/trade";
import type { CapturedOrder } from "../../domain/types";
import { statusReportSchema, type DeliveryReport, type PaymentReport, type ShopReport } from "../../protocol/status-report";
import { loadFixture } from "./test-fixtures";
import { parseVendureAnswer, toMinor, vendureCapturedOrder, vendureInterpreter, vendureReports, type VendureOrder } from "./vendure";
import { SELECTORS, vendureAdapter } from "./vendure-page";

/** Real answers of Vendure 3.7 to VENDURE_ORDER_QUERY, recorded by test/vendure/record-answers.ts. */
function recorded(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/adapters/vendure/shop-api/${name}.json`, import.meta.url), "utf8"));
}

function order(name: string): VendureOrder {
  const answer = parseVendureAnswer(recorded(name));
  if (answer.kind !== "order") throw new Error(`${name} is not an order: ${JSON.stringify(answer)}`);
  return answer.order;
}

/** The recorded order with some fields changed, as Vendure could answer in states the walk did not reach. */
function variant(name: string, change: (order: VendureOrder) => void): VendureOrder {
  const copy = structuredClone(order(name));
  change(copy);
  return copy;
}

/** The recorded walk's order (authorized → settled → shipped → delivered). */
const WALK = order("authorized");
const CODE = WALK.code;
const PAGE = new URL(`https://tea.example/checkout/confirmation/${CODE}`);
const SHOP_API = "https://tea.example/shop-api";
const NOW = "2026-11-22T08:00:00.000Z";

function reports(vendureOrder: VendureOrder) {
  const all = vendureReports(vendureOrder, NOW);
  for (const report of all) expect(statusReportSchema.parse(report)).toEqual(report);
  return {
    shop: all.find((report): report is ShopReport => report.source === "shop"),
    payment: all.find((report): report is PaymentReport => report.source === "payment"),
    delivery: all.find((report): report is DeliveryReport => report.source === "delivery"),
  };
}

function captured(vendureOrder: VendureOrder): CapturedOrder {
  const result = vendureCapturedOrder(vendureOrder, PAGE, SHOP_API, NOW);
  if ("error" in result) throw new Error(result.error);
  return result;
}

describe("parseVendureAnswer", () => {
  it("reads every recorded order", () => {
    for (const name of ["authorized", "settled", "shipped", "delivered", "declined-at-capture", "first-card-declined", "refunded-cancelled"]) {
      expect(parseVendureAnswer(recorded(name)).kind, name).toBe("order");
    }
  });

  it("tells FORBIDDEN (guest window passed, or no such code) from an order that is not there", () => {
    expect(parseVendureAnswer(recorded("forbidden"))).toEqual({ kind: "forbidden" });
    expect(parseVendureAnswer({ data: { orderByCode: null } })).toEqual({ kind: "not-found" });
  });

  it.each([
    ["not an object", "text", "not a GraphQL answer"],
    ["no data", {}, "the answer has no data"],
    ["another error", { errors: [{ message: "Cannot query field \"x\"", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] }, "the shop answered an error (Cannot query field \"x\")"],
    ["a fractional amount", { data: { orderByCode: { ...order("settled"), totalWithTax: 38.5 } } }, "totalWithTax: "],
    ["an unknown currency", { data: { orderByCode: { ...order("settled"), currencyCode: "XYZ" } } }, "currencyCode: is not an ISO 4217 currency code"],
    ["a code with markup", { data: { orderByCode: { ...order("settled"), code: "<b>1</b>" } } }, "code: "],
  ])("refuses %s with a reason", (_case, json, reason) => {
    const answer = parseVendureAnswer(json);
    expect(answer.kind).toBe("invalid");
    expect(answer.kind === "invalid" && answer.reason).toContain(reason);
  });
});

describe("toMinor", () => {
  it("turns Vendure's hundredths into ISO 4217 minor units, exactly", () => {
    expect(toMinor(3800, "USD")).toBe(3800);
    // Vendure stores yen in hundredths too: ¥1,234 is 123400.
    expect(toMinor(123400, "JPY")).toBe(1234);
    expect(toMinor(123456, "JPY")).toBeNull();
    expect(toMinor(1050, "BHD")).toBe(10500);
  });
});

describe("vendureCapturedOrder", () => {
  it("captures the placed order: code, date, items and total in minor units, asked through the Shop API", () => {
    expect(captured(order("authorized"))).toEqual({
      info: {
        tradingId: CODE,
        shop: { name: "tea.example", origin: "https://tea.example" },
        orderDate: WALK.orderPlacedAt,
        items: [
          { name: "Sencha green tea", sku: "TEA-SENCHA", quantity: 2, unitPrice: { minor: 1200, currency: "USD" } },
          { name: "Stoneware mug", sku: "MUG-STONE", quantity: 1, unitPrice: { minor: 900, currency: "USD" } },
        ],
        total: { minor: 3800, currency: "USD" },
        endpoints: { shop: SHOP_API, payment: SHOP_API, delivery: SHOP_API },
        commands: null,
        adapter: "vendure",
        protocol: "vendure",
        pageUrl: PAGE.href,
        capturedAt: NOW,
      },
      paymentDueAt: null,
      expectedDeliveryAt: null,
    });
  });

  it("refuses an order that is not placed, an implausible date, and prices that are no amount", () => {
    const notPlaced = variant("authorized", (o) => {
      o.state = "ArrangingPayment";
      o.orderPlacedAt = null;
    });
    expect(vendureCapturedOrder(notPlaced, PAGE, SHOP_API, NOW)).toEqual({ error: `Order ${CODE} is not placed yet` });
    const future = variant("authorized", (o) => {
      o.orderPlacedAt = "2027-01-01T00:00:00.000Z";
    });
    expect(vendureCapturedOrder(future, PAGE, SHOP_API, NOW)).toEqual({ error: `Order ${CODE}: order date 2027-01-01 is not plausible` });
    const yen = variant("authorized", (o) => {
      o.currencyCode = "JPY";
      o.totalWithTax = 380050;
    });
    expect(vendureCapturedOrder(yen, PAGE, SHOP_API, NOW)).toEqual({ error: `Order ${CODE}: its total is not a whole amount of JPY` });
  });
});

describe("vendureReports", () => {
  it.each([
    ["authorized", "received", "authorized", "pending"],
    ["settled", "processing", "settled", "pending"],
    ["shipped", "shipped", "settled", "in_transit"],
    ["delivered", "delivered", "settled", "delivered"],
    ["declined-at-capture", "received", "failed", "pending"],
    ["first-card-declined", "received", "authorized", "pending"],
    ["refunded-cancelled", "cancelled", "refunded", "pending"],
  ])("maps the recorded %s order onto shop %s, payment %s, delivery %s", (name, shop, payment, delivery) => {
    const mapped = reports(order(name));
    expect([mapped.shop?.status, mapped.payment?.status, mapped.delivery?.status]).toEqual([shop, payment, delivery]);
    expect(mapped.shop?.tradingId).toBe(order(name).code);
    expect(mapped.shop?.asOf).toBe(NOW);
  });

  it("reports what was charged once settled, and the shop's contents", () => {
    const { shop, payment } = reports(order("settled"));
    expect(payment).toMatchObject({ amountCharged: { minor: 3800, currency: "USD" }, charges: [{ minor: 3800, currency: "USD" }], refunds: null });
    expect(payment?.completedAt).toBe(order("settled").payments[0]?.updatedAt);
    expect(shop).toMatchObject({ total: { minor: 3800, currency: "USD" }, outcome: null });
    expect(shop?.items).toHaveLength(2);
  });

  it("reports the tracking code with the fulfilment's method as carrier, and what was delivered", () => {
    expect(reports(order("shipped")).delivery).toMatchObject({ trackingNumber: "1Z999AA10123456784", carrier: "Parcel Post", itemsDelivered: null });
    expect(reports(order("delivered")).delivery).toMatchObject({
      trackingNumber: "1Z999AA10123456784",
      completedAt: order("delivered").fulfillments[0]?.updatedAt,
      itemsDelivered: [
        { sku: "TEA-SENCHA", name: "Sencha green tea", quantity: 2 },
        { sku: "MUG-STONE", name: "Stoneware mug", quantity: 1 },
      ],
    });
  });

  it("derives refunded from the settled refunds (Vendure leaves the payment Settled), and the shop's cancellation", () => {
    const refunded = order("refunded-cancelled");
    const { shop, payment } = reports(refunded);
    expect(refunded.payments[0]?.state).toBe("Settled");
    const at = refunded.payments[0]?.refunds[0]?.updatedAt;
    expect(payment).toMatchObject({ status: "refunded", refunds: [{ amount: { minor: 3200, currency: "USD" }, at }], completedAt: at });
    // The cancelled lines drop to 0: that is the cancellation, not new contents.
    expect(shop).toMatchObject({ status: "cancelled", outcome: "failed", items: null, total: null });
  });

  it("keeps a part refund settled, and counts no refund that is not paid back yet", () => {
    const part = variant("refunded-cancelled", (o) => {
      (o.payments[0]?.refunds[0] as { total: number }).total = 1000;
    });
    expect(reports(part).payment).toMatchObject({ status: "settled", refunds: [{ amount: { minor: 1000, currency: "USD" } }] });
    const pending = variant("refunded-cancelled", (o) => {
      (o.payments[0]?.refunds[0] as { state: string }).state = "Pending";
    });
    expect(reports(pending).payment).toMatchObject({ status: "settled", refunds: null });
  });

  it("says why a payment failed", () => {
    expect(reports(order("declined-at-capture")).payment).toMatchObject({ status: "failed", message: "Simulated settlement error", amountCharged: null });
  });

  it("is in transit while only part of the order was delivered", () => {
    const part = variant("delivered", (o) => {
      const fulfillment = o.fulfillments[0];
      if (fulfillment) fulfillment.lines = fulfillment.lines.slice(0, 1);
    });
    expect(reports(part).delivery).toMatchObject({ status: "in_transit", itemsDelivered: [{ sku: "TEA-SENCHA", quantity: 2 }], completedAt: null });
  });

  it("gives no report for a state of a custom process rather than guess", () => {
    const custom = variant("settled", (o) => {
      o.state = "AwaitingPickup";
    });
    expect(reports(custom).shop).toBeUndefined();
    expect(reports(custom).payment?.status).toBe("settled");
  });

  it("follows a trade through the whole walk without a warning, to completed; and a refunded one to failed", () => {
    let trade = newTrade(captured(order("authorized")), NOW);
    for (const step of ["authorized", "settled", "shipped", "delivered"]) {
      for (const report of vendureReports(order(step), NOW)) trade = applyReport(trade, report, NOW);
    }
    expect(trade.warnings).toEqual([]);
    expect(trade.lifecycle.state).toBe("completed");

    // The same order, cancelled and refunded after capture.
    const cancelled = variant("refunded-cancelled", (o) => {
      o.code = CODE;
    });
    let refunded = newTrade(captured(order("authorized")), NOW);
    for (const report of vendureReports(cancelled, NOW)) refunded = applyReport(refunded, report, NOW);
    expect(refunded.lifecycle.state).toBe("failed");
  });
});

describe("vendureInterpreter", () => {
  const interpret = (raw: unknown, page = PAGE) => vendureInterpreter.interpret({ adapter: "vendure", kind: "order", raw }, page, NOW, "UTC");

  it("asks the Shop API the page names, else the page origin's /shop-api", () => {
    expect(interpret({ code: "NS1VJAZG8LU65X5F", shopApi: "https://api.tea.example/shop-api" })).toEqual({
      kind: "fetch-order",
      protocol: "vendure",
      shopApi: "https://api.tea.example/shop-api",
      code: "NS1VJAZG8LU65X5F",
    });
    expect(interpret({ code: "NS1VJAZG8LU65X5F", shopApi: null })).toMatchObject({ shopApi: "https://tea.example/shop-api" });
  });

  it("refuses a Shop API in the user's own network named by a public page, and a reading it cannot check", () => {
    expect(interpret({ code: "NS1VJAZG8LU65X5F", shopApi: "http://192.168.1.1/shop-api" })).toEqual({
      kind: "invalid",
      reason: "Order NS1VJAZG8LU65X5F: the page names a Shop API TradeWatch does not ask",
    });
    expect(interpret({ code: "a b", shopApi: null }).kind).toBe("invalid");
    expect(interpret({ code: "NS1VJAZG8LU65X5F", shopApi: null, extra: 1 }).kind).toBe("invalid");
    expect(vendureInterpreter.interpret({ adapter: "vendure", kind: "status", raw: {} }, PAGE, NOW, "UTC").kind).toBe("invalid");
  });
});

describe("vendureAdapter", () => {
  function page(body: string, url: string, head = ""): Document {
    const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
    return new window.DOMParser().parseFromString(`<html><head>${head}</head><body>${body}</body></html>`, "text/html") as unknown as Document;
  }
  const META = '<meta name="vendure:shop-api" content="https://api.tea.example/shop-api">';

  it("finds its selectors on the committed fixtures", () => {
    const normal = loadFixture("vendure", "normal.html", "https://tea-house.example/checkout/confirmation/NS1VJAZG8LU65X5F").doc;
    expect(normal.querySelectorAll(SELECTORS.shopApi)).toHaveLength(1);
    const failed = loadFixture("vendure", "failed.html", "https://kettle-works.example/checkout/payment-failed").doc;
    expect(failed.querySelectorAll(SELECTORS.orderCode)).toHaveLength(1);
  });

  it("reads the code from the element's value, else its text, else the confirmation route", () => {
    const read = (doc: Document) => vendureAdapter.read(doc, null);
    expect(read(page('<div data-vendure-order-code="A-1">Order A-1</div>', "https://tea.example/thanks"))).toEqual([
      { adapter: "vendure", kind: "order", raw: { code: "A-1", shopApi: null } },
    ]);
    expect(read(page("<p>Order <b data-vendure-order-code> A-2 </b></p>", "https://tea.example/thanks", META))).toEqual([
      { adapter: "vendure", kind: "order", raw: { code: "A-2", shopApi: "https://api.tea.example/shop-api" } },
    ]);
    expect(read(page("<p>Thanks</p>", "https://tea.example/checkout/confirmation/2026-0042", META))).toEqual([
      { adapter: "vendure", kind: "order", raw: { code: "2026-0042", shopApi: "https://api.tea.example/shop-api" } },
    ]);
  });

  it("leaves another platform's confirmation route alone: the route counts with a Vendure sign or a Vendure-style code", () => {
    expect(vendureAdapter.read(page("<p>Thanks</p>", "https://other.example/checkout/confirmation/1042"), null)).toEqual([]);
    expect(vendureAdapter.read(page("<p>Thanks</p>", "https://other.example/checkout/confirmation/NS1VJAZG8LU65X5F"), null)).toHaveLength(1);
  });

  it("says it is broken when the shop names its Shop API unusably, rather than guess another address", () => {
    const doc = page('<b data-vendure-order-code="A-1"></b>', "https://tea.example/thanks", '<meta name="vendure:shop-api" content=" ">');
    expect(vendureAdapter.read(doc, null)).toEqual([
      {
        adapter: "vendure",
        kind: "broken",
        diagnostic: {
          adapter: "vendure",
          page: "https://tea.example/thanks",
          matched: { orderCode: 1, shopApi: 1, confirmationRoute: 0 },
          missing: ["shopApi"],
          version: "unknown",
        },
      },
    ]);
  });
});
