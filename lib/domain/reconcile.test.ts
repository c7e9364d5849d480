import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ShopReport, StatusReport } from "../protocol/status-report";
import { applyFailure, applyReport, requestCheckNow } from "./reconcile";
import { aCapturedOrder, aDeliveryReport, aPaymentReport, aShopReport, aTrade, NOW, plusMinutes } from "./test-trades";
import { newTrade } from "./trade";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES, SOURCES } from "./types";
import type { Trade } from "./types";

const LATER = plusMinutes(NOW, 10);
const EARLIER = plusMinutes(NOW, -10);
const EXPECTED = "2026-11-23T18:00:00.000Z";

/** A trade as newTrade makes it: every source has an endpoint and is due now. */
function freshTrade(): Trade {
  return newTrade(aCapturedOrder({ paymentDueAt: "2026-11-30T00:00:00.000Z", expectedDeliveryAt: EXPECTED }), NOW);
}

describe("applyReport with the trade's own identifier", () => {
  it("merges a shop report, clears past trouble and asks again soon", () => {
    const trade = aTrade({
      shop: { foreignTradingId: "GL-9", lastError: { message: "timeout", at: EARLIER }, failures: 2, unchanged: 3 },
      warnings: [{ code: "trading-id-mismatch", source: "shop", message: "m", firstSeenAt: EARLIER }],
    });
    const report = aShopReport({ status: "shipped", asOf: NOW, scheduledAt: EXPECTED, completedAt: null });
    const next = applyReport(trade, report, LATER);
    expect(next.processing.shop).toEqual({
      ...trade.processing.shop,
      status: "shipped",
      scheduledAt: EXPECTED,
      asOf: NOW,
      foreignTradingId: null,
      lastError: null,
      failures: 0,
      unchanged: 0,
      lastCheckedAt: LATER,
      nextCheckAt: plusMinutes(LATER, 2),
    });
    expect(next.info).toBe(trade.info);
    expect(next.processing.payment).toBe(trade.processing.payment);
    expect(next.warnings).toEqual([]);
    expect(next.nextCheckAt).toBe(plusMinutes(LATER, 2));
  });

  it("merges what the payment service charged and warns about a different amount", () => {
    const amountCharged = { minor: 6500, currency: "EUR" };
    const report = aPaymentReport({ status: "settled", amountCharged, completedAt: NOW });
    const next = applyReport(aTrade(), report, NOW);
    expect(next.processing.payment).toMatchObject({
      status: "settled",
      amountCharged: { minor: 6500, currency: "EUR" },
      completedAt: NOW,
    });
    expect(next.warnings).toEqual([
      {
        code: "amount-mismatch",
        source: "payment",
        message: "Charged €65.00, but the order total is €59.97",
        firstSeenAt: NOW,
      },
    ]);
    expect(next.processing.payment.nextCheckAt).toBeNull();
  });

  it("merges the carrier's quantities and tracking number and checks them", () => {
    const report = aDeliveryReport({
      status: "delivered",
      itemsDelivered: [{ sku: "GT-1", name: "Green tea", quantity: 1 }],
      trackingNumber: "PX123",
    });
    const next = applyReport(aTrade(), report, NOW);
    expect(next.processing.delivery).toMatchObject({
      status: "delivered",
      itemsDelivered: [{ sku: "GT-1", name: "Green tea", quantity: 1 }],
      trackingNumber: "PX123",
    });
    expect(next.warnings.map((w) => w.message)).toEqual(["Delivered 1 of 3 × Green tea"]);
  });

  it("keeps what a source said before when its report leaves a field null", () => {
    const trade = aTrade({
      payment: { scheduledAt: EXPECTED, completedAt: EARLIER, amountCharged: { minor: 5997, currency: "EUR" } },
      delivery: { trackingNumber: "PX1", itemsDelivered: [{ sku: "GT-1", name: null, quantity: 3 }] },
    });
    const paid = applyReport(trade, aPaymentReport({ status: "refunded" }), NOW);
    expect(paid.processing.payment).toMatchObject({
      status: "refunded",
      scheduledAt: EXPECTED,
      completedAt: EARLIER,
      amountCharged: { minor: 5997, currency: "EUR" },
    });
    const carried = applyReport(trade, aDeliveryReport({ status: "in_transit" }), NOW);
    expect(carried.processing.delivery).toMatchObject({
      trackingNumber: "PX1",
      itemsDelivered: [{ sku: "GT-1", name: null, quantity: 3 }],
    });
  });

  it("lets a source's report only change that source", () => {
    const trade = aTrade({ payment: { amountCharged: { minor: 1, currency: "EUR" } } });
    const next = applyReport(trade, aShopReport({ status: "processing" }), NOW);
    expect(next.processing.payment).toBe(trade.processing.payment);
    expect(next.processing.delivery).toBe(trade.processing.delivery);
  });

  it("stops asking everyone once the trade is finished", () => {
    let trade = freshTrade();
    trade = applyReport(trade, aPaymentReport({ status: "settled" }), NOW);
    expect(trade.nextCheckAt).toBe(NOW);
    trade = applyReport(trade, aDeliveryReport({ status: "delivered" }), NOW);
    expect(SOURCES.map((source) => trade.processing[source].nextCheckAt)).toEqual([null, null, null]);
    expect(trade).not.toHaveProperty("nextCheckAt");
  });

  it("stops asking everyone when the shop cancels", () => {
    const next = applyReport(freshTrade(), aShopReport({ status: "cancelled" }), NOW);
    expect(SOURCES.map((source) => next.processing[source].nextCheckAt)).toEqual([null, null, null]);
  });

  it("asks just after a date the source announces when that comes before the back-off", () => {
    const report = aDeliveryReport({ scheduledAt: plusMinutes(NOW, 3) });
    const first = applyReport(freshTrade(), report, NOW);
    expect(first.processing.delivery.nextCheckAt).toBe(plusMinutes(NOW, 2));
    const repeated = applyReport(first, report, NOW);
    expect(repeated.processing.delivery).toMatchObject({ unchanged: 1, nextCheckAt: plusMinutes(NOW, 4) });
  });
});

describe("applyReport back-off", () => {
  it("treats an answer that only moves asOf as unchanged and backs off", () => {
    const first = applyReport(freshTrade(), aShopReport({ status: "processing", asOf: NOW }), NOW);
    const second = applyReport(first, aShopReport({ status: "processing", asOf: LATER }), LATER);
    const third = applyReport(second, aShopReport({ status: "processing", asOf: LATER }), LATER);
    expect([first, second, third].map((t) => t.processing.shop.unchanged)).toEqual([0, 1, 2]);
    expect(second.processing.shop).toMatchObject({ asOf: LATER, nextCheckAt: plusMinutes(LATER, 5) });
    expect(third.processing.shop.nextCheckAt).toBe(plusMinutes(LATER, 10));
  });

  it.each<[string, Partial<ShopReport>]>([
    ["status", { status: "shipped" }],
    ["completed date", { completedAt: NOW }],
    ["scheduled date", { scheduledAt: plusMinutes(NOW, 600) }],
  ])("counts a new %s as a change", (_, change) => {
    const first = applyReport(freshTrade(), aShopReport({ status: "processing" }), NOW);
    const again = applyReport(first, aShopReport({ status: "processing", ...change }), NOW);
    expect(again.processing.shop.unchanged).toBe(0);
  });

  it.each([
    ["amount", { amountCharged: { minor: 5998, currency: "EUR" } }],
    ["currency", { amountCharged: { minor: 5997, currency: "USD" } }],
  ])("counts a different charged %s as a change", (_, change) => {
    const first = applyReport(freshTrade(), aPaymentReport({ amountCharged: { minor: 5997, currency: "EUR" } }), NOW);
    const same = applyReport(first, aPaymentReport({ amountCharged: { minor: 5997, currency: "EUR" } }), NOW);
    expect(same.processing.payment.unchanged).toBe(1);
    expect(applyReport(first, aPaymentReport(change), NOW).processing.payment.unchanged).toBe(0);
  });

  it.each([
    ["a quantity", [{ sku: "GT-1", name: null, quantity: 2 }]],
    ["a sku", [{ sku: "GT-2", name: null, quantity: 3 }]],
    ["a name", [{ sku: "GT-1", name: "Tea", quantity: 3 }]],
    [
      "the number of lines",
      [
        { sku: "GT-1", name: null, quantity: 3 },
        { sku: null, name: "Cup", quantity: 1 },
      ],
    ],
  ])("counts a change in %s delivered as a change", (_, itemsDelivered) => {
    const items = () => [{ sku: "GT-1", name: null, quantity: 3 }];
    const first = applyReport(freshTrade(), aDeliveryReport({ itemsDelivered: items(), trackingNumber: "PX" }), NOW);
    const same = applyReport(first, aDeliveryReport({ itemsDelivered: items() }), NOW);
    expect(same.processing.delivery.unchanged).toBe(1);
    expect(applyReport(first, aDeliveryReport({ itemsDelivered }), NOW).processing.delivery.unchanged).toBe(0);
    expect(applyReport(first, aDeliveryReport({ trackingNumber: "PY" }), NOW).processing.delivery.unchanged).toBe(0);
  });
});

describe("applyReport about another trading identifier (claim 1)", () => {
  it("merges nothing, remembers the other identifier, warns and backs off", () => {
    const trade = aTrade({ delivery: { status: "in_transit", failures: 2, lastError: { message: "x", at: EARLIER } } });
    const report = aDeliveryReport({ tradingId: "GL-2002", status: "delivered", trackingNumber: "PX9", asOf: LATER });
    const next = applyReport(trade, report, NOW);
    expect(next.processing.delivery).toEqual({
      ...trade.processing.delivery,
      foreignTradingId: "GL-2002",
      lastCheckedAt: NOW,
      unchanged: 1,
      nextCheckAt: plusMinutes(NOW, 5),
    });
    expect(next.info).toBe(trade.info);
    expect(next.warnings).toEqual([
      {
        code: "trading-id-mismatch",
        source: "delivery",
        message: "The carrier answered about order GL-2002 instead of GL-1001; its answer was not recorded",
        firstSeenAt: NOW,
      },
    ]);
  });

  it("clears the warning once the source answers about the right order", () => {
    const wrong = applyReport(aTrade(), aPaymentReport({ tradingId: "GL-2002" }), NOW);
    const right = applyReport(wrong, aPaymentReport({ status: "authorized" }), LATER);
    expect(right.processing.payment.foreignTradingId).toBeNull();
    expect(right.warnings).toEqual([]);
  });
});

describe("applyReport with a stale answer", () => {
  it("merges nothing but the time of the check, and backs off", () => {
    const trade = aTrade({ shop: { status: "shipped", asOf: NOW } });
    const next = applyReport(trade, aShopReport({ status: "processing", asOf: EARLIER }), LATER);
    expect(next.processing.shop).toEqual({
      ...trade.processing.shop,
      lastCheckedAt: LATER,
      unchanged: 1,
      nextCheckAt: plusMinutes(LATER, 5),
    });
  });

  it("compares instants, so an equal time in another offset is not stale", () => {
    const trade = aTrade({ shop: { status: "processing", asOf: "2026-11-20T10:00:00Z" } });
    const next = applyReport(trade, aShopReport({ status: "shipped", asOf: "2026-11-20T11:00:00+01:00" }), LATER);
    expect(next.processing.shop.status).toBe("shipped");
  });
});

describe("applyFailure", () => {
  it("records the error and backs off, leaving what was known untouched", () => {
    const trade = aTrade({
      payment: { status: "authorized", amountCharged: { minor: 6500, currency: "EUR" } },
      warnings: [{ code: "amount-mismatch", source: "payment", message: "m", firstSeenAt: EARLIER }],
    });
    const copy = structuredClone(trade);
    const once = applyFailure(trade, "payment", "HTTP 503", NOW);
    expect(once.processing.payment).toEqual({
      ...trade.processing.payment,
      lastError: { message: "HTTP 503", at: NOW },
      failures: 1,
      lastCheckedAt: NOW,
      nextCheckAt: plusMinutes(NOW, 1),
    });
    expect(once.warnings).toEqual([
      { code: "amount-mismatch", source: "payment", message: "Charged €65.00, but the order total is €59.97", firstSeenAt: EARLIER },
    ]);
    expect(once.info).toBe(trade.info);
    expect(trade).toEqual(copy);

    const twice = applyFailure(once, "payment", "HTTP 503", NOW);
    const thrice = applyFailure(twice, "payment", "timeout", NOW);
    expect(thrice.processing.payment).toMatchObject({
      failures: 3,
      lastError: { message: "timeout", at: NOW },
      nextCheckAt: plusMinutes(NOW, 4),
    });
    expect(thrice.nextCheckAt).toBe(plusMinutes(NOW, 4));
  });

  it("still notices an overdue payment while the payment service fails", () => {
    const trade = aTrade({ payment: { status: "pending", scheduledAt: plusMinutes(NOW, -60) } });
    const failed = applyFailure(trade, "payment", "HTTP 503", NOW);
    expect(failed.warnings.map((w) => [w.code, w.firstSeenAt])).toEqual([["payment-overdue", NOW]]);
  });

  it("schedules nothing for a source without an endpoint", () => {
    const trade = aTrade({ info: { endpoints: { shop: null, payment: null, delivery: null } } });
    expect(applyFailure(trade, "shop", "offline", NOW).processing.shop.nextCheckAt).toBeNull();
  });
});

describe("requestCheckNow", () => {
  it("asks every source with an endpoint that is not final at once", () => {
    const trade = aTrade({
      info: { endpoints: { shop: null, payment: "https://pay.example/p", delivery: "https://parcel.example/d" } },
      payment: { status: "authorized", nextCheckAt: plusMinutes(NOW, 300) },
      delivery: { status: "delivered", nextCheckAt: null },
      nextCheckAt: plusMinutes(NOW, 300),
    });
    const next = requestCheckNow(trade, NOW);
    expect(SOURCES.map((source) => next.processing[source].nextCheckAt)).toEqual([null, NOW, null]);
    expect(next.nextCheckAt).toBe(NOW);
    expect(trade.processing.payment.nextCheckAt).toBe(plusMinutes(NOW, 300));
  });

  it("leaves a trade with nothing to ask unscheduled", () => {
    const unreachable = aTrade({ info: { endpoints: { shop: null, payment: null, delivery: null } } });
    expect(requestCheckNow(unreachable, NOW)).not.toHaveProperty("nextCheckAt");
  });
});

describe("applyReport properties", () => {
  const instant = fc
    .integer({ min: Date.parse("2026-11-01T00:00:00Z"), max: Date.parse("2026-12-31T00:00:00Z") })
    .map((ms) => new Date(ms).toISOString());
  const tradingId = fc.constantFrom("GL-1001", "GL-1002", "gl-1001");
  const money = fc.record({ minor: fc.nat({ max: 100_000 }), currency: fc.constantFrom("EUR", "USD", "JPY") });
  const common = {
    tradewatch: fc.constant(1 as const),
    tradingId,
    asOf: instant,
    completedAt: fc.option(instant),
    scheduledAt: fc.option(instant),
    message: fc.option(fc.string({ maxLength: 10 })),
  };
  const report: fc.Arbitrary<StatusReport> = fc.oneof(
    fc.record({ ...common, source: fc.constant("shop" as const), status: fc.constantFrom(...SHOP_STATUSES) }),
    fc.record({
      ...common,
      source: fc.constant("payment" as const),
      status: fc.constantFrom(...PAYMENT_STATUSES),
      amountCharged: fc.option(money),
    }),
    fc.record({
      ...common,
      source: fc.constant("delivery" as const),
      status: fc.constantFrom(...DELIVERY_STATUSES),
      itemsDelivered: fc.option(
        fc.array(
          fc.record({
            sku: fc.option(fc.constantFrom("GT-1", "GT-2")),
            name: fc.option(fc.constantFrom("Green tea", "Cup")),
            quantity: fc.nat({ max: 5 }),
          }),
          { maxLength: 3 },
        ),
      ),
      trackingNumber: fc.option(fc.constantFrom("PX1", "PX2")),
    }),
  );
  /** Any trade reachable from a capture through a history of answers. */
  const trade = fc
    .array(fc.tuple(report, instant), { maxLength: 6 })
    .map((history) => history.reduce((t, [r, at]) => applyReport(t, r, at), freshTrade()));
  const options = { seed: 42, numRuns: 200 };

  /** What a source reported: statuses, dates and amounts. */
  const data = (state: Trade["processing"]["shop"]) => ({
    status: state.status,
    completedAt: state.completedAt,
    scheduledAt: state.scheduledAt,
    amountCharged: state.amountCharged,
    itemsDelivered: state.itemsDelivered,
    trackingNumber: state.trackingNumber,
    asOf: state.asOf,
  });

  /** The answer's data, without the bookkeeping of when to ask next (which backs off on a repeat). */
  const withoutSchedule = (t: Trade) => ({
    ...t,
    nextCheckAt: undefined,
    processing: Object.fromEntries(
      SOURCES.map((source) => [source, { ...t.processing[source], unchanged: 0, nextCheckAt: null }]),
    ),
  });

  it("is idempotent: the same report twice gives what it gives once", () => {
    fc.assert(
      fc.property(trade, report, instant, (start, r, now) => {
        const once = applyReport(start, r, now);
        const twice = applyReport(once, r, now);
        expect(withoutSchedule(twice)).toEqual(withoutSchedule(once));
      }),
      options,
    );
  });

  it("never changes info, statuses or amounts for a report about another identifier", () => {
    fc.assert(
      fc.property(trade, report, instant, (start, r, now) => {
        const foreign = { ...r, tradingId: `${start.info.tradingId}-other` };
        const next = applyReport(start, foreign, now);
        expect(next.info).toBe(start.info);
        for (const source of SOURCES) {
          const before = start.processing[source];
          const after = next.processing[source];
          expect(data(after)).toEqual(data(before));
          if (source === r.source) expect(after.foreignTradingId).toBe(foreign.tradingId);
          else expect(after.foreignTradingId).toBe(before.foreignTradingId);
        }
      }),
      options,
    );
  });

  it("never changes the trading information, whatever the answers", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(report, instant), { maxLength: 10 }), (history) => {
        const start = freshTrade();
        const infoBefore = structuredClone(start.info);
        const end = history.reduce((t, [r, at]) => applyReport(t, r, at), start);
        expect(end.info).toBe(start.info);
        expect(end.info).toEqual(infoBefore);
      }),
      options,
    );
  });
});
