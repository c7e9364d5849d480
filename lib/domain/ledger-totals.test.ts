import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams, tradeArb } from "../db/test-arbitraries";
import { countedOf, NO_TRADES, totalsOf, withChange, type LedgerTotals } from "./ledger-totals";
import { aTrade, aWarning } from "./test-trades";
import { TRADE_STATES, type Trade } from "./types";
import { filterCounts } from "./views";

/** The totals counted from scratch with the views' own filters: what the stored record must always equal. */
function recount(trades: Iterable<Trade>): LedgerTotals {
  const all = [...trades];
  const states = Object.fromEntries(TRADE_STATES.map((state) => [state, all.filter((t) => t.lifecycle.state === state).length]));
  return { filters: filterCounts(all), states: states as LedgerTotals["states"] };
}

const counted = (trade: Trade | null) => (trade === null ? null : countedOf(trade));

const delivered = aTrade({ info: { tradingId: "D" }, delivery: { status: "delivered" }, payment: { status: "settled" } });
const travelling = aTrade({ info: { tradingId: "T" }, delivery: { status: "in_transit" }, payment: { status: "authorized" } });

describe("withChange", () => {
  it("counts a new trade under every filter it shows in and its state", () => {
    const totals = withChange(NO_TRADES, null, counted(travelling));
    expect(totals).toEqual({
      filters: { all: 1, undelivered: 1, delivered: 0, unsettled: 1, settled: 0 },
      states: { open: 1, finalising: 0, completed: 0, failed: 0 },
    });
    expect(NO_TRADES.filters.all).toBe(0);
  });

  it("moves a trade between groups when a write changes them, and takes a deleted one out", () => {
    const arrived = { ...travelling, processing: { ...travelling.processing, delivery: { ...travelling.processing.delivery, status: "delivered" as const } } };
    const moved = withChange(withChange(NO_TRADES, null, counted(travelling)), counted(travelling), counted(arrived));
    expect(moved.filters).toEqual({ all: 1, undelivered: 0, delivered: 1, unsettled: 1, settled: 0 });
    expect(withChange(moved, counted(arrived), null)).toEqual(NO_TRADES);
  });

  it("leaves the totals as they were for a write that changes no group", () => {
    const totals = totalsOf([delivered, travelling].map(countedOf));
    const warned = { ...travelling, warnings: [aWarning()] };
    expect(withChange(totals, counted(travelling), counted(warned))).toBe(totals);
    expect(totals).toEqual(recount([delivered, travelling]));
  });
});

type Write = { kind: "put"; slot: number; trade: Trade } | { kind: "delete"; slot: number };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("put" as const), slot: fc.nat(5), trade: tradeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), slot: fc.nat(5) }) },
);

describe("totals kept from deltas", () => {
  it(
    "equal a full recount after any sequence of creations, updates and deletions",
    () => {
      fc.assert(
        fc.property(fc.array(writeArb, { maxLength: 40 }), (writes) => {
          const ledger = new Map<number, Trade>();
          let totals = NO_TRADES;
          for (const write of writes) {
            const before = ledger.get(write.slot) ?? null;
            const after = write.kind === "put" ? { ...write.trade, id: `slot ${write.slot}` } : null;
            if (after === null) ledger.delete(write.slot);
            else ledger.set(write.slot, after);
            totals = withChange(totals, counted(before), counted(after));
          }
          expect(totals).toEqual(recount(ledger.values()));
          expect(totalsOf([...ledger.values()].map(countedOf))).toEqual(totals);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
