import type { CommandReply } from "../protocol/commands";
import { ENGLISH, type Language } from "../i18n/translate";
import { updateWarnings } from "./checks";
import { isItem } from "./order-lines";
import { returnableItems } from "./returnable";
import { appendHistory, returnEntry } from "./history";
import { advanceLifecycle, availableActions } from "./lifecycle";
import { refreshSchedule } from "./schedule";
import type { ReturnItem, ReturnRequest, Trade } from "./types";

/**
 * Returns (seed 002 claim 9): choose delivered items and quantities (what can still be
 * returned is in returnable.ts, which the popup's form reads too), send the request to the
 * shop, then follow the return and its refund like any other status (reconcile.ts merges the
 * shop's reports; checks.ts warns when the refund is late).
 */

/**
 * The user asks to return `items` (seed 002 claim 9). Each must be returnable in that quantity
 * (items chosen twice count together), with a reason. A return under way keeps a completed
 * trade open until the shop closes it. Asking again with the same key changes nothing.
 */
export function requestReturn(
  trade: Trade,
  args: { key: string; items: ReturnItem[]; reason: string },
  now: string,
  lang: Language = ENGLISH,
): Trade | { error: string } {
  if (trade.returns.some((request) => request.key === args.key)) return trade;
  const allowed = availableActions(trade, lang).return;
  if (!allowed.ok) return { error: allowed.reason };
  const reason = args.reason.trim();
  if (reason === "") return { error: lang.t("event_returnNoReason") };
  if (args.items.length === 0) return { error: lang.t("event_returnNoItems") };
  const returnable = returnableItems(trade);
  const items: ReturnItem[] = [];
  for (const item of args.items) {
    const line = returnable.find((each) => isItem(each, item));
    if (line === undefined) return { error: lang.t("event_returnNotReturnable", item.name) };
    if (!Number.isInteger(item.quantity) || item.quantity < 1) return { error: lang.t("event_returnHowMany", line.name) };
    const chosen = items.find((each) => isItem(line, each));
    if (chosen === undefined) items.push({ sku: line.sku, name: line.name, quantity: item.quantity });
    else chosen.quantity += item.quantity;
  }
  for (const item of items) {
    const available = returnable.find((each) => isItem(each, item))?.quantity ?? 0;
    if (item.quantity > available) return { error: lang.t("event_returnOnly", available, item.name) };
  }
  const request: ReturnRequest = {
    key: args.key,
    shopReturnId: null,
    requestedAt: now,
    items,
    reason,
    status: "requesting",
    refundDueBy: null,
    refundAmount: null,
    message: null,
  };
  const requested = appendHistory({ ...trade, returns: [...trade.returns, request] }, [returnEntry(request, now, lang)]);
  return refreshSchedule(advanceLifecycle(requested, now, "return", lang.t("event_returnRequested"), lang), now);
}

/**
 * The shop's answer to a return request, or TradeWatch giving up on sending it. A refused or
 * failed return no longer keeps the trade open. Other answers (or an unknown key) change nothing.
 */
export function applyReturnReply(
  trade: Trade,
  key: string,
  reply: CommandReply | { kind: "gave-up"; message: string },
  now: string,
  lang: Language = ENGLISH,
): Trade {
  const request = trade.returns.find((each) => each.key === key);
  if (request === undefined || request.status !== "requesting") return trade;
  const answered = answeredReturn(request, reply, lang);
  const returns = trade.returns.map((each) => (each === request ? answered : each));
  const recorded = appendHistory({ ...trade, returns }, [returnEntry(answered, now, lang)]);
  return refreshSchedule(advanceLifecycle(updateWarnings(recorded, now, lang), now, "return", undefined, lang), now);
}

function answeredReturn(
  request: ReturnRequest,
  reply: CommandReply | { kind: "gave-up"; message: string },
  lang: Language,
): ReturnRequest {
  if ("kind" in reply) return { ...request, status: "failed", message: reply.message };
  switch (reply.result) {
    case "return-accepted":
      return {
        ...request,
        status: "accepted",
        shopReturnId: reply.returnId,
        refundAmount: reply.refundAmount,
        refundDueBy: reply.refundDueBy,
        message: reply.message,
      };
    case "refused":
      return { ...request, status: "refused", message: reply.message };
    default:
      // Any other answer gives no return id to follow: the request cannot be tracked.
      return { ...request, status: "failed", message: lang.t("event_returnUntracked", reply.result) };
  }
}
