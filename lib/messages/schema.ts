import * as z from "zod";

/**
 * Every runtime message TradeWatch sends. The background validates each one with these
 * schemas and checks who sent it (lib/background/messages.ts); anything else is refused.
 */

/** JSON-LD texts a content script found on a shop page; parsed and validated in the background. */
export const captureMessageSchema = z.strictObject({
  type: z.literal("capture"),
  blocks: z.array(z.string().max(512_000)).max(50),
});

/** A content script asks what TradeWatch knows about the shop it runs on. */
export const shopSummaryMessageSchema = z.strictObject({ type: z.literal("shop-summary") });

/** The popup asks for every open trade to be checked now. */
export const checkNowMessageSchema = z.strictObject({ type: z.literal("check-now") });

export const messageSchema = z.discriminatedUnion("type", [
  captureMessageSchema,
  shopSummaryMessageSchema,
  checkNowMessageSchema,
]);

export type Message = z.infer<typeof messageSchema>;
export type CaptureMessage = z.infer<typeof captureMessageSchema>;

export interface TradeBrief {
  tradingId: string;
  warnings: string[];
}

export type CaptureReply =
  | { kind: "tracked"; created: boolean; trades: TradeBrief[] }
  | { kind: "not-an-order" }
  | { kind: "invalid"; reasons: string[] };

export interface ShopSummaryReply {
  openTrades: TradeBrief[];
}

export interface CheckNowReply {
  checked: number;
}

export type ErrorReply = { error: string };

export interface Replies {
  capture: CaptureReply;
  "shop-summary": ShopSummaryReply;
  "check-now": CheckNowReply;
}
