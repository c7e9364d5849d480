import { describe, expect, it } from "vitest";
import {
  amountMismatch,
  CHECKS,
  currencyMismatch,
  deliveredButCancelled,
  deliveryOverdue,
  evaluateWarnings,
  formatDay,
  paymentOverdue,
  quantityMismatch,
  tradingIdMismatch,
} from "./checks";
import { aTrade, NOW, plusMinutes } from "./test-trades";
import type { ItemQuantity, OrderItem, Warning } from "./types";

const YESTERDAY = "2026-11-19T10:00:00.000Z";
const TOMORROW = "2026-11-21T10:00:00.000Z";

describe("formatDay", () => {
  it("writes the UTC day in English", () => {
    expect(formatDay("2026-11-23T10:00:00Z")).toBe("23 Nov 2026");
    expect(formatDay("2026-11-23T23:30:00-02:00")).toBe("24 Nov 2026");
  });
});

describe("tradingIdMismatch", () => {
  it("warns for each source that answered about another identifier, naming both", () => {
    const trade = aTrade({ payment: { foreignTradingId: "GL-9999" }, delivery: { foreignTradingId: "X-1" } });
    expect(tradingIdMismatch(trade)).toEqual([
      {
        code: "trading-id-mismatch",
        source: "payment",
        message: "The payment service answered about order GL-9999 instead of GL-1001; its answer was not recorded",
      },
      {
        code: "trading-id-mismatch",
        source: "delivery",
        message: "The carrier answered about order X-1 instead of GL-1001; its answer was not recorded",
      },
    ]);
  });

  it("names the shop too and is quiet when every answer matched", () => {
    expect(tradingIdMismatch(aTrade({ shop: { foreignTradingId: "Z" } }))[0]?.message).toMatch(/^The shop answered/);
    expect(tradingIdMismatch(aTrade())).toEqual([]);
  });
});

describe("amountMismatch", () => {
  it("warns when a different amount was charged in the order's currency", () => {
    expect(amountMismatch(aTrade({ payment: { amountCharged: { minor: 6500, currency: "EUR" } } }))).toEqual([
      { code: "amount-mismatch", source: "payment", message: "Charged €65.00, but the order total is €59.97" },
    ]);
  });

  it.each([
    ["nothing charged yet", null],
    ["the total was charged", { minor: 5997, currency: "EUR" }],
    ["another currency was charged", { minor: 6500, currency: "USD" }],
  ])("is quiet when %s", (_, amountCharged) => {
    expect(amountMismatch(aTrade({ payment: { amountCharged } }))).toEqual([]);
  });
});

describe("currencyMismatch", () => {
  it("warns when another currency was charged", () => {
    expect(currencyMismatch(aTrade({ payment: { amountCharged: { minor: 6500, currency: "USD" } } }))).toEqual([
      {
        code: "currency-mismatch",
        source: "payment",
        message: "Charged $65.00 in USD, but the order total is €59.97 in EUR",
      },
    ]);
  });

  it.each([
    ["nothing charged yet", null],
    ["the order's currency was charged", { minor: 1, currency: "EUR" }],
  ])("is quiet when %s", (_, amountCharged) => {
    expect(currencyMismatch(aTrade({ payment: { amountCharged } }))).toEqual([]);
  });
});

describe("quantityMismatch", () => {
  const tea: OrderItem = { name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: null };
  const cups: OrderItem = { name: "Tea cup", sku: null, quantity: 2, unitPrice: null };
  const delivered = (itemsDelivered: ItemQuantity[] | null, items: OrderItem[] = [tea, cups]) =>
    quantityMismatch(aTrade({ info: { items }, delivery: { status: "delivered", itemsDelivered } }));

  it("is quiet when everything ordered was delivered, matching by sku or else by name", () => {
    expect(
      delivered([
        { sku: "GT-1", name: "Tea, green", quantity: 3 },
        { sku: "CUP-7", name: " tea CUP ", quantity: 2 },
      ]),
    ).toEqual([]);
  });

  it("reports what is short, in the example's words", () => {
    expect(delivered([{ sku: "GT-1", name: null, quantity: 1 }], [tea])).toEqual([
      { code: "quantity-mismatch", source: "delivery", message: "Delivered 1 of 3 × Green tea" },
    ]);
  });

  it("lists every difference: short, extra and not ordered", () => {
    const [warning] = delivered([
      { sku: "GT-1", name: null, quantity: 2 },
      { sku: "GT-1", name: null, quantity: 2 },
      { sku: null, name: "Black tea", quantity: 1 },
      { sku: "BT-9", name: null, quantity: 4 },
      { sku: null, name: null, quantity: 1 },
      { sku: "NONE", name: "Spoon", quantity: 0 },
    ]);
    expect(warning?.message).toBe(
      "Delivered 4 of 3 × Green tea; Delivered 0 of 2 × Tea cup; Delivered 1 × Black tea, which was not ordered; " +
        "Delivered 4 × item BT-9, which was not ordered; Delivered 1 × an unnamed item, which was not ordered",
    );
  });

  it("does not match a different sku by name, and matches a carrier entry without sku by name", () => {
    const [warning] = delivered(
      [
        { sku: "GT-2", name: "Green tea", quantity: 3 },
        { sku: null, name: "green tea", quantity: 3 },
      ],
      [tea],
    );
    expect(warning?.message).toBe("Delivered 3 × Green tea, which was not ordered");
  });

  it("adds up order lines of the same item", () => {
    expect(delivered([{ sku: "GT-1", name: null, quantity: 5 }], [tea, { ...tea, quantity: 2 }])).toEqual([]);
    expect(
      delivered([{ sku: null, name: "Tea cup", quantity: 2 }], [cups, { ...cups, name: "TEA CUP", quantity: 1 }])[0]
        ?.message,
    ).toBe("Delivered 2 of 3 × Tea cup");
  });

  it("waits for a delivered parcel with reported quantities", () => {
    expect(quantityMismatch(aTrade({ delivery: { status: "in_transit", itemsDelivered: [] } }))).toEqual([]);
    expect(quantityMismatch(aTrade({ delivery: { status: "delivered", itemsDelivered: null } }))).toEqual([]);
  });
});

describe("deliveredButCancelled", () => {
  it("warns when the carrier delivered a cancelled order, with the date when known", () => {
    const trade = aTrade({
      shop: { status: "cancelled" },
      delivery: { status: "delivered", completedAt: "2026-11-18T15:00:00Z" },
    });
    expect(deliveredButCancelled(trade)).toEqual([
      {
        code: "delivered-but-cancelled",
        source: "delivery",
        message: "The shop cancelled the order, but the carrier delivered it on 18 Nov 2026",
      },
    ]);
    expect(
      deliveredButCancelled(aTrade({ shop: { status: "cancelled" }, delivery: { status: "delivered" } }))[0]?.message,
    ).toBe("The shop cancelled the order, but the carrier delivered it");
  });

  it("warns when the shop gave a delivery date before cancelling", () => {
    const trade = aTrade({ shop: { status: "cancelled", completedAt: "2026-11-18T15:00:00Z" } });
    expect(deliveredButCancelled(trade)).toEqual([
      {
        code: "delivered-but-cancelled",
        source: "delivery",
        message: "The shop cancelled the order after reporting it delivered on 18 Nov 2026",
      },
    ]);
  });

  it.each([
    [
      "the order is not cancelled",
      { status: "delivered" as const, completedAt: YESTERDAY },
      { status: "delivered" as const },
    ],
    ["the parcel came back", { status: "cancelled" as const }, { status: "returned" as const }],
    ["nothing was delivered", { status: "cancelled" as const }, { status: "in_transit" as const }],
  ])("is quiet when %s", (_, shop, delivery) => {
    expect(deliveredButCancelled(aTrade({ shop, delivery }))).toEqual([]);
  });
});

describe("paymentOverdue", () => {
  it("warns when the due date passed without final payment", () => {
    expect(paymentOverdue(aTrade({ payment: { scheduledAt: YESTERDAY, status: "authorized" } }), NOW)).toEqual([
      { code: "payment-overdue", source: "payment", message: "Payment was due on 19 Nov 2026 and is still authorized" },
    ]);
    expect(paymentOverdue(aTrade({ payment: { scheduledAt: YESTERDAY } }), NOW)[0]?.message).toBe(
      "Payment was due on 19 Nov 2026 and has not been reported yet",
    );
  });

  it.each([
    ["no due date", { scheduledAt: null }, null],
    ["a due date in the future", { scheduledAt: TOMORROW }, null],
    ["a due date of exactly now", { scheduledAt: NOW }, null],
    ["settled", { scheduledAt: YESTERDAY, status: "settled" as const }, null],
    ["refunded", { scheduledAt: YESTERDAY, status: "refunded" as const }, null],
    ["failed", { scheduledAt: YESTERDAY, status: "failed" as const }, null],
    ["a cancelled order", { scheduledAt: YESTERDAY, status: "pending" as const }, "cancelled" as const],
  ])("is quiet with %s", (_, payment, shopStatus) => {
    expect(paymentOverdue(aTrade({ payment, shop: { status: shopStatus } }), NOW)).toEqual([]);
  });
});

describe("deliveryOverdue", () => {
  it("warns when the expected date passed without delivery", () => {
    expect(deliveryOverdue(aTrade({ delivery: { scheduledAt: YESTERDAY, status: "in_transit" } }), NOW)).toEqual([
      {
        code: "delivery-overdue",
        source: "delivery",
        message: "Delivery was expected by 19 Nov 2026 and is still in transit",
      },
    ]);
    expect(deliveryOverdue(aTrade({ delivery: { scheduledAt: YESTERDAY } }), NOW)[0]?.message).toBe(
      "Delivery was expected by 19 Nov 2026 and has not been reported yet",
    );
  });

  it.each([
    ["no expected date", { scheduledAt: null }, null],
    ["an expected date in the future", { scheduledAt: TOMORROW }, null],
    ["delivered", { scheduledAt: YESTERDAY, status: "delivered" as const }, null],
    ["returned", { scheduledAt: YESTERDAY, status: "returned" as const }, null],
    ["a cancelled order", { scheduledAt: YESTERDAY, status: "pending" as const }, "cancelled" as const],
  ])("is quiet with %s", (_, delivery, shopStatus) => {
    expect(deliveryOverdue(aTrade({ delivery, shop: { status: shopStatus } }), NOW)).toEqual([]);
  });
});

describe("evaluateWarnings", () => {
  const troubled = aTrade({
    payment: { amountCharged: { minor: 6500, currency: "EUR" }, scheduledAt: YESTERDAY },
    delivery: { foreignTradingId: "GL-2" },
  });

  it("runs every check and stamps new warnings with now", () => {
    expect(CHECKS).toHaveLength(7);
    expect(evaluateWarnings(troubled, NOW).map((w) => [w.code, w.source, w.firstSeenAt])).toEqual([
      ["trading-id-mismatch", "delivery", NOW],
      ["amount-mismatch", "payment", NOW],
      ["payment-overdue", "payment", NOW],
    ]);
  });

  it("keeps when a warning of the same code and source was first seen, with the current message", () => {
    const earlier = plusMinutes(NOW, -30);
    const known: Warning[] = [
      { code: "amount-mismatch", source: "payment", message: "Charged €60.00, but…", firstSeenAt: earlier },
      { code: "trading-id-mismatch", source: "shop", message: "old", firstSeenAt: earlier },
      { code: "delivery-overdue", source: "delivery", message: "gone", firstSeenAt: earlier },
    ];
    const warnings = evaluateWarnings({ ...troubled, warnings: known }, NOW);
    expect(warnings.map((w) => [w.code, w.source, w.firstSeenAt])).toEqual([
      ["trading-id-mismatch", "delivery", NOW],
      ["amount-mismatch", "payment", earlier],
      ["payment-overdue", "payment", NOW],
    ]);
    expect(warnings[1]?.message).toBe("Charged €65.00, but the order total is €59.97");
  });

  it("gives no warning for a trade in order", () => {
    expect(evaluateWarnings(aTrade(), NOW)).toEqual([]);
  });
});
