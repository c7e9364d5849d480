import { describe, expect, it } from "vitest";
import { every, generateTimelines, pollingCost, simulate, TRADEWATCH } from "./simulation";
import { SOURCES } from "./types";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Issue 7's targets for polling, as properties of the policy (docs/scheduling.md): on a month of
 * orders at the reference servers, at least 10× fewer requests than polling every 15 minutes, at
 * most 3× the lower bound of one request per status change, the changes within their announced
 * windows seen within 30 minutes at the 95th percentile, and none missed. Virtual time: the
 * numbers are deterministic. `npm run bench` prints them for 10,000 orders.
 */
describe("pollingCost", () => {
  const cost = pollingCost({ trades: 500, seed: 7 });

  it("meets the targets of issue 7", { timeout: 120_000 }, () => {
    expect(cost.fixed15RequestsPerTrade / cost.requestsPerTrade).toBeGreaterThanOrEqual(10);
    expect(cost.requestsPerTrade).toBeLessThanOrEqual(3 * cost.lowerBoundPerTrade);
    expect(cost.delayP95InWindowMs).toBeLessThanOrEqual(30 * MINUTE);
    expect(cost.unseen).toBe(0);
  });

  it("measures a world where most changes are announced and the rest are still seen", () => {
    expect(cost).toMatchObject({ trades: 500, days: 30 });
    // About five status changes an order: processing, shipped, charged, scanned, delivered.
    expect(cost.lowerBoundPerTrade).toBeGreaterThan(4);
    expect(cost.lowerBoundPerTrade).toBeLessThan(6);
    expect(cost.inWindowChanges).toBeGreaterThan(cost.trades);
    expect(cost.inWindowChanges).toBeLessThan(cost.lowerBoundPerTrade * cost.trades);
    // Changes outside any window wait for the next ask the schedule makes anyway: later, not lost.
    expect(cost.delayP50OutsideWindowMs).toBeGreaterThan(cost.delayP95InWindowMs / 2);
    expect(cost.delayP95OutsideWindowMs).toBeLessThan(DAY);
    expect(cost.delayP50Ms).toBeLessThan(45 * MINUTE);
    expect(cost.delayP95Ms).toBeGreaterThanOrEqual(cost.delayP95InWindowMs);
  });

  it("counts the 15-minute poller's requests as simulating it does", { timeout: 120_000 }, () => {
    const counted = pollingCost({ trades: 30, seed: 3 }).fixed15RequestsPerTrade;
    const simulated = simulate({ trades: 30, seed: 3, policy: every(15) }).requestsPerTrade.mean;
    expect(Math.abs(simulated - counted) / counted).toBeLessThan(0.02);
  });

  it("repeats exactly for a seed", () => {
    expect(pollingCost({ trades: 20, seed: 3 })).toEqual(pollingCost({ trades: 20, seed: 3 }));
    expect(pollingCost({ trades: 20, seed: 4 })).not.toEqual(pollingCost({ trades: 20, seed: 3 }));
  });
});

describe("a month of orders", () => {
  it("costs a fraction of 15-minute polling while seeing changes soon", { timeout: 120_000 }, () => {
    const trades = 40;
    const watch = simulate({ trades, seed: 7, policy: TRADEWATCH });
    const polling = simulate({ trades, seed: 7, policy: every(15) });

    expect(watch.requests * 10).toBeLessThan(polling.requests);
    expect(watch.delayMs.median).toBeLessThan(45 * MINUTE);
    expect(watch.unseen).toBe(0);
    // Both saw the same world, and polling did what it says.
    expect(watch.changes).toBe(polling.changes);
    expect(watch.changes).toBeGreaterThan(trades * 4);
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
  const timelines = generateTimelines(600, 5, start, 30 * DAY);
  type Timeline = (typeof timelines)[number];
  const count = (test: (timeline: Timeline) => boolean) => timelines.filter(test).length;
  const firstPayment = (timeline: Timeline) => timeline.steps.payment[0]!;
  const last = (timeline: Timeline, source: "shop" | "payment" | "delivery") => timeline.steps[source].at(-1)!.status;
  /** When `source` reached `status`, and the window it had announced just before. */
  const change = (timeline: Timeline, source: "shop" | "delivery", status: string) => {
    const steps = timeline.steps[source];
    const i = steps.findIndex((step) => step.status === status);
    return { at: steps[i]!.at, window: steps[i - 1]!.next };
  };
  const within = ({ at, window }: ReturnType<typeof change>) => window !== null && at >= window.from && at <= window.until;

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

  it("mixes card payments, reviews, bank transfers, cancellations and lost parcels", () => {
    expect(count((timeline) => firstPayment(timeline).status === "authorized")).toBeGreaterThan(450);
    expect(count((timeline) => firstPayment(timeline).status === "pending" && firstPayment(timeline).next === null)).toBeGreaterThan(40);
    expect(count((timeline) => firstPayment(timeline).next?.status === "authorized")).toBeGreaterThan(10);
    expect(count((timeline) => last(timeline, "payment") === "failed")).toBeGreaterThan(3);
    expect(count((timeline) => last(timeline, "shop") === "cancelled")).toBeGreaterThan(15);
    expect(count((timeline) => last(timeline, "delivery") === "in_transit" && last(timeline, "shop") === "shipped")).toBeGreaterThan(1);
    expect(count((timeline) => last(timeline, "delivery") === "delivered")).toBeGreaterThan(500);
  });

  it("announces shipping and delivery windows, right most of the time", () => {
    const shipped = timelines.filter((timeline) => timeline.steps.shop.some((step) => step.status === "shipped"));
    const delivered = timelines.filter((timeline) => last(timeline, "delivery") === "delivered");
    const shippedInWindow = shipped.filter((timeline) => within(change(timeline, "shop", "shipped"))).length;
    const deliveredInWindow = delivered.filter((timeline) => within(change(timeline, "delivery", "delivered"))).length;
    expect(shippedInWindow / shipped.length).toBeGreaterThan(0.8);
    expect(shippedInWindow).toBeLessThan(shipped.length);
    expect(deliveredInWindow / delivered.length).toBeGreaterThan(0.85);
    expect(deliveredInWindow).toBeLessThan(delivered.length);
    // The slot the carrier announces on the morning of delivery is an hour long.
    for (const timeline of delivered) {
      const { window } = change(timeline, "delivery", "delivered");
      expect(window!.until - window!.from).toBe(60 * MINUTE);
    }
  });

  it("gives the dates at capture: payment due for bank transfers, a conservative delivery date for card orders", () => {
    const transfers = timelines.filter((timeline) => firstPayment(timeline).status === "pending" && firstPayment(timeline).next === null);
    transfers.forEach((timeline) => expect(timeline.captured.paymentDueAt).not.toBeNull());
    const cards = timelines.filter((timeline) => firstPayment(timeline).status === "authorized" && last(timeline, "delivery") === "delivered");
    const onTime = cards.filter((timeline) => Date.parse(timeline.captured.expectedDeliveryAt!) >= timeline.steps.delivery.at(-1)!.at);
    expect(onTime.length / cards.length).toBeGreaterThan(0.9);
  });
});
