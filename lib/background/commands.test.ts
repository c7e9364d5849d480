import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { dueCommands, getCommand } from "../db/outbox";
import { storeTrades, useFreshDb } from "../db/test-db";
import { getTrade, listTrades } from "../db/trades";
import { aCapturedOrder, NOW, ORIGIN, plusMinutes } from "../domain/test-trades";
import { newTrade } from "../domain/trade";
import type { CommandName, Trade } from "../domain/types";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { finalise, reorder, requestItemsReturn, sendDueCommands, type CommandDeps } from "./commands";
import { FakeShops, UNREACHABLE } from "./test-shop";
import { runTimeouts, runWaitLimit } from "./timeouts";

const COMMANDS_URL = `${ORIGIN}/tradewatch/commands`;
const ALL: CommandName[] = ["confirm", "cancel", "prepare", "commit", "abort", "return", "reorder"];
const PROFILE = { name: "Ada Lovelace", address: "12 St James's Square, London", email: "ada@example.org" };

function aCommandableTrade(tradingId = "GL-1001", supports: CommandName[] = ALL): Trade {
  return newTrade(aCapturedOrder({ info: { tradingId, commands: { url: COMMANDS_URL, supports } } }), NOW);
}

let clock: string;
let shops: FakeShops;
let settings: Settings;
let keys: number;

function deps(overrides: Partial<CommandDeps> = {}): CommandDeps {
  return {
    now: () => clock,
    send: shops.send,
    newKey: () => `key-${String(++keys).padStart(6, "0")}`,
    loadSettings: async () => settings,
    onShopAnswer: vi.fn(async () => undefined),
    ...overrides,
  };
}

beforeEach(async () => {
  useFreshDb();
  fakeBrowser.reset();
  clock = NOW;
  shops = new FakeShops();
  settings = { ...DEFAULT_SETTINGS, deliveryProfile: PROFILE };
  keys = 0;
});

describe("confirming one order (seed 000 claim 9)", () => {
  it("relays the confirm with the delivery profile, records the disclosure, and completes on the shop's notice", async () => {
    await storeTrades([aCommandableTrade()]);
    shops.add(COMMANDS_URL, "GL-1001");
    const d = deps();
    const reply = await finalise(d, `${ORIGIN} GL-1001`, "complete");
    expect(reply).toEqual({ state: "completed", message: "Thank you: the order is complete." });
    expect(shops.sent).toHaveLength(1);
    expect(shops.sent[0]?.request).toMatchObject({ command: "confirm", tradingId: "GL-1001", personalInfo: PROFILE });
    const trade = await getTrade(`${ORIGIN} GL-1001`);
    expect(trade?.lifecycle.transitions.map((t) => t.to)).toEqual(["open", "finalising", "completed"]);
    expect(trade?.processing.shop.outcome).toBe("completed");
    expect(trade?.disclosures).toEqual([{ at: NOW, to: ORIGIN, fields: ["name", "address", "email"], command: "confirm", collectiveId: null }]);
    expect(d.onShopAnswer).toHaveBeenCalledWith(expect.objectContaining({ id: `${ORIGIN} GL-1001` }), "Thank you: the order is complete.");
    // The outbox keeps no copy of the personal information once the command is settled.
    expect((await getCommand("key-000001"))?.request).toMatchObject({ command: "confirm", personalInfo: null });
  });

  it("sends no personal information with a cancel, and goes back to open with the shop's reason when it refuses", async () => {
    await storeTrades([aCommandableTrade()]);
    shops.add(COMMANDS_URL, "GL-1001", { status: "shipped" });
    const reply = await finalise(deps(), `${ORIGIN} GL-1001`, "fail");
    expect(reply).toEqual({ state: "open", message: "Already shipped: ask for a return instead." });
    expect(shops.sent[0]?.request).toMatchObject({ command: "cancel", reason: null });
    expect(JSON.stringify(shops.sent)).not.toContain(PROFILE.email);
    const trade = await getTrade(`${ORIGIN} GL-1001`);
    expect(trade?.disclosures).toEqual([]);
    expect(trade?.history.map((entry) => entry.text).join("\n")).toContain("Already shipped: ask for a return instead.");
  });

  it("refuses a command the shop did not announce, and stores nothing", async () => {
    const trade = aCommandableTrade("GL-1001", ["confirm"]);
    await storeTrades([trade]);
    const reply = await finalise(deps(), trade.id, "fail");
    expect(reply).toHaveProperty("error");
    expect(shops.sent).toEqual([]);
    expect(await getTrade(trade.id)).toEqual(trade);
    expect(await dueCommands("2099-01-01T00:00:00.000Z")).toEqual([]);
  });

  it("sends the same request again, with the same idempotency key, until the shop answers (seed 000 claim 5)", async () => {
    await storeTrades([aCommandableTrade()]);
    shops.add(COMMANDS_URL, "GL-1001");
    shops.failures.push(UNREACHABLE, UNREACHABLE);
    const reply = await finalise(deps(), `${ORIGIN} GL-1001`, "complete");
    expect(reply).toMatchObject({ state: "finalising" });
    const [pending] = await dueCommands("2099-01-01T00:00:00.000Z");
    expect(pending?.state).toBe("pending");
    expect(Date.parse(pending?.nextAttemptAt ?? "")).toBeGreaterThan(Date.parse(NOW));

    // Not due yet: nothing is sent.
    expect(await sendDueCommands(deps())).toBe(0);
    clock = plusMinutes(NOW, 120);
    expect(await sendDueCommands(deps())).toBe(1);
    clock = plusMinutes(NOW, 600);
    expect(await sendDueCommands(deps())).toBe(1);
    expect(new Set(shops.sent.map((sent) => sent.request.idempotencyKey)).size).toBe(1);
    expect((await getTrade(`${ORIGIN} GL-1001`))?.lifecycle.state).toBe("completed");
    expect((await getCommand(pending?.key ?? ""))?.state).toBe("done");
  });

  it("gives up at once on an answer that will not change, and says so on the order", async () => {
    await storeTrades([aCommandableTrade()]);
    shops.failures.push({ ok: false, message: "answered HTTP 400", retryable: false, retryAfterMs: null });
    const reply = await finalise(deps(), `${ORIGIN} GL-1001`, "complete");
    expect(reply).toMatchObject({ state: "open" });
    const trade = await getTrade(`${ORIGIN} GL-1001`);
    expect(trade?.lifecycle.pending).toBeNull();
    expect(trade?.history.at(-1)?.text).toMatch(/HTTP 400/);
  });

  it("sends a command once when two runs try at the same moment (the lease)", async () => {
    await storeTrades([aCommandableTrade()]);
    shops.add(COMMANDS_URL, "GL-1001");
    shops.failures.push(UNREACHABLE);
    await finalise(deps(), `${ORIGIN} GL-1001`, "complete");
    clock = plusMinutes(NOW, 600);
    const sent = await Promise.all([sendDueCommands(deps()), sendDueCommands(deps())]);
    expect(sent.reduce((a, b) => a + b)).toBe(1);
    expect(shops.sent).toHaveLength(2);
  });
});

describe("time (seed 000 claims 5–6)", () => {
  it("sends a finalisation again, idempotently, when the shop accepted it but never finished it", async () => {
    await storeTrades([aCommandableTrade()]);
    const accepted = vi.fn(async (_url: string, request: Parameters<FakeShops["send"]>[1]) => ({
      ok: true as const,
      reply: { tradewatch: 1 as const, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "accepted" as const, message: "We will confirm soon." },
    }));
    const d = deps({ send: accepted });
    expect(await finalise(d, `${ORIGIN} GL-1001`, "complete")).toMatchObject({ state: "finalising" });
    await runTimeouts(d);
    expect(accepted).toHaveBeenCalledTimes(1);
    clock = plusMinutes(NOW, 60 * 24);
    await runTimeouts(d);
    expect(accepted).toHaveBeenCalledTimes(2);
    expect(accepted.mock.calls[1]?.[1].idempotencyKey).toBe(accepted.mock.calls[0]?.[1].idempotencyKey);
    const trade = await getTrade(`${ORIGIN} GL-1001`);
    expect(trade?.lifecycle.pending?.resends).toBe(1);
    // The shop's status is asked at once: it may have finished and said so only there.
    expect(trade?.processing.shop.nextCheckAt).toBe(clock);
  });

  it("gives up after the bounded resends: the order is open again and the command is no longer sent", async () => {
    await storeTrades([aCommandableTrade()]);
    const accepted = vi.fn(async (_url: string, request: Parameters<FakeShops["send"]>[1]) => ({
      ok: true as const,
      reply: { tradewatch: 1 as const, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "accepted" as const, message: null },
    }));
    const d = deps({ send: accepted });
    await finalise(d, `${ORIGIN} GL-1001`, "complete");
    for (let day = 1; day <= 10; day++) {
      clock = plusMinutes(NOW, 60 * 24 * day);
      await runTimeouts(d);
      await sendDueCommands(d);
    }
    const trade = await getTrade(`${ORIGIN} GL-1001`);
    expect(trade?.lifecycle.state).toBe("open");
    expect(trade?.lifecycle.pending).toBeNull();
    expect((await getCommand("key-000001"))?.state).toBe("failed");
    const sent = accepted.mock.calls.length;
    clock = plusMinutes(NOW, 60 * 24 * 30);
    await runTimeouts(d);
    await sendDueCommands(d);
    expect(accepted).toHaveBeenCalledTimes(sent);
    expect(sent).toBeLessThanOrEqual(6);
  });

  it("flags an order open longer than the wait limit (counted from capture), and cancels it only at a shop the user chose", async () => {
    const auto = aCommandableTrade("GL-1001");
    const manual = newTrade(aCapturedOrder({ info: { tradingId: "OT-1", shop: { name: "Other", origin: "https://other.example" }, pageUrl: "https://other.example/o", commands: { url: "https://other.example/c", supports: ALL } } }), NOW);
    await storeTrades([auto, manual]);
    shops.add(COMMANDS_URL, "GL-1001", { status: "received" });
    settings = { ...settings, waitLimit: { days: 7, autoCancelOrigins: [ORIGIN] } };
    const d = deps();
    clock = plusMinutes(NOW, 60 * 24 * 2);
    await runWaitLimit(d);
    expect(shops.sent).toEqual([]);
    clock = plusMinutes(NOW, 60 * 24 * 4);
    await runWaitLimit(d);
    expect(shops.sent.map((sent) => [sent.request.command, sent.request.tradingId])).toEqual([["cancel", "GL-1001"]]);
    const [cancelled, flagged] = [await getTrade(auto.id), await getTrade(manual.id)];
    expect(cancelled?.lifecycle.state).toBe("failed");
    expect(flagged?.lifecycle.state).toBe("open");
    expect(flagged?.lifecycle.overdueSince).not.toBeNull();
    expect(d.onShopAnswer).toHaveBeenCalledWith(expect.objectContaining({ id: auto.id }), expect.stringMatching(/longer than your limit/));
  });
});

describe("returns (seed 002 claim 9)", () => {
  it("asks the shop to take back delivered items and records its answer", async () => {
    const trade = aCommandableTrade();
    const delivered: Trade = { ...trade, processing: { ...trade.processing, delivery: { ...trade.processing.delivery, status: "delivered" } } };
    await storeTrades([delivered]);
    shops.add(COMMANDS_URL, "GL-1001");
    const items = [{ sku: "GT-1", name: "Green tea", quantity: 1 }];
    const reply = await requestItemsReturn(deps(), trade.id, items, "Damaged");
    expect(reply).toEqual({ status: "accepted", message: null });
    expect(shops.sent[0]?.request).toMatchObject({ command: "return", items, reason: "Damaged" });
    const [stored] = (await getTrade(trade.id))?.returns ?? [];
    expect(stored).toMatchObject({ status: "accepted", shopReturnId: "R-1", refundAmount: { minor: 1999, currency: "EUR" }, refundDueBy: "2026-12-04T10:00:00.000Z" });
  });
});

describe("reorder (seed 002 claim 10)", () => {
  const newOrder = (origin: string) => ({
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: "GL-2002",
    orderDate: NOW,
    seller: { "@type": "Organization", name: "Green Leaf Tea" },
    price: "19.99",
    priceCurrency: "EUR",
    acceptedOffer: [{ "@type": "Offer", itemOffered: { "@type": "Product", name: "Green tea", sku: "GT-1" }, price: "19.99", priceCurrency: "EUR", eligibleQuantity: { "@type": "QuantitativeValue", value: 1 } }],
    potentialAction: { "@type": "TrackAction", target: `${origin}/tradewatch/shop` },
  });

  it("places the new order through the shop and tracks it as a new trade linked to the original", async () => {
    const trade = aCommandableTrade();
    await storeTrades([trade]);
    shops.add(COMMANDS_URL, "GL-1001");
    shops.reorderAnswer = (request) => ({ tradewatch: 1, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "reordered", orderUrl: `${ORIGIN}/orders/GL-2002`, order: newOrder(ORIGIN) });
    const reply = await reorder(deps(), trade.id, [{ sku: "GT-1", name: "Green tea", quantity: 1 }]);
    expect(reply).toEqual({ tradeId: `${ORIGIN} GL-2002`, message: null });
    const created = await getTrade(`${ORIGIN} GL-2002`);
    expect(created?.reorderOf).toBe(trade.id);
    expect(created?.info.total).toEqual({ minor: 1999, currency: "EUR" });
    expect((await getTrade(trade.id))?.history.at(-1)?.text).toBe("Ordered again as GL-2002");
  });

  it("does not track an order the shop says it placed at another site", async () => {
    const trade = aCommandableTrade();
    await storeTrades([trade]);
    shops.add(COMMANDS_URL, "GL-1001");
    shops.reorderAnswer = (request) => ({ tradewatch: 1, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "reordered", orderUrl: "https://elsewhere.example/orders/GL-2002", order: newOrder("https://elsewhere.example") });
    const reply = await reorder(deps(), trade.id, [{ sku: "GT-1", name: "Green tea", quantity: 1 }]);
    expect(reply).toEqual({ tradeId: null, message: expect.stringMatching(/another site/) });
    expect((await listTrades()).map((t) => t.id)).toEqual([trade.id]);
    expect((await getTrade(trade.id))?.history.at(-1)?.text).toMatch(/another site/);
  });
});
