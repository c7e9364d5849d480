import type { StatusReport } from "../protocol/status-report";
import { applyFailure, applyNotModified, applyReport } from "./reconcile";
import { canAsk, dueSources, isTradeFinished, withSchedule } from "./schedule";
import { seededRandom } from "./seeded-random";
import { newTrade } from "./trade";
import { SOURCES } from "./types";
import type {
  AnyStatus,
  CapturedOrder,
  DeliveryStatus,
  ItemQuantity,
  Money,
  PaymentStatus,
  ShopStatus,
  Source,
  Trade,
} from "./types";

/**
 * A month of virtual time for many trades with realistic status timelines, run through the real
 * reconcile and schedule code (seed 002: "report requests per trade and the delay between a status
 * change at the server and the extension seeing it, compared with polling every 15 minutes").
 * Pure and deterministic: a seeded generator stands in for chance, the clock is a number.
 * Used by simulation.test.ts and `npm run bench`; see docs/scheduling.md.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How the extension decides when to ask: TradeWatch's scheduler, or for comparison a poller that
 * waits intervalsMs[n] after the n-th answer in a row that changed nothing (the last one repeats).
 */
export type Policy = { kind: "tradewatch" } | { kind: "intervals"; label: string; intervalsMs: readonly number[] };

export const TRADEWATCH: Policy = { kind: "tradewatch" };

/** Polling every `minutes`, as most trackers do (AfterShip: every 30 min to 2 h). */
export function every(minutes: number): Policy {
  return { kind: "intervals", label: `every ${minutes} min`, intervalsMs: [minutes * MINUTE] };
}

/** techTRACK's back-off: 3, 6, 12, then 24 h between asks, starting over after a change. */
export const TECHTRACK: Policy = {
  kind: "intervals",
  label: "3→6→12→24 h back-off",
  intervalsMs: [3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR],
};

export interface SimulationOptions {
  trades: number;
  seed: number;
  policy: Policy;
  /** Virtual time simulated; orders are placed during its first two thirds. Default 30 days. */
  spanMs?: number;
  /** Share of requests that fail at random (503), besides the outages some trades see. Default 2 %. */
  failureRate?: number;
}

export interface Distribution {
  mean: number;
  median: number;
  p90: number;
  max: number;
}

export interface SimulationResult {
  policy: string;
  trades: number;
  requests: number;
  requestsPerTrade: Distribution;
  /** Answers that were 304 Not Modified (asked with a validator, nothing new). */
  notModified: number;
  failed: number;
  /** Status changes at a server while the extension still followed that source. */
  changes: number;
  /** Delay between a change at the server and the first answer that showed it, in ms. */
  delayMs: Distribution;
  /** Changes not seen before the end of the simulated time. */
  unseen: number;
}

/** What a server reports about one source from `at` on. */
interface Step {
  at: number;
  status: AnyStatus;
  completedAt: number | null;
  scheduledAt: number | null;
}

export interface TradeTimeline {
  captured: CapturedOrder;
  capturedAt: number;
  steps: Record<Source, Step[]>;
  /** Whether each server sends an ETag (and so answers 304 to a matching If-None-Match). */
  validators: Record<Source, boolean>;
  /** An interval during which one server answers 503 with a Retry-After, or null. */
  outage: { source: Source; from: number; until: number; retryAfterMs: number } | null;
}


const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Order timelines modelled on common shop practice: card payments authorized at checkout and
 * captured when the parcel ships; bank transfers paid within a week (some late); a shop that
 * processes within hours and ships within days; carriers delivering around the announced date
 * (shops announce a conservative date, some parcels are late, a few are lost); some orders
 * cancelled or declined.
 */
export function generateTimelines(count: number, seed: number, startMs: number, spanMs: number): TradeTimeline[] {
  const random = seededRandom(seed);
  const between = (from: number, to: number) => from + (to - from) * random();
  const timelines: TradeTimeline[] = [];
  for (let index = 0; index < count; index++) {
    const t0 = Math.round(startMs + between(0, (spanMs * 2) / 3));
    const kind = random();
    const shop: Step[] = [{ at: t0, status: "received", completedAt: null, scheduledAt: null }];
    const payment: Step[] = [];
    const delivery: Step[] = [];
    let paymentDue: number | null = null;

    if (kind < 0.05) {
      // Card declined: the shop cancels.
      const failed = t0 + between(MINUTE, HOUR);
      payment.push({ at: t0, status: "authorized", completedAt: null, scheduledAt: null });
      payment.push({ at: failed, status: "failed", completedAt: null, scheduledAt: null });
      shop.push({ at: failed + between(HOUR, DAY), status: "cancelled", completedAt: null, scheduledAt: null });
      delivery.push({ at: t0, status: "pending", completedAt: null, scheduledAt: null });
    } else if (kind < 0.1) {
      // Cancelled by the shop (out of stock) before shipping.
      payment.push({ at: t0, status: "authorized", completedAt: null, scheduledAt: null });
      const processing = t0 + between(10 * MINUTE, 6 * HOUR);
      shop.push({ at: processing, status: "processing", completedAt: null, scheduledAt: null });
      shop.push({ at: processing + between(HOUR, 2 * DAY), status: "cancelled", completedAt: null, scheduledAt: null });
      delivery.push({ at: t0, status: "pending", completedAt: null, scheduledAt: null });
    } else {
      const bankTransfer = kind >= 0.72;
      let processing: number;
      if (bankTransfer) {
        paymentDue = t0 + 7 * DAY;
        const late = random() < 0.1;
        const paid = late ? paymentDue + between(DAY, 4 * DAY) : t0 + between(6 * HOUR, 6 * DAY);
        payment.push({ at: t0, status: "pending", completedAt: null, scheduledAt: paymentDue });
        payment.push({ at: paid, status: "settled", completedAt: paid, scheduledAt: paymentDue });
        processing = paid + between(HOUR, 12 * HOUR);
      } else {
        payment.push({ at: t0, status: "authorized", completedAt: null, scheduledAt: null });
        processing = t0 + between(10 * MINUTE, 6 * HOUR);
      }
      const shipped = processing + between(6 * HOUR, 2 * DAY);
      const inTransit = shipped + between(HOUR, 12 * HOUR);
      const lost = random() < 0.03;
      const delivered = inTransit + between(DAY, 3 * DAY) + (random() < 0.15 ? between(DAY, 3 * DAY) : 0);
      // The shop announces the date at checkout: usually a little after the actual delivery.
      const expected = delivered + between(-DAY, 1.5 * DAY);
      if (!bankTransfer) {
        const captured = shipped + between(0, 2 * HOUR);
        payment.push({ at: captured, status: "settled", completedAt: captured, scheduledAt: null });
      }
      shop.push({ at: processing, status: "processing", completedAt: null, scheduledAt: expected });
      shop.push({ at: shipped, status: "shipped", completedAt: null, scheduledAt: expected });
      delivery.push({ at: t0, status: "pending", completedAt: null, scheduledAt: expected });
      delivery.push({ at: inTransit, status: "in_transit", completedAt: null, scheduledAt: expected });
      if (!lost) {
        delivery.push({ at: delivered, status: "delivered", completedAt: delivered, scheduledAt: expected });
        const shopKnows = delivered + between(0, 6 * HOUR);
        shop.push({ at: shopKnows, status: "delivered", completedAt: delivered, scheduledAt: expected });
      }
      shop[0] = { ...shop[0]!, scheduledAt: expected };
    }

    const announcedDelivery = delivery[0]?.scheduledAt ?? null;
    const outageSource = SOURCES[Math.floor(random() * SOURCES.length)]!;
    const outageFrom = t0 + between(0, 5 * DAY);
    const hasOutage = random() < 0.1;
    timelines.push({
      captured: capturedOrder(index, t0, paymentDue, announcedDelivery),
      capturedAt: t0,
      steps: { shop, payment, delivery },
      validators: { shop: random() < 0.5, payment: random() < 0.5, delivery: random() < 0.5 },
      outage: hasOutage
        ? { source: outageSource, from: outageFrom, until: outageFrom + between(HOUR, 12 * HOUR), retryAfterMs: 10 * MINUTE }
        : null,
    });
  }
  return timelines;
}

const TOTAL: Money = { minor: 4998, currency: "EUR" };
const ITEMS: ItemQuantity[] = [{ sku: "SIM-1", name: "Simulated item", quantity: 2 }];

function capturedOrder(index: number, t0: number, paymentDue: number | null, expected: number | null): CapturedOrder {
  const origin = `https://shop-${index % 7}.example`;
  return {
    info: {
      tradingId: `SIM-${index}`,
      shop: { name: `Shop ${index % 7}`, origin },
      orderDate: iso(t0),
      items: [{ name: "Simulated item", sku: "SIM-1", quantity: 2, unitPrice: { minor: 2499, currency: "EUR" } }],
      total: TOTAL,
      endpoints: {
        shop: `${origin}/status`,
        payment: "https://pay.example/status",
        delivery: "https://carrier.example/status",
      },
      commands: null,
      adapter: "schema-org-json-ld",
      protocol: "tradewatch",
      pageUrl: `${origin}/order/${index}`,
      capturedAt: iso(t0),
    },
    paymentDueAt: paymentDue === null ? null : iso(paymentDue),
    expectedDeliveryAt: expected === null ? null : iso(expected),
  };
}

/** The step a server reports at `at`: the latest at or before it. */
function stepAt(steps: Step[], at: number): { step: Step; index: number } | null {
  let found: { step: Step; index: number } | null = null;
  steps.forEach((step, index) => {
    if (step.at <= at) found = { step, index };
  });
  return found;
}

function reportFor(timeline: TradeTimeline, source: Source, step: Step, at: number): StatusReport {
  const common = {
    tradewatch: 1 as const,
    tradingId: timeline.captured.info.tradingId,
    asOf: iso(at),
    completedAt: step.completedAt === null ? null : iso(step.completedAt),
    scheduledAt: step.scheduledAt === null ? null : iso(step.scheduledAt),
    message: null,
  };
  switch (source) {
    case "shop":
      return { ...common, source, status: step.status as ShopStatus, items: null, total: null, outcome: null, returns: null };
    case "payment": {
      const charged = step.status === "settled" ? TOTAL : null;
      return { ...common, source, status: step.status as PaymentStatus, amountCharged: charged, charges: null, refunds: null };
    }
    case "delivery": {
      const delivered = step.status === "delivered" ? ITEMS : null;
      const tracking = step.status === "pending" ? null : "1Z999AA10123456784";
      return {
        ...common,
        source,
        status: step.status as DeliveryStatus,
        itemsDelivered: delivered,
        trackingNumber: tracking,
        carrier: null,
      };
    }
  }
}

interface TradeRun {
  requests: number;
  notModified: number;
  failed: number;
  /** Times of answers (full or 304) per source. */
  seen: Record<Source, number[]>;
  /** When the extension stopped asking each source (Infinity: still asking at the end). */
  stoppedAt: Record<Source, number>;
}

/**
 * The extension keeps asking this long after the simulated span, so that changes near its end are
 * still seen; only requests within the span are counted.
 */
const SEEN_GRACE_MS = 7 * DAY;

/** Chrome fires an alarm at most every 30 s; the worker asks every due source when it wakes. */
const ALARM_GRANULARITY_MS = 30_000;

function runTrade(timeline: TradeTimeline, policy: Policy, endMs: number, failureRate: number, seed: number): TradeRun {
  const random = seededRandom(seed);
  const run: TradeRun = {
    requests: 0,
    notModified: 0,
    failed: 0,
    seen: { shop: [], payment: [], delivery: [] },
    stoppedAt: { shop: Infinity, payment: Infinity, delivery: Infinity },
  };
  let trade = newTrade(timeline.captured, iso(timeline.capturedAt));
  let lastWake = -Infinity;
  while (trade.nextCheckAt !== undefined) {
    const wake = Math.max(Date.parse(trade.nextCheckAt), lastWake + ALARM_GRANULARITY_MS);
    if (wake > endMs + SEEN_GRACE_MS) break;
    lastWake = wake;
    const now = iso(wake);
    const asked = dueSources(trade, now);
    const before = trade;
    // Past the span only what is seen matters: the counters cover the span, `seen` (shared) all of it.
    const counted = wake <= endMs ? run : { ...run, requests: 0, notModified: 0, failed: 0 };
    for (const source of asked) {
      counted.requests++;
      trade = answer(trade, timeline, source, wake, failureRate, random, counted);
    }
    if (policy.kind === "intervals") trade = intervalSchedule(before, trade, asked, wake, policy.intervalsMs);
    for (const source of SOURCES) {
      if (trade.processing[source].nextCheckAt === null && run.stoppedAt[source] === Infinity) run.stoppedAt[source] = wake;
    }
  }
  return run;
}

function answer(
  trade: Trade,
  timeline: TradeTimeline,
  source: Source,
  at: number,
  failureRate: number,
  random: () => number,
  run: TradeRun,
): Trade {
  const now = iso(at);
  const { outage } = timeline;
  if (outage !== null && outage.source === source && at >= outage.from && at < outage.until) {
    run.failed++;
    return applyFailure(trade, source, "answered HTTP 503", now, outage.retryAfterMs);
  }
  if (random() < failureRate) {
    run.failed++;
    return applyFailure(trade, source, "answered HTTP 503", now, null);
  }
  const current = stepAt(timeline.steps[source], at);
  if (current === null) {
    run.failed++;
    return applyFailure(trade, source, "answered HTTP 404", now, null);
  }
  run.seen[source].push(at);
  const etag = timeline.validators[source] ? `"${current.index}"` : null;
  if (etag !== null && trade.processing[source].etag === etag) {
    run.notModified++;
    return applyNotModified(trade, source, now);
  }
  return applyReport(trade, reportFor(timeline, source, current.step, at), now, { etag, lastModified: null });
}

/**
 * A comparison poller replaces what the scheduler decided: each asked source waits the interval
 * for its run of unchanged answers, the others keep the time it gave them before, until a source
 * or the trade is final; nothing else.
 */
function intervalSchedule(before: Trade, trade: Trade, asked: Source[], at: number, intervalsMs: readonly number[]): Trade {
  const finished = isTradeFinished(trade);
  const processing = { ...trade.processing };
  for (const source of SOURCES) {
    const state = processing[source];
    const interval = intervalsMs[Math.min(state.unchanged, intervalsMs.length - 1)]!;
    const planned = asked.includes(source) ? iso(at + interval) : before.processing[source].nextCheckAt;
    const nextCheckAt = finished || !canAsk(trade, source) ? null : planned;
    processing[source] = { ...state, nextCheckAt };
  }
  return withSchedule({ ...trade, processing });
}

/** Runs the simulation and measures requests and detection delays. */
export function simulate(options: SimulationOptions): SimulationResult {
  const { trades, seed, policy, spanMs = 30 * DAY, failureRate = 0.02 } = options;
  const start = Date.parse("2026-11-01T00:00:00.000Z");
  const end = start + spanMs;
  const timelines = generateTimelines(trades, seed, start, spanMs);
  const perTrade: number[] = [];
  const delays: number[] = [];
  let requests = 0;
  let notModified = 0;
  let failed = 0;
  let unseen = 0;
  timelines.forEach((timeline, index) => {
    const run = runTrade(timeline, policy, end, failureRate, seed * 7919 + index);
    perTrade.push(run.requests);
    requests += run.requests;
    notModified += run.notModified;
    failed += run.failed;
    for (const source of SOURCES) {
      // The first step is what the server says at capture; changes are the steps after it.
      for (const step of timeline.steps[source].slice(1)) {
        if (step.at > end) continue;
        const seenAt = run.seen[source].find((at) => at >= step.at);
        if (seenAt !== undefined) delays.push(seenAt - step.at);
        // Unseen because the trade finished first (the others said delivered and paid): not needed.
        else if (run.stoppedAt[source] === Infinity) unseen++;
      }
    }
  });
  return {
    policy: policy.kind === "tradewatch" ? "TradeWatch" : policy.label,
    trades,
    requests,
    requestsPerTrade: distribution(perTrade),
    notModified,
    failed,
    changes: delays.length + unseen,
    delayMs: distribution(delays),
    unseen,
  };
}

function distribution(values: number[]): Distribution {
  if (values.length === 0) return { mean: 0, median: 0, p90: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  return {
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    median: at(0.5),
    p90: at(0.9),
    max: sorted[sorted.length - 1]!,
  };
}
