import { SOURCES } from "./types";
import type { Source, SourceState, Trade } from "./types";
import { refundOwed } from "./payments";
import { deliveryGroup, hasOpenReturn, isCancelled, isFinalStatus, settlementGroup } from "./views";
import { isOpenWarning } from "./warnings";
import { plusMs } from "./time";

/**
 * When to ask each source again (claims 3, 4, 12–14): a pure function of the trade, its
 * history and the clock. The worker stores the times this returns and wakes up for them;
 * nothing here keeps a timer. docs/scheduling.md explains the policy and its numbers.
 */

export { FINAL_STATUSES, isFinalStatus } from "./views";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The shortest wait after an answer; the first ask after capture is immediate. */
export const MIN_DELAY_MS = 10 * MINUTE_MS;
/**
 * While nothing changes, wait this share of the time the source has been quiet: 2 triples the
 * gap with every quiet answer (10, 30, 90 min…) until a cap below, and a change starts it over.
 */
export const QUIET_FRACTION = 2;
/** The longest wait of a source whose state is expected to move on soon (see `waitCap`). */
export const EXPECTED_MAX_DELAY_MS = 30 * MINUTE_MS;
/** An expected move that has not come within this long is no longer expected soon. */
export const EXPECTED_FOR_MS = DAY_MS;
/**
 * The longest wait of a source about which nothing in particular is expected: one that announces
 * nothing, or whose announced window passed without the change (it is late).
 */
export const MAX_DELAY_MS = 6 * HOUR_MS;
/** …and once it has been quiet this long (a parcel stuck in transit, a transfer never made), this. */
export const LONG_QUIET_AFTER_MS = 3 * DAY_MS;
export const LONG_QUIET_MAX_DELAY_MS = DAY_MS;
/** The wait of a payment pending: a transfer the buyer makes, which no server can announce. */
export const AWAITING_BUYER_MAX_DELAY_MS = 12 * HOUR_MS;
/**
 * The wait of a source whose next move another source announces first (the shop ships before the
 * carrier scans): `reschedule` asks it when that one moves, so this only guards against surprises.
 */
export const COVERED_MAX_DELAY_MS = 7 * DAY_MS;
/**
 * Within a window a source announced for its next change (`SourceState.nextChange`), ask at
 * least this often, so a change within it is seen within this long (issue 7: p95 ≤ 30 min).
 */
export const ANNOUNCED_STEP_MS = 30 * MINUTE_MS;
/** A source waiting for its announced window is still asked at least this often: announcements move. */
export const MAX_SLEEP_MS = 3 * DAY_MS;
/** How long after a scheduled date to ask, so the overdue check sees it passed. */
export const AFTER_SCHEDULED_MS = MINUTE_MS;
/** Wait after the first failed request; doubles with each further failure in a row. */
export const FAILURE_BASE_DELAY_MS = MINUTE_MS;
export const FAILURE_MAX_DELAY_MS = 6 * HOUR_MS;
/** After this long without a change a source is stale (trackers call a shipment expired after 30 days). */
export const STALE_AFTER_MS = 30 * DAY_MS;
/** A stale source is asked at most once a day. */
export const STALE_DELAY_MS = DAY_MS;
/** A Retry-After is honoured up to this; a server asking for longer is asked again after it. */
export const MAX_RETRY_AFTER_MS = STALE_AFTER_MS;
/**
 * Waits are shortened by up to this share (failures: by up to half), derived from a hash of the
 * trade, source and counters, so trades captured together do not ask in lock-step; never lengthened,
 * so the maxima above hold.
 */
export const JITTER_FRACTION = 0.1;
export const FAILURE_JITTER_FRACTION = 0.5;

export type CheckOutcome = "changed" | "unchanged" | "failed";

export interface ScheduleHints {
  /** The source's Retry-After, in milliseconds from now: it is not asked before. */
  retryAfterMs?: number | null;
}

/**
 * Nothing more will happen: cancelled, or delivered and settled, with no refund owed, no open
 * warning, no finalisation awaiting the shop's answer and no open return.
 */
export function isTradeFinished(trade: Trade): boolean {
  return (
    isTradeDone(trade) &&
    !refundOwed(trade) &&
    !trade.warnings.some(isOpenWarning) &&
    !awaitsShop(trade)
  );
}

/** A finalisation was commanded or a return requested: the shop's status reports how it ends. */
function awaitsShop(trade: Trade): boolean {
  return trade.lifecycle.pending !== null || hasOpenReturn(trade);
}

/** The order's own course is over: cancelled, or delivered and settled (whatever is still owed or open). */
export function isTradeDone(trade: Trade): boolean {
  return (
    isCancelled(trade) ||
    (deliveryGroup(trade) === "delivered" && settlementGroup(trade) === "settled")
  );
}

/**
 * A source can be asked when it has an endpoint and has not reached a final status. Exceptions
 * keep a final source watched: the payment service while a refund is owed or a return is open;
 * the shop while a finalisation or a return awaits its word; and any source with an open
 * warning — a double charge paid back, a declined payment retried or a delivery corrected only
 * shows if the source is asked again. An acknowledged warning no longer keeps it watched.
 */
export function canAsk(trade: Trade, source: Source): boolean {
  if (trade.info.endpoints[source] === null) return false;
  if (!isFinalStatus(source, trade.processing[source].status)) return true;
  return (
    (source === "payment" && (refundOwed(trade) || hasOpenReturn(trade))) ||
    (source === "shop" && awaitsShop(trade)) ||
    trade.warnings.some((w) => w.source === source && isOpenWarning(w))
  );
}

/**
 * When to ask `source` next, after an answer of the given outcome has been recorded on `trade`
 * (its `failures` count and `lastChangedAt` include that answer). Null when there is nothing more to ask.
 */
export function nextCheckAt(
  trade: Trade,
  source: Source,
  outcome: CheckOutcome,
  now: string,
  hints: ScheduleHints = {},
): string | null {
  if (!canAsk(trade, source) || isTradeFinished(trade)) return null;
  const state = trade.processing[source];
  const nowMs = Date.parse(now);
  const expected = expectation(trade, source);
  // The shop's final word on a pending finalisation is due within minutes, however long the trade was quiet (docs/lifecycle.md).
  const awaited = source === "shop" && trade.lifecycle.pending !== null;
  // A source whose move another one announces first does not follow its own announcement (the shop echoing the carrier's day).
  const window = expected === "covered" || awaited ? null : announcedWindow(state);
  const quietMs = outcome === "changed" ? 0 : quietFor(trade, source, expected, nowMs, window);
  const key = `${trade.id}|${source}|${state.failures}|${state.unchanged}`;
  let at: number;
  if (outcome === "failed") at = nowMs + shorten(backOff(state.failures), FAILURE_JITTER_FRACTION, key);
  else if (window !== null && nowMs < window.until) {
    // Sleep until the announced window opens, then ask every step within it.
    at = Math.min(windowAsk(window.from, nowMs, `${trade.id}|${source}`), nowMs + MAX_SLEEP_MS);
  } else at = nowMs + shorten(quietDelay(trade, expected, quietMs, nowMs, window !== null, awaited), JITTER_FRACTION, key);
  if (quietMs >= STALE_AFTER_MS && !awaited) at = Math.max(at, nowMs + STALE_DELAY_MS);
  // Ask just after a date an overdue check watches rather than sleeping past it.
  const scheduled = DATED_SOURCES.includes(source) && state.scheduledAt !== null ? Date.parse(state.scheduledAt) : null;
  if (scheduled !== null && scheduled > nowMs && scheduled + AFTER_SCHEDULED_MS < at) at = scheduled + AFTER_SCHEDULED_MS;
  const floor = retryFloor(now, hints);
  if (floor !== null) at = Math.max(at, Date.parse(floor));
  return new Date(at).toISOString();
}

/** The time before which the source asked not to be asked again (its Retry-After), or null. */
function retryFloor(now: string, hints: ScheduleHints): string | null {
  const retryAfter = hints.retryAfterMs ?? null;
  return retryAfter !== null && retryAfter > 0 ? plusMs(now, Math.min(retryAfter, MAX_RETRY_AFTER_MS)) : null;
}

/** Until when the source still waits out its Retry-After (`notBefore`), or null once that has passed or there is none. */
export function waitsUntil(state: SourceState, now: string): string | null {
  const notBefore = state.notBefore ?? null;
  return notBefore !== null && Date.parse(notBefore) > Date.parse(now) ? notBefore : null;
}

/**
 * The answered source's `notBefore`: its Retry-After, else none (an earlier one is over).
 * A source that never had one keeps a record without the field.
 */
function notBeforeAfterAnswer(state: SourceState, now: string, hints: ScheduleHints): Pick<SourceState, "notBefore"> {
  const floor = retryFloor(now, hints);
  return floor === null && (state.notBefore ?? null) === null ? {} : { notBefore: floor };
}

/** The sources whose scheduled dates the overdue checks watch (payment due, expected delivery). */
const DATED_SOURCES: readonly Source[] = ["payment", "delivery"];

/** The window the source announced for its next change, unless that status is reached. */
function announcedWindow(state: SourceState): { from: number; until: number } | null {
  const next = state.nextChange ?? null;
  if (next === null || next.status === state.status) return null;
  return { from: Date.parse(next.from), until: Date.parse(next.until) };
}

/**
 * The next ask within a window opening at `from`: a step into it, then every step. The first is
 * shortened by a jitter fixed for the trade and source, so trades announcing the same window do
 * not ask in lock-step, while their asks stay a step apart.
 */
function windowAsk(from: number, nowMs: number, key: string): number {
  const first = from + shorten(ANNOUNCED_STEP_MS, JITTER_FRACTION, key);
  if (nowMs < first) return first;
  return first + (Math.floor((nowMs - first) / ANNOUNCED_STEP_MS) + 1) * ANNOUNCED_STEP_MS;
}

/**
 * How long the source has said nothing new: since its last change, or since capture if it never
 * changed. A source expected to move soon counts from the trade's latest change instead, so it is
 * asked soon after another source announced the move (the shop shipped: the carrier scans next);
 * one whose announced window passed counts from the window's end, as a change that did not come.
 */
function quietFor(trade: Trade, source: Source, expected: Expectation, nowMs: number, window: { until: number } | null): number {
  let since = expected === "soon" ? lastTradeChange(trade) : lastChange(trade, source);
  if (window !== null && window.until > since) since = window.until;
  return Math.max(0, nowMs - since);
}

function lastChange(trade: Trade, source: Source): number {
  // Records stored before lastChangedAt existed lack the field: `??` covers undefined too.
  const at = Date.parse(trade.processing[source].lastChangedAt ?? trade.info.capturedAt);
  return Number.isNaN(at) ? 0 : at;
}

function lastTradeChange(trade: Trade): number {
  return Math.max(...SOURCES.map((source) => lastChange(trade, source)));
}

/**
 * The quiet time, at least the minimum, at most the cap of what is expected. A source whose move
 * another one announces first, or that waits for the buyer, waits its whole cap at once: the
 * first is asked when the other moves, the second moves only when the buyer pays. After a missed
 * window nothing is expected soon any more: the change is late. The shop's final word on a
 * finalisation (`awaited`) is never late: it is awaited since the command, not since the trade last changed.
 */
function quietDelay(trade: Trade, expected: Expectation, quietMs: number, nowMs: number, missedWindow: boolean, awaited: boolean): number {
  if (expected === "covered" || expected === "buyer") return WAIT_CAPS[expected];
  // An expected move that did not come is waited for like any other; a long silence, longer.
  const late = expected === "soon" && !awaited && (missedWindow || nowMs - lastTradeChange(trade) > EXPECTED_FOR_MS);
  const cap = expected === "soon" && !late ? EXPECTED_MAX_DELAY_MS : quietMs > LONG_QUIET_AFTER_MS ? LONG_QUIET_MAX_DELAY_MS : MAX_DELAY_MS;
  return Math.min(cap, Math.max(MIN_DELAY_MS, quietMs * QUIET_FRACTION));
}

/**
 * What is expected of a source given what every source said: a move soon, nothing in
 * particular, a move another source announces first (`reschedule` then asks this one), or the
 * buyer's payment.
 */
type Expectation = "soon" | "nothing" | "covered" | "buyer";

const WAIT_CAPS: Record<Expectation, number> = {
  soon: EXPECTED_MAX_DELAY_MS,
  nothing: MAX_DELAY_MS,
  covered: COVERED_MAX_DELAY_MS,
  buyer: AWAITING_BUYER_MAX_DELAY_MS,
};

/** The longest wait for `source` given what every source said (see `expectation`). */
export function waitCap(trade: Trade, source: Source): number {
  return WAIT_CAPS[expectation(trade, source)];
}

/** A source that never answered is expected to say something soon. */
function expectation(trade: Trade, source: Source): Expectation {
  const { shop, payment, delivery } = trade.processing;
  const { endpoints } = trade.info;
  const shipped =
    shop.status === "shipped" ||
    shop.status === "delivered" ||
    delivery.status === "in_transit" ||
    delivery.status === "delivered";
  const followed = (other: Source) => endpoints[other] !== null && !isFinalStatus(other, trade.processing[other].status);
  switch (source) {
    case "shop":
      // A finalisation was commanded: the shop's final word is expected soon.
      if (trade.lifecycle.pending !== null) return "soon";
      switch (shop.status) {
        case null:
          return "soon";
        case "received":
          // A payment that arrived is followed by processing within hours; an unpaid order waits for its payment.
          if (payment.status === "settled" || endpoints.payment === null) return "soon";
          return payment.status === "pending" ? "covered" : "nothing";
        case "shipped":
          // The carrier is the authority on delivery; the shop echoes it.
          if (delivery.status === "delivered") return "soon";
          return followed("delivery") ? "covered" : "nothing";
        default:
          return "nothing";
      }
    case "payment":
      switch (payment.status) {
        case null:
          return "soon";
        case "authorized":
          // Cards are charged when the parcel ships.
          if (shipped) return "soon";
          return followed("shop") ? "covered" : "nothing";
        case "pending":
          // A transfer the buyer makes: no server can announce it, and the overdue check watches its due date.
          return "buyer";
        default:
          return "nothing";
      }
    case "delivery":
      switch (delivery.status) {
        case null:
          return "soon";
        case "pending":
          if (shipped) return "soon";
          return followed("shop") ? "covered" : "nothing";
        default:
          return "nothing";
      }
  }
}

/** base × 2^(failures − 1), capped; 0 failures is treated as the first. */
function backOff(failures: number): number {
  return Math.min(FAILURE_MAX_DELAY_MS, FAILURE_BASE_DELAY_MS * 2 ** Math.max(0, Math.min(failures, 60) - 1));
}

/** `delay` shortened by a share in [0, fraction) that depends only on `key`. */
export function shorten(delay: number, fraction: number, key: string): number {
  return Math.round(delay * (1 - fraction * unitHash(key)));
}

/** FNV-1a of the key, mapped to [0, 1): deterministic jitter without a random source. */
export function unitHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/**
 * Records an answer's outcome for back-off, sets when `source` is next asked, stops every
 * source of a finished trade, and updates trade.nextCheckAt. Failures are counted by the caller;
 * `hints.retryAfterMs` (from the answer's Retry-After) is a floor on the next ask.
 */
export function reschedule(
  trade: Trade,
  source: Source,
  outcome: CheckOutcome,
  now: string,
  hints: ScheduleHints = {},
): Trade {
  const state = trade.processing[source];
  const counted: Trade = {
    ...trade,
    processing: {
      ...trade.processing,
      [source]: {
        ...state,
        unchanged: outcome === "changed" ? 0 : outcome === "unchanged" ? state.unchanged + 1 : state.unchanged,
      },
    },
  };
  const processing = { ...counted.processing };
  for (const each of SOURCES) {
    const current = processing[each];
    if (each === source) {
      const next = nextCheckAt(counted, each, outcome, now, hints);
      processing[each] = { ...current, nextCheckAt: next, ...notBeforeAfterAnswer(current, now, hints) };
    } else if (outcome === "changed" && current.failures === 0 && current.nextCheckAt !== null) {
      // What this source said may mean another should move soon (shipped → the carrier scans): ask it sooner.
      // One backing off after failures keeps its wait (it may be honouring a Retry-After).
      const sooner = nextCheckAt(counted, each, "unchanged", now);
      if (sooner !== null && Date.parse(sooner) < Date.parse(current.nextCheckAt)) {
        processing[each] = { ...current, nextCheckAt: sooner };
      }
    }
  }
  // A warning that just cleared, or a trade now finished, leaves nothing to ask of the others.
  return withoutIdleChecks({ ...counted, processing });
}

/**
 * After a change that is not an answer (a command sent or answered, a return requested): a
 * source that can be asked again but has no check is asked soon, as after a change; those that
 * can no longer be asked lose theirs.
 */
export function refreshSchedule(trade: Trade, now: string): Trade {
  const finished = isTradeFinished(trade);
  const processing = { ...trade.processing };
  for (const source of SOURCES) {
    if (finished || processing[source].nextCheckAt !== null || !canAsk(trade, source)) continue;
    processing[source] = { ...processing[source], nextCheckAt: nextCheckAt(trade, source, "changed", now) };
  }
  return withoutIdleChecks({ ...trade, processing });
}

/** Drops the checks of sources that can no longer be asked (e.g. after a warning was acknowledged). */
export function withoutIdleChecks(trade: Trade): Trade {
  const finished = isTradeFinished(trade);
  const processing = { ...trade.processing };
  for (const source of SOURCES) {
    // A source without an endpoint keeps its review time (see reviewAt) until the trade is finished.
    const idle = trade.info.endpoints[source] !== null && !canAsk(trade, source);
    if ((finished || idle) && processing[source].nextCheckAt !== null) {
      processing[source] = { ...processing[source], nextCheckAt: null };
    }
  }
  return withSchedule({ ...trade, processing });
}

/**
 * A source with no endpoint is never asked, but its announced date still matters: the order is
 * tracked from captured data alone, and a payment due or a delivery expected then may become
 * overdue. Its "check" is a review of the warnings just after that date, with no request.
 */
export function reviewAt(scheduledAt: string | null, now: string): string | null {
  if (scheduledAt === null || Date.parse(scheduledAt) <= Date.parse(now)) return null;
  return plusMs(scheduledAt, AFTER_SCHEDULED_MS);
}

/** Sets trade.nextCheckAt to the earliest source check, or removes it when nothing is scheduled. */
export function withSchedule(trade: Trade): Trade {
  const times = SOURCES.map((source) => trade.processing[source].nextCheckAt).filter((at) => at !== null);
  const earliest = times.reduce<string | null>(
    (min, at) => (min === null || Date.parse(at) < Date.parse(min) ? at : min),
    null,
  );
  const scheduled = { ...trade };
  if (earliest === null) delete scheduled.nextCheckAt;
  else scheduled.nextCheckAt = earliest;
  return scheduled;
}

/** Sources whose check is due at `now`. */
export function dueSources(trade: Trade, now: string): Source[] {
  const nowMs = Date.parse(now);
  return SOURCES.filter((source) => {
    const at = trade.processing[source].nextCheckAt;
    return at !== null && Date.parse(at) <= nowMs;
  });
}
