import { describe, expect, it } from "vitest";
import type { CommandReply } from "../protocol/commands";
import { beginFinalising } from "./lifecycle";
import { applyReturnReply, requestReturn } from "./returns";
import { isTradeFinished } from "./schedule";
import { applyReport } from "./reconcile";
import { aDeliveredOrder, aPaymentReport, aReturn, GREEN_TEA, NOW, plusMinutes, shopCommands, STONEWARE_MUG } from "./test-trades";
import type { Trade } from "./types";

const LATER = plusMinutes(NOW, 5);
const DUE = "2026-12-04T00:00:00.000Z";
const KEY = "return-key-0009";
function ok(result: Trade | { error: string }): Trade {
  if ("error" in result) throw new Error(`refused: ${result.error}`);
  return result;
}

function reply(result: Partial<CommandReply> & Pick<CommandReply, "result">): CommandReply {
  return { tradewatch: 1, tradingId: "GL-1001", idempotencyKey: KEY, message: null, ...result } as CommandReply;
}

describe("requestReturn", () => {
  const args = { key: KEY, items: [{ ...GREEN_TEA, quantity: 1 }, { ...GREEN_TEA, quantity: 1 }], reason: "  Too bitter " };

  it("adds the return, writes the history and opens a completed trade until the shop closes it", () => {
    const trade = aDeliveredOrder();
    expect(trade.lifecycle.state).toBe("completed");
    const returning = ok(requestReturn(trade, args, LATER));
    expect(returning.returns).toEqual([
      {
        key: KEY,
        shopReturnId: null,
        requestedAt: LATER,
        items: [{ ...GREEN_TEA, quantity: 2 }],
        reason: "Too bitter",
        status: "requesting",
        refundDueBy: null,
        refundAmount: null,
        message: null,
      },
    ]);
    expect(returning.history.at(-1)).toEqual({
      at: LATER,
      kind: "return",
      source: "shop",
      code: null,
      text: "Return of Green tea ×2 requested: Too bitter",
    });
    expect(returning.lifecycle.transitions.at(-1)).toEqual({
      at: LATER,
      from: "completed",
      to: "open",
      cause: "return",
      text: "A return was requested",
    });
  });

  it("has the shop and the payment service watched while the return is open", () => {
    const trade = aDeliveredOrder({ shop: { status: "delivered" } });
    expect(isTradeFinished(trade)).toBe(true);
    const returning = ok(requestReturn(trade, args, LATER));
    expect(isTradeFinished(returning)).toBe(false);
    expect(returning.processing.shop.nextCheckAt).not.toBeNull();
    expect(returning.processing.payment.nextCheckAt).not.toBeNull();
    expect(returning.processing.delivery.nextCheckAt).toBeNull();
  });

  it("changes nothing when asked again with the same key", () => {
    const returning = ok(requestReturn(aDeliveredOrder(), args, LATER));
    expect(requestReturn(returning, args, plusMinutes(LATER, 1))).toBe(returning);
  });

  it.each([
    ["no reason", aDeliveredOrder(), { ...args, reason: "  " }, "Say why you are returning the items"],
    ["no items", aDeliveredOrder(), { ...args, items: [] }, "Choose at least one item to return"],
    [
      "an item not delivered",
      aDeliveredOrder(),
      { ...args, items: [{ sku: "GT-9", name: "Green tea", quantity: 1 }] },
      "Green tea cannot be returned: it was not delivered or is already returned",
    ],
    ["too many, counted together", aDeliveredOrder(), { ...args, items: [{ ...GREEN_TEA, quantity: 2 }, { ...GREEN_TEA, quantity: 2 }] }, "Only 3 × Green tea can be returned"],
    ["no quantity", aDeliveredOrder(), { ...args, items: [{ ...STONEWARE_MUG, quantity: 0 }] }, "Choose how many × Stoneware mug to return"],
    ["a fraction", aDeliveredOrder(), { ...args, items: [{ ...STONEWARE_MUG, quantity: 0.5 }] }, "Choose how many × Stoneware mug to return"],
    ["nothing delivered yet", aDeliveredOrder({ delivery: { status: "in_transit" } }), args, "Nothing has been delivered yet"],
    ["another return open", aDeliveredOrder({ returns: [aReturn()] }), args, "A return is already open"],
    [
      "a shop without returns",
      aDeliveredOrder({ info: { commands: shopCommands(["confirm"]) } }),
      args,
      "Green Leaf Tea does not accept returns through TradeWatch",
    ],
  ] as const)("refuses %s", (_, trade, request, error) => {
    expect(requestReturn(trade, { ...request, items: [...request.items] }, LATER)).toEqual({ error });
  });
});

describe("applyReturnReply", () => {
  const returning = () => ok(requestReturn(aDeliveredOrder(), { key: KEY, items: [{ ...STONEWARE_MUG, quantity: 1 }], reason: "Chipped" }, NOW));

  it("records the shop's acceptance, its return id, the refund and its date", () => {
    const answered = reply({ result: "return-accepted", returnId: "R-7", refundAmount: { minor: 990, currency: "EUR" }, refundDueBy: DUE });
    const trade = applyReturnReply(returning(), KEY, answered, LATER);
    expect(trade.returns[0]).toMatchObject({
      status: "accepted",
      shopReturnId: "R-7",
      refundAmount: { minor: 990, currency: "EUR" },
      refundDueBy: DUE,
    });
    expect(trade.history.at(-1)?.text).toBe("The shop accepted the return of Stoneware mug ×1");
    expect(trade.lifecycle.state).toBe("open");
  });

  it("closes a refused return, with the shop's reason, and the trade is complete again", () => {
    const trade = applyReturnReply(returning(), KEY, reply({ result: "refused", message: "Past 30 days" }), LATER);
    expect(trade.returns[0]).toMatchObject({ status: "refused", message: "Past 30 days" });
    expect(trade.history.at(-1)?.text).toBe("The shop refused the return of Stoneware mug ×1: Past 30 days");
    expect(trade.lifecycle.transitions.at(-1)).toMatchObject({ from: "open", to: "completed", cause: "return" });
    expect(isTradeFinished(trade)).toBe(true);
  });

  it("marks the return failed when TradeWatch gave up sending it", () => {
    const trade = applyReturnReply(returning(), KEY, { kind: "gave-up", message: "the shop did not answer" }, LATER);
    expect(trade.returns[0]).toMatchObject({ status: "failed", message: "the shop did not answer" });
    expect(trade.history.at(-1)?.text).toBe("The return of Stoneware mug ×1 could not be requested: the shop did not answer");
    expect(trade.lifecycle.state).toBe("completed");
  });

  describe("while a confirmation is pending", () => {
    const REF = { commandKey: "confirm-key-0001", collectiveId: null };
    const AFTER = plusMinutes(LATER, 1);

    it.each([
      ["refuses it", reply({ result: "refused", message: "Past 30 days" }), "refused"],
      ["is given up", { kind: "gave-up", message: "the shop did not answer" }, "failed"],
    ] as const)("records the return when the shop %s, and the delivered and paid trade completes, which ends the confirmation", (_, answer, status) => {
      const confirming = ok(beginFinalising(returning(), "complete", "user", REF, LATER));
      expect(confirming.lifecycle.state).toBe("finalising");
      const trade = applyReturnReply(confirming, KEY, answer, AFTER);
      expect(trade.returns[0]?.status).toBe(status);
      expect(trade.lifecycle).toMatchObject({ state: "completed", pending: null });
      expect(trade.lifecycle.transitions.at(-1)).toMatchObject({ at: AFTER, from: "finalising", to: "completed", cause: "return" });
    });

    it("keeps the confirmation pending when the return's answer does not complete the trade", () => {
      const unpaid = ok(requestReturn(aDeliveredOrder({ payment: { status: "authorized" } }), { key: KEY, items: [{ ...STONEWARE_MUG, quantity: 1 }], reason: "Chipped" }, NOW));
      const confirming = ok(beginFinalising(unpaid, "complete", "user", REF, LATER));
      const trade = applyReturnReply(confirming, KEY, reply({ result: "refused" }), AFTER);
      expect(trade.returns[0]?.status).toBe("refused");
      expect(trade.lifecycle.state).toBe("finalising");
      expect(trade.lifecycle.pending).toBe(confirming.lifecycle.pending);
    });
  });

  it("changes nothing for another key or a second answer", () => {
    const trade = returning();
    expect(applyReturnReply(trade, "other-key-0001", reply({ result: "refused" }), LATER)).toBe(trade);
    const refused = applyReturnReply(trade, KEY, reply({ result: "refused" }), LATER);
    expect(applyReturnReply(refused, KEY, { kind: "gave-up", message: "late" }, LATER)).toBe(refused);
  });

  it("ends a request answered with no return to follow (not about a return): it cannot be tracked, so it does not stay open", () => {
    const trade = applyReturnReply(returning(), KEY, reply({ result: "accepted" }), LATER);
    expect(trade.returns[0]).toMatchObject({ status: "failed", message: expect.stringMatching(/no return to follow/) });
    expect(trade.lifecycle.state).not.toBe("finalising");
  });

  it("warns when the accepted refund is late, until it arrives", () => {
    const accepted = reply({ result: "return-accepted", returnId: "R-7", refundAmount: { minor: 990, currency: "EUR" }, refundDueBy: DUE });
    const late = plusMinutes(DUE, 60);
    const trade = applyReturnReply(returning(), KEY, accepted, late);
    expect(trade.warnings.map((w) => [w.code, w.source])).toEqual([["return-refund-overdue", "payment"]]);
    const refund = { amount: { minor: 990, currency: "EUR" }, at: late };
    const payment = aPaymentReport({ status: "settled", amountCharged: { minor: 5997, currency: "EUR" }, refunds: [refund], asOf: late });
    const refunded = applyReport(trade, payment, plusMinutes(late, 1));
    expect(refunded.warnings).toEqual([]);
    expect(refunded.history.at(-1)).toMatchObject({ kind: "resolved", code: "return-refund-overdue" });
  });
});
