import { ENGLISH, type Language } from "../i18n/translate";
import type { ReportedReturn, StatusReport } from "../protocol/status-report";
import { updateWarnings } from "./checks";
import { chargedInAll } from "./payments";
import { acknowledgedEntry, appendHistory, errorEntry, returnEntry, statusEntry } from "./history";
import { advanceLifecycle } from "./lifecycle";
import { canAsk, reschedule, waitsUntil, withoutIdleChecks, withSchedule } from "./schedule";
import type { CheckOutcome } from "./schedule";
import { SOURCES } from "./types";
import type { AnyStatus, HistoryEntry, ReturnRequest, Source, SourceState, Trade, WarningCode } from "./types";

/** HTTP validators of an answer, sent back on the next request as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/**
 * How far along each source's statuses are, to notice a status moving backwards. Equal ranks
 * are alternatives, not steps: a failed payment may be authorized again, and a cancellation
 * comes after anything the shop said before.
 */
const STATUS_RANK: Record<Source, Partial<Record<AnyStatus, number>>> = {
  shop: { received: 0, processing: 1, shipped: 2, delivered: 3, cancelled: 4 },
  payment: { pending: 0, authorized: 1, failed: 1, settled: 2, refunded: 3 },
  delivery: { pending: 0, in_transit: 1, delivered: 2, returned: 3 },
};

function rank(source: Source, status: AnyStatus): number {
  return STATUS_RANK[source][status] ?? 0;
}

/**
 * The furthest status a source went back from, or null when it is where it has been. It stays
 * set while the status is behind that one, and clears once the status is back there or beyond.
 */
function regression(source: Source, state: SourceState, next: AnyStatus): AnyStatus | null {
  const furthest = state.regressedFrom ?? state.status;
  if (furthest === null || rank(source, next) >= rank(source, furthest)) return null;
  return furthest;
}

/** The report's fields for its source's state; null where the source did not say. */
function reportedFields(report: StatusReport): Partial<SourceState> {
  switch (report.source) {
    case "shop":
      return { reportedItems: report.items, reportedTotal: report.total, outcome: report.outcome };
    case "payment":
      return {
        // amountCharged stays as reported; without it, the charges say what was charged in all.
        amountCharged: report.amountCharged ?? chargedInAll(report.charges),
        charges: report.charges,
        refunds: report.refunds,
      };
    case "delivery":
      return { itemsDelivered: report.itemsDelivered, trackingNumber: report.trackingNumber, carrier: report.carrier };
  }
}

/** How far a source's clock may run ahead of ours before its "as of" is not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The stored asOf, unless it is further ahead of `now` than a source's clock may run: then it
 * was recorded while our clock ran ahead and has been set back since, and it orders nothing (a
 * real later answer would look stale until the clock caught up).
 */
function believedAsOf(state: SourceState, now: string): number | null {
  if (state.asOf === null) return null;
  const asOf = Date.parse(state.asOf);
  return asOf > Date.parse(now) + CLOCK_SKEW_MS ? null : asOf;
}

/** Fields a report can set, compared to tell whether an answer changed anything. */
export const REPORTED = [
  "completedAt",
  "scheduledAt",
  "amountCharged",
  "charges",
  "refunds",
  "reportedItems",
  "reportedTotal",
  "itemsDelivered",
  "trackingNumber",
  "carrier",
  "outcome",
] as const satisfies readonly (keyof SourceState)[];

/**
 * Adds a source's answer to the trade (claims 1, 2, 12–14). An answer about another trading
 * identifier is not merged but remembered, so a warning shows. An answer older than the one
 * stored only fills what no answer said so far, so a field only it carried is not lost when it
 * arrives late. A null in a report means the source did not say: it never erases what the
 * source said before. The trading information is never touched. `validators` are the answer's
 * HTTP validators, stored for the next request (left as they were when not given).
 */
export function applyReport(trade: Trade, report: StatusReport, now: string, validators?: Validators, lang: Language = ENGLISH): Trade {
  const { source } = report;
  const state = trade.processing[source];
  // Neither a foreign nor a stale answer is what the source says now: its validators are not kept either.
  if (report.tradingId !== trade.info.tradingId) {
    const foreign = { ...state, foreignTradingId: report.tradingId, lastCheckedAt: now };
    return recordAnswer(trade, source, foreign, "unchanged", now, [], lang);
  }
  const fields = { ...reportedFields(report), completedAt: report.completedAt, scheduledAt: report.scheduledAt };
  // `undefined` too: a report built outside the zod schema may leave a field out.
  const said = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<SourceState>;
  const storedAsOf = believedAsOf(state, now);
  if (storedAsOf !== null && Date.parse(report.asOf) < storedAsOf) {
    // Its status is no longer the source's; what it says only fills what is not known yet.
    const gaps = Object.entries(said).filter(([key]) => state[key as keyof SourceState] === null);
    const filled: SourceState = { ...state, ...Object.fromEntries(gaps), lastCheckedAt: now };
    if (gaps.length > 0) filled.lastChangedAt = now;
    return recordAnswer(trade, source, filled, gaps.length > 0 ? "changed" : "unchanged", now, [], lang);
  }
  const merged: SourceState = {
    ...state,
    ...said,
    status: report.status,
    regressedFrom: regression(source, state, report.status),
    asOf: report.asOf,
    // A record stored before statusSince existed knows the status since its last answer at the latest.
    statusSince: state.status === report.status ? (state.statusSince ?? state.asOf ?? report.asOf) : report.asOf,
    foreignTradingId: null,
    lastError: null,
    failures: 0,
    lastCheckedAt: now,
    ...announcement(state, report),
    ...validators,
  };
  const returned = report.source === "shop" ? mergeReturns(trade.returns, report.returns) : trade.returns;
  const changed = !sameReportedData(state, merged) || returned !== trade.returns;
  if (changed) merged.lastChangedAt = now;
  const entries = state.status === report.status ? [] : [statusEntry(source, state.status, report.status, now, lang)];
  const moved = returned.filter((request, i) => request.status !== trade.returns[i]?.status);
  entries.push(...moved.map((request) => returnEntry(request, now, lang)));
  return recordAnswer({ ...trade, returns: returned }, source, merged, changed ? "changed" : "unchanged", now, entries, lang);
}

/**
 * The source's announced next change is its latest word: an answer without one withdraws it.
 * A source that never announced one keeps a record without the field.
 */
function announcement(state: SourceState, report: StatusReport): Pick<SourceState, "nextChange"> {
  const next = report.nextChange ?? null;
  return next === null && (state.nextChange ?? null) === null ? {} : { nextChange: next };
}

/**
 * The shop's word on the returns TradeWatch asked for, matched by the shop's return id; a null
 * in the report never erases what is known. Returns `requests` itself when nothing changed.
 */
function mergeReturns(requests: ReturnRequest[], reported: ReportedReturn[] | null): ReturnRequest[] {
  if (reported === null) return requests;
  let changed = false;
  const merged = requests.map((request) => {
    const news = reported.find((each) => request.shopReturnId !== null && each.returnId === request.shopReturnId);
    if (news === undefined) return request;
    const updated: ReturnRequest = {
      ...request,
      status: news.status,
      refundAmount: news.refundAmount ?? request.refundAmount,
      refundDueBy: news.refundDueBy ?? request.refundDueBy,
    };
    if (samePlainData(updated, request)) return request;
    changed = true;
    return updated;
  });
  return changed ? merged : requests;
}

/** Stores the source's new state, reschedules it and re-evaluates the warnings, recording what happened. */
function recordAnswer(
  trade: Trade,
  source: Source,
  state: SourceState,
  outcome: CheckOutcome,
  now: string,
  entries: HistoryEntry[],
  lang: Language,
  retryAfterMs?: number | null,
): Trade {
  const updated = appendHistory({ ...trade, processing: { ...trade.processing, [source]: state } }, entries);
  // Warnings and lifecycle first: whether a final source is still watched depends on them.
  const advanced = advanceLifecycle(updateWarnings(updated, now, lang), now, "status", undefined, lang);
  return reschedule(advanced, source, outcome, now, { retryAfterMs: retryAfterMs ?? null });
}

/** Whether the answer told anything new (a new announcement counts); asOf alone moves with every answer and does not count. */
function sameReportedData(a: SourceState, b: SourceState): boolean {
  return (
    a.status === b.status &&
    REPORTED.every((key) => samePlainData(a[key], b[key])) &&
    samePlainData(a.nextChange ?? null, b.nextChange ?? null)
  );
}

/** Deep equality of JSON-like data (strings, numbers, null, arrays, plain objects). */
function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => samePlainData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/**
 * The source answered 304 Not Modified to the stored validators: an answer that changed
 * nothing. Past trouble is cleared, as for any answer. The validators stored are those of an
 * answer about our order (applyReport keeps none of a foreign one), so the endpoint answers
 * about our order again: an earlier answer about another identifier no longer stands.
 */
export function applyNotModified(trade: Trade, source: Source, now: string, lang: Language = ENGLISH): Trade {
  const state = trade.processing[source];
  const answered: SourceState = { ...state, foreignTradingId: null, lastCheckedAt: now, lastError: null, failures: 0 };
  return recordAnswer(trade, source, answered, "unchanged", now, [], lang);
}

/**
 * A request to a source failed: remember why and back off (no sooner than the source's
 * Retry-After, when it gave one); what the source said before stays. Warnings are
 * re-evaluated all the same: a silent payment service must not hide that the payment is
 * overdue. The history records an error only when it differs from the last one, so an
 * endpoint down for days does not fill it.
 */
export function applyFailure(
  trade: Trade,
  source: Source,
  message: string,
  now: string,
  retryAfterMs?: number | null,
  lang: Language = ENGLISH,
): Trade {
  const state = trade.processing[source];
  const failed: SourceState = {
    ...state,
    lastError: { message, at: now },
    failures: state.failures + 1,
    lastCheckedAt: now,
  };
  const entries = state.lastError?.message === message ? [] : [errorEntry(source, message, now, lang)];
  return recordAnswer(trade, source, failed, "failed", now, entries, lang, retryAfterMs);
}

/**
 * The user acknowledged (muted) a warning: it stays listed until its condition is gone, but
 * no longer counts. Returns `trade` itself when there is no such warning or it already was.
 */
export function acknowledgeWarning(trade: Trade, code: WarningCode, source: Source, now: string): Trade {
  const warning = trade.warnings.find((each) => each.code === code && each.source === source);
  if (warning === undefined || warning.acknowledgedAt !== null) return trade;
  const warnings = trade.warnings.map((each) => (each === warning ? { ...each, acknowledgedAt: now } : each));
  return withoutIdleChecks(appendHistory({ ...trade, warnings }, [acknowledgedEntry(warning, now)]));
}

/**
 * "Check now" from the popup: every source that can still say something is asked at once, or
 * as soon as it may (`notBefore`: the source's Retry-After).
 */
export function requestCheckNow(trade: Trade, now: string): Trade {
  const processing = { ...trade.processing };
  for (const source of SOURCES) {
    if (canAsk(trade, source)) processing[source] = { ...processing[source], nextCheckAt: waitsUntil(processing[source], now) ?? now };
  }
  return withSchedule({ ...trade, processing });
}
