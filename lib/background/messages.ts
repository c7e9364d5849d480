import { browser, type Browser } from "wxt/browser";
import * as z from "zod";
import { readOrders } from "../capture/schema-org-order";
import { saveCaptured, tradesAtOrigin } from "../db/trades";
import { isTradeFinished } from "../domain/schedule";
import type { Trade } from "../domain/types";
import { messageSchema, type CaptureReply, type ErrorReply, type Message, type TradeBrief } from "../messages/schema";

type Sender = Browser.runtime.MessageSender;

export interface MessageContext {
  now: () => string;
  checkNow: () => Promise<number>;
  afterChange: () => Promise<void>;
}

/**
 * The background's only door. Every message is validated and its sender checked: content
 * scripts may speak only from the top frame of an http(s) page and only about that page's
 * own origin; "check-now" only comes from TradeWatch's own pages. Web pages cannot reach
 * this at all (no externally_connectable).
 */
export async function handleMessage(raw: unknown, sender: Sender, context: MessageContext): Promise<unknown> {
  if (sender.id !== browser.runtime.id) return refuse("Message from another extension refused.");
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return refuse(`Malformed message refused: ${z.prettifyError(parsed.error)}`);
  const message: Message = parsed.data;
  switch (message.type) {
    case "capture": {
      const page = contentPage(sender);
      if (!page) return refuse("Capture refused: not from the top frame of a web page.");
      return capture(message.blocks, page, context);
    }
    case "shop-summary": {
      const page = contentPage(sender);
      if (!page) return refuse("Summary refused: not from the top frame of a web page.");
      const open = (await tradesAtOrigin(page.origin)).filter((trade) => !isTradeFinished(trade));
      return { openTrades: open.map(brief) };
    }
    case "check-now": {
      if (!isExtensionPage(sender)) return refuse("Check now refused: not from a TradeWatch page.");
      return { checked: await context.checkNow() };
    }
  }
}

async function capture(blocks: string[], page: URL, context: MessageContext): Promise<CaptureReply> {
  const now = context.now();
  const outcomes = readOrders(blocks, { url: page.href }, now);
  if (outcomes.length === 0) return { kind: "not-an-order" };
  const reasons: string[] = [];
  const trades: TradeBrief[] = [];
  let created = false;
  for (const outcome of outcomes) {
    if (outcome.kind === "invalid") {
      reasons.push(outcome.reason);
      continue;
    }
    const saved = await saveCaptured(outcome.order, now);
    created ||= saved.created;
    trades.push(brief(saved.trade));
  }
  if (reasons.length > 0) console.warn(`TradeWatch ignored an order on ${page.origin} that it could not read:`, reasons);
  if (trades.length === 0) return { kind: "invalid", reasons };
  await context.afterChange();
  return { kind: "tracked", created, trades };
}

function contentPage(sender: Sender): URL | null {
  if (!sender.tab || sender.frameId !== 0 || !sender.url) return null;
  const url = URL.parse(sender.url);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : null;
}

function isExtensionPage(sender: Sender): boolean {
  return typeof sender.url === "string" && sender.url.startsWith(browser.runtime.getURL("/"));
}

function brief(trade: Trade): TradeBrief {
  return { tradingId: trade.info.tradingId, warnings: trade.warnings.map((warning) => warning.message) };
}

function refuse(error: string): ErrorReply {
  console.warn(`TradeWatch: ${error}`);
  return { error };
}
