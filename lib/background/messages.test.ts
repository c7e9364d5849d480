import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { listTrades, updateTrade } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import type { Limit } from "../settings/schema";
import { saveSettings } from "../settings/store";
import { handleMessage, type MessageContext } from "./messages";
import { commandStubs } from "./test-message-context";
import { DEFAULT_SETTINGS } from "../settings/schema";

const NOW = "2026-11-22T10:00:00.000Z";
const ORDER = JSON.stringify({
  "@context": "https://schema.org",
  "@type": "Order",
  orderNumber: "TW-7",
  orderDate: NOW,
  seller: { name: "Tea Shop" },
  price: "12.50",
  priceCurrency: "EUR",
  acceptedOffer: { itemOffered: { name: "Green tea", sku: "T" }, price: "12.50", eligibleQuantity: 1 },
});

const tabSender = { id: "test-extension-id", tab: { id: 3 } as never, frameId: 0, url: "https://tea.example/thanks" };
const pageSender = { id: "test-extension-id", url: "chrome-extension://test-extension-id/popup.html" };

let context: MessageContext;
beforeEach(() => {
  fakeBrowser.reset();
  useFreshDb();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  context = {
    now: () => NOW,
    checkNow: vi.fn(async () => 3),
    checkTrade: vi.fn(async () => 2),
    afterChange: vi.fn(async () => undefined),
    ...commandStubs(),
  };
});

describe("handleMessage", () => {
  it("captures an order from the top frame of a page, with the shop origin taken from the sender", async () => {
    const reply = await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    expect(reply).toEqual({ kind: "tracked", created: true, trades: [{ tradingId: "TW-7", warnings: [] }] });
    const [trade] = await listTrades();
    expect(trade?.info.shop).toEqual({ name: "Tea Shop", origin: "https://tea.example" });
    expect(context.afterChange).toHaveBeenCalledOnce();
    expect(await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context)).toMatchObject({ created: false });
    expect(await listTrades()).toHaveLength(1);
  });

  it("stores nothing for a broken Order and says why", async () => {
    const broken = ORDER.replace('"price":"12.50",', "");
    const reply = await handleMessage({ type: "capture", blocks: [broken] }, tabSender, context);
    expect(reply).toEqual({ kind: "invalid", reasons: ["Order TW-7 has no total"] });
    expect(await listTrades()).toEqual([]);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("answers a page without an Order with not-an-order", async () => {
    expect(await handleMessage({ type: "capture", blocks: ['{"@type":"Product"}'] }, tabSender, context)).toEqual({ kind: "not-an-order" });
  });

  it.each([
    ["another extension", { type: "capture", blocks: [ORDER] }, { ...tabSender, id: "evil" }, "another extension"],
    ["a sub-frame", { type: "capture", blocks: [ORDER] }, { ...tabSender, frameId: 2 }, "not from the top frame"],
    ["a non-web page", { type: "capture", blocks: [ORDER] }, { ...tabSender, url: "file:///tmp/x.html" }, "not from the top frame"],
    ["an extension page asking to capture", { type: "capture", blocks: [ORDER] }, pageSender, "not from the top frame"],
    ["a content script asking to check now", { type: "check-now" }, tabSender, "not from a TradeWatch page"],
    ["a content script asking to check a trade", { type: "check-trade", tradeId: "https://tea.example TW-7" }, tabSender, "not from a TradeWatch page"],
    [
      "a content script acknowledging a warning",
      { type: "acknowledge-warning", tradeId: "https://tea.example TW-7", code: "amount-mismatch", source: "payment" },
      tabSender,
      "not from a TradeWatch page",
    ],
    ["an unknown warning code", { type: "acknowledge-warning", tradeId: "x", code: "all", source: "payment" }, pageSender, "Malformed message"],
    ["an unknown source", { type: "acknowledge-warning", tradeId: "x", code: "stale", source: "bank" }, pageSender, "Malformed message"],
    ["an empty trade id", { type: "check-trade", tradeId: "" }, pageSender, "Malformed message"],
    ["an unknown type", { type: "delete-everything" }, pageSender, "Malformed message"],
    ["extra fields", { type: "check-now", url: "x" }, pageSender, "Malformed message"],
    ["too many blocks", { type: "capture", blocks: Array(51).fill("{}") }, tabSender, "Malformed message"],
    ["not an object", "capture", tabSender, "Malformed message"],
  ])("refuses a message from %s without touching the ledger", async (_case, message, sender, error) => {
    const reply = await handleMessage(message, sender, context);
    expect(reply).toEqual({ error: expect.stringContaining(error) });
    expect(await listTrades()).toEqual([]);
    expect(context.checkNow).not.toHaveBeenCalled();
    expect(context.checkTrade).not.toHaveBeenCalled();
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("lists a shop's open trades for that shop only", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    expect(await handleMessage({ type: "shop-summary" }, tabSender, context)).toEqual({ openTrades: [{ tradingId: "TW-7", warnings: [] }] });
    expect(await handleMessage({ type: "shop-summary" }, { ...tabSender, url: "https://other.example/" }, context)).toEqual({ openTrades: [] });
  });

  it("briefs a shop page on open warnings only, leaving out the acknowledged ones", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    await updateTrade("https://tea.example TW-7", (trade) => ({
      ...trade,
      warnings: [
        { code: "amount-mismatch", source: "payment", message: "Charged €13.00", firstSeenAt: NOW, acknowledgedAt: null },
        { code: "stale", source: "delivery", message: "Nothing new", firstSeenAt: NOW, acknowledgedAt: NOW },
      ],
    }));
    expect(await handleMessage({ type: "shop-summary" }, tabSender, context)).toEqual({
      openTrades: [{ tradingId: "TW-7", warnings: ["Charged €13.00"] }],
    });
  });

  it("re-reads the ledger after an import, when a TradeWatch page says so", async () => {
    expect(await handleMessage({ type: "ledger-imported" }, pageSender, context)).toEqual({ refreshed: true });
    expect(context.afterChange).toHaveBeenCalledOnce();
    expect(await handleMessage({ type: "ledger-imported" }, tabSender, context)).toEqual({ error: expect.stringContaining("not from a TradeWatch page") });
    expect(context.afterChange).toHaveBeenCalledOnce();
  });

  it("runs check now for TradeWatch's own pages", async () => {
    expect(await handleMessage({ type: "check-now" }, pageSender, context)).toEqual({ checked: 3 });
  });

  it("checks one trade now for TradeWatch's own pages", async () => {
    expect(await handleMessage({ type: "check-trade", tradeId: "https://tea.example TW-7" }, pageSender, context)).toEqual({ checked: 2 });
    expect(context.checkTrade).toHaveBeenCalledWith("https://tea.example TW-7");
  });
});

describe("acknowledge-warning", () => {
  const tradeId = "https://tea.example TW-7";

  beforeEach(async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    await updateTrade(tradeId, (trade) => ({
      ...trade,
      warnings: [{ code: "amount-mismatch", source: "payment", message: "Charged €13.00", firstSeenAt: NOW, acknowledgedAt: null }],
    }));
    vi.mocked(context.afterChange).mockClear();
  });

  it("mutes the warning in the ledger and announces the change", async () => {
    const reply = await handleMessage({ type: "acknowledge-warning", tradeId, code: "amount-mismatch", source: "payment" }, pageSender, context);
    expect(reply).toEqual({ acknowledged: true });
    const [trade] = await listTrades();
    expect(trade?.warnings).toEqual([expect.objectContaining({ code: "amount-mismatch", acknowledgedAt: NOW })]);
    expect(trade?.history.at(-1)).toMatchObject({ kind: "acknowledged", at: NOW });
    expect(context.afterChange).toHaveBeenCalledOnce();
  });

  it.each([
    ["a warning the trade does not have", { tradeId, code: "stale", source: "payment" }],
    ["a warning of another source", { tradeId, code: "amount-mismatch", source: "shop" }],
    ["a trade that does not exist", { tradeId: "https://tea.example TW-8", code: "amount-mismatch", source: "payment" }],
  ])("changes nothing for %s", async (_case, fields) => {
    const before = await listTrades();
    expect(await handleMessage({ type: "acknowledge-warning", ...fields }, pageSender, context)).toEqual({ acknowledged: false });
    expect(await listTrades()).toEqual(before);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("changes nothing the second time", async () => {
    const message = { type: "acknowledge-warning", tradeId, code: "amount-mismatch", source: "payment" };
    await handleMessage(message, pageSender, context);
    expect(await handleMessage(message, pageSender, context)).toEqual({ acknowledged: false });
    expect(context.afterChange).toHaveBeenCalledOnce();
  });
});

describe("capture on a checkout page", () => {
  const CHECKOUT = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Order",
    orderStatus: "https://schema.org/OrderPaymentDue",
    seller: { name: "Tea Shop" },
    price: "93.00",
    priceCurrency: "EUR",
    acceptedOffer: { itemOffered: { name: "Steel kettle" }, price: "93.00", eligibleQuantity: 1 },
  });
  const reviewSender = { ...tabSender, url: "https://tea.example/checkout/review" };
  const limit = (overrides: Partial<Limit>): Limit => ({
    id: "l",
    amount: { minor: 5000, currency: "EUR" },
    shopOrigin: null,
    period: "none",
    ...overrides,
  });

  it("says which limits the total would push over, counting what was already ordered, and stores nothing", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    await saveSettings({
      ...DEFAULT_SETTINGS,
      limits: [
        limit({ id: "a", period: "rolling-30-days" }),
        limit({ id: "b", amount: { minor: 100000, currency: "EUR" } }),
        limit({ id: "c", shopOrigin: "https://tea.example", amount: { minor: 10000, currency: "EUR" } }),
        limit({ id: "d", shopOrigin: "https://other.example", amount: { minor: 1, currency: "EUR" } }),
      ],
    });
    vi.mocked(context.afterChange).mockClear();
    const reply = await handleMessage({ type: "capture", blocks: [CHECKOUT] }, reviewSender, context);
    expect(reply).toEqual({
      kind: "checkout",
      total: { minor: 9300, currency: "EUR" },
      exceeded: [
        "This order of €93.00 would take you over your €50.00 limit (All shops · last 30 days): €12.50 already used.",
        "This order of €93.00 would take you over your €100.00 limit (Tea Shop · no period): €12.50 already used.",
      ],
    });
    expect(await listTrades()).toHaveLength(1);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("gives the total with nothing exceeded without limits, or when the settings cannot be read", async () => {
    const expected = { kind: "checkout", total: { minor: 9300, currency: "EUR" }, exceeded: [] };
    expect(await handleMessage({ type: "capture", blocks: [CHECKOUT] }, reviewSender, context)).toEqual(expected);
    await fakeBrowser.storage.local.set({ settings: { version: 1, limits: "lots" } });
    expect(await handleMessage({ type: "capture", blocks: [CHECKOUT] }, reviewSender, context)).toEqual(expected);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining("could not read its settings"), expect.anything());
  });

  it("prefers a confirmed order on the same page", async () => {
    const reply = await handleMessage({ type: "capture", blocks: [CHECKOUT, ORDER] }, reviewSender, context);
    expect(reply).toMatchObject({ kind: "tracked", trades: [{ tradingId: "TW-7" }] });
  });
});
