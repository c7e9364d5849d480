import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { getTrade, listTrades, updateTrade } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import type { Limit } from "../settings/schema";
import { saveSettings } from "../settings/store";
import { handleMessage, type MessageContext } from "./messages";
import { commandStubs } from "./test-message-context";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { loadPageProblems } from "./page-problems";
import { collectJsonLdBlocks } from "../capture/json-ld-blocks";
import { readPage } from "../capture/adapters/registry";
import { loadFixture } from "../capture/adapters/test-fixtures";
import { detectorSignsOf } from "../capture/test-detector";
import { pageSigns } from "../capture/path-signs";

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
/** Every request the background makes (none is expected unless a test answers it). */
let network: ReturnType<typeof vi.fn<(url: string, init?: RequestInit) => Promise<Response>>>;
beforeEach(() => {
  fakeBrowser.reset();
  useFreshDb();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  network = vi.fn(async () => Promise.reject(new Error("no network in this test")));
  vi.stubGlobal("fetch", network);
  context = {
    now: () => NOW,
    checkNow: vi.fn(async () => 3),
    checkTrade: vi.fn(async () => 2),
    afterChange: vi.fn(async () => undefined),
    ...commandStubs(),
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("handleMessage", () => {
  it("captures an order from the top frame of a page, with the shop origin taken from the sender", async () => {
    const reply = await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    expect(reply).toEqual({ kind: "tracked", created: true, trades: [{ tradingId: "TW-7", warnings: [] }], badge: expect.objectContaining({ orders: ["TW-7"] }) });
    // The page shows what the background composed, in the browser's language: it needs no texts of its own.
    expect(reply).toMatchObject({ badge: { title: "TradeWatch is now tracking order TW-7", texts: { dismiss: "Dismiss this TradeWatch notice" } } });
    const [trade] = await listTrades();
    expect(trade?.info.shop).toEqual({ name: "Tea Shop", origin: "https://tea.example" });
    expect(context.afterChange).toHaveBeenCalledOnce();
    expect(await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context)).toMatchObject({ created: false });
    expect(await listTrades()).toHaveLength(1);
  });

  it("answers once the order is stored, without waiting for the toolbar badge and schedule, whose failure it only logs", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.mocked(context.afterChange).mockReturnValueOnce(new Promise(() => undefined));
    expect(await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context)).toMatchObject({ kind: "tracked", created: true });
    expect(await listTrades()).toHaveLength(1);
    vi.mocked(context.afterChange).mockRejectedValueOnce(new Error("no badge"));
    expect(await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context)).toMatchObject({ kind: "tracked", created: false });
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith("TradeWatch could not refresh after a capture:", new Error("no badge")));
  });

  it("stores nothing for a broken Order and says why", async () => {
    const broken = ORDER.replace('"price":"12.50",', "");
    const reply = await handleMessage({ type: "capture", blocks: [broken] }, tabSender, context);
    expect(reply).toEqual({ kind: "invalid", reasons: ["Order TW-7 has no total"], badge: null });
    expect(await listTrades()).toEqual([]);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("answers a page without an Order with not-an-order", async () => {
    expect(await handleMessage({ type: "capture", blocks: ['{"@type":"Product"}'] }, tabSender, context)).toEqual({ kind: "not-an-order", badge: null });
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

  it("tells the page how many limits the total would push over and the tab's toolbar button their figures, counting what was already ordered, and stores nothing", async () => {
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
      overLimits: 2,
      badge: expect.objectContaining({ title: "TradeWatch: this order would go over your spending limit" }),
    });
    // The shop's scripts can read the page: neither limit nor what was spent is in what it is sent.
    expect(JSON.stringify(reply)).not.toMatch(/50\.00|100\.00|12\.50/);
    expect(await fakeBrowser.action.getTitle({ tabId: 3 })).toBe(
      "TradeWatch: This order of €93.00 would take you over your €50.00 limit (All shops · last 30 days): €12.50 already used. " +
        "This order of €93.00 would take you over your €100.00 limit (Tea Shop · no period): €12.50 already used.",
    );
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe("!");
    expect(await listTrades()).toHaveLength(1);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("gives the total with nothing exceeded without limits, or when the settings cannot be read", async () => {
    const expected = { kind: "checkout", total: { minor: 9300, currency: "EUR" }, overLimits: 0, badge: null };
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

describe("capture of the adapters' readings", () => {
  const tradeId = "https://tea.example TW-7";
  const delivered = {
    adapter: "schema-org-json-ld",
    kind: "status",
    raw: { orderNumber: "TW-7", orderStatus: "https://schema.org/OrderDelivered", paymentStatus: "https://schema.org/PaymentComplete" },
  };

  it("merges the statuses of an order status page into the tracked order, with no request", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    vi.mocked(context.afterChange).mockClear();
    const reply = await handleMessage({ type: "capture", blocks: [], readings: [delivered] }, tabSender, context);
    expect(reply).toEqual({ kind: "statuses", trades: [{ tradingId: "TW-7", warnings: [] }], badge: expect.objectContaining({ title: "TradeWatch updated order TW-7 from this page" }) });
    const trade = await getTrade(tradeId);
    expect([trade?.processing.shop.status, trade?.processing.payment.status, trade?.processing.delivery.status]).toEqual(["delivered", "settled", "delivered"]);
    expect(network).not.toHaveBeenCalled();
    expect(context.afterChange).toHaveBeenCalledOnce();
  });

  it("ignores the statuses of an order TradeWatch does not track, and of another shop's", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    const elsewhere = { ...tabSender, url: "https://other.example/account/orders/TW-7" };
    expect(await handleMessage({ type: "capture", blocks: [], readings: [delivered] }, elsewhere, context)).toEqual({ kind: "not-an-order", badge: null });
    const unknown = { ...delivered, raw: { ...delivered.raw, orderNumber: "TW-8" } };
    expect(await handleMessage({ type: "capture", blocks: [], readings: [unknown] }, tabSender, context)).toEqual({ kind: "not-an-order", badge: null });
    expect((await getTrade(tradeId))?.processing.shop.status).toBeNull();
  });

  it("says loudly that a recognised page could not be read, stores nothing and keeps the problem for the popup", async () => {
    const broken = {
      adapter: "shopify",
      kind: "broken",
      diagnostic: { adapter: "shopify", page: "https://tea.example/checkouts/:id/thank_you", matched: { ORDER_SUMMARY: 1, TOTAL: 0 }, missing: ["total", "orderNumber"], version: "1.2.3" },
    };
    const reply = await handleMessage({ type: "capture", blocks: [], readings: [broken] }, tabSender, context);
    const message = "TradeWatch recognised a Shopify order page but could not read the total and order number";
    expect(reply).toEqual({ kind: "broken", message, diagnostic: broken.diagnostic, badge: expect.objectContaining({ title: message }) });
    expect(await listTrades()).toEqual([]);
    expect(await loadPageProblems()).toEqual([{ at: NOW, message, diagnostic: broken.diagnostic }]);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe("?");
    expect(await fakeBrowser.action.getTitle({ tabId: 3 })).toBe(`TradeWatch: ${message}`);
    expect(context.afterChange).not.toHaveBeenCalled();
  });

  it("names the page in a diagnostic by the sender's origin, never by a query string or another origin", async () => {
    const diagnostic = { adapter: "woocommerce", page: "https://evil.example/x?email=a@b.example", matched: {}, missing: ["total"], version: "1" };
    const reply = await handleMessage({ type: "capture", blocks: [], readings: [{ adapter: "woocommerce", kind: "broken", diagnostic }] }, tabSender, context);
    expect(reply).toMatchObject({ kind: "broken", diagnostic: { page: "https://tea.example" } });
  });

  it("reads nothing with an adapter the user switched off", async () => {
    await handleMessage({ type: "capture", blocks: [ORDER] }, tabSender, context);
    await saveSettings({ ...DEFAULT_SETTINGS, disabledAdapters: ["schema-org-json-ld"] });
    expect(await handleMessage({ type: "capture", blocks: [ORDER], readings: [delivered] }, tabSender, context)).toEqual({ kind: "not-an-order", badge: null });
    expect((await getTrade(tradeId))?.processing.shop.status).toBeNull();
  });

  it("tracks one order once when the page's blocks and an adapter both read it", async () => {
    const reading = { adapter: "schema-org-microdata", kind: "order", raw: ORDER };
    const reply = await handleMessage({ type: "capture", blocks: [ORDER], readings: [reading] }, tabSender, context);
    expect(reply).toEqual({ kind: "tracked", created: true, trades: [{ tradingId: "TW-7", warnings: [] }], badge: expect.objectContaining({ orders: ["TW-7"] }) });
    expect(await listTrades()).toHaveLength(1);
  });
});

describe("capture of a Vendure order", () => {
  const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/adapters/vendure/shop-api/${name}.json`, import.meta.url), "utf8");
  const { code, orderPlacedAt } = (JSON.parse(fixture("settled")) as { data: { orderByCode: { code: string; orderPlacedAt: string } } }).data.orderByCode;
  const confirmation = { ...tabSender, url: `https://vendure.example/checkout/confirmation/${code}` };
  const reading = { adapter: "vendure", kind: "order", raw: { code, shopApi: null } };
  beforeEach(() => {
    // Just after the order was placed at the real Vendure server the fixtures were recorded from.
    context.now = () => new Date(Date.parse(orderPlacedAt) + 60_000).toISOString();
  });

  it("asks the shop's API once for the order's contents and statuses, as a guest", async () => {
    network.mockResolvedValueOnce(new Response(fixture("settled"), { headers: { "content-type": "application/json" } }));
    const reply = await handleMessage({ type: "capture", blocks: [], readings: [reading] }, confirmation, context);
    expect(reply).toEqual({ kind: "tracked", created: true, trades: [{ tradingId: code, warnings: [] }], badge: expect.objectContaining({ orders: [code] }) });
    expect(network).toHaveBeenCalledOnce();
    const [url, init] = network.mock.calls[0]!;
    expect(url).toBe("https://vendure.example/shop-api");
    expect(init).toMatchObject({ method: "POST", credentials: "omit", redirect: "manual" });
    const [trade] = await listTrades();
    expect(trade?.info).toMatchObject({ adapter: "vendure", protocol: "vendure", total: { minor: 3800, currency: "USD" } });
    expect(trade?.processing.payment.status).toBe("settled");
    expect(trade?.processing.shop.status).toBe("processing");
  });

  it("stores nothing when the shop does not show the order", async () => {
    network.mockResolvedValueOnce(new Response(fixture("forbidden"), { headers: { "content-type": "application/json" } }));
    const reply = await handleMessage({ type: "capture", blocks: [], readings: [reading] }, confirmation, context);
    expect(reply).toEqual({ kind: "invalid", reasons: [expect.stringMatching(new RegExp(`^Vendure order ${code}: the shop .*to guests`))], badge: null });
    expect(await listTrades()).toEqual([]);
  });
});

describe("a page's own statuses on the first visit", () => {
  beforeEach(() => {
    useFreshDb();
    fakeBrowser.reset();
  });

  it("captures a declined JSON-LD order already failed, from the message stage two sends", async () => {
    const url = "https://tea-garden.example/checkout/declined";
    const { doc } = loadFixture("schema-org-json-ld", "failed.html", url);
    const signs = pageSigns(detectorSignsOf(doc), url);
    const message = { type: "capture", blocks: collectJsonLdBlocks(doc), readings: readPage(doc, null, { disabled: [], signs }) };
    const context: MessageContext = { now: () => "2026-11-20T10:00:00.000Z", checkNow: vi.fn(), checkTrade: vi.fn(), afterChange: vi.fn(async () => undefined), ...commandStubs() };
    const reply = await handleMessage(message, { ...tabSender, url }, context);
    expect(reply).toMatchObject({ kind: "tracked", created: true });
    const trade = await getTrade("https://tea-garden.example TG-1002");
    expect([trade?.processing.shop.status, trade?.processing.payment.status, trade?.lifecycle.state]).toEqual(["cancelled", "failed", "failed"]);
  });
});
