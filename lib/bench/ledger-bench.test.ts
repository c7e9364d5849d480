import { beforeEach, describe, expect, it } from "vitest";
import { openTradeDb, TOTALS_KEY } from "../db/schema";
import { useFreshDb } from "../db/test-db";
import { listTrades } from "../db/trades";
import { tradeSummary } from "../domain/summary";
import { TRADE_STATES, type TradeState } from "../domain/types";
import { filterCounts, needsAttention } from "../domain/views";
import { reconcileThroughput, seedLedger } from "./ledger-bench";

beforeEach(useFreshDb);

describe("seedLedger", () => {
  it("replaces the ledger with realistic trades whose stored totals and rows agree with them", async () => {
    await seedLedger(30, 1);
    await seedLedger(200, 7);
    const trades = await listTrades();
    expect(trades).toHaveLength(200);
    const db = await openTradeDb();
    const states = Object.fromEntries(TRADE_STATES.map((state) => [state, trades.filter((t) => t.lifecycle.state === state).length])) as Record<TradeState, number>;
    expect(await db.get("totals", TOTALS_KEY)).toEqual({ id: TOTALS_KEY, filters: filterCounts(trades), states });
    expect((await db.getAll("summaries")).sort((a, b) => a.rank - b.rank)).toEqual(trades.map(tradeSummary).sort((a, b) => a.rank - b.rank));

    // Mostly finished history, a few open orders, several currencies and shops, some warnings, one acknowledged.
    expect(states.completed + states.failed).toBeGreaterThan(150);
    expect(states.open).toBeGreaterThan(0);
    expect(trades.filter(needsAttention).length).toBeLessThan(40);
    expect(new Set(trades.map((t) => t.info.total.currency)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(trades.map((t) => t.info.shop.origin)).size).toBeGreaterThanOrEqual(5);
    const warned = trades.filter((t) => t.warnings.length > 0);
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.some((t) => t.warnings.some((w) => w.acknowledgedAt !== null))).toBe(true);
  });

  it("is deterministic by seed", async () => {
    await seedLedger(40, 3);
    const first = (await listTrades()).map((t) => [t.id, t.info.total, t.lifecycle.state]);
    await seedLedger(40, 3);
    expect((await listTrades()).map((t) => [t.id, t.info.total, t.lifecycle.state])).toEqual(first);
  });
});

describe("reconcileThroughput", () => {
  it("merges three updates into every trade and times a raw put of the same records", async () => {
    const result = await reconcileThroughput(20, 5);
    expect(result.updates).toBe(60);
    expect(result.reconcileMs).toBeGreaterThan(0);
    expect(result.rawPutMs).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.rawPutMs / result.reconcileMs);
    const trades = await listTrades();
    expect(trades).toHaveLength(20);
    for (const trade of trades) {
      expect([trade.processing.shop.status, trade.processing.payment.status, trade.processing.delivery.status]).toEqual(["processing", "settled", "in_transit"]);
    }
  });
});
