import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isAllowedTransition, lifecycleTarget } from "./lifecycle";
import { NOW } from "./test-trades";
import { SOURCES } from "./types";
import type { Trade } from "./types";
import { upgradeTradeToV2, type TradeV1 } from "./upgrade";

/** Every record of schema version 1, exactly as stored (never edited). */
const v1: { trades: TradeV1[] } = JSON.parse(readFileSync(new URL("../../test/fixtures/db/v1.json", import.meta.url), "utf8"));
const byId = (id: string) => v1.trades.find((trade) => trade.id === id)!;

describe("upgradeTradeToV2", () => {
  it.each(v1.trades.map((trade) => [trade.id, trade] as const))("upgrades %s to a trade in the state its statuses call for", (_, old) => {
    const trade = upgradeTradeToV2(old, NOW);
    expect(trade.lifecycle.state).toBe(lifecycleTarget(trade));
    expect(trade.lifecycle.transitions[0]).toEqual({ at: old.info.capturedAt, from: null, to: "open", cause: "captured", text: "Order captured" });
    for (const { from, to, cause } of trade.lifecycle.transitions) expect(isAllowedTransition(from, to, cause)).toBe(true);
    expect(trade.lifecycle.transitions).toHaveLength(trade.lifecycle.state === "open" ? 1 : 2);
    expect(trade.lifecycle).toMatchObject({ pending: null, overdueSince: null });
    expect(trade.info).toEqual({ ...old.info, commands: null, adapter: "schema-org-json-ld", protocol: "tradewatch" });
    for (const source of SOURCES) expect(trade.processing[source]).toEqual({ ...old.processing[source], outcome: null });
    expect([trade.returns, trade.disclosures, trade.reorderOf, trade.notice]).toEqual([[], [], null, null]);
    const { lifecycle: _l, returns: _r, disclosures: _d, reorderOf: _o, notice: _n, info: _i, processing: _p, ...rest } = trade;
    const { info: _oi, processing: _op, ...oldRest } = old;
    expect(rest).toEqual(oldRest);
  });

  it("moves a final trade there at its latest status time, by upgrade", () => {
    const completed: Trade = upgradeTradeToV2(byId("https://green-leaf.example GL-1002"), NOW);
    expect(completed.lifecycle).toMatchObject({ state: "completed", since: "2026-10-03T09:00:00.000Z" });
    expect(completed.lifecycle.transitions[1]).toEqual({
      at: "2026-10-03T09:00:00.000Z",
      from: "open",
      to: "completed",
      cause: "upgrade",
      text: "Delivered and paid",
    });
    expect(upgradeTradeToV2(byId("https://kissa.example 本-77"), NOW).lifecycle.transitions[1]).toMatchObject({
      to: "failed",
      text: "Refunded in full",
    });
    expect(upgradeTradeToV2(byId("https://green-leaf.example GL-1006"), NOW).lifecycle.state).toBe("failed");
  });

  it("leaves an open trade open since its capture", () => {
    const old = byId("https://green-leaf.example GL-1008");
    expect(upgradeTradeToV2(old, NOW).lifecycle).toEqual({
      state: "open",
      since: old.info.capturedAt,
      pending: null,
      overdueSince: null,
      transitions: [{ at: old.info.capturedAt, from: null, to: "open", cause: "captured", text: "Order captured" }],
    });
  });

  it("dates the move at the upgrade when no source ever answered", () => {
    const old = byId("https://green-leaf.example GL-1001");
    const cancelledWithoutAnswer = { ...old, processing: { ...old.processing, shop: { ...old.processing.shop, status: "cancelled" as const } } };
    expect(upgradeTradeToV2(cancelledWithoutAnswer, NOW).lifecycle).toMatchObject({ state: "failed", since: NOW });
  });
});
