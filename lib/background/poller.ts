import { applyFailure, applyReport, requestCheckNow } from "../domain/reconcile";
import { dueSources, isTradeFinished } from "../domain/schedule";
import type { Source, Trade } from "../domain/types";
import { statusRequestUrl } from "../protocol/status-report";
import { dueTrades, listTrades, updateTrade } from "../db/trades";
import type { FetchOutcome } from "./status-fetch";

export interface PollDeps {
  now: () => string;
  fetchStatus: (url: string) => Promise<FetchOutcome>;
  /** How many requests may be in flight at once. */
  concurrency?: number;
}

interface Task {
  trade: Trade;
  source: Source;
  endpoint: string;
}

/**
 * Asks every source that is due and merges each answer into the stored trade. Nothing is
 * kept in memory between runs: a worker killed mid-way leaves the schedule as it was, so
 * the next run asks again. Returns the number of requests made.
 */
export async function pollDue(deps: PollDeps): Promise<number> {
  const tasks: Task[] = [];
  for (const trade of await dueTrades(deps.now())) {
    for (const source of dueSources(trade, deps.now())) {
      const endpoint = trade.info.endpoints[source];
      if (endpoint) tasks.push({ trade, source, endpoint });
    }
  }
  await runLimited(tasks, deps.concurrency ?? 4, (task) => pollOne(task, deps));
  return tasks.length;
}

async function pollOne({ trade, source, endpoint }: Task, deps: PollDeps): Promise<void> {
  // Claims 3–4 and 12–14: ask by trading identifier, for the time the status is wanted.
  const outcome = await deps.fetchStatus(statusRequestUrl(endpoint, trade.info.tradingId, deps.now()));
  const at = deps.now();
  await updateTrade(trade.id, (stored) => {
    if (!outcome.ok) return applyFailure(stored, source, outcome.message, at);
    if (outcome.report.source !== source)
      return applyFailure(stored, source, `answered as a ${outcome.report.source} status, not a ${source} status`, at);
    return applyReport(stored, outcome.report, at);
  });
}

/** "Check now": makes every unfinished trade due, then polls. */
export async function checkAllNow(deps: PollDeps): Promise<number> {
  const now = deps.now();
  for (const trade of await listTrades()) {
    if (!isTradeFinished(trade)) await updateTrade(trade.id, (stored) => requestCheckNow(stored, now));
  }
  return pollDue(deps);
}

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
