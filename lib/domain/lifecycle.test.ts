import { describe, expect, it } from "vitest";
import {
  advanceLifecycle,
  afterFinaliseTimeout,
  ALLOWED_TRANSITIONS,
  applyCommandOutcome,
  availableActions,
  beginFinalising,
  FINALISE_TIMEOUT_MS,
  finaliseTimedOut,
  flagWaitLimit,
  initialLifecycle,
  isAllowedTransition,
  lifecycleTarget,
  MAX_FINALISE_RESENDS,
  needsAutoCancel,
} from "./lifecycle";
import { applyReport } from "./reconcile";
import { applyReturnReply, requestReturn } from "./returns";
import { isTradeFinished } from "./schedule";
import {
  aDeliveryReport,
  aPaymentReport,
  aReturn,
  aShopReport,
  aTrade,
  NOW,
  ORDER_DATE,
  ORIGIN,
  plusMinutes,
  shopCommands,
} from "./test-trades";
import type { TradeOverrides } from "./test-trades";
import { TRADE_STATES, TRANSITION_CAUSES } from "./types";
import type { CommandName, Lifecycle, Trade, TradeState } from "./types";

const LATER = plusMinutes(NOW, 5);
const TOTAL = { minor: 5997, currency: "EUR" };
const REF = { commandKey: "command-key-0001", collectiveId: null };

/** The value of a domain call that may refuse; a refusal fails the test. */
function ok<T extends object>(result: T | { error: string }): T {
  if ("error" in result) throw new Error(`refused: ${result.error}`);
  return result;
}

/** An open trade at a shop that announced every command: processing, card authorized. */
function openTrade(overrides: TradeOverrides = {}): Trade {
  return aTrade({
    shop: { status: "processing" },
    payment: { status: "authorized" },
    ...overrides,
    info: { commands: shopCommands(), ...overrides.info },
  });
}

function finalisingTrade(): Trade {
  return ok(beginFinalising(openTrade(), "complete", "user", REF, NOW));
}

function completedTrade(): Trade {
  return openTrade({
    shop: { status: "delivered" },
    payment: { status: "settled", amountCharged: TOTAL },
    delivery: { status: "delivered" },
  });
}

function failedTrade(): Trade {
  return openTrade({ shop: { status: "cancelled" } });
}

const IN_STATE: Record<TradeState, () => Trade> = {
  open: openTrade,
  finalising: finalisingTrade,
  completed: completedTrade,
  failed: failedTrade,
};

/** A refused command leaves the trade as it was. */
function orSame(trade: Trade, result: Trade | { error: string }): Trade {
  return "error" in result ? trade : result;
}

const RETURN = { key: "return-key-0001", items: [{ sku: "GT-1", name: "Green tea", quantity: 1 }], reason: "Too bitter" };

/** Every event that can move a trade, as the domain applies it. */
const EVENTS: Record<string, (trade: Trade) => Trade> = {
  "the shop cancels": (t) => applyReport(t, aShopReport({ status: "cancelled", asOf: LATER }), LATER),
  "delivered and paid": (t) =>
    applyReport(
      applyReport(t, aDeliveryReport({ status: "delivered", asOf: LATER }), LATER),
      aPaymentReport({ status: "settled", amountCharged: TOTAL, asOf: LATER }),
      LATER,
    ),
  "payment declined": (t) => applyReport(t, aPaymentReport({ status: "failed", asOf: LATER }), LATER),
  "refunded in full": (t) =>
    applyReport(t, aPaymentReport({ status: "refunded", amountCharged: TOTAL, asOf: LATER }), LATER),
  "the shop's completion notice": (t) =>
    applyReport(t, aShopReport({ status: "delivered", outcome: "completed", asOf: LATER }), LATER),
  confirm: (t) => orSame(t, beginFinalising(t, "complete", "user", REF, LATER)),
  cancel: (t) => orSame(t, beginFinalising(t, "fail", "user", REF, LATER)),
  "all or nothing": (t) => orSame(t, beginFinalising(t, "complete", "collective", { commandKey: null, collectiveId: "c-1" }, LATER)),
  "automatic cancellation": (t) => orSame(t, beginFinalising(t, "fail", "auto-cancel", REF, LATER)),
  "reply: done": (t) => applyCommandOutcome(t, { kind: "done", outcome: null, message: null }, LATER),
  "reply: done, failed": (t) => applyCommandOutcome(t, { kind: "done", outcome: "failed", message: null }, LATER),
  "reply: accepted": (t) => applyCommandOutcome(t, { kind: "accepted", message: null }, LATER),
  "reply: refused": (t) => applyCommandOutcome(t, { kind: "refused", message: "Already shipped" }, LATER),
  "reply: gave up": (t) => applyCommandOutcome(t, { kind: "gave-up", message: "no answer" }, LATER),
  "reply: aborted": (t) => applyCommandOutcome(t, { kind: "aborted", message: "Other Shop refused" }, LATER),
  "the deadline passes": (t) => afterFinaliseTimeout(t, plusMinutes(NOW, 10)).trade,
  "every deadline passes": (t) => {
    let current = t;
    for (let minutes = 10; current.lifecycle.pending !== null && minutes < 10_000; minutes *= 2) {
      current = afterFinaliseTimeout(current, plusMinutes(NOW, minutes * 2)).trade;
    }
    return current;
  },
  "a return is requested": (t) => orSame(t, requestReturn(t, RETURN, LATER)),
  "a return is requested and refused": (t) => {
    const requested = orSame(t, requestReturn(t, RETURN, LATER));
    const refusal = { tradewatch: 1, tradingId: "GL-1001", idempotencyKey: RETURN.key, message: "Opened", result: "refused" } as const;
    return applyReturnReply(requested, RETURN.key, refusal, LATER);
  },
};

/** The state each event leaves a trade in, for a trade in each state (columns: open, finalising, completed, failed). */
const EXPECTED: Record<keyof typeof EVENTS, [TradeState, TradeState, TradeState, TradeState]> = {
  "the shop cancels": ["failed", "failed", "failed", "failed"],
  "delivered and paid": ["completed", "completed", "completed", "failed"],
  "payment declined": ["failed", "failed", "failed", "failed"],
  "refunded in full": ["failed", "failed", "failed", "failed"],
  "the shop's completion notice": ["completed", "completed", "completed", "completed"],
  confirm: ["finalising", "finalising", "completed", "failed"],
  cancel: ["finalising", "finalising", "completed", "failed"],
  "all or nothing": ["finalising", "finalising", "completed", "failed"],
  "automatic cancellation": ["finalising", "finalising", "completed", "failed"],
  "reply: done": ["open", "completed", "completed", "failed"],
  "reply: done, failed": ["failed", "failed", "failed", "failed"],
  "reply: accepted": ["open", "finalising", "completed", "failed"],
  "reply: refused": ["open", "open", "completed", "failed"],
  "reply: gave up": ["open", "open", "completed", "failed"],
  "reply: aborted": ["open", "open", "completed", "failed"],
  "the deadline passes": ["open", "finalising", "completed", "failed"],
  "every deadline passes": ["open", "open", "completed", "failed"],
  "a return is requested": ["open", "finalising", "open", "failed"],
  "a return is requested and refused": ["open", "finalising", "completed", "failed"],
};

describe("the state machine over every state × event", () => {
  const cases = Object.keys(EVENTS).flatMap((event) =>
    TRADE_STATES.map((state, column) => [event, state, EXPECTED[event]![column]!] as const),
  );

  it.each(cases)("%s, from %s, gives %s through allowed transitions only", (event, state, expected) => {
    const before = IN_STATE[state]();
    expect(before.lifecycle.state).toBe(state);
    const after = EVENTS[event]!(before);
    expect(after.lifecycle.state).toBe(expected);
    expect(lifecycleTarget(after)).toBe(expected);
    const added = after.lifecycle.transitions.slice(before.lifecycle.transitions.length);
    for (const { from, to, cause } of added) expect(isAllowedTransition(from, to, cause), `${from} → ${to} by ${cause}`).toBe(true);
    if (expected !== "finalising") expect(after.lifecycle.pending).toBeNull();
    if (expected !== "open") expect(after.lifecycle.overdueSince).toBeNull();
  });
});

describe("ALLOWED_TRANSITIONS", () => {
  /** A trade whose statuses call for `to`, recorded as being in `from`. */
  function movingTo(to: TradeState, from: TradeState): Trade {
    const target = IN_STATE[to]();
    return { ...target, lifecycle: { ...target.lifecycle, state: from } };
  }

  const combinations = TRANSITION_CAUSES.flatMap((cause) =>
    [null, ...TRADE_STATES].flatMap((from) => TRADE_STATES.map((to) => [cause, from, to] as const)),
  );

  it.each(combinations)("%s from %s to %s is either allowed or refused, never ignored", (cause, from, to) => {
    const listed = ALLOWED_TRANSITIONS[cause].some(([f, t]) => f === from && t === to);
    expect(isAllowedTransition(from, to, cause)).toBe(listed);
    if (from === null) {
      expect(listed).toBe(cause === "captured" && to === "open");
      return;
    }
    const trade = movingTo(to, from);
    if (from === to) {
      expect(advanceLifecycle(trade, LATER, cause)).toBe(trade);
    } else if (listed) {
      const moved = advanceLifecycle(trade, LATER, cause);
      expect(moved.lifecycle.transitions.at(-1)).toMatchObject({ at: LATER, from, to, cause });
      expect(moved.lifecycle).toMatchObject({ state: to, since: LATER });
    } else {
      expect(() => advanceLifecycle(trade, LATER, cause)).toThrow(`A trade cannot move from ${from} to ${to} by ${cause}`);
    }
  });

  it("lets no cause but a command start finalising, and only from open", () => {
    const intoFinalising = TRANSITION_CAUSES.flatMap((cause) =>
      ALLOWED_TRANSITIONS[cause].filter(([, to]) => to === "finalising").map(([from]) => [cause, from]),
    );
    expect(intoFinalising).toEqual([
      ["command", "open"],
      ["collective", "open"],
      ["auto-cancel", "open"],
    ]);
  });
});

describe("initialLifecycle", () => {
  it("starts open, with one captured transition and nothing pending", () => {
    expect(initialLifecycle(NOW)).toEqual({
      state: "open",
      since: NOW,
      pending: null,
      overdueSince: null,
      transitions: [{ at: NOW, from: null, to: "open", cause: "captured", text: "Order captured" }],
    });
  });
});

describe("lifecycleTarget and advanceLifecycle", () => {
  /** An open trade (as captured) with these statuses, moved by them. */
  function moved(overrides: TradeOverrides): Trade {
    return advanceLifecycle(aTrade({ ...overrides, lifecycle: {} }), LATER, "status");
  }

  it.each([
    ["Delivered and paid", "completed", { delivery: { status: "delivered" }, payment: { status: "settled" } }],
    ["Delivered and paid", "completed", { shop: { status: "delivered" }, payment: { status: "settled" } }],
    ["The shop confirmed the order complete", "completed", { shop: { outcome: "completed" } }],
    ["Cancelled by the shop", "failed", { shop: { status: "cancelled" } }],
    ["Cancelled by the shop", "failed", { shop: { outcome: "failed" } }],
    ["Payment declined", "failed", { payment: { status: "failed" } }],
    ["Refunded in full", "failed", { payment: { status: "refunded" } }],
    [
      "Refunded in full",
      "failed",
      { payment: { status: "settled", charges: [TOTAL], refunds: [{ amount: TOTAL, at: NOW }] } },
    ],
  ] as const)("says %s when it moves to %s", (text, state, overrides) => {
    const trade = moved(overrides as TradeOverrides);
    expect(trade.lifecycle.state).toBe(state);
    expect(trade.lifecycle.transitions.at(-1)).toEqual({ at: LATER, from: "open", to: state, cause: "status", text });
  });

  it.each([
    ["paid, not delivered", { payment: { status: "settled" } }],
    ["delivered, not paid", { delivery: { status: "delivered" }, payment: { status: "authorized" } }],
    ["a parcel sent back, though the shop says delivered", { shop: { status: "delivered" }, delivery: { status: "returned" }, payment: { status: "settled" } }],
    ["partly refunded", { payment: { status: "settled", charges: [TOTAL], refunds: [{ amount: { minor: 100, currency: "EUR" }, at: NOW }] } }],
    ["delivered and paid with a return open", { delivery: { status: "delivered" }, payment: { status: "settled" }, returns: [aReturn()] }],
  ] as const)("keeps a trade open when %s", (_, overrides) => {
    const trade = aTrade({ ...(overrides as TradeOverrides), lifecycle: {} });
    expect(lifecycleTarget(trade)).toBe("open");
    expect(advanceLifecycle(trade, LATER, "status")).toBe(trade);
  });

  it("lets a failure win over the shop's completion notice", () => {
    expect(lifecycleTarget(aTrade({ shop: { outcome: "completed" }, payment: { status: "refunded" } }))).toBe("failed");
  });

  it("ends the pending finalisation and the wait-limit flag when the trade becomes final", () => {
    const pending = finalisingTrade().lifecycle.pending;
    const flagged: Lifecycle = { ...initialLifecycle(ORDER_DATE), state: "finalising", pending, overdueSince: NOW };
    const done = advanceLifecycle(aTrade({ shop: { status: "cancelled" }, lifecycle: flagged }), LATER, "status");
    expect(done.lifecycle).toMatchObject({ state: "failed", since: LATER, pending: null, overdueSince: null });
  });

  it("takes the caller's sentence over the derived one", () => {
    const trade = advanceLifecycle(aTrade({ shop: { status: "cancelled" }, lifecycle: {} }), LATER, "status", "Gone");
    expect(trade.lifecycle.transitions.at(-1)?.text).toBe("Gone");
  });
});

describe("beginFinalising", () => {
  it("waits for the shop's final word until a deadline, recording the command", () => {
    const trade = ok(beginFinalising(openTrade(), "complete", "user", REF, NOW));
    expect(trade.lifecycle).toMatchObject({
      state: "finalising",
      since: NOW,
      pending: {
        intent: "complete",
        by: "user",
        commandedAt: NOW,
        commandKey: "command-key-0001",
        collectiveId: null,
        deadline: plusMinutes(NOW, 10),
        resends: 0,
      },
    });
    expect(trade.lifecycle.transitions.at(-1)).toEqual({
      at: NOW,
      from: "open",
      to: "finalising",
      cause: "command",
      text: "You confirmed receipt",
    });
    expect(trade.history.at(-1)).toEqual({
      at: NOW,
      kind: "command",
      source: "shop",
      code: null,
      text: "Confirmation sent to Green Leaf Tea",
    });
  });

  it.each([
    ["user", "fail", "command", "You asked the shop to cancel"],
    ["collective", "complete", "collective", "You confirmed receipt together with other orders (all or nothing)"],
    ["collective", "fail", "collective", "You asked the shop to cancel together with other orders (all or nothing)"],
    ["auto-cancel", "fail", "auto-cancel", "TradeWatch asked the shop to cancel: the order was open longer than your wait limit"],
  ] as const)("records a finalisation by %s (%s) as caused by %s", (by, intent, cause, text) => {
    const trade = ok(beginFinalising(openTrade(), intent, by, REF, NOW));
    expect(trade.lifecycle.transitions.at(-1)).toMatchObject({ cause, text });
  });

  it.each([
    ["the shop announced no commands", openTrade({ info: { commands: null } }), "complete", "user", "The shop announced no commands on its confirmation page"],
    ["the shop does not accept confirmation", openTrade({ info: { commands: shopCommands(["cancel"]) } }), "complete", "user", "Green Leaf Tea does not accept confirmation through TradeWatch"],
    ["the shop does not accept cancellation", openTrade({ info: { commands: shopCommands(["confirm"]) } }), "fail", "auto-cancel", "Green Leaf Tea does not accept cancellation through TradeWatch"],
    ["the shop cannot commit", openTrade({ info: { commands: shopCommands(["prepare", "abort"]) } }), "complete", "collective", "Green Leaf Tea does not accept all-or-nothing confirmation or cancellation through TradeWatch"],
    ["the trade is finalising", finalisingTrade(), "fail", "user", "Only open orders can be cancelled"],
    ["the trade is completed", completedTrade(), "complete", "user", "Only open orders can be confirmed"],
    ["the trade failed", failedTrade(), "complete", "collective", "Only open orders can be confirmed or cancelled together"],
  ] as const)("refuses when %s", (_, trade, intent, by, error) => {
    expect(beginFinalising(trade, intent, by, REF, NOW)).toEqual({ error });
  });

  it("has the shop watched until its final word, even after it reported a final status", () => {
    const delivered = openTrade({
      info: { endpoints: { shop: `${ORIGIN}/s`, payment: null, delivery: null } },
      shop: { status: "delivered", nextCheckAt: null },
      payment: { status: null },
    });
    expect(isTradeFinished(delivered)).toBe(false);
    const trade = ok(beginFinalising(delivered, "complete", "user", REF, NOW));
    expect(isTradeFinished(trade)).toBe(false);
    expect(trade.processing.shop.nextCheckAt).not.toBeNull();
    expect(Date.parse(trade.processing.shop.nextCheckAt!)).toBeLessThanOrEqual(Date.parse(plusMinutes(NOW, 10)));
    expect(trade.nextCheckAt).toBe(trade.processing.shop.nextCheckAt);

    const done = applyCommandOutcome(trade, { kind: "done", outcome: "completed", message: null }, LATER);
    expect(done.lifecycle.state).toBe("completed");
    expect(done.processing.shop.nextCheckAt).toBeNull();
    expect(done).not.toHaveProperty("nextCheckAt");
  });
});

describe("applyCommandOutcome", () => {
  it("relays the shop's completion notice into the trade", () => {
    const trade = applyCommandOutcome(finalisingTrade(), { kind: "done", outcome: "completed", message: "Thank you" }, LATER);
    expect(trade.processing.shop.outcome).toBe("completed");
    expect(trade.lifecycle).toMatchObject({ state: "completed", since: LATER, pending: null });
    expect(trade.lifecycle.transitions.at(-1)).toMatchObject({
      from: "finalising",
      to: "completed",
      cause: "shop-reply",
      text: "Green Leaf Tea confirmed the order complete: Thank you",
    });
    expect(trade.history.at(-1)).toMatchObject({ kind: "command", text: "Green Leaf Tea confirmed the order complete: Thank you" });
  });

  it("takes a done without outcome as the finalisation asked for", () => {
    const cancelling = ok(beginFinalising(openTrade(), "fail", "user", REF, NOW));
    const trade = applyCommandOutcome(cancelling, { kind: "done", outcome: null, message: null }, LATER);
    expect(trade.processing.shop.outcome).toBe("failed");
    expect(trade.lifecycle.transitions.at(-1)).toMatchObject({ to: "failed", text: "Green Leaf Tea cancelled the order" });
  });

  it("leaves a trade with nothing pending alone on a done without outcome", () => {
    const trade = openTrade();
    expect(applyCommandOutcome(trade, { kind: "done", outcome: null, message: null }, LATER)).toBe(trade);
  });

  it("ends a finalisation the shop completed while a return is open in the open state", () => {
    const trade = { ...finalisingTrade(), returns: [aReturn()] };
    const done = applyCommandOutcome(trade, { kind: "done", outcome: "completed", message: null }, LATER);
    expect(done.lifecycle).toMatchObject({ state: "open", pending: null });
  });

  it("keeps waiting when the shop accepted, with a fresh deadline", () => {
    const trade = applyCommandOutcome(finalisingTrade(), { kind: "accepted", message: "Within the hour" }, LATER);
    expect(trade.lifecycle.state).toBe("finalising");
    expect(trade.lifecycle.pending?.deadline).toBe(plusMinutes(LATER, 10));
    expect(trade.history.at(-1)?.text).toBe("Green Leaf Tea accepted the request and will confirm it later: Within the hour");
    expect(applyCommandOutcome(openTrade(), { kind: "accepted", message: null }, LATER)).toEqual(openTrade());
  });

  it.each([
    [{ kind: "refused", message: "Already shipped" }, "refused", "Green Leaf Tea refused the confirmation: Already shipped"],
    [{ kind: "refused", message: null }, "refused", "Green Leaf Tea refused the confirmation: it gave no reason"],
    [{ kind: "gave-up", message: "no final answer after 5 attempts" }, "retries-exhausted", "No answer from Green Leaf Tea to the confirmation: no final answer after 5 attempts"],
    [{ kind: "aborted", message: "Other Shop (order 7) refused" }, "collective", "Nothing was done: the all-or-nothing action was called off (Other Shop (order 7) refused)"],
  ] as const)("opens the trade again on %o, saying why", (result, cause, text) => {
    const trade = applyCommandOutcome(finalisingTrade(), result, LATER);
    expect(trade.lifecycle).toMatchObject({ state: "open", since: LATER, pending: null });
    expect(trade.lifecycle.transitions.at(-1)).toEqual({ at: LATER, from: "finalising", to: "open", cause, text });
    expect(trade.history.at(-1)).toEqual({ at: LATER, kind: "command", source: "shop", code: null, text });
  });

  it("records a late refusal in the history without moving the trade", () => {
    const trade = applyCommandOutcome(completedTrade(), { kind: "refused", message: "Too late" }, LATER);
    expect(trade.lifecycle).toEqual(completedTrade().lifecycle);
    expect(trade.history.at(-1)?.text).toBe("Green Leaf Tea refused the request: Too late");
  });
});

describe("timeouts and resends in virtual time", () => {
  it("is not timed out before the deadline, and is at it", () => {
    const trade = finalisingTrade();
    const deadline = trade.lifecycle.pending!.deadline;
    expect(finaliseTimedOut(trade, new Date(Date.parse(deadline) - 1).toISOString())).toBe(false);
    expect(finaliseTimedOut(trade, deadline)).toBe(true);
    expect(finaliseTimedOut(openTrade(), plusMinutes(NOW, 1000))).toBe(false);
    expect(afterFinaliseTimeout(trade, plusMinutes(NOW, 9))).toEqual({ trade, resend: false });
  });

  it("resends with a doubling deadline, a bounded number of times, then gives up", () => {
    expect(FINALISE_TIMEOUT_MS).toBe(10 * 60_000);
    expect(MAX_FINALISE_RESENDS).toBe(4);
    let trade = finalisingTrade();
    let clock = NOW;
    const waits: number[] = [];
    const resends: boolean[] = [];
    while (trade.lifecycle.pending !== null) {
      const deadline = trade.lifecycle.pending.deadline;
      waits.push((Date.parse(deadline) - Date.parse(clock)) / 60_000);
      clock = deadline;
      const next = afterFinaliseTimeout(trade, clock);
      resends.push(next.resend);
      trade = next.trade;
    }
    expect(waits).toEqual([10, 20, 40, 80, 160]);
    expect(resends).toEqual([true, true, true, true, false]);
    expect(trade.lifecycle).toMatchObject({ state: "open", pending: null });
    expect(trade.lifecycle.transitions.at(-1)).toMatchObject({ from: "finalising", to: "open", cause: "retries-exhausted" });
    expect(trade.history.filter((e) => e.kind === "command").map((e) => e.text)).toEqual([
      "Confirmation sent to Green Leaf Tea",
      "No final answer from Green Leaf Tea in time: sent again (1 of 4)",
      "No final answer from Green Leaf Tea in time: sent again (2 of 4)",
      "No final answer from Green Leaf Tea in time: sent again (3 of 4)",
      "No final answer from Green Leaf Tea in time: sent again (4 of 4)",
      "No answer from Green Leaf Tea to the confirmation: no final answer after 5 attempts",
    ]);
  });

  it("keeps the resend count when the shop accepts, so the bound holds", () => {
    const resent = afterFinaliseTimeout(finalisingTrade(), plusMinutes(NOW, 10)).trade;
    const accepted = applyCommandOutcome(resent, { kind: "accepted", message: null }, plusMinutes(NOW, 11));
    expect(accepted.lifecycle.pending).toMatchObject({ resends: 1, deadline: plusMinutes(NOW, 31) });
  });
});

describe("flagWaitLimit", () => {
  const DAYS = 3;
  const capturedAt = ORDER_DATE;
  const after = (days: number, minutes = 0) => plusMinutes(capturedAt, days * 24 * 60 + minutes);

  it("flags an open trade once it waited longer than the limit since capture, writing the history once", () => {
    const trade = openTrade();
    expect(flagWaitLimit(trade, after(DAYS), { days: DAYS })).toBe(trade);
    const flagged = flagWaitLimit(trade, after(DAYS, 1), { days: DAYS });
    expect(flagged.lifecycle.overdueSince).toBe(after(DAYS, 1));
    expect(flagged.history.at(-1)).toEqual({
      at: after(DAYS, 1),
      kind: "status",
      source: null,
      code: null,
      text: "Open for more than 3 days, your wait limit",
    });
    expect(flagWaitLimit(flagged, after(DAYS, 60), { days: DAYS })).toBe(flagged);
  });

  it("clears the flag when the limit is turned off or raised", () => {
    const flagged = flagWaitLimit(openTrade(), after(DAYS, 1), { days: DAYS });
    const off = flagWaitLimit(flagged, after(DAYS, 2), { days: null });
    expect(off.lifecycle.overdueSince).toBeNull();
    expect(off.history).toBe(flagged.history);
    expect(flagWaitLimit(flagged, after(DAYS, 2), { days: 10 }).lifecycle.overdueSince).toBeNull();
  });

  it("does not flag a trade that is not open, or open only for a return", () => {
    for (const trade of [finalisingTrade(), completedTrade(), failedTrade(), openTrade({ returns: [aReturn()] })]) {
      expect(flagWaitLimit(trade, after(30), { days: DAYS })).toBe(trade);
    }
  });
});

describe("needsAutoCancel", () => {
  const limit = { days: 3, autoCancelOrigins: [ORIGIN] };
  const early = plusMinutes(ORDER_DATE, 24 * 60);
  const late = plusMinutes(ORDER_DATE, 4 * 24 * 60);

  it("asks for cancellation of an open trade over the limit at a shop the user chose", () => {
    expect(needsAutoCancel(openTrade(), late, limit)).toBe(true);
  });

  it.each([
    ["the limit is not reached", openTrade(), early, limit],
    ["the limit is off", openTrade(), late, { ...limit, days: null }],
    ["the user did not choose the shop", openTrade(), late, { ...limit, autoCancelOrigins: ["https://other.example"] }],
    ["the shop does not accept cancellation", openTrade({ info: { commands: shopCommands(["confirm"]) } }), late, limit],
    ["a finalisation is pending", finalisingTrade(), late, limit],
    ["the trade is completed", completedTrade(), late, limit],
  ] as const)("does not when %s", (_, trade, now, waitLimit) => {
    expect(needsAutoCancel(trade, now, { ...waitLimit, autoCancelOrigins: [...waitLimit.autoCancelOrigins] })).toBe(false);
  });

  it("tries once: after the shop refused the automatic cancellation the user decides", () => {
    const cancelling = ok(beginFinalising(openTrade(), "fail", "auto-cancel", REF, late));
    const refused = applyCommandOutcome(cancelling, { kind: "refused", message: "Already shipped" }, late);
    expect(refused.lifecycle.state).toBe("open");
    expect(needsAutoCancel(refused, plusMinutes(late, 60), limit)).toBe(false);
  });
});

describe("availableActions", () => {
  const refusedAll = (reason: string) => ({
    confirm: { ok: false, reason },
    cancel: { ok: false, reason },
    return: { ok: false, reason },
    reorder: { ok: false, reason },
    together: { ok: false, reason },
  });

  it("offers nothing when the shop announced no commands", () => {
    expect(availableActions(openTrade({ info: { commands: null } }))).toEqual(
      refusedAll("The shop announced no commands on its confirmation page"),
    );
  });

  it("offers everything the shop supports on an open trade, but a return only once delivered", () => {
    expect(availableActions(openTrade())).toEqual({
      confirm: { ok: true },
      cancel: { ok: true },
      return: { ok: false, reason: "Nothing has been delivered yet" },
      reorder: { ok: true },
      together: { ok: true },
    });
  });

  it("says which command the shop does not accept", () => {
    const none: CommandName[] = [];
    const actions = availableActions(openTrade({ info: { commands: shopCommands(none) }, delivery: { status: "delivered" } }));
    expect(actions).toEqual({
      confirm: { ok: false, reason: "Green Leaf Tea does not accept confirmation through TradeWatch" },
      cancel: { ok: false, reason: "Green Leaf Tea does not accept cancellation through TradeWatch" },
      return: { ok: false, reason: "Green Leaf Tea does not accept returns through TradeWatch" },
      reorder: { ok: false, reason: "Green Leaf Tea does not accept reorders through TradeWatch" },
      together: { ok: false, reason: "Green Leaf Tea does not accept all-or-nothing confirmation or cancellation through TradeWatch" },
    });
  });

  it("offers only a return and a reorder on a completed trade", () => {
    expect(availableActions(completedTrade())).toEqual({
      confirm: { ok: false, reason: "Only open orders can be confirmed" },
      cancel: { ok: false, reason: "Only open orders can be cancelled" },
      return: { ok: true },
      reorder: { ok: true },
      together: { ok: false, reason: "Only open orders can be confirmed or cancelled together" },
    });
  });

  it("offers no second return while one is open, and none while finalising", () => {
    const returning = ok(requestReturn(completedTrade(), RETURN, LATER));
    expect(availableActions(returning).return).toEqual({ ok: false, reason: "A return is already open" });
    const finalising = ok(beginFinalising(openTrade({ delivery: { status: "delivered" } }), "complete", "user", REF, NOW));
    expect(availableActions(finalising).return).toEqual({ ok: false, reason: "Wait for the shop's answer to your last command" });
  });
});
