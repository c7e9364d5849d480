import { describe, expect, it } from "vitest";
import { statusReportSchema } from "../../protocol/status-report";
import { capturedOrder, passiveReports, quantityTextSchema, tradingIdSchema, unitPriceOf, type OrderFields } from "./interpreting";

const NOW = "2026-11-20T10:00:00.000Z";
const PAGE = new URL("https://shop.example/checkout/thanks?key=abc#top");
const FIELDS: OrderFields = {
  tradingId: "1001",
  shopName: null,
  orderDate: "2026-11-16T00:00:00.000Z",
  total: { minor: 5997, currency: "EUR" },
  items: [{ name: "Green tea", sku: null, quantity: 3, unitPrice: { minor: 1999, currency: "EUR" } }],
};

describe("capturedOrder", () => {
  it("captures the order at the page's own origin, with no endpoints or commands", () => {
    const { shopName: _, ...fields } = FIELDS;
    expect(capturedOrder("woocommerce", PAGE, NOW, FIELDS)).toEqual({
      kind: "order",
      order: {
        info: {
          ...fields,
          shop: { name: "shop.example", origin: "https://shop.example" },
          endpoints: { shop: null, payment: null, delivery: null },
          commands: null,
          adapter: "woocommerce",
          protocol: "tradewatch",
          pageUrl: "https://shop.example/checkout/thanks?key=abc",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      },
    });
    expect(capturedOrder("woocommerce", PAGE, NOW, { ...FIELDS, shopName: "Green Leaf" })).toMatchObject({ order: { info: { shop: { name: "Green Leaf" } } } });
  });

  it.each([
    ["1993-12-31T00:00:00.000Z", "before web shops"],
    ["2026-11-22T00:00:00.000Z", "more than a day ahead"],
  ])("refuses the order date %s (%s)", (orderDate) => {
    expect(capturedOrder("shopify", PAGE, NOW, { ...FIELDS, orderDate })).toEqual({
      kind: "invalid",
      reason: `Order 1001: order date ${orderDate.slice(0, 10)} is not plausible`,
    });
  });

  it("refuses items priced in another currency than the total", () => {
    const items = [...FIELDS.items, { name: "Cup", sku: null, quantity: 1, unitPrice: { minor: 500, currency: "USD" } }];
    expect(capturedOrder("shopify", PAGE, NOW, { ...FIELDS, items })).toEqual({
      kind: "invalid",
      reason: "Order 1001: mixed currencies (total in EUR, item 2 in USD)",
    });
  });
});

describe("unitPriceOf", () => {
  it("divides a line total by its quantity when it divides evenly", () => {
    expect(unitPriceOf({ minor: 5997, currency: "EUR" }, 3)).toEqual({ minor: 1999, currency: "EUR" });
    expect(unitPriceOf({ minor: 1000, currency: "EUR" }, 3)).toBeNull();
    expect(unitPriceOf(null, 1)).toBeNull();
  });
});

describe("passiveReports", () => {
  it("gives one valid report per source the page spoke for", () => {
    const reports = passiveReports("1001", NOW, { shop: "shipped", payment: "settled", delivery: "in_transit", trackingNumber: "1Z999AA10123456784", carrier: "UPS" });
    expect(reports.map((report) => [report.source, report.status])).toEqual([
      ["shop", "shipped"],
      ["payment", "settled"],
      ["delivery", "in_transit"],
    ]);
    for (const report of reports) expect(statusReportSchema.parse(report)).toEqual(report);
    expect(reports[2]).toMatchObject({ trackingNumber: "1Z999AA10123456784", carrier: "UPS", asOf: NOW, tradingId: "1001" });
  });

  it("takes a tracking number without a delivery status for a parcel in transit", () => {
    expect(passiveReports("1001", NOW, { trackingNumber: "X1" })).toMatchObject([{ source: "delivery", status: "in_transit", trackingNumber: "X1" }]);
    expect(passiveReports("1001", NOW, {})).toEqual([]);
  });
});

describe("tradingIdSchema and quantityTextSchema", () => {
  it("reads order numbers as pages show them", () => {
    expect(tradingIdSchema.parse(1001)).toBe("1001");
    expect(tradingIdSchema.parse(" A-1001 ")).toBe("A-1001");
    expect(tradingIdSchema.safeParse(" ").success).toBe(false);
    expect(tradingIdSchema.safeParse("x".repeat(201)).success).toBe(false);
  });

  it("reads quantities as pages show them", () => {
    expect(quantityTextSchema.parse("× 2")).toBe(2);
    expect(quantityTextSchema.parse(3)).toBe(3);
    expect(quantityTextSchema.parse(null)).toBe(1);
    expect(quantityTextSchema.safeParse("none").success).toBe(false);
    expect(quantityTextSchema.safeParse("0").success).toBe(false);
    expect(quantityTextSchema.safeParse("12345678").success).toBe(false);
  });
});
