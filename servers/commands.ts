import type { Intent, ItemQuantity, ShopOutcome } from "../lib/domain/types";
import {
  COMMAND_PROTOCOL_VERSION,
  commandReplySchema,
  type CommandReply,
  type CommandReplyInput,
  type CommandRequest,
} from "../lib/protocol/commands";
import { PRODUCTS } from "./catalog";
import { MAX_QUANTITY } from "./checkout";
import type { CommandControlAction } from "./control-api";
import { displayMoney } from "./html";
import { HttpError } from "./http";
import { createOrder, instructPayment, instructShipment, orderPageUrl } from "./orders";
import type { ShopDeps } from "./shop";
import { confirmationDocument } from "./shop-pages";
import type { Hold, OrderLine, ReturnLine, ReturnRecord, ShopOrder, ShopState } from "./store";

/**
 * What the reference shop does with each command of the command protocol (docs/protocol.md,
 * "Commands"). Idempotency, the command policy's failures and the HTTP side are in
 * command-endpoint.ts; this module only decides and carries out.
 */

/** How long a prepare holds an order: the shop's own timeout when the coordinator never comes back (presumed abort). */
export const HOLD_MS = 3_600_000;
/** The refund of an accepted return is promised within this time. */
export const RETURN_REFUND_MS = 14 * 86_400_000;

type Request<C extends CommandRequest["command"]> = Extract<CommandRequest, { command: C }>;

/** Carries out a command not seen before; `order` is undefined when the shop has no such order. */
export async function carryOut(deps: ShopDeps, order: ShopOrder | undefined, request: CommandRequest, now: number): Promise<CommandReply> {
  return commandReplySchema.parse(await decide(deps, order, request, now));
}

async function decide(deps: ShopDeps, order: ShopOrder | undefined, request: CommandRequest, now: number): Promise<CommandReplyInput> {
  if (order === undefined) return refuse(request, `There is no order ${request.tradingId} at ${deps.shopName}.`);
  if (!deps.commands.includes(request.command)) return refuse(request, `${deps.shopName} does not accept ${request.command} commands.`);
  if (order.commandPolicy.refuse.includes(request.command)) return refuse(request, policyRefusal(order, request.command));
  switch (request.command) {
    case "confirm":
      return finaliseNow(deps, order, request, "complete", null, now);
    case "cancel":
      return finaliseNow(deps, order, request, "fail", request.reason, now);
    case "prepare":
      return prepare(deps, order, request, now);
    case "commit":
      return commit(deps, order, request, now);
    case "abort":
      return abort(order, request);
    case "return":
      return acceptReturn(deps, order, request, now);
    case "reorder":
      return reorder(deps, request);
  }
}

function envelope(request: CommandRequest): { tradewatch: typeof COMMAND_PROTOCOL_VERSION; tradingId: string; idempotencyKey: string } {
  return { tradewatch: COMMAND_PROTOCOL_VERSION, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey };
}

/** A refusal: a prepare's is the vote "refused". */
function refuse(request: CommandRequest, message: string): CommandReplyInput {
  return request.command === "prepare"
    ? { ...envelope(request), result: "vote", vote: "refused", message }
    : { ...envelope(request), result: "refused", message };
}

function policyRefusal(order: ShopOrder, command: string): string {
  return order.commandPolicy.message ?? `The shop does not accept a ${command} for order ${order.tradingId} now.`;
}

function commandOf(intent: Intent): "confirm" | "cancel" {
  return intent === "complete" ? "confirm" : "cancel";
}

function current(order: ShopOrder, now: number): ShopState {
  const state = order.timeline.stateAt(now);
  if (state === null) throw new HttpError(409, "the order did not exist yet at the clock's current time");
  return state;
}

/** The hold in force: a hold past its time no longer keeps other commands out. */
function activeHold(order: ShopOrder, now: number): Hold | null {
  return order.hold !== null && now < order.hold.expiresAt ? order.hold : null;
}

function heldMessage(order: ShopOrder): string {
  return `Order ${order.tradingId} is held for another all-or-nothing action until it is committed or aborted.`;
}

/** Why the order cannot be finalised towards `intent` now (for `transactionId`, which its own hold does not block); null when it can. */
function blocker(deps: ShopDeps, order: ShopOrder, intent: Intent, now: number, transactionId: string | null): string | null {
  const id = order.tradingId;
  const command = commandOf(intent);
  if (!deps.commands.includes(command)) return `${deps.shopName} does not accept ${command} commands.`;
  if (order.commandPolicy.refuse.includes(command)) return policyRefusal(order, command);
  if (order.deferred !== null) {
    return `Order ${id} is already being ${order.deferred.intent === "complete" ? "completed" : "cancelled"}.`;
  }
  const hold = activeHold(order, now);
  if (hold !== null && hold.transactionId !== transactionId) return heldMessage(order);
  const { status, outcome } = current(order, now);
  if (outcome === "completed") {
    return intent === "complete" ? `Order ${id} is already complete.` : `Order ${id} is complete: ask for a return instead.`;
  }
  if (outcome === "failed" || status === "cancelled") return `Order ${id} is already cancelled.`;
  if (intent === "complete" && (status === "received" || status === "processing")) return `Order ${id} has not shipped yet.`;
  if (intent === "fail" && (status === "shipped" || status === "delivered")) return `Order ${id} has already shipped: ask for a return instead.`;
  return null;
}

async function finaliseNow(
  deps: ShopDeps,
  order: ShopOrder,
  request: Request<"confirm" | "cancel">,
  intent: Intent,
  reason: string | null,
  now: number,
): Promise<CommandReplyInput> {
  const why = blocker(deps, order, intent, now, null);
  return why === null ? finalise(deps, order, request, intent, reason, now) : refuse(request, why);
}

/** Confirm, cancel or commit once allowed: now, or later under the policy `defer`. Releases the hold either way. */
async function finalise(
  deps: ShopDeps,
  order: ShopOrder,
  request: Request<"confirm" | "cancel" | "commit">,
  intent: Intent,
  reason: string | null,
  now: number,
): Promise<CommandReplyInput> {
  const id = order.tradingId;
  if (order.commandPolicy.defer) {
    order.deferred = { intent, reason };
    order.hold = null;
    const what = intent === "complete" ? "completed" : "cancelled";
    return { ...envelope(request), result: "accepted", message: `Order ${id} will be ${what} shortly: its status will say when.` };
  }
  const outcome = await applyOutcome(deps, order, intent, reason, now);
  order.hold = null;
  const message =
    outcome === "completed"
      ? `Order ${id} is complete. Thank you for confirming receipt.`
      : `Order ${id} is cancelled. Any payment is voided or refunded in full.`;
  return { ...envelope(request), result: "done", outcome, message };
}

/**
 * The shop's completion notice: completing settles an authorized payment; failing cancels the
 * order, voids or refunds the payment and calls off the shipment. The other servers are told
 * first, so a failure there leaves the order as it was and the command can be sent again.
 */
async function applyOutcome(deps: ShopDeps, order: ShopOrder, intent: Intent, reason: string | null, now: number): Promise<ShopOutcome> {
  const { tradingId } = order;
  if (intent === "complete") {
    await instructPayment(deps, { tradingId, operation: "capture" });
    order.timeline.change(now, (s) => ({ ...s, outcome: "completed", message: "Receipt confirmed by the customer." }));
    return "completed";
  }
  await Promise.all([instructPayment(deps, { tradingId, operation: "cancel" }), instructShipment(deps, { tradingId, operation: "cancel" })]);
  order.timeline.change(now, (s) => ({
    ...s,
    status: "cancelled",
    outcome: "failed",
    scheduledAt: null,
    message: reason ?? "Cancelled at the customer's request.",
  }));
  return "failed";
}

function prepare(deps: ShopDeps, order: ShopOrder, request: Request<"prepare">, now: number): CommandReplyInput {
  const { transactionId, intent } = request;
  const own = order.hold?.transactionId === transactionId ? order.hold : null;
  if (own !== null && own.intent !== intent) {
    return refuse(request, `Order ${order.tradingId} was prepared to ${commandOf(own.intent)} it in this transaction.`);
  }
  const why = blocker(deps, order, intent, now, transactionId);
  if (why !== null) return refuse(request, why);
  order.hold = { transactionId, intent, expiresAt: now + HOLD_MS };
  const until = new Date(order.hold.expiresAt).toISOString();
  return {
    ...envelope(request),
    result: "vote",
    vote: "ready",
    message: `Order ${order.tradingId} is held for this transaction until it is committed or aborted, at most until ${until}.`,
  };
}

/** Only the transaction that prepared the order commits it, towards what it prepared, and only while that is still allowed. */
async function commit(deps: ShopDeps, order: ShopOrder, request: Request<"commit">, now: number): Promise<CommandReplyInput> {
  const { transactionId, intent } = request;
  const hold = order.hold;
  if (hold === null || hold.transactionId !== transactionId) {
    return refuse(request, `Order ${order.tradingId} is not prepared for this transaction: nothing was done.`);
  }
  if (hold.intent !== intent) {
    return refuse(request, `Order ${order.tradingId} was prepared to ${commandOf(hold.intent)} it, not to ${commandOf(intent)} it.`);
  }
  const why = blocker(deps, order, intent, now, transactionId);
  if (why !== null) {
    order.hold = null;
    return refuse(request, why);
  }
  // Personal information is not kept beyond the record of what was received (control `received`).
  return finalise(deps, order, request, intent, null, now);
}

function abort(order: ShopOrder, request: Request<"abort">): CommandReplyInput {
  const held = order.hold?.transactionId === request.transactionId;
  if (held) order.hold = null;
  const message = held
    ? `Order ${order.tradingId} is no longer held.`
    : `Nothing of order ${order.tradingId} was held for this transaction.`;
  return { ...envelope(request), result: "done", outcome: null, message };
}

/** A name from the request as a message may quote it: messages are at most 500 characters. */
function clip(name: string): string {
  return name.length > 80 ? `${name.slice(0, 80)}…` : name;
}

function sameLine(a: { sku: string | null; name: string | null }, b: { sku: string | null; name: string }): boolean {
  return b.sku !== null ? a.sku === b.sku : a.name === b.name;
}

/** Requested lines with repeats added up (by SKU, else by name). */
function merged(items: readonly ReturnLine[]): ReturnLine[] {
  const lines: ReturnLine[] = [];
  for (const item of items) {
    const line = lines.find((candidate) => sameLine(candidate, item));
    if (line) line.quantity += item.quantity;
    else lines.push({ ...item });
  }
  return lines;
}

/**
 * What was delivered: the carrier's count, which the shop learns from it (one process shares
 * the store), else the lines the shop holds.
 */
function delivered(deps: ShopDeps, order: ShopOrder, state: ShopState, now: number): ItemQuantity[] {
  return deps.store.shipments.get(order.tradingId)?.timeline.stateAt(now)?.itemsDelivered ?? state.items ?? order.lines;
}

function acceptReturn(deps: ShopDeps, order: ShopOrder, request: Request<"return">, now: number): CommandReplyInput {
  const id = order.tradingId;
  const state = current(order, now);
  if (state.status === "cancelled") return refuse(request, `Order ${id} was cancelled: there is nothing to return.`);
  if (state.status !== "delivered") return refuse(request, `Order ${id} has not been delivered yet: nothing can be returned.`);
  if (activeHold(order, now) !== null) return refuse(request, heldMessage(order));
  const items = merged(request.items);
  const held = state.items ?? order.lines;
  const handedOver = delivered(deps, order, state, now);
  let refundMinor = 0;
  for (const item of items) {
    const name = clip(item.name);
    const got = handedOver.find((line) => sameLine(line, item));
    if (got === undefined) return refuse(request, `${name} was not delivered with order ${id}.`);
    const returned = order.returns
      .flatMap((r) => r.items)
      .filter((line) => sameLine(line, item))
      .reduce((sum, line) => sum + line.quantity, 0);
    const left = got.quantity - returned;
    if (item.quantity > left) {
      return refuse(request, left > 0 ? `Only ${left} × ${name} of order ${id} can be returned.` : `${name} of order ${id} was returned already.`);
    }
    refundMinor += (held.find((line) => sameLine(line, item))?.unitPrice?.minor ?? 0) * item.quantity;
  }
  const returnId = deps.store.nextReturnId();
  const refundAmount = { minor: refundMinor, currency: order.total.currency };
  const refundDueBy = new Date(now + RETURN_REFUND_MS).toISOString();
  order.returns.push({ returnId, items, refundAmount });
  order.timeline.change(now, (s) => ({ ...s, returns: [...(s.returns ?? []), { returnId, status: "accepted", refundAmount, refundDueBy }] }));
  return {
    ...envelope(request),
    result: "return-accepted",
    returnId,
    refundAmount,
    refundDueBy,
    message: `Return ${returnId} accepted: send the items back. ${displayMoney(refundAmount)} will be refunded by ${refundDueBy.slice(0, 10)}.`,
  };
}

/** A new order of catalog products, placed exactly as checkout places one, at today's prices. */
async function reorder(deps: ShopDeps, request: Request<"reorder">): Promise<CommandReplyInput> {
  const lines: OrderLine[] = [];
  for (const item of merged(request.items)) {
    const product = PRODUCTS.find((candidate) => sameLine(candidate, item));
    if (product === undefined) return refuse(request, `${clip(item.name)} is not sold at ${deps.shopName} any more.`);
    if (item.quantity > MAX_QUANTITY) return refuse(request, `At most ${MAX_QUANTITY} × ${product.name} can be ordered at once.`);
    lines.push({ sku: product.sku, name: product.name, quantity: item.quantity, unitPrice: product.unitPrice });
  }
  let created: ShopOrder;
  try {
    created = await createOrder(deps, lines);
  } catch (error) {
    throw new HttpError(502, `the payment or delivery server did not take the new order: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...envelope(request),
    result: "reordered",
    orderUrl: orderPageUrl(deps, created.tradingId),
    order: confirmationDocument(created, "received", deps.shopName, deps.urls(), deps.commands),
    message: `New order ${created.tradingId} placed.`,
  };
}

/** The control actions about commands and returns (docs/reference-servers.md). */
export async function applyCommandControl(deps: ShopDeps, order: ShopOrder, action: CommandControlAction, now: number): Promise<void> {
  switch (action.action) {
    case "command-policy": {
      const { refuse, message, failNext, loseNext, defer } = action;
      order.commandPolicy = { refuse, message, failNext, loseNext, defer };
      return;
    }
    case "complete-outcome": {
      if (order.deferred === null) throw new HttpError(409, `no outcome of order ${order.tradingId} is waiting`);
      await applyOutcome(deps, order, order.deferred.intent, order.deferred.reason, now);
      order.deferred = null;
      return;
    }
    case "receive-return":
      moveReturn(order, action.returnId, now, ["accepted"], "received");
      return;
    case "refund-return": {
      const { refundAmount } = returnRecord(order, action.returnId, now, ["accepted", "received"]);
      const at = action.at ?? new Date(now).toISOString();
      await instructPayment(deps, { tradingId: order.tradingId, operation: "refund", amount: refundAmount, at });
      moveReturn(order, action.returnId, now, ["accepted", "received"], "refunded");
      return;
    }
  }
}

type ReturnStatus = NonNullable<ShopState["returns"]>[number]["status"];

/** The return, checked to be in one of the `from` statuses now. */
function returnRecord(order: ShopOrder, returnId: string, now: number, from: readonly ReturnStatus[]): ReturnRecord {
  const reported = current(order, now).returns?.find((r) => r.returnId === returnId);
  const record = order.returns.find((r) => r.returnId === returnId);
  if (reported === undefined || record === undefined) throw new HttpError(404, `no return ${returnId} of order ${order.tradingId}`);
  if (!from.includes(reported.status)) throw new HttpError(409, `return ${returnId} is ${reported.status}`);
  return record;
}

function moveReturn(order: ShopOrder, returnId: string, now: number, from: readonly ReturnStatus[], to: ReturnStatus): void {
  returnRecord(order, returnId, now, from);
  order.timeline.change(now, (s) => ({
    ...s,
    returns: (s.returns ?? []).map((r) => (r.returnId === returnId ? { ...r, status: to } : r)),
  }));
}
