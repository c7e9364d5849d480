import { NO_TRADES } from "../domain/ledger-totals";
import { groupsOf, limitWindowStart, type ListGroup, type PopupLedger, type PopupQuery } from "../domain/popup-view";
import type { Trade } from "../domain/types";
import { matchesFilter, popupRank, sortTrades } from "../domain/views";
import type { IDBPObjectStore, StoreNames } from "idb";
import { openTradeDb, TOTALS_KEY, type TradeWatchDB } from "./schema";
import { storedTrades } from "./stored-trades";

/** A delivery group's keys in by-delivery: [group] sorts before every [group, rank], [group, []] after them (an array sorts after any number). */
const groupRange = (group: ListGroup) => IDBKeyRange.bound([group], [group, []]);

type Summaries = IDBPObjectStore<TradeWatchDB, ArrayLike<StoreNames<TradeWatchDB>>, "summaries", "readonly">;

/**
 * The keys of the trades a spending limit counts (lib/domain/limits.ts), from the summaries'
 * indexes: the unsettled ones, which all need attention, and those ordered within the longest
 * period a limit has.
 */
function spendingKeys(summaries: Summaries, now: string): Promise<[attention: string[], recent: string[]]> {
  return Promise.all([
    summaries.index("by-attention").getAllKeys(),
    summaries.index("by-rank").getAllKeys(IDBKeyRange.upperBound(popupRank(limitWindowStart(now)))),
  ]);
}

/**
 * What a checkout page's spending limits count, read like the popup's spending panel reads it:
 * without the finished history, which grows with every order and counts for no limit.
 */
export async function loadSpendingTrades(now: string): Promise<Trade[]> {
  const db = await openTradeDb();
  const tx = db.transaction(["summaries", "trades"]);
  const [attentionIds, recentIds] = await spendingKeys(tx.objectStore("summaries"), now);
  return storedTrades(tx.objectStore("trades"), [...attentionIds, ...recentIds]);
}

/**
 * What the popup shows (lib/domain/popup-view.ts), read in one readonly transaction so that the
 * totals, lists and trades agree: the totals record and index keys first, then the trades they
 * name, by key. Nothing here reads the whole ledger:
 * - "Not delivered" and "Delivered" are pages of by-delivery;
 * - "Not settled" needs no index: every unsettled trade needs attention, so it is among those read;
 * - "Settled" is by-rank without the unsettled trades: its page is within the first
 *   page-size + attention-count keys.
 */
export async function loadPopupLedger(query: PopupQuery, now: string): Promise<PopupLedger> {
  const db = await openTradeDb();
  const tx = db.transaction(["totals", "summaries", "trades"]);
  const summaries = tx.objectStore("summaries");
  const trades = tx.objectStore("trades");
  const byRank = summaries.index("by-rank");
  const groups = groupsOf(query.filter);
  const [stored, [attentionIds, recentIds], ...deliveryPages] = await Promise.all([
    tx.objectStore("totals").get(TOTALS_KEY),
    spendingKeys(summaries, now),
    ...groups.map((group) =>
      group === "undelivered" || group === "delivered" ? summaries.index("by-delivery").getAllKeys(groupRange(group), query.shown[group]) : [],
    ),
  ]);
  const settledCandidates = groups.includes("settled") ? await byRank.getAllKeys(null, query.shown.settled + attentionIds.length) : [];

  const ids = new Set([...attentionIds, ...recentIds, ...deliveryPages.flat(), ...settledCandidates]);
  if (query.focusTradeId !== null) ids.add(query.focusTradeId);
  const read = new Map<string, Trade>();
  await Promise.all(
    [...ids].map(async (id) => {
      const trade = await trades.get(id);
      if (trade !== undefined) read.set(id, trade);
    }),
  );
  const links = [...new Set([...read.values()].flatMap((trade) => (trade.reorderOf === null ? [] : [trade.reorderOf])))];
  const known = await Promise.all(links.map(async (id) => (read.has(id) || (await trades.getKey(id)) !== undefined ? [id] : [])));

  const byIds = (list: string[]) => list.flatMap((id) => read.get(id) ?? []);
  const attention = byIds(attentionIds);
  const pageOf = (group: ListGroup, index: number): Trade[] => {
    const shown = query.shown[group];
    switch (group) {
      case "undelivered":
      case "delivered":
        return byIds(deliveryPages[index] ?? []);
      case "unsettled":
        return sortTrades(attention.filter((trade) => matchesFilter(trade, group))).slice(0, shown);
      case "settled":
        return byIds(settledCandidates)
          .filter((trade) => matchesFilter(trade, group))
          .slice(0, shown);
    }
  };
  return {
    query,
    totals: stored === undefined ? NO_TRADES : { filters: stored.filters, states: stored.states },
    attention,
    recent: byIds(recentIds),
    pages: Object.fromEntries(groups.map((group, index) => [group, pageOf(group, index)])),
    focus: query.focusTradeId === null ? null : (read.get(query.focusTradeId) ?? null),
    originals: new Set(known.flat()),
  };
}
