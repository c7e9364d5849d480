import { SOURCES } from "./types";
import type { Source, SourceState, Trade } from "./types";
import { deliveryGroup, isFinalStatus, settlementGroup } from "./views";

/**
 * When to ask each source again (claims 3, 4, 12–14). The worker stores the times this
 * returns and wakes up for them; nothing here keeps a timer.
 */

export { FINAL_STATUSES, isFinalStatus } from "./views";

const MINUTE_MS = 60_000;
/** After an answer that changed something, ask again soon: the next step often follows quickly. */
export const CHANGED_DELAY_MS = 2 * MINUTE_MS;
/** Wait after the first unchanged answer; doubles with each further unchanged answer in a row. */
export const UNCHANGED_BASE_DELAY_MS = 5 * MINUTE_MS;
/** Wait after the first failed request; doubles with each further failure in a row. */
export const FAILURE_BASE_DELAY_MS = MINUTE_MS;
/** No source waits longer than this between two checks. */
export const MAX_DELAY_MS = 6 * 60 * MINUTE_MS;
/** How long after a scheduled date (payment due, expected delivery) to ask, so the source has moved on. */
export const AFTER_SCHEDULED_MS = MINUTE_MS;

export type CheckOutcome = "changed" | "unchanged" | "failed";

/** Nothing more will happen: the order was cancelled, or it is both delivered and settled. */
export function isTradeFinished(trade: Trade): boolean {
  return (
    trade.processing.shop.status === "cancelled" ||
    (deliveryGroup(trade) === "delivered" && settlementGroup(trade) === "settled")
  );
}

/** A source can be asked when it has an endpoint and has not reached a final status. */
export function canAsk(trade: Trade, source: Source): boolean {
  return trade.info.endpoints[source] !== null && !isFinalStatus(source, trade.processing[source].status);
}

/**
 * When to ask `source` next, after an answer of the given outcome has been recorded on `trade`
 * (its `unchanged` / `failures` counts include that answer). Null when there is nothing more to ask.
 */
export function nextCheckAt(trade: Trade, source: Source, outcome: CheckOutcome, now: string): string | null {
  if (!canAsk(trade, source) || isTradeFinished(trade)) return null;
  const state = trade.processing[source];
  const nowMs = Date.parse(now);
  const computed = nowMs + delayMs(outcome, state);
  const scheduled = state.scheduledAt === null ? null : Date.parse(state.scheduledAt);
  // Ask just after the announced date rather than sleeping past it.
  const aroundScheduled = scheduled !== null && scheduled > nowMs && scheduled < computed;
  return new Date(aroundScheduled ? scheduled + AFTER_SCHEDULED_MS : computed).toISOString();
}

function delayMs(outcome: CheckOutcome, state: SourceState): number {
  switch (outcome) {
    case "changed":
      return CHANGED_DELAY_MS;
    case "unchanged":
      return backOff(UNCHANGED_BASE_DELAY_MS, state.unchanged);
    case "failed":
      return backOff(FAILURE_BASE_DELAY_MS, state.failures);
  }
}

/** base × 2^(run − 1), capped; a run of 0 is treated as the first. */
function backOff(base: number, run: number): number {
  return Math.min(MAX_DELAY_MS, base * 2 ** Math.max(0, run - 1));
}

/**
 * Records an answer's outcome for back-off, sets when `source` is next asked, stops every
 * source of a finished trade, and updates trade.nextCheckAt. Failures are counted by the caller.
 */
export function reschedule(trade: Trade, source: Source, outcome: CheckOutcome, now: string): Trade {
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
  const finished = isTradeFinished(counted);
  const processing = { ...counted.processing };
  for (const each of SOURCES) {
    const current = processing[each];
    if (each === source) processing[each] = { ...current, nextCheckAt: nextCheckAt(counted, each, outcome, now) };
    else if (finished && current.nextCheckAt !== null) processing[each] = { ...current, nextCheckAt: null };
  }
  return withSchedule({ ...counted, processing });
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
