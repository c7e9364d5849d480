import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { openTradeDb, TOTALS_KEY } from "../db/schema";
import { getTrade, listTrades, saveCaptured } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import { handleMessage, type MessageContext } from "./messages";
import { commandStubs } from "./test-message-context";
import {
  addSampleOrder,
  DEMO_SHOP_URL,
  demoShopUrl,
  openWelcome,
  removeSampleOrder,
  SAMPLE_TRADE_ID,
  sampleOrder,
} from "./welcome";

const NOW = "2026-11-22T10:00:00.000Z";

beforeEach(() => {
  fakeBrowser.reset();
  useFreshDb();
});

describe("openWelcome", () => {
  it("opens the welcome page after a first install", async () => {
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    await openWelcome({ reason: "install" });
    expect(create).toHaveBeenCalledExactlyOnceWith({ url: expect.stringMatching(/\/welcome\.html$/) });
  });

  it.each(["update", "chrome_update", "browser_update", "shared_module_update"])("opens nothing after %s", async (reason) => {
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    await openWelcome({ reason });
    expect(create).not.toHaveBeenCalled();
  });
});

describe("the sample order", () => {
  it("says it is a sample, names no status address and adds up", () => {
    const { info } = sampleOrder("EUR", NOW);
    expect(info.shop.name).toBe("Sample shop (not a real order)");
    expect(info.items.map((item) => item.name)).toEqual(["Sample: green tea", "Sample: stoneware mug"]);
    expect(info.endpoints).toEqual({ shop: null, payment: null, delivery: null });
    expect(info.commands).toBeNull();
    const sum = info.items.reduce((total, item) => total + item.quantity * (item.unitPrice?.minor ?? 0), 0);
    expect(info.total).toEqual({ minor: sum, currency: "EUR" });
    expect(info.total.minor).toBe(4200);
  });

  it("uses prices that look like prices in a currency without minor units", () => {
    expect(sampleOrder("JPY", NOW).info.total).toEqual({ minor: 4200, currency: "JPY" });
    expect(sampleOrder("KWD", NOW).info.total).toEqual({ minor: 42_000, currency: "KWD" });
  });

  it("is added once however often it is asked for, and is never scheduled", async () => {
    expect(await addSampleOrder("EUR", NOW)).toEqual({ tradeId: SAMPLE_TRADE_ID, created: true });
    expect(await addSampleOrder("USD", NOW)).toEqual({ tradeId: SAMPLE_TRADE_ID, created: false });
    const trades = await listTrades();
    expect(trades).toHaveLength(1);
    expect(trades[0]?.info.total.currency).toBe("EUR");
    expect(trades[0]?.nextCheckAt).toBeUndefined();
  });

  it("is removed with its history row, and only it", async () => {
    const real = sampleOrder("EUR", NOW);
    await saveCaptured({ ...real, info: { ...real.info, tradingId: "TW-1", shop: { name: "Tea", origin: "https://tea.example" } } }, NOW);
    await addSampleOrder("EUR", NOW);
    expect(await removeSampleOrder()).toBe(true);
    expect(await getTrade(SAMPLE_TRADE_ID)).toBeUndefined();
    expect(await (await openTradeDb()).get("summaries", SAMPLE_TRADE_ID)).toBeUndefined();
    expect((await listTrades()).map((trade) => trade.info.tradingId)).toEqual(["TW-1"]);
    expect(await removeSampleOrder()).toBe(false);
  });

  it("is taken out of the totals the popup counts when removed", async () => {
    await addSampleOrder("EUR", NOW);
    await removeSampleOrder();
    const totals = await (await openTradeDb()).get("totals", TOTALS_KEY);
    expect([totals?.filters.all, totals?.states.open]).toEqual([0, 0]);
  });
});

describe("the sample order messages", () => {
  const page = { id: "test-extension-id", url: "chrome-extension://test-extension-id/welcome.html" };
  const tab = { id: "test-extension-id", tab: { id: 3 } as never, frameId: 0, url: "https://shop.example/" };
  let context: MessageContext;
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    context = {
      now: () => NOW,
      checkNow: vi.fn(async () => 0),
      checkTrade: vi.fn(async () => 0),
      afterChange: vi.fn(async () => undefined),
      ...commandStubs(),
    };
  });

  it("adds and removes the sample from a TradeWatch page, announcing each change once", async () => {
    expect(await handleMessage({ type: "add-sample-order", currency: "JPY" }, page, context)).toEqual({ tradeId: SAMPLE_TRADE_ID, created: true });
    expect(await handleMessage({ type: "add-sample-order", currency: "JPY" }, page, context)).toMatchObject({ created: false });
    expect(context.afterChange).toHaveBeenCalledTimes(1);
    expect(await handleMessage({ type: "remove-sample-order" }, page, context)).toEqual({ removed: true });
    expect(await handleMessage({ type: "remove-sample-order" }, page, context)).toEqual({ removed: false });
    expect(context.afterChange).toHaveBeenCalledTimes(2);
  });

  it("refuses them from a web page, and a currency that is not one", async () => {
    expect(await handleMessage({ type: "add-sample-order", currency: "EUR" }, tab, context)).toEqual({ error: expect.stringContaining("not from a TradeWatch page") });
    await addSampleOrder("EUR", NOW);
    expect(await handleMessage({ type: "remove-sample-order" }, tab, context)).toEqual({ error: expect.stringContaining("not from a TradeWatch page") });
    expect(await handleMessage({ type: "add-sample-order", currency: "EURO" }, page, context)).toEqual({ error: expect.stringContaining("Malformed") });
    expect(await getTrade(SAMPLE_TRADE_ID)).toBeDefined();
  });
});

describe("demoShopUrl", () => {
  it("links the local demo shop only in a build that may read this computer's addresses", () => {
    const manifest = vi.spyOn(fakeBrowser.runtime, "getManifest");
    manifest.mockReturnValue({ manifest_version: 3, name: "TradeWatch", version: "1", host_permissions: ["http://127.0.0.1/*", "http://localhost/*"] });
    expect(demoShopUrl()).toBe(DEMO_SHOP_URL);
    manifest.mockReturnValue({ manifest_version: 3, name: "TradeWatch", version: "1", host_permissions: [] });
    expect(demoShopUrl()).toBeNull();
  });
});
