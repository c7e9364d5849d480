import type { StatusReport } from "../protocol/status-report";
import { evaluateWarnings } from "./checks";
import { canAsk, reschedule, withSchedule } from "./schedule";
import type { CheckOutcome } from "./schedule";
import { SOURCES } from "./types";
import type { ItemQuantity, Money, Source, SourceState, Trade } from "./types";

/**
 * Adds a source's answer to the trade (claims 1, 2, 12–14). An answer about another trading
 * identifier is not merged but remembered, so a warning shows. An answer older than the one
 * stored is ignored. A null in a report means the source did not say: it never erases what the
 * source said before. The trading information is never touched.
 */
export function applyReport(trade: Trade, report: StatusReport, now: string): Trade {
  const { source } = report;
  const state = trade.processing[source];
  if (report.tradingId !== trade.info.tradingId) {
    const foreign = { ...state, foreignTradingId: report.tradingId, lastCheckedAt: now };
    return recordAnswer(trade, source, foreign, "unchanged", now);
  }
  if (state.asOf !== null && Date.parse(report.asOf) < Date.parse(state.asOf)) {
    return recordAnswer(trade, source, { ...state, lastCheckedAt: now }, "unchanged", now);
  }
  const merged: SourceState = {
    ...state,
    status: report.status,
    completedAt: report.completedAt ?? state.completedAt,
    scheduledAt: report.scheduledAt ?? state.scheduledAt,
    amountCharged: (report.source === "payment" ? report.amountCharged : null) ?? state.amountCharged,
    itemsDelivered: (report.source === "delivery" ? report.itemsDelivered : null) ?? state.itemsDelivered,
    trackingNumber: (report.source === "delivery" ? report.trackingNumber : null) ?? state.trackingNumber,
    asOf: report.asOf,
    foreignTradingId: null,
    lastError: null,
    failures: 0,
    lastCheckedAt: now,
  };
  return recordAnswer(trade, source, merged, sameReportedData(state, merged) ? "unchanged" : "changed", now);
}

function recordAnswer(trade: Trade, source: Source, state: SourceState, outcome: CheckOutcome, now: string): Trade {
  const updated: Trade = { ...trade, processing: { ...trade.processing, [source]: state } };
  return reschedule({ ...updated, warnings: evaluateWarnings(updated, now) }, source, outcome, now);
}

/** Whether the answer told anything new; asOf alone moves with every answer and does not count. */
function sameReportedData(a: SourceState, b: SourceState): boolean {
  return (
    a.status === b.status &&
    a.completedAt === b.completedAt &&
    a.scheduledAt === b.scheduledAt &&
    a.trackingNumber === b.trackingNumber &&
    sameMoney(a.amountCharged, b.amountCharged) &&
    sameItems(a.itemsDelivered, b.itemsDelivered)
  );
}

function sameMoney(a: Money | null, b: Money | null): boolean {
  return a === b || (a !== null && b !== null && a.minor === b.minor && a.currency === b.currency);
}

function sameItems(a: ItemQuantity[] | null, b: ItemQuantity[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((item, i) => {
    const other = b[i];
    return (
      other !== undefined && item.sku === other.sku && item.name === other.name && item.quantity === other.quantity
    );
  });
}

/**
 * A request to a source failed: remember why and back off; what the source said before stays.
 * Warnings are re-evaluated all the same: a silent payment service must not hide that the
 * payment is overdue.
 */
export function applyFailure(trade: Trade, source: Source, message: string, now: string): Trade {
  const state = trade.processing[source];
  const failed: SourceState = {
    ...state,
    lastError: { message, at: now },
    failures: state.failures + 1,
    lastCheckedAt: now,
  };
  const next = { ...trade, processing: { ...trade.processing, [source]: failed } };
  return reschedule({ ...next, warnings: evaluateWarnings(next, now) }, source, "failed", now);
}

/** "Check now" from the popup: every source that can still say something is asked at once. */
export function requestCheckNow(trade: Trade, now: string): Trade {
  const processing = { ...trade.processing };
  for (const source of SOURCES) {
    if (canAsk(trade, source)) processing[source] = { ...processing[source], nextCheckAt: now };
  }
  return withSchedule({ ...trade, processing });
}
