import { ENGLISH, type Language } from "../i18n/translate";
import { updateWarnings } from "./checks";
import { capturedEntry } from "./history";
import { initialLifecycle } from "./lifecycle";
import { canAsk, isTradeFinished, reviewAt, withSchedule } from "./schedule";
import { tradeKey } from "./trade-key";
import { SOURCES } from "./types";
import type { CapturedOrder, Source, SourceState, Trade } from "./types";

/** Dates the confirmation page announced, per source (claim 5: the shop announces a delivery date too). */
function announcedDates(captured: CapturedOrder): Record<Source, string | null> {
  return { shop: captured.expectedDeliveryAt, payment: captured.paymentDueAt, delivery: captured.expectedDeliveryAt };
}

/** A source nothing has been heard from yet. */
export function emptyState(scheduledAt: string | null, nextCheckAt: string | null): SourceState {
  return {
    status: null,
    completedAt: null,
    scheduledAt,
    amountCharged: null,
    itemsDelivered: null,
    trackingNumber: null,
    asOf: null,
    lastCheckedAt: null,
    lastError: null,
    foreignTradingId: null,
    nextCheckAt,
    failures: 0,
    unchanged: 0,
    lastChangedAt: null,
    etag: null,
    lastModified: null,
    charges: null,
    refunds: null,
    reportedItems: null,
    reportedTotal: null,
    carrier: null,
    outcome: null,
    regressedFrom: null,
  };
}

/**
 * A freshly captured order: every source with an endpoint is asked soon after capture. A reorder
 * placed through TradeWatch names the trade it reorders (seed 002 claim 10). `lang`: what its
 * history and warnings are written in.
 */
export function newTrade(captured: CapturedOrder, now: string, reorderOf: string | null = null, lang: Language = ENGLISH): Trade {
  const { info } = captured;
  const dates = announcedDates(captured);
  const state = (source: Source) =>
    emptyState(dates[source], info.endpoints[source] === null ? reviewAt(dates[source], now) : now);
  const trade: Trade = {
    id: tradeKey(info.shop.origin, info.tradingId),
    info,
    processing: { shop: state("shop"), payment: state("payment"), delivery: state("delivery") },
    warnings: [],
    history: [capturedEntry(info, now, lang)],
    lifecycle: initialLifecycle(now, lang),
    returns: [],
    disclosures: [],
    reorderOf,
    notice: null,
  };
  return withSchedule(updateWarnings(trade, now, lang));
}

/**
 * The same order captured again (reload, second tab). What is known is kept; the new capture
 * only fills endpoints, announced commands and announced dates that were missing. Returns
 * `existing` itself when nothing was missing, so the caller can skip the write.
 */
export function mergeCaptured(existing: Trade, captured: CapturedOrder, now: string, lang: Language = ENGLISH): Trade {
  const dates = announcedDates(captured);
  const newEndpoints = SOURCES.filter(
    (source) => existing.info.endpoints[source] === null && captured.info.endpoints[source] !== null,
  );
  const newDates = SOURCES.filter(
    (source) => existing.processing[source].scheduledAt === null && dates[source] !== null,
  );
  const commands = existing.info.commands ?? captured.info.commands;
  if (newEndpoints.length === 0 && newDates.length === 0 && commands === existing.info.commands) return existing;

  const endpoints = { ...existing.info.endpoints };
  for (const source of newEndpoints) endpoints[source] = captured.info.endpoints[source];
  const processing = { ...existing.processing };
  for (const source of newDates) {
    const review = existing.info.endpoints[source] === null ? reviewAt(dates[source], now) : null;
    processing[source] = { ...processing[source], scheduledAt: dates[source], nextCheckAt: review ?? processing[source].nextCheckAt };
  }
  const filled: Trade = { ...existing, info: { ...existing.info, endpoints, commands }, processing };

  const finished = isTradeFinished(filled);
  for (const source of newEndpoints) {
    if (!finished && canAsk(filled, source)) processing[source] = { ...processing[source], nextCheckAt: now };
  }
  return withSchedule(updateWarnings(filled, now, lang));
}

/**
 * The review of a source without an endpoint (see reviewAt): the warnings are evaluated again
 * now that its announced date has passed, and nothing is asked.
 */
export function reviewSource(trade: Trade, source: Source, now: string, lang: Language = ENGLISH): Trade {
  const processing = { ...trade.processing, [source]: { ...trade.processing[source], nextCheckAt: null } };
  return withSchedule(updateWarnings({ ...trade, processing }, now, lang));
}
