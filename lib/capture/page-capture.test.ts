// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { badgeForPage, SEND_ATTEMPTS } from "./page-capture";

const ORDER = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Order","orderNumber":"TW-1"}</script>`;

function page(html: string) {
  document.documentElement.innerHTML = `<head></head><body>${html}</body>`;
}

function background(replies: Record<string, unknown>) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (message: unknown) => {
      sent.push(message);
      return replies[(message as { type: string }).type];
    },
  };
}

beforeEach(() => page(""));

describe("badgeForPage", () => {
  it("sends the page's Order blocks for capture and announces the tracked order", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "tracked", created: true, trades: [{ tradingId: "TW-1", warnings: [] }] } });
    const badge = await badgeForPage(document, bg.send);
    expect(bg.sent).toEqual([{ type: "capture", blocks: [expect.stringContaining('"orderNumber":"TW-1"')] }]);
    expect(badge?.title).toBe("TradeWatch is now tracking order TW-1");
  });

  it("says so when the order was already tracked, with its warnings", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "tracked", created: false, trades: [{ tradingId: "TW-1", warnings: ["Late"] }] } });
    const badge = await badgeForPage(document, bg.send);
    expect(badge).toMatchObject({ title: "TradeWatch is already tracking order TW-1", warnings: ["TW-1: Late"] });
  });

  it("asks again when the worker was stopped while handling the capture", async () => {
    page(ORDER);
    let calls = 0;
    const send = async () => {
      calls += 1;
      if (calls < SEND_ATTEMPTS) throw new Error("Could not establish connection. Receiving end does not exist.");
      return { kind: "tracked", created: true, trades: [{ tradingId: "TW-1", warnings: [] }] };
    };
    expect((await badgeForPage(document, send))?.title).toBe("TradeWatch is now tracking order TW-1");
    expect(calls).toBe(SEND_ATTEMPTS);
  });

  it("says so on the page when the order could not be saved", async () => {
    page(ORDER);
    const bg = background({ capture: { error: "Your browser's storage for TradeWatch is full." } });
    expect(await badgeForPage(document, bg.send)).toEqual({
      title: "TradeWatch could not save this order",
      lines: [],
      warnings: ["Your browser's storage for TradeWatch is full."],
    });
  });

  it("shows nothing for a broken Order", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "invalid", reasons: ["no total"] } });
    expect(await badgeForPage(document, bg.send)).toBeNull();
  });

  it("on other pages of the shop, lists its open trades", async () => {
    const bg = background({ "shop-summary": { openTrades: [{ tradingId: "TW-1", warnings: [] }, { tradingId: "TW-2", warnings: ["Late"] }] } });
    const badge = await badgeForPage(document, bg.send);
    expect(bg.sent).toEqual([{ type: "shop-summary" }]);
    expect(badge).toEqual({ title: "TradeWatch: 2 open orders at this shop", lines: ["TW-1", "TW-2"], warnings: ["TW-2: Late"] });
  });

  it("shows nothing at a shop without open trades, or when the background refuses", async () => {
    expect(await badgeForPage(document, background({ "shop-summary": { openTrades: [] } }).send)).toBeNull();
    expect(await badgeForPage(document, background({ "shop-summary": { error: "refused" } }).send)).toBeNull();
  });

  it("on a checkout page, warns with one line per limit the total would push over", async () => {
    page(ORDER);
    const line = "This order of €93.00 would take you over your €50.00 limit (All shops · this month): €34.00 already used.";
    const bg = background({ capture: { kind: "checkout", total: { minor: 9300, currency: "EUR" }, exceeded: [line] } });
    expect(await badgeForPage(document, bg.send)).toEqual({
      title: "TradeWatch: this order would go over your spending limit",
      lines: [],
      warnings: [line],
    });
    expect(bg.sent).toHaveLength(1);
  });

  it("on a checkout page within every limit, shows nothing", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "checkout", total: { minor: 100, currency: "EUR" }, exceeded: [] } });
    expect(await badgeForPage(document, bg.send)).toBeNull();
    expect(bg.sent).toHaveLength(1);
  });
});
