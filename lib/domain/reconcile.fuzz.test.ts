import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstProblem, tradeRecordSchema } from "../db/record-schema";
import { FUZZ_TIMEOUT_MS, fuzzParams, reportInputArb } from "../db/test-arbitraries";
import { statusReportSchema, type StatusReport } from "../protocol/status-report";
import { amountPaid } from "./payments";
import { applyFailure, applyNotModified, applyReport, CLOCK_SKEW_MS, REPORTED, requestCheckNow } from "./reconcile";
import { canAsk } from "./schedule";
import { aCapturedOrder } from "./test-trades";
import { newTrade } from "./trade";
import { SOURCES, type Money, type Source, type Trade } from "./types";

/**
 * Property-based fuzzing of the reconciler: any sequence of answers (matching, foreign, stale,
 * failures, 304s, "check now") applied to a captured trade keeps it a whole record whose
 * trading information never changes and whose schedule stays consistent.
 */

const START = Date.parse("2026-11-20T10:00:00.000Z");
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();
const asOfArb = fc.integer({ min: -60, max: 60 * 24 * 30 }).map(at);
/** Any amount moneySchema allows: charges and refunds then add up past Number.MAX_SAFE_INTEGER too. */
const amountArb = fc.record({ minor: fc.maxSafeNat(), currency: fc.constantFrom("EUR", "USD", "JPY") });

/** Whether the amounts in `currency` add up to a safe integer, summed exactly. */
function exactSum(amounts: readonly Money[], currency: string): boolean {
  const sum = amounts.reduce((total, amount) => (amount.currency === currency ? total + BigInt(amount.minor) : total), 0n);
  return sum <= BigInt(Number.MAX_SAFE_INTEGER);
}

type Step =
  | { kind: "report"; report: StatusReport }
  | { kind: "failure"; source: Source; message: string; retryAfterMs: number | null }
  | { kind: "not-modified"; source: Source }
  | { kind: "check-now" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: reportInputArb(["TW-1", "TW-1", "TW-1", "TW-999"], asOfArb, amountArb).map((input) => ({ kind: "report" as const, report: statusReportSchema.parse(input) })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("failure" as const), source: fc.constantFrom(...SOURCES), message: fc.string({ minLength: 1, maxLength: 80 }), retryAfterMs: fc.option(fc.nat(86_400_000)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("not-modified" as const), source: fc.constantFrom(...SOURCES) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "check-now" as const }) },
);

function apply(trade: Trade, step: Step, now: string): Trade {
  switch (step.kind) {
    case "report":
      return applyReport(trade, step.report, now, { etag: '"v1"', lastModified: null });
    case "failure":
      return applyFailure(trade, step.source, step.message, now, step.retryAfterMs);
    case "not-modified":
      return applyNotModified(trade, step.source, now);
    case "check-now":
      return requestCheckNow(trade, now);
  }
}

describe("the reconciler under fuzzing", () => {
  it("keeps any trade whole, its trading information untouched, its schedule consistent", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
        const captured = aCapturedOrder({ info: { tradingId: "TW-1" } });
        let trade = newTrade(captured, at(0));
        for (const [index, step] of steps.entries()) {
          const now = at(index * 7 + 1);
          const before = trade;
          trade = apply(trade, step, now);
          const record = tradeRecordSchema.safeParse(trade);
          expect(record.success ? "whole" : firstProblem(record.error)).toBe("whole");
          expect(trade.info).toEqual(captured.info);
          for (const source of SOURCES) {
            const state = trade.processing[source];
            if (!canAsk(trade, source)) expect(state.nextCheckAt).toBeNull();
          }
          if (step.kind === "report") {
            const { source } = step.report;
            const was = before.processing[source];
            const now_ = trade.processing[source];
            if (step.report.tradingId !== "TW-1") {
              // Claim 1: an answer about another order is remembered, and merged nowhere.
              expect(now_.foreignTradingId).toBe(step.report.tradingId);
              expect(now_.status).toBe(was.status);
              expect(now_.asOf).toBe(was.asOf);
              expect(trade.warnings.some((w) => w.code === "trading-id-mismatch")).toBe(true);
            } else if (
              was.asOf !== null &&
              Date.parse(was.asOf) <= Date.parse(now) + CLOCK_SKEW_MS &&
              Date.parse(step.report.asOf) < Date.parse(was.asOf)
            ) {
              // A stale answer only fills what the source had not said (an asOf stored far ahead of the clock orders nothing).
              expect(now_.status).toBe(was.status);
              expect(now_.asOf).toBe(was.asOf);
              for (const field of REPORTED) if (was[field] !== null) expect(now_[field], field).toEqual(was[field]);
            } else {
              expect(now_.status).toBe(step.report.status);
              expect(now_.foreignTradingId).toBeNull();
            }
          }
          if (step.kind === "failure") {
            expect(trade.processing[step.source].failures).toBe(before.processing[step.source].failures + 1);
            expect(trade.processing[step.source].lastError?.message).toBe(step.message);
          }
          // Sums past Number.MAX_SAFE_INTEGER are not exact: no warning comes from them.
          const { charges, refunds } = trade.processing.payment;
          const codes = trade.warnings.map((w) => w.code);
          if (!exactSum(charges ?? [], captured.info.total.currency)) expect(codes).not.toContain("charged-twice");
          const paid = amountPaid(trade.processing.payment, captured.info.total.currency);
          if (paid !== null && !exactSum((refunds ?? []).map((refund) => refund.amount), paid.currency)) {
            expect(codes).not.toContain("refund-above-paid");
            expect(codes).not.toContain("refund-short");
          }
          // One warning per condition and source.
          const keys = trade.warnings.map((w) => `${w.code} ${w.source}`);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
      fuzzParams(300),
    );
  });
});
