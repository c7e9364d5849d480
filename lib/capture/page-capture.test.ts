// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import type { CaptureReply } from "../messages/schema";
import { badgeTexts, captureBadge } from "./badge-content";
import { badgeForPage, CAPTURE_HANDOFF_KEY, giveHandoff, SEND_ATTEMPTS, takeHandoff, type CaptureHandoff } from "./page-capture";

const ORDER = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Order","orderNumber":"TW-1"}</script>`;

function page(html: string) {
  document.documentElement.innerHTML = `<head></head><body>${html}</body>`;
}

/** A capture's outcome answered as the background answers it: with the badge composed. */
const answered = (reply: CaptureReply) => ({ ...reply, badge: captureBadge(reply) });

function background(replies: { capture?: unknown }) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (message: unknown) => {
      sent.push(message);
      const reply = replies[(message as { type: "capture" }).type] as CaptureReply | { error: string } | undefined;
      return reply === undefined || "error" in reply ? reply : answered(reply);
    },
  };
}

beforeEach(() => page(""));

/** The handoff of a page on which the detector saw no sign (the capture script was injected all the same). */
const NO_SIGNS: CaptureHandoff = { signs: [], disabled: [], pageData: null, version: "1.2.3" };
const JSON_LD: CaptureHandoff = { ...NO_SIGNS, signs: ["schema-org-json-ld"] };

describe("badgeForPage", () => {
  it("sends the page's Order blocks for capture and announces the tracked order", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "tracked", created: true, trades: [{ tradingId: "TW-1", warnings: [] }] } });
    const badge = await badgeForPage(document, NO_SIGNS, bg.send);
    expect(bg.sent).toEqual([{ type: "capture", blocks: [expect.stringContaining('"orderNumber":"TW-1"')], readings: [] }]);
    expect(badge?.title).toBe("TradeWatch is now tracking order TW-1");
    expect(badge?.orders).toEqual(["TW-1"]);
  });

  it("says so when the order was already tracked, with its warnings", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "tracked", created: false, trades: [{ tradingId: "TW-1", warnings: ["Late"] }] } });
    const badge = await badgeForPage(document, NO_SIGNS, bg.send);
    expect(badge).toMatchObject({ title: "TradeWatch is already tracking order TW-1", warnings: ["TW-1: Late"] });
  });

  it("asks again when the worker was stopped while handling the capture", async () => {
    page(ORDER);
    let calls = 0;
    const send = async () => {
      calls += 1;
      if (calls < SEND_ATTEMPTS) throw new Error("Could not establish connection. Receiving end does not exist.");
      return answered({ kind: "tracked", created: true, trades: [{ tradingId: "TW-1", warnings: [] }] });
    };
    expect((await badgeForPage(document, NO_SIGNS, send))?.title).toBe("TradeWatch is now tracking order TW-1");
    expect(calls).toBe(SEND_ATTEMPTS);
  });

  it("says so on the page when the order could not be saved", async () => {
    page(ORDER);
    const bg = background({ capture: { error: "Your browser's storage for TradeWatch is full." } });
    expect(await badgeForPage(document, NO_SIGNS, bg.send)).toEqual({
      title: "TradeWatch could not save this order",
      lines: [],
      warnings: ["Your browser's storage for TradeWatch is full."],
      texts: badgeTexts(),
    });
  });

  it("shows nothing for a broken Order", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "invalid", reasons: ["no total"] } });
    expect(await badgeForPage(document, NO_SIGNS, bg.send)).toBeNull();
  });

  it("leaves a page that is not about an order alone, asking the background nothing", async () => {
    page("<main><h1>Teas</h1><button>Add to cart</button></main>");
    const bg = background({});
    expect(await badgeForPage(document, NO_SIGNS, bg.send)).toBeNull();
    expect(bg.sent).toEqual([]);
  });

  it("shows nothing where the page's JSON-LD turns out not to be an order", async () => {
    page(ORDER);
    expect(await badgeForPage(document, NO_SIGNS, background({ capture: { kind: "not-an-order" } }).send)).toBeNull();
  });

  it("on a checkout page, warns that the total would push a limit over, with none of the limit's figures", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "checkout", total: { minor: 9300, currency: "EUR" }, overLimits: 2 } });
    expect(await badgeForPage(document, NO_SIGNS, bg.send)).toEqual({
      title: "TradeWatch: this order would go over your spending limit",
      lines: [],
      warnings: [
        "This order of €93.00 would go over a spending limit you set. The TradeWatch toolbar button shows the figures; this page does not, as the shop can read it.",
      ],
      texts: badgeTexts(),
    });
    expect(bg.sent).toHaveLength(1);
  });

  it("on a checkout page within every limit, shows nothing", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "checkout", total: { minor: 100, currency: "EUR" }, overLimits: 0 } });
    expect(await badgeForPage(document, NO_SIGNS, bg.send)).toBeNull();
    expect(bg.sent).toHaveLength(1);
  });
});

describe("badgeForPage with the platform adapters", () => {
  const FULL_ORDER = `<script type="application/ld+json">${JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: "TW-2",
    orderDate: "2026-11-22T10:00:00Z",
    seller: { name: "Tea Shop" },
    price: "12.50",
    priceCurrency: "EUR",
    acceptedOffer: { itemOffered: { name: "Green tea" }, price: "12.50", eligibleQuantity: 1 },
    // A status for the JSON-LD adapter to read: the Order itself travels as the block.
    orderStatus: "https://schema.org/OrderInTransit",
  })}</script>`;
  const tracked = { capture: { kind: "tracked", created: true, trades: [{ tradingId: "TW-2", warnings: [] }] } };

  it("runs the adapters whose signs the detector saw and sends their readings with the blocks", async () => {
    page(FULL_ORDER);
    const bg = background(tracked);
    expect((await badgeForPage(document, JSON_LD, bg.send))?.title).toBe("TradeWatch is now tracking order TW-2");
    const [message] = bg.sent as { blocks: string[]; readings: { adapter: string; kind: string }[] }[];
    expect(message?.blocks).toHaveLength(1);
    expect(message?.readings).toEqual([expect.objectContaining({ adapter: "schema-org-json-ld", kind: "status" })]);
  });

  it("runs no adapter the user switched off", async () => {
    page(FULL_ORDER);
    const bg = background(tracked);
    await badgeForPage(document, { ...JSON_LD, disabled: ["schema-org-json-ld"] }, bg.send);
    expect(bg.sent).toEqual([expect.objectContaining({ readings: [] })]);
  });

  it("names the extension's version in the diagnostic of a page it could not read", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "invalid", reasons: [] } });
    await badgeForPage(document, JSON_LD, bg.send);
    const [message] = bg.sent as { readings: { kind: string; diagnostic?: { version: string } }[] }[];
    expect(message?.readings).toEqual([expect.objectContaining({ kind: "broken", diagnostic: expect.objectContaining({ version: "1.2.3" }) })]);
  });

  it("says loudly when an adapter recognised the page but could not read it, with the diagnostic to copy", async () => {
    page(ORDER);
    const diagnostic = { adapter: "shopify", page: "https://shop.example/thank_you", matched: { TOTAL: 0 }, missing: ["total"], version: "1.2.3" };
    const message = "TradeWatch recognised a Shopify order page but could not read the total";
    const bg = background({ capture: { kind: "broken", message, diagnostic } });
    const badge = await badgeForPage(document, JSON_LD, bg.send);
    expect(badge?.title).toBe(message);
    expect(JSON.parse(badge?.diagnostic ?? "")).toEqual(diagnostic);
  });

  it("says which orders a status page updated", async () => {
    page(ORDER);
    const bg = background({ capture: { kind: "statuses", trades: [{ tradingId: "1001", warnings: ["Late"] }] } });
    expect(await badgeForPage(document, JSON_LD, bg.send)).toMatchObject({
      title: "TradeWatch updated order 1001 from this page",
      warnings: ["1001: Late"],
    });
  });
});

describe("the handoff", () => {
  let scope: Record<string, unknown>;
  beforeEach(() => {
    scope = {};
  });
  const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), Promise.resolve().then(() => false)]);

  it("is taken once when the background gave it first: a second script waits for a handoff of its own", async () => {
    giveHandoff(CAPTURE_HANDOFF_KEY, JSON_LD, scope);
    expect(await takeHandoff(scope)).toEqual(JSON_LD);
    expect(await settled(takeHandoff(scope))).toBe(false);
  });

  it("is waited for when the script runs first, and then taken", async () => {
    const taken = takeHandoff(scope);
    expect(await settled(taken)).toBe(false);
    giveHandoff(CAPTURE_HANDOFF_KEY, JSON_LD, scope);
    expect(await taken).toEqual(JSON_LD);
    expect(scope).toEqual({});
  });

  it("is the newest one given", async () => {
    giveHandoff(CAPTURE_HANDOFF_KEY, NO_SIGNS, scope);
    giveHandoff(CAPTURE_HANDOFF_KEY, JSON_LD, scope);
    expect(await takeHandoff(scope)).toEqual(JSON_LD);
  });
});
