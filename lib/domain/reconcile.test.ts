import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ShopReport, StatusReport } from "../protocol/status-report";
import { acknowledgeWarning, applyFailure, applyNotModified, applyReport, CLOCK_SKEW_MS, REPORTED, requestCheckNow } from "./reconcile";
import { canAsk } from "./schedule";
import { isAllowedTransition, lifecycleTarget } from "./lifecycle";
import {
  aCapturedOrder,
  aDeliveryReport,
  aPaymentReport,
  aReturn,
  aShopReport,
  aTrade,
  aWarning,
  NOW,
  plusMinutes,
  shopCommands,
} from "./test-trades";
import { catalogLanguage } from "../i18n/catalog-language";
import { newTrade } from "./trade";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_OUTCOMES, SHOP_STATUSES, SOURCES } from "./types";
import type { DeliveryStatus, Money, PaymentStatus, SourceState, Trade } from "./types";

const LATER = plusMinutes(NOW, 10);
const EARLIER = plusMinutes(NOW, -10);
const EXPECTED = "2026-11-23T18:00:00.000Z";
const eur = (minor: number): Money => ({ minor, currency: "EUR" });

/** A trade as newTrade makes it: every source has an endpoint and is due now. */
function freshTrade(): Trade {
  return newTrade(aCapturedOrder({ paymentDueAt: "2026-11-30T00:00:00.000Z", expectedDeliveryAt: EXPECTED }), NOW);
}

describe("applyReport with the trade's own identifier", () => {
  it("merges a shop report, clears past trouble, records the change and asks again", () => {
    const trade = aTrade({
      shop: { foreignTradingId: "GL-9", lastError: { message: "timeout", at: EARLIER }, failures: 2, unchanged: 3 },
      warnings: [aWarning({ code: "trading-id-mismatch", source: "shop", message: "m", firstSeenAt: EARLIER })],
    });
    const report = aShopReport({ status: "shipped", asOf: NOW, scheduledAt: EXPECTED, completedAt: null });
    const next = applyReport(trade, report, LATER);
    expect(next.processing.shop).toEqual({
      ...trade.processing.shop,
      status: "shipped",
      scheduledAt: EXPECTED,
      asOf: NOW,
      statusSince: NOW,
      foreignTradingId: null,
      lastError: null,
      failures: 0,
      unchanged: 0,
      lastCheckedAt: LATER,
      lastChangedAt: LATER,
      nextCheckAt: expect.any(String),
    });
    expect(next.nextCheckAt).toBe(next.processing.shop.nextCheckAt);
    expect(next.info).toBe(trade.info);
    expect(next.processing.payment).toBe(trade.processing.payment);
    expect(next.warnings).toEqual([]);
    expect(next.history).toEqual([
      { at: LATER, kind: "status", source: "shop", code: null, text: "The shop reports shipped" },
      { at: LATER, kind: "resolved", source: "shop", code: "trading-id-mismatch", text: "m" },
    ]);
  });

  it("merges what the payment service charged and warns about a different amount", () => {
    const report = aPaymentReport({ status: "settled", amountCharged: eur(6500), completedAt: NOW });
    const next = applyReport(aTrade(), report, NOW);
    expect(next.processing.payment).toMatchObject({ status: "settled", amountCharged: eur(6500), completedAt: NOW });
    expect(next.warnings).toEqual([
      {
        code: "amount-mismatch",
        source: "payment",
        message: "Charged €65.00, but the order total is €59.97",
        firstSeenAt: NOW,
        acknowledgedAt: null,
      },
    ]);
    expect(next.history.map((e) => [e.kind, e.code])).toEqual([
      ["status", null],
      ["warning", "amount-mismatch"],
    ]);
    // A settled payment with an open warning stays watched: a correction must be able to clear it.
    expect(next.processing.payment.nextCheckAt).not.toBeNull();
  });

  it("writes its warnings and history in the language it is given, English by default", () => {
    const overcharged = aPaymentReport({ status: "settled", charges: [eur(9999)], amountCharged: eur(9999) });
    const english = applyReport(aTrade(), overcharged, NOW);
    const german = applyReport(aTrade(), overcharged, NOW, undefined, catalogLanguage("de"));
    const japanese = applyFailure(aTrade(), "payment", "HTTP 503", NOW, null, catalogLanguage("ja"));
    const warning = (trade: Trade) => trade.warnings.find((each) => each.code === "amount-mismatch")?.message;
    expect(warning(english)).toContain("€99.99");
    expect(warning(german)).toMatch(/99,99\s€/);
    expect(warning(german)).not.toBe(warning(english));
    expect(german.history.at(-1)?.text).not.toBe(english.history.at(-1)?.text);
    expect(japanese.history.at(-1)?.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("merges charges and refunds, and takes the charges' sum as the amount charged when none is given", () => {
    const charges = [eur(5997), eur(5997)];
    const refunds = [{ amount: eur(5997), at: NOW }];
    const summed = applyReport(aTrade(), aPaymentReport({ status: "settled", charges, refunds }), NOW);
    expect(summed.processing.payment).toMatchObject({ charges, refunds, amountCharged: eur(11994) });

    const reported = applyReport(aTrade(), aPaymentReport({ charges, amountCharged: eur(5997) }), NOW);
    expect(reported.processing.payment.amountCharged).toEqual(eur(5997));

    const mixed = applyReport(aTrade(), aPaymentReport({ charges: [eur(1), { minor: 1, currency: "USD" }] }), NOW);
    expect(mixed.processing.payment.amountCharged).toBeNull();
  });

  it("merges the order contents the shop reports and warns when they changed", () => {
    const items = [{ name: "Green tea", sku: "GT-1", quantity: 2, unitPrice: eur(1999) }];
    const next = applyReport(aTrade(), aShopReport({ items, total: eur(3998) }), NOW);
    expect(next.processing.shop).toMatchObject({ reportedItems: items, reportedTotal: eur(3998) });
    expect(next.warnings.map((w) => w.message)).toEqual([
      "The shop changed the order after it was placed: Green tea quantity 3 → 2; total €59.97 → €39.98",
    ]);
  });

  it("merges the carrier's quantities, tracking number and name and checks them", () => {
    const report = aDeliveryReport({
      status: "delivered",
      itemsDelivered: [{ sku: "GT-1", name: "Green tea", quantity: 1 }],
      trackingNumber: "1Z999AA10123456785",
      carrier: "UPS",
    });
    const next = applyReport(aTrade(), report, NOW);
    expect(next.processing.delivery).toMatchObject({
      status: "delivered",
      itemsDelivered: [{ sku: "GT-1", name: "Green tea", quantity: 1 }],
      trackingNumber: "1Z999AA10123456785",
      carrier: "UPS",
    });
    expect(next.warnings.map((w) => w.code)).toEqual(["quantity-mismatch", "tracking-invalid"]);
  });

  it("keeps what a source said before when its report leaves a field null", () => {
    const items = [{ name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: null }];
    const trade = aTrade({
      shop: { reportedItems: items, reportedTotal: eur(5997) },
      payment: {
        scheduledAt: EXPECTED,
        completedAt: EARLIER,
        amountCharged: eur(5997),
        charges: [eur(5997)],
        refunds: [{ amount: eur(5997), at: EARLIER }],
      },
      delivery: {
        trackingNumber: "PX1",
        carrier: "Parcel Co",
        itemsDelivered: [{ sku: "GT-1", name: null, quantity: 3 }],
      },
    });
    const paid = applyReport(trade, aPaymentReport({ status: "refunded" }), NOW);
    expect(paid.processing.payment).toMatchObject({
      status: "refunded",
      scheduledAt: EXPECTED,
      completedAt: EARLIER,
      amountCharged: eur(5997),
      charges: [eur(5997)],
      refunds: [{ amount: eur(5997), at: EARLIER }],
    });
    const carried = applyReport(trade, aDeliveryReport({ status: "in_transit" }), NOW);
    expect(carried.processing.delivery).toMatchObject({
      trackingNumber: "PX1",
      carrier: "Parcel Co",
      itemsDelivered: [{ sku: "GT-1", name: null, quantity: 3 }],
    });
    const shop = applyReport(trade, aShopReport(), NOW);
    expect(shop.processing.shop).toMatchObject({ reportedItems: items, reportedTotal: eur(5997) });
  });

  it("lets a source's report only change that source", () => {
    const trade = aTrade({ payment: { amountCharged: eur(1) } });
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
});

describe("applyReport and the lifecycle", () => {
  const accepted = aReturn({ shopReturnId: "R-1", status: "accepted", refundAmount: eur(1999), refundDueBy: EXPECTED });

  it("moves the trade as its statuses call for, recording the cause", () => {
    const trade = newTrade(aCapturedOrder(), NOW);
    const delivered = applyReport(trade, aDeliveryReport({ status: "delivered" }), NOW);
    expect(delivered.lifecycle.state).toBe("open");
    const paid = applyReport(delivered, aPaymentReport({ status: "settled", amountCharged: eur(5997) }), LATER);
    expect(paid.lifecycle).toMatchObject({ state: "completed", since: LATER });
    expect(paid.lifecycle.transitions.at(-1)).toEqual({
      at: LATER,
      from: "open",
      to: "completed",
      cause: "status",
      text: "Delivered and paid",
    });
  });

  it("carries the shop's completion notice into the trade and never erases it with a null", () => {
    const finalising: Trade = aTrade({
      info: { commands: shopCommands() },
      lifecycle: {
        state: "finalising",
        pending: {
          intent: "complete",
          by: "user",
          commandedAt: EARLIER,
          commandKey: "command-key-1",
          collectiveId: null,
          deadline: LATER,
          resends: 0,
        },
      },
    });
    const notice = applyReport(finalising, aShopReport({ status: "delivered", outcome: "completed" }), NOW);
    expect(notice.processing.shop.outcome).toBe("completed");
    expect(notice.lifecycle).toMatchObject({ state: "completed", pending: null });
    expect(notice.lifecycle.transitions.at(-1)).toMatchObject({
      from: "finalising",
      to: "completed",
      cause: "status",
      text: "The shop confirmed the order complete",
    });
    const silent = applyReport(notice, aShopReport({ status: "delivered", outcome: null, asOf: LATER }), LATER);
    expect(silent.processing.shop.outcome).toBe("completed");
  });

  it("merges the returns the shop reports by its return id, ignoring others, and records each step", () => {
    const trade = aTrade({ returns: [accepted, aReturn({ key: "return-key-0002" })] });
    const report = aShopReport({
      status: "delivered",
      returns: [
        { returnId: "R-1", status: "received", refundAmount: null, refundDueBy: null },
        { returnId: "R-elsewhere", status: "refunded", refundAmount: eur(100), refundDueBy: null },
      ],
    });
    const next = applyReport(trade, report, LATER);
    expect(next.returns).toEqual([{ ...accepted, status: "received" }, trade.returns[1]]);
    expect(next.history.filter((e) => e.kind === "return")).toEqual([
      { at: LATER, kind: "return", source: "shop", code: null, text: "The shop received the returned Green tea ×1" },
    ]);
    expect(next.processing.shop.lastChangedAt).toBe(LATER);

    const again = applyReport(next, { ...report, asOf: LATER }, LATER);
    expect(again.returns).toBe(next.returns);
  });

  it("completes a delivered and paid trade again once its return is refunded", () => {
    const paid = { status: "settled" as const, amountCharged: eur(5997) };
    const returning = aTrade({ delivery: { status: "delivered" }, payment: paid, returns: [accepted] });
    expect(returning.lifecycle.state).toBe("open");
    const report = aShopReport({
      status: "delivered",
      returns: [{ returnId: "R-1", status: "refunded", refundAmount: eur(1999), refundDueBy: null }],
    });
    const refunded = applyReport(returning, report, LATER);
    expect(refunded.returns[0]?.status).toBe("refunded");
    expect(refunded.lifecycle).toMatchObject({ state: "completed", since: LATER });
  });

  it("takes no returns from a stale answer", () => {
    const trade = aTrade({ shop: { status: "delivered", asOf: NOW }, returns: [accepted] });
    const stale = aShopReport({
      status: "delivered",
      asOf: EARLIER,
      returns: [{ returnId: "R-1", status: "refunded", refundAmount: null, refundDueBy: null }],
    });
    expect(applyReport(trade, stale, LATER).returns).toBe(trade.returns);
  });
});

describe("applyReport and HTTP validators", () => {
  const validators = { etag: '"v2"', lastModified: "Fri, 20 Nov 2026 10:00:00 GMT" };

  it("stores the answer's validators, also when they are null", () => {
    const next = applyReport(aTrade(), aShopReport(), NOW, validators);
    expect(next.processing.shop).toMatchObject(validators);
    const cleared = applyReport(next, aShopReport(), LATER, { etag: null, lastModified: null });
    expect(cleared.processing.shop).toMatchObject({ etag: null, lastModified: null });
  });

  it("keeps the stored validators when none are given", () => {
    const trade = aTrade({ shop: { etag: '"v1"', lastModified: null } });
    expect(applyReport(trade, aShopReport(), NOW).processing.shop.etag).toBe('"v1"');
  });

  it("does not store the validators of a foreign or stale answer", () => {
    const trade = aTrade({ shop: { status: "shipped", asOf: NOW, etag: '"v1"' } });
    const foreign = applyReport(trade, aShopReport({ tradingId: "GL-2" }), LATER, validators);
    expect(foreign.processing.shop.etag).toBe('"v1"');
    const stale = applyReport(trade, aShopReport({ asOf: EARLIER }), LATER, validators);
    expect(stale.processing.shop.etag).toBe('"v1"');
  });
});

describe("applyReport change tracking", () => {
  it("treats an answer that only moves asOf as unchanged, keeping when the source last changed", () => {
    const first = applyReport(freshTrade(), aShopReport({ status: "processing", asOf: NOW }), NOW);
    const second = applyReport(first, aShopReport({ status: "processing", asOf: LATER }), LATER);
    const third = applyReport(second, aShopReport({ status: "processing", asOf: LATER }), LATER);
    expect([first, second, third].map((t) => t.processing.shop.unchanged)).toEqual([0, 1, 2]);
    expect([first, second, third].map((t) => t.processing.shop.lastChangedAt)).toEqual([NOW, NOW, NOW]);
    expect(second.processing.shop.asOf).toBe(LATER);
    expect(third.history).toBe(first.history);
  });

  it.each<[string, Partial<ShopReport>]>([
    ["status", { status: "shipped" }],
    ["completed date", { completedAt: NOW }],
    ["scheduled date", { scheduledAt: plusMinutes(NOW, 600) }],
    ["list of items", { items: [{ name: "Green tea", sku: "GT-1", quantity: 2, unitPrice: null }] }],
    ["total", { total: eur(1) }],
  ])("counts a new %s as a change", (_, change) => {
    const first = applyReport(freshTrade(), aShopReport({ status: "processing" }), NOW);
    const again = applyReport(first, aShopReport({ status: "processing", ...change }), LATER);
    expect(again.processing.shop).toMatchObject({ unchanged: 0, lastChangedAt: LATER });
  });

  it.each([
    ["amount", { amountCharged: eur(5998) }],
    ["currency", { amountCharged: { minor: 5997, currency: "USD" } }],
    ["charge", { charges: [eur(5997), eur(5997)] }],
    ["refund", { refunds: [{ amount: eur(5997), at: NOW }] }],
  ])("counts a different charged %s as a change", (_, change) => {
    const first = applyReport(freshTrade(), aPaymentReport({ amountCharged: eur(5997), charges: [eur(5997)] }), NOW);
    const same = applyReport(first, aPaymentReport({ amountCharged: eur(5997), charges: [eur(5997)] }), NOW);
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
    expect(applyReport(first, aDeliveryReport({ carrier: "DHL" }), NOW).processing.delivery.unchanged).toBe(0);
  });
});

describe("applyReport and announced windows", () => {
  const ships = { status: "shipped" as const, from: plusMinutes(NOW, 360), until: plusMinutes(NOW, 480) };

  it("stores the window a source announces, counts a new one as a change and sleeps until it", () => {
    const first = applyReport(freshTrade(), aShopReport({ status: "processing" }), NOW);
    const announced = applyReport(first, aShopReport({ status: "processing", nextChange: ships }), LATER);
    expect(announced.processing.shop).toMatchObject({ nextChange: ships, unchanged: 0, lastChangedAt: LATER });
    const wait = Date.parse(announced.processing.shop.nextCheckAt!) - Date.parse(ships.from);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30 * 60_000);
    const same = applyReport(announced, aShopReport({ status: "processing", nextChange: ships }), LATER);
    expect(same.processing.shop.unchanged).toBe(1);
  });

  it("drops a window the source no longer announces, and keeps a record that never had one as it was", () => {
    const announced = applyReport(freshTrade(), aShopReport({ status: "processing", nextChange: ships }), NOW);
    const withdrawn = applyReport(announced, aShopReport({ status: "shipped" }), LATER);
    expect(withdrawn.processing.shop.nextChange).toBeNull();
    const never = applyReport(freshTrade(), aShopReport({ status: "processing" }), NOW);
    expect(never.processing.shop).not.toHaveProperty("nextChange");
  });

  it("takes no window from a stale answer or one about another order", () => {
    const trade = aTrade({ shop: { status: "processing", asOf: NOW } });
    expect(applyReport(trade, aShopReport({ asOf: EARLIER, nextChange: ships }), LATER).processing.shop).not.toHaveProperty("nextChange");
    const foreign = aShopReport({ tradingId: "GL-9999", nextChange: ships });
    expect(applyReport(trade, foreign, LATER).processing.shop).not.toHaveProperty("nextChange");
  });
});

describe("applyReport and statuses moving backwards", () => {
  const at = (minutes: number) => plusMinutes(NOW, minutes);
  const carrierSays = (trade: Trade, status: DeliveryStatus, minutes: number) =>
    applyReport(trade, aDeliveryReport({ status, asOf: at(minutes) }), at(minutes));

  it("remembers the furthest status a source went back from and warns until it gets back there", () => {
    const shipped = carrierSays(aTrade(), "in_transit", 1);
    const delivered = carrierSays(shipped, "delivered", 2);
    // The scheduler stops asking once delivered; applyReport still merges a later answer that comes.
    const back = carrierSays(delivered, "pending", 3);
    expect(back.processing.delivery.regressedFrom).toBe("delivered");
    expect(back.warnings.map((w) => [w.code, w.message])).toEqual([
      ["status-backwards", "The carrier's status went back from delivered to pending"],
    ]);

    const onItsWay = carrierSays(back, "in_transit", 4);
    expect(onItsWay.processing.delivery.regressedFrom).toBe("delivered");
    expect(onItsWay.warnings.map((w) => [w.message, w.firstSeenAt])).toEqual([
      ["The carrier's status went back from delivered to in transit", at(3)],
    ]);

    const again = carrierSays(onItsWay, "delivered", 5);
    expect(again.processing.delivery.regressedFrom).toBeNull();
    expect(again.warnings).toEqual([]);
    expect(again.history.map((e) => [e.kind, e.text])).toEqual([
      ["status", "The carrier reports in transit"],
      ["status", "The carrier reports delivered (was in transit)"],
      ["status", "The carrier reports pending (was delivered)"],
      ["warning", "The carrier's status went back from delivered to pending"],
      ["status", "The carrier reports in transit (was pending)"],
      ["status", "The carrier reports delivered (was in transit)"],
      ["resolved", "The carrier's status went back from delivered to in transit"],
    ]);
  });

  it("counts a cancellation after anything and a failed payment authorized again as no step back", () => {
    const shipped = applyReport(aTrade(), aShopReport({ status: "shipped" }), NOW);
    expect(applyReport(shipped, aShopReport({ status: "cancelled" }), NOW).processing.shop.regressedFrom).toBeNull();
    const paymentAfter = (first: PaymentStatus, second: PaymentStatus) => {
      const before = applyReport(aTrade(), aPaymentReport({ status: first }), NOW);
      return applyReport(before, aPaymentReport({ status: second }), NOW).processing.payment.regressedFrom;
    };
    expect(paymentAfter("failed", "authorized")).toBeNull();
    expect(paymentAfter("settled", "authorized")).toBe("settled");
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
      nextCheckAt: expect.any(String),
    });
    expect(next.info).toBe(trade.info);
    expect(next.warnings).toEqual([
      {
        code: "trading-id-mismatch",
        source: "delivery",
        message: "The carrier answered about order GL-2002 instead of GL-1001; its answer was not recorded",
        firstSeenAt: NOW,
        acknowledgedAt: null,
      },
    ]);
    expect(next.history.map((e) => [e.kind, e.code])).toEqual([["warning", "trading-id-mismatch"]]);
  });

  it("clears the warning once the source answers about the right order", () => {
    const wrong = applyReport(aTrade(), aPaymentReport({ tradingId: "GL-2002" }), NOW);
    const right = applyReport(wrong, aPaymentReport({ status: "authorized" }), LATER);
    expect(right.processing.payment.foreignTradingId).toBeNull();
    expect(right.warnings).toEqual([]);
    expect(right.history.at(-1)).toMatchObject({ kind: "resolved", code: "trading-id-mismatch", at: LATER });
  });
});

describe("applyReport with a stale answer", () => {
  it("merges nothing but the time of the check when it says nothing new, and backs off", () => {
    const trade = aTrade({ shop: { status: "shipped", asOf: NOW } });
    const next = applyReport(trade, aShopReport({ status: "processing", asOf: EARLIER }), LATER);
    expect(next.processing.shop).toEqual({
      ...trade.processing.shop,
      lastCheckedAt: LATER,
      unchanged: 1,
      nextCheckAt: expect.any(String),
    });
    expect(next.history).toEqual([]);
  });

  it("fills what is not known yet, but neither the status nor anything known", () => {
    const trade = aTrade({
      delivery: { status: "delivered", asOf: NOW, carrier: "UPS", lastChangedAt: EARLIER, etag: '"v1"' },
    });
    const late = aDeliveryReport({
      status: "in_transit",
      asOf: EARLIER,
      trackingNumber: "1Z999AA10123456784",
      carrier: "Parcel Co",
    });
    const next = applyReport(trade, late, LATER, { etag: '"v0"', lastModified: null });
    expect(next.processing.delivery).toEqual({
      ...trade.processing.delivery,
      trackingNumber: "1Z999AA10123456784",
      lastCheckedAt: LATER,
      lastChangedAt: LATER,
      unchanged: 0,
      // Delivered is final: nothing more to ask.
      nextCheckAt: null,
    });
    expect(next.history).toEqual([]);
  });

  it("compares instants, so an equal time in another offset is not stale", () => {
    const trade = aTrade({ shop: { status: "processing", asOf: "2026-11-20T10:00:00Z" } });
    const next = applyReport(trade, aShopReport({ status: "shipped", asOf: "2026-11-20T11:00:00+01:00" }), LATER);
    expect(next.processing.shop.status).toBe("shipped");
  });

  it("takes a later answer after the clock, run a day ahead, was set back", () => {
    const ahead = plusMinutes(NOW, 24 * 60);
    const inTransit = applyReport(aTrade(), aDeliveryReport({ status: "in_transit", asOf: ahead }), ahead);
    // Asked for the status as of NOW; the answer is merged a moment later.
    const delivered = applyReport(inTransit, aDeliveryReport({ status: "delivered", asOf: NOW, completedAt: NOW }), plusMinutes(NOW, 1));
    expect(delivered.processing.delivery).toMatchObject({ status: "delivered", asOf: NOW, completedAt: NOW });
  });

  it("still finds an answer stale behind one dated ahead of the clock by no more than a source's skew", () => {
    const skewed = plusMinutes(NOW, CLOCK_SKEW_MS / 60_000 - 1);
    const trade = applyReport(aTrade(), aShopReport({ status: "shipped", asOf: skewed }), NOW);
    const next = applyReport(trade, aShopReport({ status: "processing", asOf: EARLIER }), NOW);
    expect(next.processing.shop).toMatchObject({ status: "shipped", asOf: skewed });
  });
});

describe("applyReport and how long a status has held", () => {
  it("keeps the asOf of the answer that gave the status while later answers repeat it", () => {
    const cancelled = applyReport(aTrade(), aShopReport({ status: "cancelled", asOf: NOW }), NOW);
    expect(cancelled.processing.shop.statusSince).toBe(NOW);
    const again = applyReport(cancelled, aShopReport({ status: "cancelled", asOf: LATER }), LATER);
    expect(again.processing.shop).toMatchObject({ asOf: LATER, statusSince: NOW });
    const processing = applyReport(again, aShopReport({ status: "processing", asOf: plusMinutes(LATER, 1) }), plusMinutes(LATER, 1));
    expect(processing.processing.shop.statusSince).toBe(plusMinutes(LATER, 1));
  });

  it("starts a record stored before statusSince existed at its last answer", () => {
    const old = aTrade({ shop: { status: "cancelled", asOf: EARLIER } });
    expect(old.processing.shop).not.toHaveProperty("statusSince");
    expect(applyReport(old, aShopReport({ status: "cancelled", asOf: LATER }), LATER).processing.shop.statusSince).toBe(EARLIER);
  });

  const DAY = 24 * 60;
  const unordered = [{ sku: "X-9", name: "Teapot", quantity: 1 }];
  // Each answer also raises a warning on its source (a zero total, an item never ordered), which keeps the final source watched.
  it.each([
    ["the shop cancels", "shop", (at: string) => aShopReport({ status: "cancelled", total: eur(0), asOf: at })],
    ["the parcel goes back", "delivery", (at: string) => aDeliveryReport({ status: "returned", itemsDelivered: unordered, asOf: at })],
  ] as const)("warns of a missing refund 7 days after %s, though the source is still asked daily", (_, source, report) => {
    let trade = applyReport(aTrade(), aPaymentReport({ status: "settled", amountCharged: eur(5997), asOf: NOW }), NOW);
    trade = applyReport(trade, report(NOW), NOW);
    for (let day = 1; day <= 8; day++) {
      const at = plusMinutes(NOW, day * DAY);
      trade = applyReport(trade, report(at), at);
      expect(canAsk(trade, source)).toBe(true);
    }
    expect(trade.warnings.map((w) => w.code)).toContain("refund-missing");
  });
});

describe("applyNotModified", () => {
  it("counts as an unchanged answer: clears past trouble, keeps the data and backs off", () => {
    const trade = aTrade({
      delivery: {
        status: "in_transit",
        asOf: EARLIER,
        lastError: { message: "HTTP 503", at: EARLIER },
        failures: 3,
        unchanged: 1,
      },
    });
    const next = applyNotModified(trade, "delivery", NOW);
    expect(next.processing.delivery).toEqual({
      ...trade.processing.delivery,
      lastCheckedAt: NOW,
      lastError: null,
      failures: 0,
      unchanged: 2,
      nextCheckAt: expect.any(String),
    });
    expect(next.info).toBe(trade.info);
  });

  it("re-evaluates the warnings, which may have come due", () => {
    const trade = aTrade({ payment: { status: "pending", scheduledAt: EARLIER } });
    expect(applyNotModified(trade, "payment", NOW).warnings.map((w) => w.code)).toEqual(["payment-overdue"]);
  });

  it("ends an answer about another identifier: the validators it answers to are those of our order's answer", () => {
    const ours = applyReport(aTrade(), aShopReport({ status: "processing", asOf: EARLIER }), EARLIER, { etag: 'W/"ours"', lastModified: null });
    const foreign = applyReport(ours, aShopReport({ tradingId: "GL-2002", status: "shipped", asOf: NOW }), NOW, { etag: 'W/"theirs"', lastModified: null });
    expect(foreign.processing.shop).toMatchObject({ foreignTradingId: "GL-2002", etag: 'W/"ours"' });
    expect(foreign.warnings.map((w) => w.code)).toEqual(["trading-id-mismatch"]);
    const notModified = applyNotModified(foreign, "shop", LATER);
    expect(notModified.processing.shop).toMatchObject({ foreignTradingId: null, status: "processing" });
    expect(notModified.warnings).toEqual([]);
    expect(notModified.history.at(-1)).toMatchObject({ kind: "resolved", code: "trading-id-mismatch", at: LATER });
  });
});

describe("applyFailure", () => {
  it("records the error and backs off, leaving what was known untouched", () => {
    const trade = aTrade({
      payment: { status: "authorized", amountCharged: eur(6500) },
      warnings: [aWarning({ code: "amount-mismatch", source: "payment", message: "m", firstSeenAt: EARLIER })],
    });
    const copy = structuredClone(trade);
    const once = applyFailure(trade, "payment", "HTTP 503", NOW);
    expect(once.processing.payment).toEqual({
      ...trade.processing.payment,
      lastError: { message: "HTTP 503", at: NOW },
      failures: 1,
      lastCheckedAt: NOW,
      nextCheckAt: expect.any(String),
    });
    expect(once.warnings).toEqual([
      aWarning({
        code: "amount-mismatch",
        source: "payment",
        message: "Charged €65.00, but the order total is €59.97",
        firstSeenAt: EARLIER,
      }),
    ]);
    expect(once.info).toBe(trade.info);
    expect(trade).toEqual(copy);

    const twice = applyFailure(once, "payment", "HTTP 503", NOW);
    const thrice = applyFailure(twice, "payment", "timeout", NOW);
    expect(thrice.processing.payment).toMatchObject({ failures: 3, lastError: { message: "timeout", at: NOW } });
  });

  it("records an error in the history only when it differs from the last one", () => {
    let trade = aTrade();
    for (const [message, minutes] of [["HTTP 503", 0], ["HTTP 503", 1], ["timeout", 2], ["HTTP 503", 3]] as const) {
      trade = applyFailure(trade, "shop", message, plusMinutes(NOW, minutes));
    }
    expect(trade.history.map((e) => [e.kind, e.source, e.text, e.at])).toEqual([
      ["error", "shop", "The shop could not be asked: HTTP 503", NOW],
      ["error", "shop", "The shop could not be asked: timeout", plusMinutes(NOW, 2)],
      ["error", "shop", "The shop could not be asked: HTTP 503", plusMinutes(NOW, 3)],
    ]);
  });

  it("asks again no sooner than the source's Retry-After", () => {
    const twoHours = 2 * 60 * 60_000;
    const hinted = applyFailure(aTrade(), "shop", "HTTP 429", NOW, twoHours).processing.shop.nextCheckAt;
    expect(Date.parse(hinted ?? "")).toBeGreaterThanOrEqual(Date.parse(NOW) + twoHours);
    const plain = applyFailure(aTrade(), "shop", "HTTP 429", NOW).processing.shop.nextCheckAt;
    expect(Date.parse(plain ?? "")).toBeLessThan(Date.parse(NOW) + twoHours);
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

describe("acknowledgeWarning", () => {
  const overdue = () =>
    applyReport(aTrade({ payment: { scheduledAt: EARLIER } }), aPaymentReport({ status: "pending" }), NOW);

  it("mutes the warning and records it in the history", () => {
    const trade = overdue();
    const muted = acknowledgeWarning(trade, "payment-overdue", "payment", LATER);
    expect(muted.warnings).toEqual([{ ...trade.warnings[0], acknowledgedAt: LATER }]);
    expect(muted.history.at(-1)).toEqual({
      at: LATER,
      kind: "acknowledged",
      source: "payment",
      code: "payment-overdue",
      text: trade.warnings[0]?.message,
    });
    expect(trade.warnings[0]?.acknowledgedAt).toBeNull();
  });

  it("returns the trade itself for a warning it does not have, or one already acknowledged", () => {
    const trade = overdue();
    expect(acknowledgeWarning(trade, "payment-overdue", "delivery", LATER)).toBe(trade);
    expect(acknowledgeWarning(trade, "amount-mismatch", "payment", LATER)).toBe(trade);
    const muted = acknowledgeWarning(trade, "payment-overdue", "payment", LATER);
    expect(acknowledgeWarning(muted, "payment-overdue", "payment", plusMinutes(LATER, 1))).toBe(muted);
  });

  it("keeps the warning muted while it holds, and a warning that comes back is new", () => {
    const muted = acknowledgeWarning(overdue(), "payment-overdue", "payment", LATER);
    const stillOverdue = applyReport(muted, aPaymentReport({ status: "authorized", asOf: LATER }), LATER);
    expect(stillOverdue.warnings.map((w) => [w.code, w.firstSeenAt, w.acknowledgedAt])).toEqual([
      ["payment-overdue", NOW, LATER],
    ]);
    const paidAt = plusMinutes(LATER, 1);
    const settled = applyReport(stillOverdue, aPaymentReport({ status: "settled", asOf: paidAt }), paidAt);
    expect(settled.warnings).toEqual([]);
    expect(settled.history.at(-1)).toMatchObject({ kind: "resolved", code: "payment-overdue" });

    const back = plusMinutes(LATER, 2);
    const reopened = applyReport(settled, aPaymentReport({ status: "pending", asOf: back }), back);
    expect(reopened.warnings.find((w) => w.code === "payment-overdue")).toMatchObject({
      firstSeenAt: back,
      acknowledgedAt: null,
    });
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

  it("asks a source no sooner than its Retry-After, and at once once it passed", () => {
    const busy = applyFailure(aTrade(), "shop", "HTTP 503", NOW, 60 * 60_000);
    expect(busy.processing.shop.notBefore).toBe(plusMinutes(NOW, 60));
    expect(requestCheckNow(busy, plusMinutes(NOW, 1)).processing.shop.nextCheckAt).toBe(plusMinutes(NOW, 60));
    expect(requestCheckNow(busy, plusMinutes(NOW, 61)).processing.shop.nextCheckAt).toBe(plusMinutes(NOW, 61));
    // The next answer ends the wait it asked for.
    const answered = applyNotModified(busy, "shop", plusMinutes(NOW, 61));
    expect(answered.processing.shop.notBefore).toBeNull();
    expect(requestCheckNow(answered, plusMinutes(NOW, 62)).processing.shop.nextCheckAt).toBe(plusMinutes(NOW, 62));
  });

  it("leaves a source being asked (its lease) alone", () => {
    const lease = plusMinutes(NOW, 2);
    const asking = aTrade({ shop: { nextCheckAt: lease, notBefore: lease }, payment: { nextCheckAt: plusMinutes(NOW, 300) } });
    const next = requestCheckNow(asking, plusMinutes(NOW, 1));
    expect([next.processing.shop.nextCheckAt, next.processing.payment.nextCheckAt]).toEqual([lease, plusMinutes(NOW, 1)]);
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
    fc.record({
      ...common,
      source: fc.constant("shop" as const),
      status: fc.constantFrom(...SHOP_STATUSES),
      items: fc.option(
        fc.array(
          fc.record({
            sku: fc.option(fc.constantFrom("GT-1", "GT-2")),
            name: fc.constantFrom("Green tea", "Cup"),
            quantity: fc.integer({ min: 1, max: 5 }),
            unitPrice: fc.option(money),
          }),
          { maxLength: 3 },
        ),
      ),
      total: fc.option(money),
      outcome: fc.option(fc.constantFrom(...SHOP_OUTCOMES)),
      returns: fc.constant(null),
    }),
    fc.record({
      ...common,
      source: fc.constant("payment" as const),
      status: fc.constantFrom(...PAYMENT_STATUSES),
      amountCharged: fc.option(money),
      charges: fc.option(fc.array(money, { maxLength: 3 })),
      refunds: fc.option(fc.array(fc.record({ amount: money, at: instant }), { maxLength: 2 })),
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
      trackingNumber: fc.option(fc.constantFrom("PX1", "1Z999AA10123456784", "1Z999AA10123456785")),
      carrier: fc.option(fc.constantFrom("UPS", "Parcel Co")),
    }),
  );
  const validators = fc.option(
    fc.record({ etag: fc.option(fc.constantFrom('"a"', '"b"')), lastModified: fc.option(instant) }),
    { nil: undefined },
  );
  /** Any trade reachable from a capture through a history of answers. */
  const trade = fc
    .array(fc.tuple(report, instant), { maxLength: 6 })
    .map((history) => history.reduce((t, [r, at]) => applyReport(t, r, at), freshTrade()));
  const options = { seed: 42, numRuns: 200 };

  /** What a source reported: statuses, dates, amounts and contents. */
  const data = (state: SourceState) => ({
    status: state.status,
    completedAt: state.completedAt,
    scheduledAt: state.scheduledAt,
    amountCharged: state.amountCharged,
    charges: state.charges,
    refunds: state.refunds,
    reportedItems: state.reportedItems,
    reportedTotal: state.reportedTotal,
    itemsDelivered: state.itemsDelivered,
    trackingNumber: state.trackingNumber,
    carrier: state.carrier,
    outcome: state.outcome,
    asOf: state.asOf,
    regressedFrom: state.regressedFrom,
    lastChangedAt: state.lastChangedAt,
    etag: state.etag,
    lastModified: state.lastModified,
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
      fc.property(trade, report, instant, validators, (start, r, now, v) => {
        const once = applyReport(start, r, now, v);
        const twice = applyReport(once, r, now, v);
        expect(withoutSchedule(twice)).toEqual(withoutSchedule(once));
      }),
      options,
    );
  });

  /**
   * Reports with distinct asOf, in any order, give the status and asOf of applying them by
   * asOf, and each reported field is known exactly when one of them said it. Its value is the
   * newest report's when that one said it; otherwise it is what one of the older reports said,
   * not always the newest of them: that would take an asOf per field, which a state does not keep.
   */
  it("is order-independent: in any order, every field holds what the reports said", () => {
    const ownReports = fc
      .uniqueArray(report, { maxLength: 6, selector: (r) => Date.parse(r.asOf) })
      .map((reports) => reports.map((r): StatusReport => ({ ...r, tradingId: "GL-1001" })));
    const inTwoOrders = ownReports.chain((reports) =>
      fc.tuple(fc.constant(reports), fc.shuffledSubarray(reports, { minLength: reports.length })),
    );
    // No dates from the capture: what a field holds comes from the reports alone.
    const blank = newTrade(aCapturedOrder(), NOW);
    // Applied after every asOf: one far ahead of the clock orders nothing (see the clock set back).
    const applied = "2027-01-01T00:00:00.000Z";
    /** A report's fields as applyReport stores them (amountCharged summed from charges), null where it did not say. */
    const said = (r: StatusReport) => applyReport(blank, r, applied).processing[r.source];
    fc.assert(
      fc.property(inTwoOrders, ([reports, shuffled]) => {
        const byAsOf = [...reports].sort((a, b) => Date.parse(a.asOf) - Date.parse(b.asOf));
        const sorted = byAsOf.reduce((t, r) => applyReport(t, r, applied), blank);
        const anyOrder = shuffled.reduce((t, r) => applyReport(t, r, applied), blank);
        for (const source of SOURCES) {
          const expected = sorted.processing[source];
          const actual = anyOrder.processing[source];
          expect([actual.status, actual.asOf]).toEqual([expected.status, expected.asOf]);
          const own = byAsOf.filter((r) => r.source === source).map(said);
          for (const field of REPORTED) {
            const values = own.map((state) => state[field]).filter((value) => value !== null);
            // By asOf, the newest report that said the field wins; a null erases nothing.
            expect(expected[field], field).toEqual(values.at(-1) ?? null);
            if (values.length === 0) expect(actual[field], field).toBeNull();
            else expect(values, field).toContainEqual(actual[field]);
            const newest = own.at(-1)?.[field] ?? null;
            if (newest !== null) expect(actual[field], field).toEqual(newest);
          }
        }
      }),
      options,
    );
  });

  it("keeps the lifecycle where the statuses call for, through allowed transitions only", () => {
    fc.assert(
      fc.property(trade, (t) => {
        expect(t.lifecycle.state).toBe(lifecycleTarget(t));
        for (const { from, to, cause } of t.lifecycle.transitions) expect(isAllowedTransition(from, to, cause)).toBe(true);
        expect(t.lifecycle.transitions.every((each, i) => i === 0 || each.from === t.lifecycle.transitions[i - 1]?.to)).toBe(true);
      }),
      options,
    );
  });

  it("never changes the record's data for a report about another identifier", () => {
    fc.assert(
      fc.property(trade, report, instant, validators, (start, r, now, v) => {
        const foreign = { ...r, tradingId: `${start.info.tradingId}-other` };
        const next = applyReport(start, foreign, now, v);
        expect(next.info).toBe(start.info);
        for (const source of SOURCES) {
          const before = start.processing[source];
          const after = next.processing[source];
          expect(data(after)).toEqual(data(before));
          if (source === r.source) expect(after.foreignTradingId).toBe(foreign.tradingId);
          else expect(after).toBe(before);
        }
      }),
      options,
    );
  });

  it("never changes the trading information nor loses a date or field once known, whatever the answers", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(report, instant), { maxLength: 10 }), (history) => {
        const start = freshTrade();
        const infoBefore = structuredClone(start.info);
        let current = start;
        for (const [r, at] of history) {
          const next = applyReport(current, r, at);
          for (const source of SOURCES) {
            const before = data(current.processing[source]);
            const after = data(next.processing[source]);
            for (const [key, value] of Object.entries(before)) {
              // Only the HTTP validators mirror the last answer; regressedFrom clears by design.
              if (value !== null && key !== "regressedFrom" && key !== "etag" && key !== "lastModified") {
                expect(after[key as keyof typeof after], key).not.toBeNull();
              }
            }
          }
          current = next;
        }
        expect(current.info).toBe(start.info);
        expect(current.info).toEqual(infoBefore);
      }),
      options,
    );
  });
});
