import { describe, expect, it } from "vitest";
import {
  amountMismatch,
  chargedTwice,
  CHECKS,
  contentsChanged,
  currencyMismatch,
  deliveredButCancelled,
  deliveryOverdue,
  evaluateWarnings,
  paidNotShipped,
  paymentOverdue,
  quantityMismatch,
  REFUND_GRACE_MS,
  refundAbovePaid,
  refundMissing,
  refundShort,
  returnRefundOverdue,
  shippedButDeclined,
  stale,
  STALE_AFTER_MS,
  statusBackwards,
  trackingInvalid,
  tradingIdMismatch,
  unorderedItems,
  updateWarnings,
} from "./checks";
import { aReturn, aTrade, aWarning, NOW, plusMinutes } from "./test-trades";
import type { TradeOverrides } from "./test-trades";
import { WARNING_CODES } from "./types";
import type { DeliveryStatus, ItemQuantity, Money, OrderItem, Warning } from "./types";

const YESTERDAY = "2026-11-19T10:00:00.000Z";
const TOMORROW = "2026-11-21T10:00:00.000Z";

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

  it("lists every ordered item delivered short or in excess, leaving unordered items to their own check", () => {
    const [warning] = delivered([
      { sku: "GT-1", name: null, quantity: 2 },
      { sku: "GT-1", name: null, quantity: 2 },
      { sku: null, name: "Black tea", quantity: 1 },
    ]);
    expect(warning?.message).toBe("Delivered 4 of 3 × Green tea; Delivered 0 of 2 × Tea cup");
    const withUnordered = [
      { sku: "GT-1", name: null, quantity: 3 },
      { sku: "BT-9", name: null, quantity: 4 },
    ];
    expect(delivered(withUnordered, [tea])).toEqual([]);
  });

  it("does not match a different sku by name", () => {
    const [warning] = delivered([{ sku: "GT-2", name: "Green tea", quantity: 3 }], [tea]);
    expect(warning?.message).toBe("Delivered 0 of 3 × Green tea");
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

describe("unorderedItems", () => {
  const tea: OrderItem = { name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: null };
  const unordered = (itemsDelivered: ItemQuantity[] | null, status: DeliveryStatus = "delivered") =>
    unorderedItems(aTrade({ info: { items: [tea] }, delivery: { status, itemsDelivered } }));

  it("lists every item handed over that was not ordered, however it is named", () => {
    expect(
      unordered([
        { sku: "GT-1", name: null, quantity: 3 },
        { sku: null, name: "Black tea", quantity: 1 },
        { sku: "BT-9", name: null, quantity: 4 },
        { sku: null, name: null, quantity: 1 },
        { sku: "GT-2", name: "Green tea", quantity: 1 },
      ]),
    ).toEqual([
      {
        code: "unordered-items",
        source: "delivery",
        message:
          "Delivered 1 × Black tea, which was not ordered; Delivered 4 × item BT-9, which was not ordered; " +
          "Delivered 1 × an unnamed item, which was not ordered; Delivered 1 × Green tea, which was not ordered",
      },
    ]);
  });

  it("does not wait for the parcel to be complete", () => {
    expect(unordered([{ sku: "X", name: "Spoon", quantity: 1 }], "in_transit")[0]?.code).toBe("unordered-items");
  });

  it("is quiet for ordered items, zero quantities and no report", () => {
    expect(unordered([{ sku: null, name: " green TEA", quantity: 5 }])).toEqual([]);
    expect(unordered([{ sku: "NONE", name: "Spoon", quantity: 0 }])).toEqual([]);
    expect(unordered(null)).toEqual([]);
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
        message: "The shop cancelled the order, but the carrier delivered it on Nov 18, 2026",
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
        message: "The shop cancelled the order after reporting it delivered on Nov 18, 2026",
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
      { code: "payment-overdue", source: "payment", message: "Payment was due on Nov 19, 2026 and is still authorized" },
    ]);
    expect(paymentOverdue(aTrade({ payment: { scheduledAt: YESTERDAY } }), NOW)[0]?.message).toBe(
      "Payment was due on Nov 19, 2026 and has not been reported yet",
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

  it("is quiet once the shop cancelled in answer to a cancel command, before its status says so", () => {
    const trade = aTrade({ payment: { scheduledAt: YESTERDAY, status: "pending" }, shop: { status: "received", outcome: "failed" } });
    expect(paymentOverdue(trade, NOW)).toEqual([]);
  });
});

describe("deliveryOverdue", () => {
  it("warns when the expected date passed without delivery", () => {
    expect(deliveryOverdue(aTrade({ delivery: { scheduledAt: YESTERDAY, status: "in_transit" } }), NOW)).toEqual([
      {
        code: "delivery-overdue",
        source: "delivery",
        message: "Delivery was expected by Nov 19, 2026 and is still in transit",
      },
    ]);
    expect(deliveryOverdue(aTrade({ delivery: { scheduledAt: YESTERDAY } }), NOW)[0]?.message).toBe(
      "Delivery was expected by Nov 19, 2026 and has not been reported yet",
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

  it("is quiet when the shop says delivered and no carrier reports", () => {
    const trade = aTrade({ delivery: { scheduledAt: YESTERDAY }, shop: { status: "delivered" }, payment: { status: "authorized" } });
    expect(deliveryOverdue(trade, NOW)).toEqual([]);
  });

  it("is quiet once the shop cancelled in answer to a cancel command, before its status says so", () => {
    const trade = aTrade({ delivery: { scheduledAt: YESTERDAY }, shop: { status: "received", outcome: "failed" } });
    expect(deliveryOverdue(trade, NOW)).toEqual([]);
  });
});

const eur = (minor: number): Money => ({ minor, currency: "EUR" });
const TOTAL = 5997;
const DAY_MINUTES = 24 * 60;
/** A cancellation or return known for longer than the refund grace period. */
const LONG_AGO = plusMinutes(NOW, -8 * DAY_MINUTES);

describe("returnRefundOverdue", () => {
  const due = aReturn({
    requestedAt: LONG_AGO,
    items: [{ sku: "GT-1", name: "Green tea", quantity: 2 }],
    status: "accepted",
    refundAmount: eur(3998),
    refundDueBy: YESTERDAY,
  });
  const refund = (minor: number, at = NOW) => ({ amount: eur(minor), at });

  it("warns when the promised refund has not arrived by its date, naming the date and what is missing", () => {
    const trade = aTrade({ payment: { status: "settled", refunds: [refund(1000)] }, returns: [due] });
    expect(returnRefundOverdue(trade, NOW)).toEqual([
      {
        code: "return-refund-overdue",
        source: "payment",
        message: "The refund of €39.98 for the returned Green tea ×2 was due by Nov 19, 2026; €29.98 has not arrived",
      },
    ]);
  });

  it("counts a received return too, and every late return in one warning", () => {
    const mug = { ...due, key: "k2", items: [{ sku: null, name: "Mug", quantity: 1 }], status: "received" as const, refundAmount: eur(500) };
    const message = returnRefundOverdue(aTrade({ returns: [due, mug] }), NOW)[0]?.message;
    expect(message).toBe(
      "The refund of €39.98 for the returned Green tea ×2 was due by Nov 19, 2026; €39.98 has not arrived; " +
        "The refund of €5.00 for the returned Mug ×1 was due by Nov 19, 2026; €5.00 has not arrived",
    );
  });

  it.each([
    ["before the date", aTrade({ returns: [{ ...due, refundDueBy: TOMORROW }] })],
    ["once refunded in full", aTrade({ payment: { refunds: [refund(1999), refund(1999)] }, returns: [due] })],
    ["for a return still being requested, refused, failed or refunded", aTrade({
      returns: (["requesting", "refused", "failed", "refunded"] as const).map((status, i) => ({ ...due, key: `k${i}`, status })),
    })],
    ["without a promised amount or date", aTrade({ returns: [{ ...due, refundAmount: null }, { ...due, key: "k2", refundDueBy: null }] })],
  ])("is quiet %s", (_, trade) => {
    expect(returnRefundOverdue(trade, NOW)).toEqual([]);
  });

  it("does not count refunds paid before the return was requested, nor in another currency", () => {
    const early = refund(3998, plusMinutes(LONG_AGO, -1));
    const dollars = { amount: { minor: 3998, currency: "USD" }, at: NOW };
    const trade = aTrade({ payment: { refunds: [early, dollars] }, returns: [due] });
    expect(returnRefundOverdue(trade, NOW)).toHaveLength(1);
  });
});

describe("chargedTwice", () => {
  it("warns when two or more charges add up to more than the total", () => {
    const trade = aTrade({ payment: { status: "settled", charges: [eur(TOTAL), eur(TOTAL)] } });
    expect(chargedTwice(trade)).toEqual([
      {
        code: "charged-twice",
        source: "payment",
        message: "Charged 2 times (€59.97 + €59.97 = €119.94) for an order total of €59.97",
      },
    ]);
  });

  it("takes the place of amount-mismatch when the amount charged is their sum", () => {
    const trade = aTrade({ payment: { charges: [eur(TOTAL), eur(TOTAL)], amountCharged: eur(2 * TOTAL) } });
    expect(evaluateWarnings(trade, NOW).map((w) => w.code)).toEqual(["charged-twice"]);
  });

  it.each([
    ["a single charge above the total", [eur(6500)], null],
    ["split charges adding up to the total", [eur(2000), eur(3997)], null],
    ["a double charge paid back", [eur(TOTAL), eur(TOTAL)], [{ amount: eur(TOTAL), at: NOW }]],
    ["charges in another currency", [{ minor: TOTAL, currency: "USD" }, { minor: TOTAL, currency: "USD" }], null],
    ["no charges listed", null, null],
    ["charges adding up past an exact sum", [eur(Number.MAX_SAFE_INTEGER), eur(2)], null],
  ])("is quiet with %s", (_, charges, refunds) => {
    expect(chargedTwice(aTrade({ payment: { charges, refunds } }))).toEqual([]);
  });
});

describe("money charged net of refunds", () => {
  const codes = (payment: TradeOverrides["payment"]) => evaluateWarnings(aTrade({ payment }), NOW).map((w) => w.code);

  it("clears the double charge once the extra charge was refunded, raising no amount-mismatch", () => {
    const charges = [eur(TOTAL), eur(TOTAL)];
    expect(codes({ status: "settled", charges, amountCharged: eur(2 * TOTAL) })).toEqual(["charged-twice"]);
    expect(codes({ status: "settled", charges, amountCharged: eur(2 * TOTAL), refunds: [{ amount: eur(TOTAL), at: NOW }] })).toEqual([]);
  });

  it("keeps an overcharge until the refunds bring it back to the total", () => {
    const overcharged = { status: "settled" as const, amountCharged: eur(6500) };
    expect(amountMismatch(aTrade({ payment: { ...overcharged, refunds: [{ amount: eur(300), at: NOW }] } }))).toEqual([
      { code: "amount-mismatch", source: "payment", message: "Charged €65.00, but the order total is €59.97" },
    ]);
    expect(codes({ ...overcharged, refunds: [{ amount: eur(6500 - TOTAL), at: NOW }] })).toEqual([]);
    // Refunded in full (cancelled): no amount is at odds with the total any more.
    expect(codes({ ...overcharged, refunds: [{ amount: eur(6500), at: NOW }] })).toEqual([]);
  });

  it("still warns about less charged than the total", () => {
    expect(codes({ status: "settled", amountCharged: eur(5000) })).toEqual(["amount-mismatch"]);
  });
});

describe("charges in other currencies than the order's", () => {
  const usd = (minor: number): Money => ({ minor, currency: "USD" });

  it("warns about a charge in another currency besides the order total in its own", () => {
    const trade = aTrade({ payment: { status: "settled", charges: [eur(TOTAL), usd(6500)] } });
    expect(evaluateWarnings(trade, NOW).map(({ code, message }) => ({ code, message }))).toEqual([
      { code: "currency-mismatch", message: "Charged $65.00 in USD besides €59.97 in EUR, for an order total of €59.97" },
    ]);
  });

  it("names every foreign charge and currency", () => {
    const trade = aTrade({ payment: { charges: [usd(6500), { minor: 300, currency: "GBP" }] } });
    expect(currencyMismatch(trade)[0]?.message).toBe("Charged $65.00 and £3.00 in USD and GBP, but the order total is €59.97 in EUR");
  });

  it("counts what was paid in the order's currency for the refund checks", () => {
    const trade = aTrade({ payment: { status: "settled", charges: [eur(TOTAL), usd(100)], refunds: [{ amount: eur(7000), at: NOW }] } });
    expect(refundAbovePaid(trade)[0]?.message).toBe("Refunded €70.00, more than the €59.97 paid");
  });
});

describe("refund checks", () => {
  const cancelled = (payment: TradeOverrides["payment"], asOf = LONG_AGO): TradeOverrides => ({
    shop: { status: "cancelled", asOf },
    payment: { status: "settled", amountCharged: eur(TOTAL), ...payment },
  });

  it("warns that nothing was refunded a week after a cancellation", () => {
    expect(refundMissing(aTrade(cancelled({})), NOW)).toEqual([
      {
        code: "refund-missing",
        source: "payment",
        message: "Nothing of the €59.97 paid was refunded, though the shop cancelled the order on Nov 12, 2026",
      },
    ]);
  });

  it("warns after a returned parcel too, counting the charges listed", () => {
    const trade = aTrade({
      delivery: { status: "returned", asOf: LONG_AGO },
      payment: { status: "authorized", charges: [eur(TOTAL)] },
    });
    expect(refundMissing(trade, NOW)[0]?.message).toBe(
      "Nothing of the €59.97 paid was refunded, though the parcel was returned on Nov 12, 2026",
    );
  });

  it("gives the refund a grace period from when the cancellation became known", () => {
    const justCancelled = aTrade(cancelled({}, plusMinutes(NOW, -1)));
    expect(refundMissing(justCancelled, NOW)).toEqual([]);
    const atGraceEnd = new Date(Date.parse(LONG_AGO) + REFUND_GRACE_MS).toISOString();
    expect(refundMissing(aTrade(cancelled({}, LONG_AGO)), atGraceEnd)).toEqual([]);
    expect(refundMissing(aTrade(cancelled({}, LONG_AGO)), plusMinutes(atGraceEnd, 1))).toHaveLength(1);
  });

  it("warns about a refund short of what was paid", () => {
    const trade = aTrade(cancelled({ refunds: [{ amount: eur(2000), at: NOW }, { amount: eur(1000), at: NOW }] }));
    expect(refundShort(trade, NOW)).toEqual([
      {
        code: "refund-short",
        source: "payment",
        message: "Only €30.00 of the €59.97 paid was refunded, though the shop cancelled the order on Nov 12, 2026",
      },
    ]);
    expect(refundMissing(trade, NOW)).toEqual([]);
  });

  it.each([
    ["the order is not cancelled nor returned", { shop: { status: "shipped" as const } }],
    ["nothing was paid", cancelled({ status: "pending", amountCharged: null })],
    ["the payment was only authorized", cancelled({ status: "authorized" })],
    ["the payment service says refunded", cancelled({ status: "refunded" })],
    ["the whole amount was refunded", cancelled({ refunds: [{ amount: eur(TOTAL), at: NOW }] })],
  ])("expects no refund when %s", (_, overrides) => {
    const trade = aTrade(overrides);
    expect([...refundMissing(trade, NOW), ...refundShort(trade, NOW)]).toEqual([]);
  });

  it("raises no refund warning from refunds adding up past an exact sum", () => {
    const MAX_REFUND = { amount: eur(Number.MAX_SAFE_INTEGER), at: NOW };
    const trade = aTrade(cancelled({ charges: [eur(TOTAL)], refunds: [MAX_REFUND, MAX_REFUND] }));
    expect([...refundMissing(trade, NOW), ...refundShort(trade, NOW), ...refundAbovePaid(trade)]).toEqual([]);
    // The same refunds, one of them small enough to sum exactly, are more than was paid.
    const exact = aTrade(cancelled({ charges: [eur(TOTAL)], refunds: [MAX_REFUND] }));
    expect(refundAbovePaid(exact).map((w) => w.code)).toEqual(["refund-above-paid"]);
  });

  it("warns at any time about more refunded than paid", () => {
    const trade = aTrade({
      payment: { status: "settled", charges: [eur(TOTAL)], refunds: [{ amount: eur(7000), at: NOW }] },
    });
    expect(refundAbovePaid(trade)).toEqual([
      { code: "refund-above-paid", source: "payment", message: "Refunded €70.00, more than the €59.97 paid" },
    ]);
    expect(refundShort(trade, NOW)).toEqual([]);
  });

  it.each([
    ["the refund equals what was paid", [{ amount: eur(TOTAL), at: NOW }], "settled" as const],
    ["refunds are not itemised", null, "refunded" as const],
    ["the refund is in another currency", [{ amount: { minor: 9000, currency: "USD" }, at: NOW }], "settled" as const],
  ])("is quiet about refunds when %s", (_, refunds, status) => {
    expect(refundAbovePaid(aTrade({ payment: { status, amountCharged: eur(TOTAL), refunds } }))).toEqual([]);
  });
});

describe("paidNotShipped", () => {
  const paid = { status: "settled" as const, completedAt: "2026-11-17T08:00:00Z", amountCharged: eur(TOTAL) };

  it("warns when paid but not shipped by the expected delivery date, instead of delivery-overdue", () => {
    const trade = aTrade({ payment: paid, delivery: { status: "pending", scheduledAt: YESTERDAY } });
    expect(paidNotShipped(trade, NOW)).toEqual([
      {
        code: "paid-not-shipped",
        source: "delivery",
        message: "Paid on Nov 17, 2026, but not shipped though delivery was expected by Nov 19, 2026",
      },
    ]);
    expect(deliveryOverdue(trade, NOW)).toEqual([]);
    expect(evaluateWarnings(trade, NOW).map((w) => w.code)).toEqual(["paid-not-shipped"]);
  });

  it("leaves a parcel on its way to delivery-overdue", () => {
    const trade = aTrade({ payment: paid, delivery: { status: "in_transit", scheduledAt: YESTERDAY } });
    expect(paidNotShipped(trade, NOW)).toEqual([]);
    expect(deliveryOverdue(trade, NOW)).toHaveLength(1);
  });

  it.each([
    ["not paid", { payment: { status: "authorized" as const }, delivery: { scheduledAt: YESTERDAY } }],
    ["before the expected date", { payment: paid, delivery: { scheduledAt: TOMORROW } }],
    ["without an expected date", { payment: paid }],
    [
      "the shop says shipped",
      { payment: paid, shop: { status: "shipped" as const }, delivery: { scheduledAt: YESTERDAY } },
    ],
    ["cancelled", { payment: paid, shop: { status: "cancelled" as const }, delivery: { scheduledAt: YESTERDAY } }],
  ])("is quiet when %s", (_, overrides) => {
    expect(paidNotShipped(aTrade(overrides), NOW)).toEqual([]);
  });
});

describe("shippedButDeclined", () => {
  it("warns when goods left the shop though the payment failed", () => {
    const trade = aTrade({ payment: { status: "failed" }, delivery: { status: "in_transit" } });
    expect(shippedButDeclined(trade)).toEqual([
      { code: "shipped-but-declined", source: "payment", message: "The payment failed, but the order was shipped" },
    ]);
    const delivered = aTrade({ payment: { status: "failed" }, shop: { status: "delivered" } });
    expect(shippedButDeclined(delivered)[0]?.message).toBe("The payment failed, but the order was delivered");
    expect(shippedButDeclined(aTrade({ payment: { status: "failed" }, shop: { status: "shipped" } }))).toHaveLength(1);
  });

  it.each([
    ["the payment did not fail", "settled" as const, "in_transit" as const],
    ["nothing was shipped", "failed" as const, "pending" as const],
    ["the parcel came back", "failed" as const, "returned" as const],
  ])("is quiet when %s", (_, paymentStatus, deliveryStatus) => {
    const trade = aTrade({ payment: { status: paymentStatus }, delivery: { status: deliveryStatus } });
    expect(shippedButDeclined(trade)).toEqual([]);
  });
});

describe("contentsChanged", () => {
  const tea: OrderItem = { name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: eur(1999) };
  const cups: OrderItem = { name: "Tea cup", sku: null, quantity: 2, unitPrice: eur(500) };
  const changed = (reportedItems: OrderItem[] | null, reportedTotal: Money | null = null) =>
    contentsChanged(
      aTrade({ info: { items: [tea, cups], total: eur(6997) }, shop: { reportedItems, reportedTotal } }),
    );

  it("lists items removed, added, and quantities, prices and the total changed", () => {
    expect(
      changed(
        [
          { ...tea, quantity: 2, unitPrice: eur(2499) },
          { name: "Black tea", sku: "BT-9", quantity: 1, unitPrice: null },
        ],
        eur(6097),
      ),
    ).toEqual([
      {
        code: "contents-changed",
        source: "shop",
        message:
          "The shop changed the order after it was placed: Green tea quantity 3 → 2; " +
          "Green tea price €19.99 → €24.99; removed Tea cup; added 1 × Black tea; total €69.97 → €60.97",
      },
    ]);
  });

  it("is quiet when the shop reports the same contents, however it splits or names the lines", () => {
    const split = [{ ...tea, quantity: 1 }, { ...tea, quantity: 2 }, { ...cups, name: "tea cup" }];
    expect(changed(split, eur(6997))).toEqual([]);
    expect(changed([tea, { ...cups, unitPrice: null }])).toEqual([]);
    expect(changed(null)).toEqual([]);
  });

  it("notices a total changed without items", () => {
    expect(changed(null, { minor: 6997, currency: "USD" })[0]?.message).toBe(
      "The shop changed the order after it was placed: total €69.97 → $69.97",
    );
  });
});

describe("statusBackwards", () => {
  it("warns for each source whose status moved back", () => {
    const trade = aTrade({
      delivery: { status: "in_transit", regressedFrom: "delivered" },
      shop: { status: "processing", regressedFrom: "shipped" },
    });
    expect(statusBackwards(trade)).toEqual([
      {
        code: "status-backwards",
        source: "shop",
        message: "The shop's status went back from shipped to processing",
      },
      {
        code: "status-backwards",
        source: "delivery",
        message: "The carrier's status went back from delivered to in transit",
      },
    ]);
    expect(statusBackwards(aTrade({ delivery: { status: "delivered" } }))).toEqual([]);
  });
});

describe("trackingInvalid", () => {
  it("warns when the number is not valid for the carrier named", () => {
    const trade = aTrade({ delivery: { trackingNumber: "1Z999AA10123456785", carrier: "UPS" } });
    expect(trackingInvalid(trade)).toEqual([
      {
        code: "tracking-invalid",
        source: "delivery",
        message: "Tracking number 1Z999AA10123456785 is not a valid UPS tracking number",
      },
    ]);
  });

  it("warns with no carrier named when the number is plainly one carrier's and fails its check digit", () => {
    const trade = aTrade({ delivery: { trackingNumber: "1Z999AA10123456785", carrier: null } });
    expect(trackingInvalid(trade).map((w) => w.message)).toEqual([
      "Tracking number 1Z999AA10123456785 is not a valid UPS tracking number",
    ]);
  });

  it.each([
    ["a valid number", "1Z999AA10123456784", "UPS"],
    ["no carrier named and a number of no known carrier", "TRK-GL-1001", null],
    ["a carrier it cannot check", "1Z999AA10123456785", "Parcel Express"],
    ["no number", null, "UPS"],
  ])("is quiet with %s", (_, trackingNumber, carrier) => {
    expect(trackingInvalid(aTrade({ delivery: { trackingNumber, carrier } }))).toEqual([]);
  });
});

describe("stale", () => {
  const CAPTURED = "2026-10-01T00:00:00.000Z";
  const quietSince = (lastChangedAt: string | null) =>
    aTrade({ info: { capturedAt: CAPTURED }, delivery: { status: "in_transit", lastChangedAt } });
  const afterStale = (from: string, minutes: number) =>
    new Date(Date.parse(from) + STALE_AFTER_MS + minutes * 60_000).toISOString();

  it("notices a source still watched that said nothing new for 30 days", () => {
    const lastChange = "2026-10-10T00:00:00.000Z";
    const trade = aTrade({
      info: { capturedAt: CAPTURED },
      shop: { status: "shipped", lastChangedAt: "2026-11-01T00:00:00.000Z" },
      payment: { status: "settled" },
      delivery: { status: "in_transit", lastChangedAt: lastChange },
    });
    expect(stale(trade, afterStale(lastChange, 1))).toEqual([
      { code: "stale", source: "delivery", message: "The carrier has reported nothing new since Oct 10, 2026" },
    ]);
    expect(stale(trade, afterStale(lastChange, 0))).toEqual([]);
  });

  it("counts from capture for a source that never changed", () => {
    const trade = aTrade({ info: { capturedAt: CAPTURED }, payment: { status: "settled" } });
    expect(stale(trade, afterStale(CAPTURED, 1)).map((w) => [w.source, w.message])).toEqual([
      ["shop", "The shop has reported nothing since the order was captured on Oct 1, 2026"],
      ["delivery", "The carrier has reported nothing since the order was captured on Oct 1, 2026"],
    ]);
  });

  it("does not watch final sources, sources without an endpoint or finished trades", () => {
    const late = afterStale(CAPTURED, 60);
    expect(stale(aTrade({ info: { capturedAt: CAPTURED }, shop: { status: "cancelled" } }), late)).toEqual([]);
    const endpoints = { shop: null, payment: null, delivery: null };
    const noEndpoints = aTrade({ info: { capturedAt: CAPTURED, endpoints } });
    expect(stale(noEndpoints, late)).toEqual([]);
    expect(stale(quietSince(null), late).map((w) => w.source)).toEqual(["shop", "payment", "delivery"]);
  });
});

/**
 * Each new check on a trade in trouble and on the same trade once put right: the warning is
 * raised, then resolved into the history.
 */
describe("the warning lifecycle of each check", () => {
  const paid = { status: "settled" as const, amountCharged: eur(TOTAL) };
  const cancelledLongAgo = { status: "cancelled" as const, asOf: LONG_AGO };
  const quietSinceOctober = { capturedAt: "2026-10-01T00:00:00Z" };
  const acceptedReturn = aReturn({ requestedAt: LONG_AGO, status: "accepted", refundAmount: eur(1999), refundDueBy: YESTERDAY });
  const cases: [string, TradeOverrides, TradeOverrides][] = [
    ["charged-twice", { payment: { charges: [eur(TOTAL), eur(TOTAL)] } }, { payment: { charges: [eur(TOTAL)] } }],
    [
      "refund-missing",
      { shop: cancelledLongAgo, payment: paid },
      { shop: cancelledLongAgo, payment: { ...paid, status: "refunded" } },
    ],
    [
      "refund-short",
      { shop: cancelledLongAgo, payment: { ...paid, refunds: [{ amount: eur(1), at: NOW }] } },
      { shop: cancelledLongAgo, payment: { ...paid, refunds: [{ amount: eur(TOTAL), at: NOW }] } },
    ],
    [
      "refund-above-paid",
      { payment: { ...paid, refunds: [{ amount: eur(TOTAL + 1), at: NOW }] } },
      { payment: { ...paid, refunds: [{ amount: eur(TOTAL), at: NOW }] } },
    ],
    [
      "return-refund-overdue",
      { payment: paid, returns: [acceptedReturn] },
      { payment: { ...paid, refunds: [{ amount: eur(1999), at: NOW }] }, returns: [acceptedReturn] },
    ],
    [
      "paid-not-shipped",
      { payment: paid, delivery: { scheduledAt: YESTERDAY } },
      { payment: paid, delivery: { scheduledAt: YESTERDAY, status: "delivered" } },
    ],
    [
      "shipped-but-declined",
      { payment: { status: "failed" }, delivery: { status: "in_transit" } },
      { payment: { status: "settled" }, delivery: { status: "in_transit" } },
    ],
    [
      "unordered-items",
      { delivery: { itemsDelivered: [{ sku: "X", name: "Spoon", quantity: 1 }] } },
      { delivery: { itemsDelivered: [{ sku: "GT-1", name: null, quantity: 1 }] } },
    ],
    [
      "contents-changed",
      { shop: { reportedTotal: eur(1) } },
      { shop: { reportedTotal: eur(TOTAL) } },
    ],
    [
      "status-backwards",
      { delivery: { status: "in_transit", regressedFrom: "delivered" } },
      { delivery: { status: "delivered", regressedFrom: null } },
    ],
    [
      "tracking-invalid",
      { delivery: { trackingNumber: "1Z999AA10123456785", carrier: "UPS" } },
      { delivery: { trackingNumber: "1Z999AA10123456784", carrier: "UPS" } },
    ],
    [
      "stale",
      { info: quietSinceOctober, payment: paid, delivery: { status: "in_transit", lastChangedAt: NOW } },
      {
        info: quietSinceOctober,
        payment: paid,
        delivery: { status: "in_transit", lastChangedAt: NOW },
        shop: { status: "shipped", lastChangedAt: NOW },
      },
    ],
  ];

  it.each(cases)("%s is raised, then resolved into the history when put right", (code, broken, fixed) => {
    const raised = updateWarnings(aTrade(broken), NOW);
    expect(raised.warnings.map((w) => w.code)).toEqual([code]);
    expect(raised.history).toEqual([
      { at: NOW, kind: "warning", source: raised.warnings[0]?.source, code, text: raised.warnings[0]?.message },
    ]);

    const later = plusMinutes(NOW, 5);
    const mended = updateWarnings({ ...aTrade(fixed), warnings: raised.warnings, history: raised.history }, later);
    expect(mended.warnings).toEqual([]);
    expect(mended.history.at(-1)).toEqual({
      at: later,
      kind: "resolved",
      source: raised.warnings[0]?.source,
      code,
      text: raised.warnings[0]?.message,
    });
  });
});

describe("evaluateWarnings", () => {
  const troubled = aTrade({
    payment: { amountCharged: eur(6500), scheduledAt: YESTERDAY },
    delivery: { foreignTradingId: "GL-2" },
  });

  it("runs every check and stamps new warnings with now, not acknowledged", () => {
    expect(CHECKS).toHaveLength(WARNING_CODES.length);
    expect(evaluateWarnings(troubled, NOW).map((w) => [w.code, w.source, w.firstSeenAt, w.acknowledgedAt])).toEqual([
      ["trading-id-mismatch", "delivery", NOW, null],
      ["amount-mismatch", "payment", NOW, null],
      ["payment-overdue", "payment", NOW, null],
    ]);
  });

  it("keeps when a known warning (same code and source) was first seen and acknowledged, with a new message", () => {
    const earlier = plusMinutes(NOW, -30);
    const seen = { firstSeenAt: earlier, acknowledgedAt: earlier };
    const known: Warning[] = [
      aWarning({ code: "amount-mismatch", source: "payment", message: "Charged €60.00, but…", ...seen }),
      aWarning({ code: "trading-id-mismatch", source: "shop", message: "old", ...seen }),
      aWarning({ code: "delivery-overdue", source: "delivery", message: "gone", firstSeenAt: earlier }),
    ];
    const warnings = evaluateWarnings({ ...troubled, warnings: known }, NOW);
    expect(warnings.map((w) => [w.code, w.source, w.firstSeenAt, w.acknowledgedAt])).toEqual([
      ["trading-id-mismatch", "delivery", NOW, null],
      ["amount-mismatch", "payment", earlier, earlier],
      ["payment-overdue", "payment", NOW, null],
    ]);
    expect(warnings[1]?.message).toBe("Charged €65.00, but the order total is €59.97");
  });

  it("gives no warning for a trade in order", () => {
    expect(evaluateWarnings(aTrade(), NOW)).toEqual([]);
  });
});

describe("updateWarnings", () => {
  it("records raised and resolved warnings, and returns the history untouched when nothing changed", () => {
    const overdue = aTrade({ payment: { scheduledAt: YESTERDAY } });
    const raised = updateWarnings(overdue, NOW);
    expect(raised.history.map((e) => [e.kind, e.code])).toEqual([["warning", "payment-overdue"]]);
    const again = updateWarnings(raised, plusMinutes(NOW, 1));
    expect(again.history).toBe(raised.history);
    expect(again.warnings).toEqual(raised.warnings);
  });

  it("makes a warning that comes back after it was resolved new again, not acknowledged", () => {
    const acknowledged = [aWarning({ code: "payment-overdue", firstSeenAt: NOW, acknowledgedAt: NOW })];
    const overdue = aTrade({ payment: { scheduledAt: YESTERDAY, status: "pending" }, warnings: acknowledged });
    const kept = updateWarnings(overdue, plusMinutes(NOW, 1));
    expect(kept.warnings.map((w) => [w.firstSeenAt, w.acknowledgedAt])).toEqual([[NOW, NOW]]);

    const paid = updateWarnings(
      { ...kept, processing: { ...kept.processing, payment: { ...kept.processing.payment, status: "settled" } } },
      plusMinutes(NOW, 2),
    );
    expect(paid.warnings).toEqual([]);

    const back = plusMinutes(NOW, 3);
    const failedAgain = updateWarnings(
      { ...paid, processing: { ...paid.processing, payment: { ...paid.processing.payment, status: "pending" } } },
      back,
    );
    expect(failedAgain.warnings.map((w) => [w.code, w.firstSeenAt, w.acknowledgedAt])).toEqual([
      ["payment-overdue", back, null],
    ]);
    expect(failedAgain.history.map((e) => e.kind)).toEqual(["resolved", "warning"]);
  });
});
