import type { CaptureReply, ShopSummaryReply, TradeBrief } from "../messages/schema";
import { collectJsonLdBlocks } from "./json-ld-blocks";
import type { BadgeContent } from "./page-badge";

/** How the content script talks to the background (injected so it can be tested without a browser). */
export type SendMessage = (message: unknown) => Promise<unknown>;

/**
 * What a granted shop page shows: on an order confirmation, that the order is tracked; on a
 * checkout page, which spending limits its total would push over (nothing when none); on any
 * other page of the shop, its open trades and their warnings; otherwise nothing.
 */
export async function badgeForPage(doc: Document, send: SendMessage): Promise<BadgeContent | null> {
  const blocks = collectJsonLdBlocks(doc);
  if (blocks.length > 0) {
    const reply = (await sendRetrying(send, { type: "capture", blocks })) as CaptureReply | { error: string };
    if ("error" in reply) return { title: "TradeWatch could not save this order", lines: [], warnings: [reply.error] };
    if (reply.kind === "tracked") return trackedBadge(reply.created, reply.trades);
    if (reply.kind === "checkout") return checkoutBadge(reply.exceeded);
    if (reply.kind === "not-an-order") return summaryBadge(await summary(send));
    // A broken Order is logged by the background; the page shows nothing.
    return null;
  }
  return summaryBadge(await summary(send));
}

export const SEND_ATTEMPTS = 3;

/**
 * The worker may be stopped while it handles a message; the message then fails. Capturing is
 * idempotent (one trade per order however often it is sent), so asking again is safe.
 */
async function sendRetrying(send: SendMessage, message: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(message);
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) throw error;
    }
  }
}

async function summary(send: SendMessage): Promise<TradeBrief[]> {
  const reply = (await send({ type: "shop-summary" })) as ShopSummaryReply | { error: string };
  return "openTrades" in reply ? reply.openTrades : [];
}

function trackedBadge(created: boolean, trades: TradeBrief[]): BadgeContent {
  const ids = trades.map((trade) => trade.tradingId).join(", ");
  return {
    title: created ? `TradeWatch is now tracking order ${ids}` : `TradeWatch is already tracking order ${ids}`,
    lines: ["Open the TradeWatch toolbar button to follow payment and delivery."],
    warnings: trades.flatMap((trade) => trade.warnings.map((warning) => `${trade.tradingId}: ${warning}`)),
  };
}

function checkoutBadge(exceeded: string[]): BadgeContent | null {
  if (exceeded.length === 0) return null;
  return { title: "TradeWatch: this order would go over your spending limit", lines: [], warnings: exceeded };
}

function summaryBadge(open: TradeBrief[]): BadgeContent | null {
  if (open.length === 0) return null;
  return {
    title: open.length === 1 ? "TradeWatch: 1 open order at this shop" : `TradeWatch: ${open.length} open orders at this shop`,
    lines: open.map((trade) => trade.tradingId),
    warnings: open.flatMap((trade) => trade.warnings.map((warning) => `${trade.tradingId}: ${warning}`)),
  };
}
