import { applyFailure, applyNotModified, applyReport, requestCheckNow } from "../domain/reconcile";
import { dueSources, isTradeFinished, withSchedule } from "../domain/schedule";
import { reviewSource } from "../domain/trade";
import type { Source, Trade } from "../domain/types";
import { statusRequestUrl } from "../protocol/status-report";
import { dueTrades, listTrades, updateTrade } from "../db/trades";
import type { FetchOptions, FetchOutcome } from "./status-fetch";
import { plusMs } from "../domain/time";

export interface PollDeps {
  now: () => string;
  /** `fetchStatus` from status-fetch.ts, or a stand-in. */
  fetchStatus: (url: string, options: Pick<FetchOptions, "validators">) => Promise<FetchOutcome>;
  /** How many requests may be in flight at once, in all (default 6) and per origin (default 2). */
  concurrency?: number;
  perOrigin?: number;
  /** Called after each answer that changed a stored trade (for notifications); its errors are logged, not thrown. */
  onChange?: (before: Trade, after: Trade) => Promise<void> | void;
}

export const DEFAULT_CONCURRENCY = 6;
export const DEFAULT_PER_ORIGIN = 2;
/**
 * A source being asked is marked as not due for this long, so that a second run (an alarm
 * during "Check now") does not ask it again; if the worker dies meanwhile, it is asked again
 * once this has passed. Longer than a request can take (15 s timeout) plus its wait in the queue.
 */
export const IN_FLIGHT_LEASE_MS = 2 * 60_000;

interface Task {
  tradeId: string;
  source: Source;
  endpoint: string;
  origin: string;
}

/**
 * Asks every source that is due and merges each answer into the stored trade. Nothing is
 * kept in memory between runs: a worker killed mid-way leaves the schedule in IndexedDB, so
 * the next run asks again. Returns the number of requests made.
 */
export async function pollDue(deps: PollDeps): Promise<number> {
  const now = deps.now();
  const due = await dueTrades(now);
  for (const trade of due) {
    for (const source of dueSources(trade, now)) {
      if (trade.info.endpoints[source] === null) await reviewWithoutRequest(trade.id, source, deps);
    }
  }
  return runTasks(due.flatMap((trade) => tasksOf(trade, now)), deps);
}

/** A source with no endpoint is not asked; its announced date passing may raise a warning all the same. */
async function reviewWithoutRequest(tradeId: string, source: Source, deps: PollDeps): Promise<void> {
  const now = deps.now();
  let before: Trade | null = null;
  const after = await updateTrade(tradeId, (stored) => {
    before = stored;
    return stored.info.endpoints[source] === null && dueSources(stored, now).includes(source) ? reviewSource(stored, source, now) : stored;
  });
  if (before !== null && after !== null && after !== before) await announce(before, after, deps);
}

/** "Check now" for every unfinished trade: makes each due, then polls. */
export async function checkAllNow(deps: PollDeps): Promise<number> {
  const now = deps.now();
  for (const trade of await listTrades()) {
    if (!isTradeFinished(trade)) await updateTrade(trade.id, (stored) => requestCheckNow(stored, now));
  }
  return pollDue(deps);
}

/** "Check now" for one trade: asks every source of it that can still say something. */
export async function checkTradeNow(deps: PollDeps, tradeId: string): Promise<number> {
  const now = deps.now();
  const trade = await updateTrade(tradeId, (stored) => (isTradeFinished(stored) ? stored : requestCheckNow(stored, now)));
  return trade === null ? 0 : runTasks(tasksOf(trade, now), deps);
}

function tasksOf(trade: Trade, now: string): Task[] {
  return dueSources(trade, now).flatMap((source) => {
    const endpoint = trade.info.endpoints[source];
    const origin = endpoint === null ? null : URL.parse(endpoint)?.origin;
    return endpoint === null || !origin ? [] : [{ tradeId: trade.id, source, endpoint, origin }];
  });
}

async function runTasks(tasks: Task[], deps: PollDeps): Promise<number> {
  let asked = 0;
  await runLimited(tasks, deps.concurrency ?? DEFAULT_CONCURRENCY, deps.perOrigin ?? DEFAULT_PER_ORIGIN, async (task) => {
    if (await pollOne(task, deps)) asked++;
  });
  return asked;
}

/** Asks one source, unless another run already did; returns whether a request was made. */
/** How far a source's clock may run ahead of ours before its "as of" is not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

async function pollOne(task: Task, deps: PollDeps): Promise<boolean> {
  const { tradeId, source, endpoint } = task;
  const claimedAt = deps.now();
  const claimed = await claim(tradeId, source, claimedAt);
  if (claimed === null) return false;
  const state = claimed.processing[source];
  // Claims 3–4 and 12–14: ask by trading identifier, for the time the status is wanted.
  const outcome = await deps.fetchStatus(statusRequestUrl(endpoint, claimed.info.tradingId, claimedAt), {
    validators: { etag: state.etag ?? null, lastModified: state.lastModified ?? null },
  });
  const at = deps.now();
  let before: Trade | null = null;
  const after = await updateTrade(tradeId, (stored) => {
    before = stored;
    if (!outcome.ok) return applyFailure(stored, source, outcome.message, at, outcome.retryAfterMs);
    if (outcome.notModified) return applyNotModified(stored, source, at);
    if (outcome.report.source !== source)
      return applyFailure(stored, source, `answered as a ${outcome.report.source} status, not a ${source} status`, at);
    // A status dated after the time asked for would make every later real answer look stale.
    if (Date.parse(outcome.report.asOf) > Date.parse(claimedAt) + CLOCK_SKEW_MS)
      return applyFailure(stored, source, `answered with a status dated ${outcome.report.asOf}, after the time asked for`, at);
    return applyReport(stored, outcome.report, at, outcome.validators);
  });
  if (before !== null && after !== null && after !== before) await announce(before, after, deps);
  return true;
}

/** Tells deps.onChange (notifications); a failure to notify never undoes what was stored. */
async function announce(before: Trade, after: Trade, deps: PollDeps): Promise<void> {
  if (!deps.onChange) return;
  try {
    await deps.onChange(before, after);
  } catch (error) {
    console.error("TradeWatch could not announce a change:", error);
  }
}

/**
 * Marks the source as being asked (see IN_FLIGHT_LEASE_MS) if it is still due; returns the
 * stored trade, or null when it is gone, finished or no longer due.
 */
async function claim(tradeId: string, source: Source, now: string): Promise<Trade | null> {
  let claimed: Trade | null = null;
  await updateTrade(tradeId, (stored) => {
    if (isTradeFinished(stored) || !dueSources(stored, now).includes(source)) return stored;
    const lease = plusMs(now, IN_FLIGHT_LEASE_MS);
    const state = { ...stored.processing[source], nextCheckAt: lease };
    claimed = withSchedule({ ...stored, processing: { ...stored.processing, [source]: state } });
    return claimed;
  });
  return claimed;
}

/** Runs `work` on every task, at most `limit` at once and `perOrigin` at once against one origin. */
function runLimited(tasks: Task[], limit: number, perOrigin: number, work: (task: Task) => Promise<void>): Promise<void> {
  const waiting = [...tasks];
  const active = new Map<string, number>();
  let running = 0;
  let failure: { error: unknown } | null = null;
  return new Promise((resolve, reject) => {
    const pump = () => {
      for (let i = 0; i < waiting.length && running < limit; ) {
        const task = waiting[i] as Task;
        const busy = active.get(task.origin) ?? 0;
        if (busy >= perOrigin) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        running++;
        active.set(task.origin, busy + 1);
        work(task)
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            running--;
            active.set(task.origin, (active.get(task.origin) ?? 1) - 1);
            pump();
          });
      }
      if (running === 0) {
        if (failure === null) resolve();
        else reject(failure.error);
      }
    };
    pump();
  });
}
