import { vendureReports } from "../capture/adapters/vendure";
import { guestWindowNotice, stopAskingWithNotice } from "../domain/notice";
import { applyFailure, applyNotModified, applyReport, CLOCK_SKEW_MS, requestCheckNow } from "../domain/reconcile";
import { dueSources, isTradeFinished, withSchedule } from "../domain/schedule";
import { reviewSource } from "../domain/trade";
import type { Source, Trade } from "../domain/types";
import { uiLanguage } from "../i18n/ui-language";
import { statusRequestUrl } from "../protocol/status-report";
import { dueTrades, unfinishedTradeIds, updateTrade, updateTrades, type ChangedTrade, type TradeChange } from "../db/trades";
import { applyReports } from "./adapter-capture";
import type { FetchOptions, FetchOutcome } from "./status-fetch";
import { plusMs } from "../domain/time";
import { fetchVendureOrder } from "./vendure-api";

export interface PollDeps {
  now: () => string;
  /** `fetchStatus` from status-fetch.ts, or a stand-in. */
  fetchStatus: (url: string, options: Pick<FetchOptions, "validators">) => Promise<FetchOutcome>;
  /** How many requests may be in flight at once, in all (default 6) and per origin (default 2). */
  concurrency?: number;
  perOrigin?: number;
  /**
   * Called for each stored trade a written batch of answers changed, with the trade before and
   * after the batch (for notifications); its errors are logged, not thrown.
   */
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
  /** The sources one request answers: one per request in the TradeWatch protocol, all three at once for Vendure. */
  sources: Source[];
  endpoint: string;
  origin: string;
  protocol: Trade["info"]["protocol"];
}

/**
 * Asks every source that is due and merges each answer into the stored trade. Nothing is
 * kept in memory between runs: a worker killed mid-way leaves the schedule in IndexedDB, so
 * the next run asks again. Returns the number of requests made.
 */
export async function pollDue(deps: PollDeps): Promise<number> {
  const now = deps.now();
  const due = await dueTrades(now);
  // A source with no endpoint is not asked; its announced date passing may raise a warning all the same.
  const reviews = due.flatMap((trade) =>
    dueSources(trade, now)
      .filter((source) => trade.info.endpoints[source] === null)
      .map((source) => ({
        id: trade.id,
        change: (stored: Trade) =>
          stored.info.endpoints[source] === null && dueSources(stored, now).includes(source) ? reviewSource(stored, source, now, uiLanguage()) : stored,
      })),
  );
  if (reviews.length > 0) await announceAll(await updateTrades(reviews, now), deps);
  return runTasks(due.flatMap((trade) => tasksOf(trade, now)), deps);
}

/** "Check now" for every unfinished trade: makes each due (in one transaction), then polls. */
export async function checkAllNow(deps: PollDeps): Promise<number> {
  const now = deps.now();
  await updateTrades(
    (await unfinishedTradeIds()).map((id) => ({ id, change: (stored: Trade) => (isTradeFinished(stored) ? stored : requestCheckNow(stored, now)) })),
    now,
  );
  return pollDue(deps);
}

/** "Check now" for one trade: asks every source of it that can still say something. */
export async function checkTradeNow(deps: PollDeps, tradeId: string): Promise<number> {
  const now = deps.now();
  const trade = await updateTrade(tradeId, (stored) => (isTradeFinished(stored) ? stored : requestCheckNow(stored, now)));
  return trade === null ? 0 : runTasks(tasksOf(trade, now), deps);
}

function tasksOf(trade: Trade, now: string): Task[] {
  const { protocol, endpoints } = trade.info;
  const due = dueSources(trade, now).filter((source) => endpoints[source] !== null);
  const task = (sources: Source[], endpoint: string | null): Task[] => {
    const origin = endpoint === null ? null : URL.parse(endpoint)?.origin;
    return endpoint === null || !origin || sources.length === 0 ? [] : [{ tradeId: trade.id, sources, endpoint, origin, protocol }];
  };
  // Vendure's Shop API reports the order, its payments and its fulfilments in one answer: one request.
  if (protocol === "vendure") return task(due, endpoints.shop);
  return due.flatMap((source) => task([source], endpoints[source]));
}

/**
 * At most this many answers are merged in one transaction (more wait for the next one), so that
 * a page reading the ledger meanwhile is not held up for long.
 */
export const MAX_BATCH = 100;

async function runTasks(tasks: Task[], deps: PollDeps): Promise<number> {
  let asked = 0;
  const writer = batchWriter(deps);
  await runLimited(tasks, deps.concurrency ?? DEFAULT_CONCURRENCY, deps.perOrigin ?? DEFAULT_PER_ORIGIN, async (task) => {
    const change = await pollOne(task, deps);
    if (change === null) return;
    asked++;
    writer.write({ id: task.tradeId, change });
  });
  await writer.done();
  return asked;
}

/** Asks the task's endpoint, unless another run already did; returns how to merge the answer, or null when it was not asked. */
async function pollOne(task: Task, deps: PollDeps): Promise<Change | null> {
  const claimedAt = deps.now();
  const claimed = await claim(task.tradeId, task.sources, claimedAt);
  if (claimed === null) return null;
  return task.protocol === "vendure"
    ? askVendure(task.endpoint, claimed.trade, claimed.sources, deps)
    : askTradeWatch(task.endpoint, claimed.trade, claimed.sources[0] as Source, claimedAt, deps);
}

/**
 * Merges answers into the ledger in batches: while one transaction writes, the answers that
 * arrive wait and go together into the next (at most MAX_BATCH), each batch all or nothing.
 * An answer not written when the worker dies is lost like one still in flight: its source
 * stays leased in IndexedDB and is asked again once the lease runs out.
 */
function batchWriter(deps: PollDeps): { write: (change: TradeChange) => void; done: () => Promise<void> } {
  const waiting: TradeChange[] = [];
  let writing: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      try {
        await announceAll(await updateTrades(batch, deps.now()), deps);
      } catch (error) {
        failure ??= { error };
      }
    }
    writing = null;
  };
  return {
    write: (change) => {
      waiting.push(change);
      writing ??= drain();
    },
    done: async () => {
      await writing;
      if (failure !== null) throw failure.error;
    },
  };
}

type Change = (stored: Trade) => Trade;

/** Claims 3–4 and 12–14: one source asked by trading identifier, for the time the status is wanted. */
async function askTradeWatch(endpoint: string, trade: Trade, source: Source, claimedAt: string, deps: PollDeps): Promise<Change> {
  const state = trade.processing[source];
  const outcome = await deps.fetchStatus(statusRequestUrl(endpoint, trade.info.tradingId, claimedAt), {
    validators: { etag: state.etag ?? null, lastModified: state.lastModified ?? null },
  });
  const at = deps.now();
  const lang = uiLanguage();
  return (stored) => {
    if (!outcome.ok) return applyFailure(stored, source, outcome.message, at, outcome.retryAfterMs, lang);
    if (outcome.notModified) return applyNotModified(stored, source, at, lang);
    if (outcome.report.source !== source)
      return applyFailure(stored, source, lang.t("error_wrongSource", outcome.report.source, source), at, null, lang);
    // A status dated after the time asked for is not the source's word for that time (its clock is wrong).
    if (Date.parse(outcome.report.asOf) > Date.parse(claimedAt) + CLOCK_SKEW_MS)
      return applyFailure(stored, source, lang.t("error_statusFromFuture", outcome.report.asOf), at, null, lang);
    return applyReport(stored, outcome.report, at, outcome.validators, lang);
  };
}

/**
 * A Vendure order, asked by its code through the shop's API: its answer is merged into all three
 * sources at once. Past the guest access window the shop refuses: not a failure, the last
 * known state stays and the user is told why it no longer changes.
 */
async function askVendure(shopApi: string, trade: Trade, asked: Source[], deps: PollDeps): Promise<Change> {
  const answer = await fetchVendureOrder(shopApi, trade.info.tradingId);
  const at = deps.now();
  return (stored) => {
    if (answer.ok) return applyReports({ ...stored, notice: null }, vendureReports(answer.order, at), at);
    if (answer.forbidden) return stopAskingWithNotice(stored, guestWindowNotice(stored.info.shop.name, uiLanguage()));
    return asked.reduce((failed, source) => applyFailure(failed, source, answer.message, at, answer.retryAfterMs, uiLanguage()), stored);
  };
}

/** Tells deps.onChange (notifications) of each change, in turn; a failure to notify never undoes what was stored. */
async function announceAll(changed: ChangedTrade[], deps: PollDeps): Promise<void> {
  if (!deps.onChange) return;
  for (const { before, after } of changed) {
    try {
      await deps.onChange(before, after);
    } catch (error) {
      console.error("TradeWatch could not announce a change:", error);
    }
  }
}

/**
 * Marks the sources as being asked (see IN_FLIGHT_LEASE_MS) if they are still due; returns the
 * stored trade and the sources claimed, or null when it is gone, finished or none is due any more.
 */
async function claim(tradeId: string, sources: Source[], now: string): Promise<{ trade: Trade; sources: Source[] } | null> {
  let claimed: { trade: Trade; sources: Source[] } | null = null;
  await updateTrade(tradeId, (stored) => {
    const due = isTradeFinished(stored) ? [] : sources.filter((source) => dueSources(stored, now).includes(source));
    if (due.length === 0) return stored;
    const lease = plusMs(now, IN_FLIGHT_LEASE_MS);
    const processing = { ...stored.processing };
    for (const source of due) processing[source] = { ...processing[source], nextCheckAt: lease };
    claimed = { trade: withSchedule({ ...stored, processing }), sources: due };
    return claimed.trade;
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
