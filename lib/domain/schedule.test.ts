import { describe, expect, it } from "vitest";
import {
  AFTER_SCHEDULED_MS,
  canAsk,
  CHANGED_DELAY_MS,
  dueSources,
  FAILURE_BASE_DELAY_MS,
  isFinalStatus,
  isTradeFinished,
  MAX_DELAY_MS,
  nextCheckAt,
  reschedule,
  UNCHANGED_BASE_DELAY_MS,
  withSchedule,
} from "./schedule";
import { aTrade, NOW, plusMinutes } from "./test-trades";
import type { DeliveryStatus, PaymentStatus, ShopStatus } from "./types";

const MINUTE = 60_000;

describe("constants", () => {
  it("document the policy in milliseconds", () => {
    expect(CHANGED_DELAY_MS).toBe(2 * MINUTE);
    expect(UNCHANGED_BASE_DELAY_MS).toBe(5 * MINUTE);
    expect(FAILURE_BASE_DELAY_MS).toBe(MINUTE);
    expect(MAX_DELAY_MS).toBe(6 * 60 * MINUTE);
    expect(AFTER_SCHEDULED_MS).toBe(MINUTE);
  });

  it("re-exports isFinalStatus", () => {
    expect(isFinalStatus("payment", "refunded")).toBe(true);
  });
});

describe("isTradeFinished", () => {
  it.each<[ShopStatus | null, PaymentStatus | null, DeliveryStatus | null, boolean]>([
    [null, null, null, false],
    ["cancelled", null, null, true],
    ["cancelled", "authorized", "in_transit", true],
    [null, "settled", "delivered", true],
    ["delivered", "refunded", null, true],
    [null, "settled", "in_transit", false],
    [null, "authorized", "delivered", false],
    ["shipped", "failed", "returned", true],
  ])("shop %s, payment %s, delivery %s → %s", (shop, payment, delivery, finished) => {
    expect(
      isTradeFinished(aTrade({ shop: { status: shop }, payment: { status: payment }, delivery: { status: delivery } })),
    ).toBe(finished);
  });
});

describe("canAsk", () => {
  it("needs an endpoint and a status that is not final", () => {
    expect(canAsk(aTrade(), "payment")).toBe(true);
    expect(canAsk(aTrade({ payment: { status: "authorized" } }), "payment")).toBe(true);
    expect(canAsk(aTrade({ payment: { status: "settled" } }), "payment")).toBe(false);
    const noEndpoint = aTrade({ info: { endpoints: { shop: null, payment: null, delivery: null } } });
    expect(canAsk(noEndpoint, "payment")).toBe(false);
  });
});

describe("nextCheckAt", () => {
  it("is null when the source has no endpoint", () => {
    const trade = aTrade({ info: { endpoints: { shop: "https://shop.example/s", payment: null, delivery: null } } });
    expect(nextCheckAt(trade, "payment", "changed", NOW)).toBeNull();
    expect(nextCheckAt(trade, "shop", "changed", NOW)).toBe(plusMinutes(NOW, 2));
  });

  it("is null once the source's status is final", () => {
    expect(nextCheckAt(aTrade({ delivery: { status: "delivered" } }), "delivery", "changed", NOW)).toBeNull();
  });

  it("is null for every source of a finished trade", () => {
    const trade = aTrade({
      shop: { status: "shipped" },
      payment: { status: "settled" },
      delivery: { status: "delivered" },
    });
    expect(nextCheckAt(trade, "shop", "changed", NOW)).toBeNull();
    expect(nextCheckAt(aTrade({ shop: { status: "cancelled" } }), "payment", "unchanged", NOW)).toBeNull();
  });

  it("asks again 2 minutes after a change", () => {
    const trade = aTrade({ shop: { unchanged: 4, failures: 3 } });
    expect(nextCheckAt(trade, "shop", "changed", NOW)).toBe(plusMinutes(NOW, 2));
  });

  it.each([
    [0, 5],
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [7, 320],
    [8, 360],
    [50, 360],
    [5000, 360],
  ])("after %i unchanged answers in a row waits %i minutes", (unchanged, minutes) => {
    expect(nextCheckAt(aTrade({ shop: { unchanged } }), "shop", "unchanged", NOW)).toBe(plusMinutes(NOW, minutes));
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 4],
    [9, 256],
    [10, 360],
    [5000, 360],
  ])("after %i failures in a row waits %i minutes", (failures, minutes) => {
    expect(nextCheckAt(aTrade({ payment: { failures } }), "payment", "failed", NOW)).toBe(plusMinutes(NOW, minutes));
  });

  it("asks a minute after a scheduled date that comes before the computed time", () => {
    const trade = aTrade({ delivery: { unchanged: 8, scheduledAt: plusMinutes(NOW, 90) } });
    expect(nextCheckAt(trade, "delivery", "unchanged", NOW)).toBe(plusMinutes(NOW, 91));
  });

  it.each([
    ["after the computed time", plusMinutes(NOW, 6), 5],
    ["at the computed time", plusMinutes(NOW, 5), 5],
    ["now", NOW, 5],
    ["in the past", plusMinutes(NOW, -60), 5],
  ])("ignores a scheduled date %s", (_, scheduledAt, minutes) => {
    const trade = aTrade({ payment: { unchanged: 1, scheduledAt } });
    expect(nextCheckAt(trade, "payment", "unchanged", NOW)).toBe(plusMinutes(NOW, minutes));
  });

  it("writes UTC ISO times whatever the offset of now", () => {
    expect(nextCheckAt(aTrade(), "shop", "changed", "2026-11-20T11:00:00+01:00")).toBe("2026-11-20T10:02:00.000Z");
  });
});

describe("reschedule", () => {
  it("resets the unchanged count after a change and schedules soon", () => {
    const trade = aTrade({ shop: { unchanged: 3, nextCheckAt: NOW } });
    const next = reschedule(trade, "shop", "changed", NOW);
    expect(next.processing.shop).toMatchObject({ unchanged: 0, nextCheckAt: plusMinutes(NOW, 2) });
    expect(next.nextCheckAt).toBe(plusMinutes(NOW, 2));
  });

  it("counts unchanged answers in a row and backs off", () => {
    const once = reschedule(aTrade(), "shop", "unchanged", NOW);
    const twice = reschedule(once, "shop", "unchanged", NOW);
    const thrice = reschedule(twice, "shop", "unchanged", NOW);
    expect([once, twice, thrice].map((trade) => trade.processing.shop.unchanged)).toEqual([1, 2, 3]);
    expect([once, twice, thrice].map((trade) => trade.processing.shop.nextCheckAt)).toEqual([
      plusMinutes(NOW, 5),
      plusMinutes(NOW, 10),
      plusMinutes(NOW, 20),
    ]);
  });

  it("keeps the unchanged count through a failure and backs off on the failures the caller counted", () => {
    const next = reschedule(aTrade({ delivery: { unchanged: 2, failures: 3 } }), "delivery", "failed", NOW);
    expect(next.processing.delivery).toMatchObject({ unchanged: 2, failures: 3, nextCheckAt: plusMinutes(NOW, 4) });
  });

  it("stops asking every source once the trade is finished", () => {
    const trade = aTrade({
      shop: { status: "shipped", nextCheckAt: plusMinutes(NOW, 30) },
      payment: { status: "settled", nextCheckAt: null },
      delivery: { status: "delivered", nextCheckAt: NOW },
      nextCheckAt: NOW,
    });
    const next = reschedule(trade, "delivery", "changed", NOW);
    expect([next.processing.shop.nextCheckAt, next.processing.delivery.nextCheckAt]).toEqual([null, null]);
    expect(next).not.toHaveProperty("nextCheckAt");
  });

  it("leaves the other sources of an unfinished trade alone and does not mutate its input", () => {
    const trade = aTrade({
      shop: { nextCheckAt: plusMinutes(NOW, 1) },
      payment: { nextCheckAt: NOW },
      nextCheckAt: NOW,
    });
    const copy = structuredClone(trade);
    const next = reschedule(trade, "payment", "unchanged", NOW);
    expect(next.processing.shop).toBe(trade.processing.shop);
    expect(next.nextCheckAt).toBe(plusMinutes(NOW, 1));
    expect(trade).toEqual(copy);
  });
});

describe("withSchedule", () => {
  it("takes the earliest source check, comparing instants", () => {
    const trade = aTrade({
      shop: { nextCheckAt: "2026-11-20T10:30:00Z" },
      payment: { nextCheckAt: "2026-11-20T11:10:00+01:00" },
      delivery: { nextCheckAt: null },
    });
    expect(withSchedule(trade).nextCheckAt).toBe("2026-11-20T11:10:00+01:00");
  });

  it("removes the property when nothing is scheduled, without mutating its input", () => {
    const trade = aTrade({ nextCheckAt: NOW });
    const next = withSchedule(trade);
    expect(next).not.toHaveProperty("nextCheckAt");
    expect(trade.nextCheckAt).toBe(NOW);
  });
});

describe("dueSources", () => {
  it("lists the sources whose check is at or before now", () => {
    const trade = aTrade({
      shop: { nextCheckAt: plusMinutes(NOW, -1) },
      payment: { nextCheckAt: NOW },
      delivery: { nextCheckAt: plusMinutes(NOW, 1) },
    });
    expect(dueSources(trade, NOW)).toEqual(["shop", "payment"]);
    expect(dueSources(trade, plusMinutes(NOW, -2))).toEqual([]);
    expect(dueSources(aTrade(), NOW)).toEqual([]);
  });
});
