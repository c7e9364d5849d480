import type { StatusReport } from "../protocol/status-report";
import { applyFailure, applyNotModified, applyReport } from "./reconcile";
import { canAsk, dueSources, isFinalStatus, isTradeDone, isTradeFinished, withSchedule } from "./schedule";
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

/** A source's announced next change (the protocol's `nextChange`), in epoch milliseconds. */
interface Announcement {
  status: AnyStatus;
  from: number;
  until: number;
}

/** What a server reports about one source from `at` on. */
interface Step {
  at: number;
  status: AnyStatus;
  completedAt: number | null;
  scheduledAt: number | null;
  next: Announcement | null;
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
const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;

/**
 * What the reference servers promise (servers/announcements.ts announces it), in UTC, which stands
 * in for the shop's time zone: the carrier collects from the shop once a day between 16:00 and
 * 18:00, and an order ready before 14:00 leaves the same day ("ships between").
 */
export function pickupSlot(readyMs: number): { from: number; until: number } {
  const day = dayOf(readyMs) + (readyMs - dayOf(readyMs) < 14 * HOUR ? 0 : DAY);
  return { from: day + 16 * HOUR, until: day + 18 * HOUR };
}

/** The carrier's day of delivery, 08:00–20:00 of the day starting at `dayMs`, announced at the pickup scan. */
export function deliveryDay(dayMs: number): { from: number; until: number } {
  return { from: dayMs + 8 * HOUR, until: dayMs + 20 * HOUR };
}

/** On the morning of delivery the carrier names one hour of its day, starting 09:00 to 18:00 (as DPD's Predict does). */
export const SLOT_MS = HOUR;
export const FIRST_SLOT_HOUR = 9;
export const SLOT_STARTS = 10;

/** What a change to one source's record sets, and the change with the time it happens. */
type Fields = Partial<Omit<Step, "at">>;
type Event = { at: number } & Fields;

/**
 * The steps of one source from its events: each keeps what the one before said unless it says
 * otherwise. An announcement lasts until its status is reached or the source is final.
 */
function stepsOf(source: Source, initial: Step, events: Event[]): Step[] {
  const steps = [initial];
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    const before = steps.at(-1)!;
    const status = event.status ?? before.status;
    const reached = status !== before.status && (before.next?.status === status || isFinalStatus(source, status));
    steps.push({ ...before, ...(reached ? { next: null } : {}), ...event, status });
  }
  return steps;
}

/**
 * Order timelines at the reference servers, which announce what they expect (docs/scheduling.md,
 * "The simulation"), right most of the time:
 * - Payments: cards and wallets (83 %) authorized at checkout and captured when the parcel is
 *   labelled; bank transfers (10 %, as in FIS's Global Payments Report) due in 7 days, paid
 *   within 6 (a tenth late); 4 % of card payments held for review, decided within the
 *   announced hour (half declined: the shop then cancels); 3 % of orders cancelled by the shop
 *   (out of stock). A cancelled order leaves the shop's announcement wrong.
 * - Shipping: the carrier collects daily between 16:00 and 18:00, an order ready (paid) before
 *   14:00 the same day, and the shop announces that slot. 85 % of parcels leave in it, 5 %
 *   earlier, 10 % one or two days later (half of those shops move the announcement in time).
 * - Delivery: at collection the carrier announces the day (one or two days later) and on its
 *   morning a one-hour slot. 89 % arrive in the slot, 5 % up to 2 hours after it, 5 % a day or
 *   two late (half of the carriers announce the new day that evening), 1 % are lost.
 * - The shop echoes the delivery within 6 hours. The confirmation page gives the payment due
 *   date of a transfer and, for a card order, a conservative delivery date.
 */
export function generateTimelines(count: number, seed: number, startMs: number, spanMs: number): TradeTimeline[] {
  const random = seededRandom(seed);
  const between = (from: number, to: number) => from + (to - from) * random();
  const timelines: TradeTimeline[] = [];
  for (let index = 0; index < count; index++) {
    const t0 = Math.round(startMs + between(0, (spanMs * 2) / 3));
    const kind = random();
    const shop: Event[] = [];
    const payment: Event[] = [];
    const delivery: Event[] = [];
    let paymentDue: number | null = null;
    let expectedDelivery: number | null = null;

    /** The pickup an order ready at `ready` leaves with, announced by the shop from then on. */
    const announceShipping = (ready: number) => {
      const plan = pickupSlot(ready);
      shop.push({ at: ready, next: { status: "shipped", ...plan } });
      return plan;
    };
    const deliveryOn = (day: number): Fields => {
      const window = deliveryDay(day);
      return { scheduledAt: window.until, next: { status: "delivered", ...window } };
    };
    /** The carrier's slot on `day`, announced that morning. */
    const slotOn = (day: number) => {
      const from = day + (FIRST_SLOT_HOUR + Math.floor(random() * SLOT_STARTS)) * HOUR;
      delivery.push({ at: day + between(6.5 * HOUR, 7.5 * HOUR), next: { status: "delivered", from, until: from + SLOT_MS } });
      return { from, until: from + SLOT_MS };
    };

    const shipAndDeliver = (ready: number, card: boolean) => {
      const plan = announceShipping(ready);
      const timing = random();
      let pickup: number;
      if (timing < 0.85) pickup = between(plan.from, plan.until);
      else if (timing < 0.9) pickup = between(Math.max(ready + 30 * MINUTE, plan.from - 4 * HOUR), plan.from);
      else {
        const days = random() < 0.7 ? 1 : 2;
        pickup = between(plan.from, plan.until) + days * DAY;
        if (random() < 0.5) {
          const moved = { status: "shipped" as const, from: plan.from + days * DAY, until: plan.until + days * DAY };
          shop.push({ at: Math.max(ready, plan.from - between(0, 4 * HOUR)), next: moved });
        }
      }
      const processing = Math.max(ready + 10 * MINUTE, pickup - between(30 * MINUTE, 5 * HOUR));
      shop.push({ at: processing, status: "processing" });
      if (card) {
        const captured = between(processing, pickup);
        payment.push({ at: captured, status: "settled", completedAt: captured });
      }
      shop.push({ at: pickup, status: "shipped" });

      const scan = pickup + between(0, 15 * MINUTE);
      let day = dayOf(scan) + (random() < 0.75 ? 1 : 2) * DAY;
      delivery.push({ at: scan, status: "in_transit", ...deliveryOn(day) });
      shop.push({ at: scan, ...deliveryOn(day) });
      const fate = random();
      if (fate < 0.01) return plan; // lost
      if (fate < 0.06) {
        // It missed the van: the carrier may announce the new day that evening.
        slotOn(day);
        const later = day + (random() < 0.7 ? 1 : 2) * DAY;
        if (random() < 0.5) delivery.push({ at: deliveryDay(day).until, ...deliveryOn(later) });
        day = later;
      }
      const slot = slotOn(day);
      const delivered = fate < 0.11 && fate >= 0.06 ? slot.until + between(0, 2 * HOUR) : between(slot.from, slot.until);
      delivery.push({ at: delivered, status: "delivered", completedAt: delivered });
      shop.push({ at: delivered + between(0, 6 * HOUR), status: "delivered", completedAt: delivered });
      return plan;
    };
    const conservativeDate = (plan: { from: number }) => deliveryDay(dayOf(plan.from) + 3 * DAY).until;

    const initial = { completedAt: null, scheduledAt: null, next: null };
    let paymentStart: Step = { at: t0, status: "authorized", ...initial };
    if (kind < 0.04) {
      // Held for review, decided within the hour the payment service announces.
      paymentStart = { at: t0, status: "pending", ...initial, next: { status: "authorized", from: t0, until: t0 + HOUR } };
      const decided = t0 + between(5 * MINUTE, HOUR);
      if (kind < 0.02) {
        announceShipping(t0);
        payment.push({ at: decided, status: "failed" });
        shop.push({ at: decided + between(HOUR, DAY), status: "cancelled" });
      } else {
        payment.push({ at: decided, status: "authorized" });
        expectedDelivery = conservativeDate(shipAndDeliver(decided, true));
      }
    } else if (kind < 0.07) {
      // Cancelled by the shop (out of stock) before shipping.
      announceShipping(t0);
      const processing = t0 + between(10 * MINUTE, 6 * HOUR);
      shop.push({ at: processing, status: "processing" });
      shop.push({ at: processing + between(HOUR, 2 * DAY), status: "cancelled" });
    } else if (kind < 0.17) {
      // A bank transfer: the shop announces shipping once paid.
      paymentDue = t0 + 7 * DAY;
      const paid = random() < 0.1 ? paymentDue + between(DAY, 4 * DAY) : t0 + between(6 * HOUR, 6 * DAY);
      paymentStart = { at: t0, status: "pending", ...initial, scheduledAt: paymentDue };
      payment.push({ at: paid, status: "settled", completedAt: paid });
      shipAndDeliver(paid, false);
    } else {
      expectedDelivery = conservativeDate(shipAndDeliver(t0, true));
    }

    const outageSource = SOURCES[Math.floor(random() * SOURCES.length)]!;
    const outageFrom = t0 + between(0, 5 * DAY);
    const hasOutage = random() < 0.1;
    timelines.push({
      captured: capturedOrder(index, t0, paymentDue, expectedDelivery),
      capturedAt: t0,
      steps: {
        shop: stepsOf("shop", { at: t0, status: "received", ...initial, scheduledAt: expectedDelivery }, shop),
        payment: stepsOf("payment", paymentStart, payment),
        delivery: stepsOf("delivery", { at: t0, status: "pending", ...initial, scheduledAt: expectedDelivery }, delivery),
      },
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
  const next = step.next === null ? null : { from: iso(step.next.from), until: iso(step.next.until) };
  switch (source) {
    case "shop": {
      const nextChange = next && { ...next, status: step.next!.status as ShopStatus };
      return { ...common, source, status: step.status as ShopStatus, items: null, total: null, outcome: null, returns: null, nextChange };
    }
    case "payment": {
      const charged = step.status === "settled" ? TOTAL : null;
      const nextChange = next && { ...next, status: step.next!.status as PaymentStatus };
      return { ...common, source, status: step.status as PaymentStatus, amountCharged: charged, charges: null, refunds: null, nextChange };
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
        nextChange: next && { ...next, status: step.next!.status as DeliveryStatus },
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

const SIMULATION_START_MS = Date.parse("2026-11-01T00:00:00.000Z");
const DEFAULT_SPAN_MS = 30 * DAY;
const DEFAULT_FAILURE_RATE = 0.02;

/** A status change at a server that the extension had to see. */
interface Change {
  source: Source;
  at: number;
  /** The source had announced this status, and it came between the announced from and until. */
  inWindow: boolean;
}

/** When the order's own course was over at the servers (isTradeDone: cancelled, or delivered and settled); Infinity if never. */
function doneAt(timeline: TradeTimeline): number {
  const trade = newTrade(timeline.captured, iso(timeline.capturedAt));
  const times = [...new Set(SOURCES.flatMap((source) => timeline.steps[source].map((step) => step.at)))].sort((a, b) => a - b);
  for (const at of times) {
    const processing = { ...trade.processing };
    for (const source of SOURCES) processing[source] = { ...processing[source], status: stepAt(timeline.steps[source], at)?.step.status ?? null };
    if (isTradeDone({ ...trade, processing })) return at;
  }
  return Infinity;
}

/**
 * The lower bound's changes: every status change after capture (the first step is what the
 * confirmation page and the first answer say), per source, up to `untilMs` (the order done, or
 * the end of the span). A change after the order was done tells nothing the user needs.
 */
function neededChanges(timeline: TradeTimeline, untilMs: number): Change[] {
  return SOURCES.flatMap((source) => {
    const steps = timeline.steps[source];
    return steps.flatMap((step, i) => {
      const before = steps[i - 1];
      if (before === undefined || step.status === before.status || step.at > untilMs) return [];
      const window = before.next;
      const inWindow = window !== null && window.status === step.status && step.at >= window.from && step.at <= window.until;
      return [{ source, at: step.at, inWindow }];
    });
  });
}

/** Delay from a change to the first answer at or after it (a 304 counts: the state it confirms includes the change); null if none. */
function delayToSee(run: TradeRun, change: Change): number | null {
  const seenAt = run.seen[change.source].find((at) => at >= change.at);
  return seenAt === undefined ? null : seenAt - change.at;
}

const runSeed = (seed: number, index: number) => seed * 7919 + index;

/** Runs the simulation and measures requests and detection delays. */
export function simulate(options: SimulationOptions): SimulationResult {
  const { trades, seed, policy, spanMs = DEFAULT_SPAN_MS, failureRate = DEFAULT_FAILURE_RATE } = options;
  const end = SIMULATION_START_MS + spanMs;
  const timelines = generateTimelines(trades, seed, SIMULATION_START_MS, spanMs);
  const perTrade: number[] = [];
  const delays: number[] = [];
  let requests = 0;
  let notModified = 0;
  let failed = 0;
  let unseen = 0;
  timelines.forEach((timeline, index) => {
    const run = runTrade(timeline, policy, end, failureRate, runSeed(seed, index));
    perTrade.push(run.requests);
    requests += run.requests;
    notModified += run.notModified;
    failed += run.failed;
    for (const change of neededChanges(timeline, Math.min(doneAt(timeline), end))) {
      const delay = delayToSee(run, change);
      if (delay === null) unseen++;
      else delays.push(delay);
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
  return {
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max: sorted[sorted.length - 1]!,
  };
}

/** The value below which `share` of the sorted values lie (0 when there are none). */
function quantile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** Issue 7 item 6: what TradeWatch's polling costs, against fixed 15-minute polling and the lower bound. */
export interface PollingCost {
  trades: number;
  days: number;
  requestsPerTrade: number;
  fixed15RequestsPerTrade: number;
  /** One request per status change after capture, per source, until the order was done. */
  lowerBoundPerTrade: number;
  /** Delay from a change at a server to TradeWatch seeing it, over all changes. */
  delayP50Ms: number;
  delayP95Ms: number;
  /** The same over the changes that came within the window their source announced for them. */
  delayP95InWindowMs: number;
  /** Needed changes never seen. */
  unseen: number;
  /** Changes within their announced window, and the delays of those outside any. */
  inWindowChanges: number;
  delayP50OutsideWindowMs: number;
  delayP95OutsideWindowMs: number;
}

const FIXED_INTERVAL_MS = 15 * MINUTE;

/**
 * Requests of a poller that asks every source every `intervalMs` from capture until it sees the
 * source final or the order done, within the span. Counted, not simulated: such a poller asks
 * on a fixed grid whatever the answers, so its requests follow from when each source becomes
 * final (simulate() with every(15) agrees: simulation.test.ts).
 */
function fixedPollerRequests(timeline: TradeTimeline, doneMs: number, endMs: number, intervalMs: number): number {
  const lastInSpan = Math.floor((endMs - timeline.capturedAt) / intervalMs);
  let requests = 0;
  for (const source of SOURCES) {
    const finalAt = timeline.steps[source].find((step) => isFinalStatus(source, step.status))?.at ?? Infinity;
    const stopMs = Math.min(doneMs, finalAt);
    requests += Math.min(Math.ceil((stopMs - timeline.capturedAt) / intervalMs), lastInSpan) + 1;
  }
  return requests;
}

/**
 * A month of orders through TradeWatch's scheduler, measured against fixed 15-minute polling
 * and against the lower bound (`npm run bench`; the targets are asserted in simulation.test.ts).
 */
export function pollingCost(options: { trades: number; seed: number }): PollingCost {
  const { trades, seed } = options;
  const end = SIMULATION_START_MS + DEFAULT_SPAN_MS;
  const timelines = generateTimelines(trades, seed, SIMULATION_START_MS, DEFAULT_SPAN_MS);
  let requests = 0;
  let fixed = 0;
  let lowerBound = 0;
  let unseen = 0;
  const inWindow: number[] = [];
  const outside: number[] = [];
  timelines.forEach((timeline, index) => {
    const run = runTrade(timeline, TRADEWATCH, end, DEFAULT_FAILURE_RATE, runSeed(seed, index));
    requests += run.requests;
    const done = doneAt(timeline);
    fixed += fixedPollerRequests(timeline, done, end, FIXED_INTERVAL_MS);
    for (const change of neededChanges(timeline, Math.min(done, end))) {
      lowerBound++;
      const delay = delayToSee(run, change);
      if (delay === null) unseen++;
      else (change.inWindow ? inWindow : outside).push(delay);
    }
  });
  const sort = (values: number[]) => [...values].sort((a, b) => a - b);
  const all = sort([...inWindow, ...outside]);
  const within = sort(inWindow);
  const beyond = sort(outside);
  return {
    trades,
    days: DEFAULT_SPAN_MS / DAY,
    requestsPerTrade: requests / trades,
    fixed15RequestsPerTrade: fixed / trades,
    lowerBoundPerTrade: lowerBound / trades,
    delayP50Ms: quantile(all, 0.5),
    delayP95Ms: quantile(all, 0.95),
    delayP95InWindowMs: quantile(within, 0.95),
    unseen,
    inWindowChanges: within.length,
    delayP50OutsideWindowMs: quantile(beyond, 0.5),
    delayP95OutsideWindowMs: quantile(beyond, 0.95),
  };
}
