/**
 * Test support only: shops that answer the command protocol in memory, with idempotency and
 * holds like the reference shop, so the background's commands and coordinator can be tested
 * (and killed) without HTTP. Not used by the product.
 */
import type { CommandReplyInput, CommandRequest } from "../protocol/commands";
import { commandReplySchema } from "../protocol/commands";
import type { SendOutcome } from "./command-send";

export interface FakeOrder {
  status: "received" | "shipped" | "delivered" | "cancelled";
  outcome: "completed" | "failed" | null;
  heldBy: string | null;
  /** This order's shop refuses to prepare it (e.g. it cannot finish now). */
  refusePrepare?: boolean;
}

export interface SentRequest {
  url: string;
  request: CommandRequest;
}

export class FakeShops {
  readonly orders = new Map<string, FakeOrder>();
  readonly sent: SentRequest[] = [];
  private readonly answers = new Map<string, SendOutcome>();
  /** Answers that fail before reaching the shop, consumed one per request. */
  readonly failures: SendOutcome[] = [];
  /** What reorder answers with (built by the test). */
  reorderAnswer: ((request: Extract<CommandRequest, { command: "reorder" }>) => CommandReplyInput) | null = null;

  add(url: string, tradingId: string, order: Partial<FakeOrder> = {}): void {
    this.orders.set(this.key(url, tradingId), { status: "delivered", outcome: null, heldBy: null, ...order });
  }

  order(url: string, tradingId: string): FakeOrder {
    const order = this.orders.get(this.key(url, tradingId));
    if (!order) throw new Error(`no fake order ${tradingId} at ${url}`);
    return order;
  }

  /** For CommandDeps.send. */
  send = async (url: string, request: CommandRequest): Promise<SendOutcome> => {
    this.sent.push({ url, request });
    const failure = this.failures.shift();
    if (failure) return failure;
    const known = this.answers.get(request.idempotencyKey);
    if (known) return known;
    const reply = commandReplySchema.parse(this.handle(url, request));
    const outcome: SendOutcome = { ok: true, reply };
    this.answers.set(request.idempotencyKey, outcome);
    return outcome;
  };

  private key(url: string, tradingId: string): string {
    return `${url} ${tradingId}`;
  }

  private handle(url: string, request: CommandRequest): CommandReplyInput {
    const base = { tradewatch: 1 as const, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey };
    const order = this.order(url, request.tradingId);
    const finish = (intent: "complete" | "fail") => {
      if (intent === "complete") order.outcome = "completed";
      else {
        order.status = "cancelled";
        order.outcome = "failed";
      }
      return { ...base, result: "done" as const, outcome: order.outcome, message: intent === "complete" ? "Thank you: the order is complete." : "The order is cancelled." };
    };
    const refusal = (intent: "complete" | "fail"): string | null => {
      if (order.outcome !== null) return "This order is already finished.";
      if (intent === "complete" && order.status === "received") return "This order has not shipped yet.";
      if (intent === "fail" && order.status !== "received") return "Already shipped: ask for a return instead.";
      return null;
    };
    switch (request.command) {
      case "confirm":
      case "cancel": {
        const intent = request.command === "confirm" ? "complete" : "fail";
        const why = order.heldBy !== null ? "Held by another transaction." : refusal(intent);
        return why === null ? finish(intent) : { ...base, result: "refused", message: why };
      }
      case "prepare": {
        const why = order.refusePrepare ? "Cannot do that now." : order.heldBy !== null && order.heldBy !== request.transactionId ? "Held by another transaction." : refusal(request.intent);
        if (why !== null) return { ...base, result: "vote", vote: "refused", message: why };
        order.heldBy = request.transactionId;
        return { ...base, result: "vote", vote: "ready" };
      }
      case "commit": {
        if (order.heldBy !== request.transactionId) return { ...base, result: "refused", message: "Not prepared for this transaction." };
        order.heldBy = null;
        return finish(request.intent);
      }
      case "abort": {
        if (order.heldBy === request.transactionId) order.heldBy = null;
        return { ...base, result: "done", outcome: null };
      }
      case "return":
        return { ...base, result: "return-accepted", returnId: "R-1", refundAmount: { minor: 1999, currency: "EUR" }, refundDueBy: "2026-12-04T10:00:00.000Z" };
      case "reorder":
        if (!this.reorderAnswer) throw new Error("the test set no reorder answer");
        return this.reorderAnswer(request);
    }
  }
}

/** A request that never reached the shop and may be sent again. */
export const UNREACHABLE: SendOutcome = { ok: false, message: "could not be reached", retryable: true, retryAfterMs: null };
