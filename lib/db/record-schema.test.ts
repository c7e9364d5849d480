import * as fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { aCapturedOrder, NOW } from "../domain/test-trades";
import { newTrade } from "../domain/trade";
import type { SourceState, Trade, TradingInfo } from "../domain/types";
import { firstProblem, tradeRecordSchema, type TradeRecord } from "./record-schema";
import { fuzzParams, generateLedger, tradeArb } from "./test-arbitraries";

describe("the stored trade schema", () => {
  it("mirrors lib/domain/types.ts field for field (checked by the type checker)", () => {
    type StoredSource = TradeRecord["processing"]["shop"];
    expectTypeOf<TradeRecord>().toExtend<Trade>();
    expectTypeOf<keyof TradeRecord>().toEqualTypeOf<keyof Trade>();
    expectTypeOf<keyof TradeRecord["info"]>().toEqualTypeOf<keyof TradingInfo>();
    expectTypeOf<keyof StoredSource>().toEqualTypeOf<keyof SourceState>();
  });

  it("accepts what the domain stores for a new capture", () => {
    expect(tradeRecordSchema.safeParse(newTrade(aCapturedOrder(), NOW)).success).toBe(true);
  });

  it("accepts every generated stored trade", () => {
    fc.assert(
      fc.property(tradeArb, (trade) => {
        const parsed = tradeRecordSchema.safeParse(trade);
        if (!parsed.success) throw new Error(firstProblem(parsed.error));
        expect(parsed.data).toEqual(trade);
      }),
      fuzzParams(),
    );
  });

  it("keeps an instant written with an offset in UTC, as the code writes instants", () => {
    const trade = newTrade(aCapturedOrder(), NOW);
    const parsed = tradeRecordSchema.parse({ ...trade, info: { ...trade.info, capturedAt: "2026-11-21T00:00:00+14:00" } });
    expect(parsed.info.capturedAt).toBe("2026-11-20T10:00:00.000Z");
  });

  const [base] = generateLedger(1) as [Trade];
  it.each<[string, (trade: Trade) => unknown, string]>([
    ["a float amount", (t) => ({ ...t, info: { ...t.info, total: { minor: 59.97, currency: "EUR" } } }), "info.total.minor"],
    ["an id that is not its origin and trading id", (t) => ({ ...t, id: "https://evil.example GL-1" }), "id does not match"],
    ["a shop status from the payment vocabulary", (t) => ({ ...t, processing: { ...t.processing, shop: { ...t.processing.shop, status: "refunded" } } }), "processing.shop.status"],
    ["a field the code never writes", (t) => ({ ...t, info: { ...t.info, admin: true } }), "admin"],
    ["a half-written schedule", (t) => ({ ...t, nextCheckAt: "2099-01-01T00:00:00.000Z" }), "nextCheckAt is not the earliest"],
    ["a missing field", ({ history: _history, ...t }) => t, "history"],
    ["an origin with a path", (t) => ({ ...t, info: { ...t.info, shop: { ...t.info.shop, origin: `${t.info.shop.origin}/x` } } }), "not a web origin"],
  ])("refuses %s and says where", (_case, tamper, problem) => {
    const parsed = tradeRecordSchema.safeParse(tamper(base));
    expect(parsed.success).toBe(false);
    expect(!parsed.success && firstProblem(parsed.error)).toContain(problem);
  });
});
