import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { listTrades } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import { handleMessage, type MessageContext } from "./messages";

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
  context = { now: () => NOW, checkNow: vi.fn(async () => 3), afterChange: vi.fn(async () => undefined) };
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
    ["an unknown type", { type: "delete-everything" }, pageSender, "Malformed message"],
    ["extra fields", { type: "check-now", url: "x" }, pageSender, "Malformed message"],
    ["too many blocks", { type: "capture", blocks: Array(51).fill("{}") }, tabSender, "Malformed message"],
    ["not an object", "capture", tabSender, "Malformed message"],
  ])("refuses a message from %s without touching the ledger", async (_case, message, sender, error) => {
    const reply = await handleMessage(message, sender, context);
    expect(reply).toEqual({ error: expect.stringContaining(error) });
    expect(await listTrades()).toEqual([]);
    expect(context.checkNow).not.toHaveBeenCalled();
  });

  it("lists a shop's open trades for that shop only", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    expect(await handleMessage({ type: "shop-summary" }, tabSender, context)).toEqual({ openTrades: [{ tradingId: "TW-7", warnings: [] }] });
    expect(await handleMessage({ type: "shop-summary" }, { ...tabSender, url: "https://other.example/" }, context)).toEqual({ openTrades: [] });
  });

  it("runs check now for TradeWatch's own pages", async () => {
    expect(await handleMessage({ type: "check-now" }, pageSender, context)).toEqual({ checked: 3 });
  });
});
