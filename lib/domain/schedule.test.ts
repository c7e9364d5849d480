import { describe, expect, it } from "vitest";
import {
  AFTER_SCHEDULED_MS,
  ANNOUNCED_STEP_MS,
  AWAITING_BUYER_MAX_DELAY_MS,
  canAsk,
  COVERED_MAX_DELAY_MS,
  dueSources,
  EXPECTED_FOR_MS,
  EXPECTED_MAX_DELAY_MS,
  FAILURE_BASE_DELAY_MS,
  FAILURE_MAX_DELAY_MS,
  isFinalStatus,
  isTradeFinished,
  LONG_QUIET_AFTER_MS,
  LONG_QUIET_MAX_DELAY_MS,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  MAX_SLEEP_MS,
  MIN_DELAY_MS,
  nextCheckAt,
  QUIET_FRACTION,
  refreshSchedule,
  reschedule,
  STALE_AFTER_MS,
  STALE_DELAY_MS,
  unitHash,
  waitCap,
  withSchedule,
} from "./schedule";
import { aReturn, aTrade, NOW, plusMinutes } from "./test-trades";
import type { TradeOverrides } from "./test-trades";
import { SOURCES } from "./types";
import type { DeliveryStatus, PaymentStatus, PendingFinalisation, ShopStatus, SourceState } from "./types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PENDING: PendingFinalisation = {
  intent: "complete",
  by: "user",
  commandedAt: NOW,
  commandKey: "command-key-0001",
  collectiveId: null,
  deadline: plusMinutes(NOW, 10),
  resends: 0,
};
const DAY = 24 * HOUR;

/** Minutes from NOW to `at`. */
function waitOf(at: string | null | undefined): number {
  if (at === null || at === undefined) throw new Error("nothing scheduled");
  return (Date.parse(at) - Date.parse(NOW)) / MINUTE;
}

/** Jitter only shortens a wait, by less than `share` of it. */
function expectAbout(at: string | null | undefined, minutes: number, share = 0.1): void {
  const wait = waitOf(at);
  expect(wait).toBeLessThanOrEqual(minutes);
  expect(wait).toBeGreaterThan(minutes * (1 - share));
}

/** A trade whose `source` last changed `minutesAgo` before NOW. */
function quietFor(minutesAgo: number, overrides: TradeOverrides = {}): TradeOverrides {
  return { ...overrides, info: { capturedAt: plusMinutes(NOW, -minutesAgo), ...overrides.info } };
}

describe("constants", () => {
  it("document the policy in milliseconds", () => {
    expect(MIN_DELAY_MS).toBe(10 * MINUTE);
    expect(QUIET_FRACTION).toBe(2);
    expect(EXPECTED_MAX_DELAY_MS).toBe(30 * MINUTE);
    expect([EXPECTED_FOR_MS, MAX_DELAY_MS, LONG_QUIET_AFTER_MS, LONG_QUIET_MAX_DELAY_MS]).toEqual([DAY, 6 * HOUR, 3 * DAY, DAY]);
    expect([AWAITING_BUYER_MAX_DELAY_MS, COVERED_MAX_DELAY_MS]).toEqual([12 * HOUR, 7 * DAY]);
    expect([ANNOUNCED_STEP_MS, MAX_SLEEP_MS]).toEqual([30 * MINUTE, 3 * DAY]);
    expect(AFTER_SCHEDULED_MS).toBe(MINUTE);
    expect([FAILURE_BASE_DELAY_MS, FAILURE_MAX_DELAY_MS]).toEqual([MINUTE, 6 * HOUR]);
    expect([STALE_AFTER_MS, STALE_DELAY_MS, MAX_RETRY_AFTER_MS]).toEqual([30 * DAY, DAY, 30 * DAY]);
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

describe("isTradeFinished while the shop's word is awaited", () => {
  const done: TradeOverrides = { shop: { status: "delivered" }, payment: { status: "settled" }, delivery: { status: "delivered" } };

  it("is not finished while a finalisation is pending or a return is open", () => {
    expect(isTradeFinished(aTrade(done))).toBe(true);
    expect(isTradeFinished(aTrade({ ...done, lifecycle: { state: "finalising", pending: PENDING } }))).toBe(false);
    expect(isTradeFinished(aTrade({ ...done, returns: [aReturn({ status: "accepted" })] }))).toBe(false);
    expect(isTradeFinished(aTrade({ ...done, returns: [aReturn({ status: "refunded" })] }))).toBe(true);
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

  it("watches a final shop while a finalisation awaits its word, and shop and payment while a return is open", () => {
    const final: TradeOverrides = { shop: { status: "delivered" }, payment: { status: "settled" }, delivery: { status: "delivered" } };
    const finalising = aTrade({ ...final, lifecycle: { state: "finalising", pending: PENDING } });
    expect(SOURCES.map((source) => canAsk(finalising, source))).toEqual([true, false, false]);
    const returning = aTrade({ ...final, returns: [aReturn()] });
    expect(SOURCES.map((source) => canAsk(returning, source))).toEqual([true, true, false]);
  });
});

describe("nextCheckAt: when to stop", () => {
  it("is null when the source has no endpoint", () => {
    const trade = aTrade({ info: { endpoints: { shop: "https://shop.example/s", payment: null, delivery: null } } });
    expect(nextCheckAt(trade, "payment", "changed", NOW)).toBeNull();
    expect(nextCheckAt(trade, "shop", "changed", NOW)).not.toBeNull();
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
});

describe("nextCheckAt: backing off while nothing changes", () => {
  it("asks again 10 minutes after a change", () => {
    const trade = aTrade({ shop: { status: "processing", unchanged: 4, lastChangedAt: plusMinutes(NOW, -600) } });
    expectAbout(nextCheckAt(trade, "shop", "changed", NOW), 10);
  });

  it.each([
    [0, 10],
    [5, 10],
    [20, 40],
    [45, 90],
    [100, 200],
    [181, 360],
    [60 * 24 * 3, 360],
    [60 * 24 * 3 + 1, 1440],
    [60 * 24 * 20, 1440],
  ])("waits twice as long as the source has been quiet, up to 6 h, a day after 3 quiet days: %i minutes quiet → %i minutes", (quiet, minutes) => {
    const trade = aTrade({ shop: { status: "processing", lastChangedAt: plusMinutes(NOW, -quiet) } });
    expectAbout(nextCheckAt(trade, "shop", "unchanged", NOW), minutes);
  });

  it("triples the gap with each quiet answer and starts over after a change", () => {
    let trade = aTrade({ shop: { status: "processing", lastChangedAt: NOW } });
    let now = NOW;
    const gaps: number[] = [];
    for (let i = 0; i < 8; i++) {
      trade = reschedule(trade, "shop", "unchanged", now);
      const next = trade.processing.shop.nextCheckAt!;
      const gap = (Date.parse(next) - Date.parse(now)) / MINUTE;
      // The wait is twice the time since the change (at least 10 min, at most 6 h), less jitter.
      const quiet = (Date.parse(now) - Date.parse(NOW)) / MINUTE;
      const expected = Math.min(360, Math.max(10, 2 * quiet));
      expect(gap).toBeLessThanOrEqual(expected);
      expect(gap).toBeGreaterThan(expected * 0.9);
      gaps.push(gap);
      now = next;
    }
    expect(gaps[3]! / gaps[2]!).toBeGreaterThan(2.4);
    expect(gaps.at(-1)).toBeGreaterThan(324);

    const changed = reschedule({ ...trade, processing: { ...trade.processing, shop: { ...trade.processing.shop, lastChangedAt: now } } }, "shop", "changed", now);
    expect((Date.parse(changed.processing.shop.nextCheckAt!) - Date.parse(now)) / MINUTE).toBeLessThanOrEqual(10);
  });

  it("counts from capture when the source never changed, including records stored before lastChangedAt existed", () => {
    const neverChanged = aTrade(quietFor(45, { shop: { status: "processing", lastChangedAt: null } }));
    expectAbout(nextCheckAt(neverChanged, "shop", "unchanged", NOW), 90);
    const old = aTrade(quietFor(45, { shop: { status: "processing" } }));
    delete (old.processing.shop as Partial<SourceState>).lastChangedAt;
    expectAbout(nextCheckAt(old, "shop", "unchanged", NOW), 90);
  });

  it("writes UTC ISO times whatever the offset of now", () => {
    const trade = aTrade({ shop: { status: "processing", lastChangedAt: NOW } });
    const at = nextCheckAt(trade, "shop", "changed", "2026-11-20T11:00:00+01:00");
    expect(at).toMatch(/^2026-11-20T10:\d\d:\d\d\.\d{3}Z$/);
    expectAbout(at, 10);
  });
});

describe("nextCheckAt: what the other sources say", () => {
  const longQuiet = plusMinutes(NOW, -3 * 24 * 60);

  it("asks a source that never answered at least every 30 minutes", () => {
    expectAbout(nextCheckAt(aTrade(quietFor(600)), "shop", "unchanged", NOW), 30);
  });

  it("stops expecting a move that did not come within a day", () => {
    const dayAndMore = plusMinutes(NOW, -25 * 60);
    const stuck = aTrade({ shop: { status: "received", lastChangedAt: dayAndMore }, payment: { status: "settled", lastChangedAt: dayAndMore } });
    expect(waitCap(stuck, "shop")).toBe(EXPECTED_MAX_DELAY_MS);
    expectAbout(nextCheckAt(stuck, "shop", "unchanged", NOW), 360);
  });

  it("expects an order to be processed soon once its payment arrived, an unpaid one to wait for its payment", () => {
    const paidAgo = plusMinutes(NOW, -20);
    const paid = aTrade({ shop: { status: "received", lastChangedAt: longQuiet }, payment: { status: "settled", lastChangedAt: paidAgo } });
    expect(waitCap(paid, "shop")).toBe(EXPECTED_MAX_DELAY_MS);
    // Counted from the payment's arrival, 20 minutes ago: twice that, capped at 30 minutes.
    expectAbout(nextCheckAt(paid, "shop", "unchanged", NOW), 30);
    const authorized = aTrade({ shop: { status: "received", lastChangedAt: paidAgo }, payment: { status: "authorized", lastChangedAt: paidAgo } });
    expect(waitCap(authorized, "shop")).toBe(MAX_DELAY_MS);
    const unpaid = aTrade({ shop: { status: "received", lastChangedAt: NOW }, payment: { status: "pending", lastChangedAt: longQuiet } });
    expect(waitCap(unpaid, "shop")).toBe(COVERED_MAX_DELAY_MS);
    // Covered: the whole wait at once, even right after a change; the payment's arrival pulls it in (reschedule).
    expectAbout(nextCheckAt(unpaid, "shop", "changed", NOW), 7 * 24 * 60);
  });

  it("waits for the buyer's transfer twice a day, from the first answer on", () => {
    const pending = aTrade({ payment: { status: "pending", lastChangedAt: NOW } });
    expect(waitCap(pending, "payment")).toBe(AWAITING_BUYER_MAX_DELAY_MS);
    expectAbout(nextCheckAt(pending, "payment", "changed", NOW), 12 * 60);
    expectAbout(nextCheckAt(pending, "payment", "unchanged", NOW), 12 * 60);
  });

  it("lets the shop announce shipping: the carrier and a card payment wait long before it, and little after", () => {
    const processing = aTrade({
      shop: { status: "processing", lastChangedAt: longQuiet },
      payment: { status: "authorized", lastChangedAt: longQuiet },
      delivery: { status: "pending", lastChangedAt: longQuiet },
    });
    expect([waitCap(processing, "payment"), waitCap(processing, "delivery")]).toEqual([COVERED_MAX_DELAY_MS, COVERED_MAX_DELAY_MS]);

    const justShipped = plusMinutes(NOW, -15);
    const shipped = aTrade({
      shop: { status: "shipped", lastChangedAt: justShipped },
      payment: { status: "authorized", lastChangedAt: longQuiet },
      delivery: { status: "pending", lastChangedAt: longQuiet },
    });
    expect([waitCap(shipped, "payment"), waitCap(shipped, "delivery")]).toEqual([EXPECTED_MAX_DELAY_MS, EXPECTED_MAX_DELAY_MS]);
    // Counted from the shop's change, 15 minutes ago, not from the carrier's own silence (twice 15, capped at 30).
    expectAbout(nextCheckAt(shipped, "delivery", "unchanged", NOW), 30);
    // The carrier is the authority on delivery: the shop that shipped waits long while it is followed.
    expect(waitCap(shipped, "shop")).toBe(COVERED_MAX_DELAY_MS);
  });

  it("does not count on a source that cannot be asked", () => {
    const noShop = aTrade({
      info: { endpoints: { shop: null, payment: "https://pay.example/s", delivery: "https://parcel.example/s" } },
      payment: { status: "authorized" },
      delivery: { status: "pending" },
    });
    expect([waitCap(noShop, "payment"), waitCap(noShop, "delivery")]).toEqual([MAX_DELAY_MS, MAX_DELAY_MS]);
    const noCarrier = aTrade({
      info: { endpoints: { shop: "https://shop.example/s", payment: null, delivery: null } },
      shop: { status: "shipped" },
    });
    expect(waitCap(noCarrier, "shop")).toBe(MAX_DELAY_MS);
  });

  it("expects the shop to echo a delivery the carrier reported", () => {
    const trade = aTrade({ shop: { status: "shipped" }, payment: { status: "authorized" }, delivery: { status: "delivered" } });
    expect(waitCap(trade, "shop")).toBe(EXPECTED_MAX_DELAY_MS);
  });
});

describe("nextCheckAt: scheduled dates", () => {
  it("asks a minute after a payment due date or an expected delivery that comes before the computed time", () => {
    const payment = aTrade({ payment: { status: "pending", lastChangedAt: NOW, scheduledAt: plusMinutes(NOW, 90) } });
    expect(nextCheckAt(payment, "payment", "unchanged", NOW)).toBe(plusMinutes(NOW, 91));
    const delivery = aTrade({
      shop: { status: "shipped" },
      delivery: { status: "in_transit", lastChangedAt: plusMinutes(NOW, -600), scheduledAt: plusMinutes(NOW, 30) },
    });
    expect(nextCheckAt(delivery, "delivery", "unchanged", NOW)).toBe(plusMinutes(NOW, 31));
  });

  it("does not ask the shop for its own date: no check watches it", () => {
    const trade = aTrade({ shop: { status: "processing", lastChangedAt: plusMinutes(NOW, -100), scheduledAt: plusMinutes(NOW, 30) } });
    expectAbout(nextCheckAt(trade, "shop", "unchanged", NOW), 200);
  });

  it.each([
    ["after the computed time", 600],
    ["now", 0],
    ["in the past", -60 * 24 * 3],
  ])("ignores a scheduled date %s", (_, scheduledIn) => {
    const trade = aTrade({
      shop: { status: "shipped" },
      delivery: { status: "in_transit", lastChangedAt: plusMinutes(NOW, -40), scheduledAt: plusMinutes(NOW, scheduledIn) },
    });
    expectAbout(nextCheckAt(trade, "delivery", "unchanged", NOW), 80);
  });
});

describe("nextCheckAt: announced windows", () => {
  /** A parcel in transit whose carrier announced delivery between `from` and `until` minutes from NOW. */
  const announced = (from: number, until: number, overrides: TradeOverrides = {}) =>
    aTrade({
      shop: { status: "shipped" },
      ...overrides,
      delivery: {
        status: "in_transit",
        lastChangedAt: plusMinutes(NOW, -600),
        nextChange: { status: "delivered", from: plusMinutes(NOW, from), until: plusMinutes(NOW, until) },
        ...overrides.delivery,
      },
    });

  it("sleeps until the window opens and asks less than a step into it", () => {
    const wait = waitOf(nextCheckAt(announced(300, 360), "delivery", "unchanged", NOW));
    expect(wait).toBeGreaterThan(300 + 27);
    expect(wait).toBeLessThanOrEqual(300 + 30);
  });

  it("asks a step apart within the window, so a change in it is seen within 30 minutes", () => {
    const trade = announced(-120, 120);
    let now = plusMinutes(NOW, -119);
    const asks: number[] = [];
    while (Date.parse(now) < Date.parse(plusMinutes(NOW, 120))) {
      const next = nextCheckAt(trade, "delivery", "unchanged", now)!;
      const wait = (Date.parse(next) - Date.parse(now)) / MINUTE;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(30);
      asks.push(Date.parse(next));
      now = plusMinutes(now, 7);
    }
    // The asks lie on one grid, 30 minutes apart, whenever the previous answer came.
    for (const at of asks) expect((at - asks[0]!) % ANNOUNCED_STEP_MS).toBe(0);
  });

  it("spreads trades announcing the same window, never asking later than a step into it", () => {
    const firsts = Array.from({ length: 20 }, (_, i) => {
      const trade = announced(60, 120, { info: { tradingId: `GL-${i}` } });
      return waitOf(nextCheckAt(trade, "delivery", "unchanged", NOW));
    });
    expect(new Set(firsts).size).toBeGreaterThan(10);
    expect(Math.max(...firsts)).toBeLessThanOrEqual(90);
    expect(Math.min(...firsts)).toBeGreaterThan(87);
  });

  it("asks at least every 3 days while waiting for a window far ahead", () => {
    expect(waitOf(nextCheckAt(announced(10 * 24 * 60, 10 * 24 * 60 + 60), "delivery", "unchanged", NOW))).toBe(3 * 24 * 60);
  });

  it("backs off from the end of a missed window, at most 6 hours, even where a move was expected", () => {
    expectAbout(nextCheckAt(announced(-120, -20), "delivery", "unchanged", NOW), 40);
    expectAbout(nextCheckAt(announced(-600, -300), "delivery", "unchanged", NOW), 360);
    const paid = aTrade({
      shop: {
        status: "received",
        lastChangedAt: plusMinutes(NOW, -120),
        nextChange: { status: "shipped", from: plusMinutes(NOW, -60), until: plusMinutes(NOW, -45) },
      },
      payment: { status: "settled", lastChangedAt: plusMinutes(NOW, -60) },
    });
    expect(waitCap(paid, "shop")).toBe(EXPECTED_MAX_DELAY_MS);
    expectAbout(nextCheckAt(paid, "shop", "unchanged", NOW), 90);
  });

  it("ignores a window whose status is reached, and one of a source another covers", () => {
    const reached = aTrade({
      info: { endpoints: { shop: "https://green-leaf.example/s", payment: null, delivery: null } },
      shop: { status: "shipped", lastChangedAt: NOW, nextChange: { status: "shipped", from: plusMinutes(NOW, -60), until: plusMinutes(NOW, 60) } },
    });
    expectAbout(nextCheckAt(reached, "shop", "changed", NOW), 10);
    // The shop that shipped echoes the carrier's window: the carrier is asked, the shop is not.
    const echo = announced(30, 90, {
      shop: { status: "shipped", nextChange: { status: "delivered", from: plusMinutes(NOW, 30), until: plusMinutes(NOW, 90) } },
    });
    expectAbout(nextCheckAt(echo, "shop", "changed", NOW), 7 * 24 * 60);
  });

  it("still backs off after failures and honours a Retry-After within a window", () => {
    const failing = announced(-60, 60, { delivery: { failures: 3 } });
    expectAbout(nextCheckAt(failing, "delivery", "failed", NOW), 4, 0.5);
    expect(nextCheckAt(announced(-60, 60), "delivery", "unchanged", NOW, { retryAfterMs: 2 * HOUR })).toBe(plusMinutes(NOW, 120));
  });
});

describe("nextCheckAt: stale sources", () => {
  it("asks a source quiet for 30 days at most once a day, whatever the outcome", () => {
    const trade = aTrade({
      shop: { status: "shipped" },
      delivery: { status: "in_transit", lastChangedAt: plusMinutes(NOW, -31 * 24 * 60), failures: 1 },
    });
    expect(nextCheckAt(trade, "delivery", "unchanged", NOW)).toBe(plusMinutes(NOW, 24 * 60));
    expect(nextCheckAt(trade, "delivery", "failed", NOW)).toBe(plusMinutes(NOW, 24 * 60));
    const fresh = aTrade({ delivery: { status: "in_transit", lastChangedAt: plusMinutes(NOW, -29 * 24 * 60) } });
    expectAbout(nextCheckAt(fresh, "delivery", "unchanged", NOW), 1440);
  });
});

describe("nextCheckAt: failures and Retry-After", () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 4],
    [9, 256],
    [10, 360],
    [5000, 360],
  ])("after %i failures in a row waits up to %i minutes, at least half of it", (failures, minutes) => {
    const trade = aTrade({ payment: { status: "authorized", failures, lastChangedAt: NOW } });
    expectAbout(nextCheckAt(trade, "payment", "failed", NOW), minutes, 0.5);
  });

  it("never asks before the Retry-After", () => {
    const trade = aTrade({ payment: { status: "authorized", failures: 1, lastChangedAt: NOW } });
    expect(nextCheckAt(trade, "payment", "failed", NOW, { retryAfterMs: 10 * MINUTE })).toBe(plusMinutes(NOW, 10));
    const soon = aTrade({ shop: { status: "processing", lastChangedAt: NOW } });
    expect(waitOf(nextCheckAt(soon, "shop", "unchanged", NOW, { retryAfterMs: 3 * HOUR }))).toBe(180);
    // A Retry-After shorter than the back-off changes nothing.
    const backedOff = aTrade({ payment: { status: "authorized", failures: 9, lastChangedAt: NOW } });
    expect(nextCheckAt(backedOff, "payment", "failed", NOW, { retryAfterMs: MINUTE })).toBe(
      nextCheckAt(backedOff, "payment", "failed", NOW),
    );
  });

  it("caps an absurd Retry-After at 30 days", () => {
    const trade = aTrade({ payment: { status: "authorized", failures: 1, lastChangedAt: NOW } });
    expect(nextCheckAt(trade, "payment", "failed", NOW, { retryAfterMs: 400 * DAY })).toBe(plusMinutes(NOW, 30 * 24 * 60));
  });

  it("is remembered by reschedule as the source's notBefore, which the next answer without one removes", () => {
    const trade = aTrade({ payment: { status: "authorized", failures: 1, lastChangedAt: NOW } });
    const busy = reschedule(trade, "payment", "failed", NOW, { retryAfterMs: 400 * DAY });
    expect(busy.processing.payment.notBefore).toBe(plusMinutes(NOW, 30 * 24 * 60));
    expect(reschedule(busy, "payment", "unchanged", plusMinutes(NOW, 1)).processing.payment.notBefore).toBeNull();
    // A source that never had one keeps a record without the field.
    expect(reschedule(trade, "payment", "failed", NOW).processing.payment).not.toHaveProperty("notBefore");
  });
});

describe("jitter", () => {
  it("is deterministic, spreads trades apart and never lengthens a wait", () => {
    const waits = Array.from({ length: 20 }, (_, i) => {
      const trade = aTrade({ info: { tradingId: `GL-${i}` }, shop: { status: "processing", lastChangedAt: plusMinutes(NOW, -100) } });
      const at = nextCheckAt(trade, "shop", "unchanged", NOW);
      expect(nextCheckAt(trade, "shop", "unchanged", NOW)).toBe(at);
      return waitOf(at);
    });
    expect(new Set(waits).size).toBeGreaterThan(10);
    expect(Math.max(...waits)).toBeLessThanOrEqual(200);
    expect(Math.min(...waits)).toBeGreaterThan(180);
  });

  it("maps keys into [0, 1)", () => {
    const values = ["", "a", "b", "GL-1|shop|0|0", "x".repeat(1000)].map(unitHash);
    values.forEach((value) => {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    });
    expect(unitHash("a")).not.toBe(unitHash("b"));
  });
});

describe("reschedule", () => {
  it("resets the unchanged count after a change and schedules soon", () => {
    const trade = aTrade({ shop: { status: "processing", unchanged: 3, nextCheckAt: NOW, lastChangedAt: NOW } });
    const next = reschedule(trade, "shop", "changed", NOW);
    expect(next.processing.shop.unchanged).toBe(0);
    expectAbout(next.processing.shop.nextCheckAt, 10);
    expect(next.nextCheckAt).toBe(next.processing.shop.nextCheckAt);
  });

  it("counts unchanged answers in a row", () => {
    const once = reschedule(aTrade(), "shop", "unchanged", NOW);
    const twice = reschedule(once, "shop", "unchanged", NOW);
    expect([once, twice].map((trade) => trade.processing.shop.unchanged)).toEqual([1, 2]);
  });

  it("keeps the counts through a failure and backs off on the failures the caller counted", () => {
    const next = reschedule(aTrade({ delivery: { unchanged: 2, failures: 3 } }), "delivery", "failed", NOW);
    expect(next.processing.delivery).toMatchObject({ unchanged: 2, failures: 3 });
    expectAbout(next.processing.delivery.nextCheckAt, 4, 0.5);
  });

  it("passes the Retry-After on", () => {
    const next = reschedule(aTrade({ delivery: { failures: 1 } }), "delivery", "failed", NOW, { retryAfterMs: 2 * HOUR });
    expect(next.processing.delivery.nextCheckAt).toBe(plusMinutes(NOW, 120));
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

  it("leaves the other sources alone after an unchanged answer, and does not mutate its input", () => {
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

  it("asks the others sooner when a change means they should move (the shop shipped: the carrier scans)", () => {
    const longQuiet = plusMinutes(NOW, -2 * 24 * 60);
    const trade = aTrade({
      shop: { status: "shipped", lastChangedAt: NOW, nextCheckAt: NOW },
      payment: { status: "authorized", lastChangedAt: longQuiet, nextCheckAt: plusMinutes(NOW, 11 * 60) },
      delivery: { status: "pending", lastChangedAt: longQuiet, nextCheckAt: plusMinutes(NOW, 11 * 60) },
    });
    const next = reschedule(trade, "shop", "changed", NOW);
    expectAbout(next.processing.payment.nextCheckAt, 10);
    expectAbout(next.processing.delivery.nextCheckAt, 10);
  });

  it("asks a shop that waited for the payment soon after it arrived, to learn when it ships", () => {
    const trade = aTrade({
      shop: { status: "received", lastChangedAt: plusMinutes(NOW, -3 * 24 * 60), nextCheckAt: plusMinutes(NOW, 4 * 24 * 60) },
      payment: { status: "settled", lastChangedAt: NOW, nextCheckAt: NOW },
    });
    expectAbout(reschedule(trade, "payment", "changed", NOW).processing.shop.nextCheckAt, 10);
  });

  it("never puts another source off, nor pulls in one backing off after failures", () => {
    const trade = aTrade({
      shop: { status: "shipped", lastChangedAt: NOW, nextCheckAt: NOW },
      payment: { status: "authorized", nextCheckAt: plusMinutes(NOW, 1) },
      delivery: { status: "pending", failures: 2, nextCheckAt: plusMinutes(NOW, 11 * 60) },
    });
    const next = reschedule(trade, "shop", "changed", NOW);
    expect(next.processing.payment).toBe(trade.processing.payment);
    expect(next.processing.delivery).toBe(trade.processing.delivery);
  });
});

describe("refreshSchedule", () => {
  it("asks a source that can be asked again soon, and drops the checks of those that cannot", () => {
    const final: TradeOverrides = {
      shop: { status: "delivered", nextCheckAt: null },
      payment: { status: "settled", nextCheckAt: plusMinutes(NOW, 30) },
      delivery: { status: "delivered", nextCheckAt: null },
    };
    const returning = refreshSchedule(aTrade({ ...final, returns: [aReturn()] }), NOW);
    expectAbout(returning.processing.shop.nextCheckAt, 10);
    expect(returning.processing.payment.nextCheckAt).toBe(plusMinutes(NOW, 30));
    expect(returning.processing.delivery.nextCheckAt).toBeNull();
    expect(returning.nextCheckAt).toBe(returning.processing.shop.nextCheckAt);

    const closed = refreshSchedule({ ...returning, returns: [aReturn({ status: "refused" })] }, NOW);
    expect(SOURCES.map((source) => closed.processing[source].nextCheckAt)).toEqual([null, null, null]);
    expect(closed).not.toHaveProperty("nextCheckAt");
  });

  it("asks the shop at most every 30 minutes while a finalisation is pending", () => {
    const finalising = aTrade({ shop: { status: "processing" }, lifecycle: { state: "finalising", pending: PENDING } });
    expect(waitCap(finalising, "shop")).toBe(EXPECTED_MAX_DELAY_MS);
    expect(waitCap(aTrade({ shop: { status: "processing" } }), "shop")).toBe(MAX_DELAY_MS);
  });

  it.each([
    ["quiet for five days", 5 * 24 * 60, {}],
    ["stale (quiet for 40 days)", 40 * 24 * 60, {}],
    ["that announced a window days ahead", 5 * 24 * 60, { nextChange: { status: "delivered" as const, from: plusMinutes(NOW, 2 * 24 * 60), until: plusMinutes(NOW, 3 * 24 * 60) } }],
  ])("asks the shop within 30 minutes while a finalisation is pending, for a trade %s", (_, minutesAgo, shop) => {
    const since = plusMinutes(NOW, -minutesAgo);
    const quiet = { asOf: since, lastChangedAt: since };
    const trade = aTrade({
      ...quietFor(minutesAgo),
      shop: { status: "shipped", ...quiet, ...shop },
      payment: { status: "authorized", ...quiet },
      delivery: { status: "in_transit", ...quiet },
    });
    const finalising = { ...trade, lifecycle: { ...trade.lifecycle, state: "finalising" as const, pending: PENDING } };
    expectAbout(nextCheckAt(finalising, "shop", "unchanged", NOW), 30);
    // Without the command, the shop is not asked that soon.
    expect(waitOf(nextCheckAt(trade, "shop", "unchanged", NOW))).toBeGreaterThan(6 * 60);
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
