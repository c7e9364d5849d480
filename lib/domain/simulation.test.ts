import { describe, expect, it } from "vitest";
import { every, generateTimelines, simulate, TRADEWATCH } from "./simulation";
import { SOURCES } from "./types";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The thresholds of docs/scheduling.md: against polling every 15 minutes on the same month of
 * orders, TradeWatch makes at most a fifth of the requests, sees the median status change within
 * 45 minutes and 90 % of them within 3 hours, and misses none. `npm run bench` prints the numbers.
 */
describe("a month of orders", () => {
  it("costs a fraction of 15-minute polling while seeing changes soon", { timeout: 120_000 }, () => {
    const trades = 40;
    const watch = simulate({ trades, seed: 7, policy: TRADEWATCH });
    const polling = simulate({ trades, seed: 7, policy: every(15) });

    expect(watch.requests * 5).toBeLessThan(polling.requests);
    expect(watch.delayMs.median).toBeLessThan(45 * MINUTE);
    expect(watch.delayMs.p90).toBeLessThan(3 * 60 * MINUTE);
    expect(watch.unseen).toBe(0);
    // Both saw the same world: about as many changes, and polling did what it says.
    expect(watch.changes).toBeGreaterThan(trades * 3);
    expect(Math.abs(watch.changes - polling.changes)).toBeLessThan(trades / 4);
    expect(polling.delayMs.median).toBeLessThanOrEqual(15 * MINUTE);
  });

  it("repeats exactly for a seed", () => {
    const first = simulate({ trades: 8, seed: 3, policy: TRADEWATCH });
    expect(simulate({ trades: 8, seed: 3, policy: TRADEWATCH })).toEqual(first);
    expect(simulate({ trades: 8, seed: 4, policy: TRADEWATCH })).not.toEqual(first);
  });

  it("answers 304 to a matching validator and counts failures, including outages with a Retry-After", () => {
    const result = simulate({ trades: 30, seed: 11, policy: TRADEWATCH, failureRate: 0.05 });
    expect(result.notModified).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.notModified + result.failed).toBeLessThan(result.requests);
  });
});

describe("generateTimelines", () => {
  const start = Date.parse("2026-11-01T00:00:00.000Z");
  const timelines = generateTimelines(300, 5, start, 30 * DAY);

  it("places orders in the first two thirds of the span, each status after the one before", () => {
    for (const timeline of timelines) {
      expect(timeline.capturedAt).toBeGreaterThanOrEqual(start);
      expect(timeline.capturedAt).toBeLessThan(start + 20 * DAY);
      for (const source of SOURCES) {
        const steps = timeline.steps[source];
        expect(steps[0]?.at).toBe(timeline.capturedAt);
        steps.slice(1).forEach((step, i) => expect(step.at).toBeGreaterThanOrEqual(steps[i]!.at));
      }
    }
  });

  it("mixes card payments, bank transfers, cancellations, declines and lost parcels", () => {
    const first = (source: "shop" | "payment" | "delivery", i: number) => timelines[i]!.steps[source][0]!.status;
    const last = (source: "shop" | "payment" | "delivery", i: number) => timelines[i]!.steps[source].at(-1)!.status;
    const count = (test: (i: number) => boolean) => timelines.filter((_, i) => test(i)).length;
    expect(count((i) => first("payment", i) === "authorized")).toBeGreaterThan(150);
    expect(count((i) => first("payment", i) === "pending")).toBeGreaterThan(40);
    expect(count((i) => last("shop", i) === "cancelled")).toBeGreaterThan(10);
    expect(count((i) => last("payment", i) === "failed")).toBeGreaterThan(5);
    expect(count((i) => last("delivery", i) === "in_transit")).toBeGreaterThan(2);
    expect(count((i) => last("delivery", i) === "delivered")).toBeGreaterThan(200);
  });

  it("announces the dates at capture: payment due for bank transfers, expected delivery for shipped orders", () => {
    const transfers = timelines.filter((timeline) => timeline.steps.payment[0]!.status === "pending");
    transfers.forEach((timeline) => expect(timeline.captured.paymentDueAt).not.toBeNull());
    const delivered = timelines.filter((timeline) => timeline.steps.delivery.at(-1)!.status === "delivered");
    for (const timeline of delivered) {
      const expected = Date.parse(timeline.captured.expectedDeliveryAt!);
      const actual = timeline.steps.delivery.at(-1)!.at;
      expect(Math.abs(expected - actual)).toBeLessThanOrEqual(1.5 * DAY);
    }
  });
});
