import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";
import { appendHistory, saying } from "./history";
import { amountPaid, amountRefunded } from "./payments";
import { refreshSchedule } from "./schedule";
import { hasOpenReturn, isCancelled } from "./views";
import { plusMs } from "./time";
import type {
  CommandName,
  HistoryEntry,
  Intent,
  Lifecycle,
  PendingFinalisation,
  ShopOutcome,
  Trade,
  TradeState,
  TransitionCause,
} from "./types";

/**
 * The four-state lifecycle of a trade (seed 000 claim 1): open → finalising → completed |
 * failed. The state is derived from the statuses and the pending finalisation (lifecycleTarget);
 * every move is checked against ALLOWED_TRANSITIONS and recorded with its time and cause.
 * docs/lifecycle.md has the rules as tables.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** How long the shop has to give its final word on a finalisation before the command is sent again. */
export const FINALISE_TIMEOUT_MS = 10 * MINUTE_MS;
/** Resends after a timeout before giving up; each waits twice as long as the one before. */
export const MAX_FINALISE_RESENDS = 4;

type Move = readonly [from: TradeState | null, to: TradeState];

/**
 * Every move a cause may make; any other is refused (advanceLifecycle throws). Statuses may
 * move a final trade again (a payment declined, then paid; a completed order fully refunded).
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<TransitionCause, readonly Move[]>> = {
  captured: [[null, "open"]],
  status: [
    ["open", "completed"],
    ["open", "failed"],
    ["finalising", "completed"],
    ["finalising", "failed"],
    ["completed", "open"],
    ["completed", "failed"],
    ["failed", "open"],
    ["failed", "completed"],
  ],
  command: [["open", "finalising"]],
  // The shop's final word ends a finalisation, and overrides what the statuses said.
  "shop-reply": [
    ["open", "completed"],
    ["open", "failed"],
    ["finalising", "open"],
    ["finalising", "completed"],
    ["finalising", "failed"],
    ["completed", "failed"],
    ["failed", "open"],
    ["failed", "completed"],
  ],
  refused: [["finalising", "open"]],
  // A resend after a timeout keeps the trade finalising: it is a history entry, not a move.
  timeout: [],
  "retries-exhausted": [["finalising", "open"]],
  collective: [
    ["open", "finalising"],
    ["finalising", "open"],
  ],
  // A return answered while a finalisation is pending completes the trade as a status would.
  return: [
    ["completed", "open"],
    ["open", "completed"],
    ["finalising", "completed"],
  ],
  "auto-cancel": [["open", "finalising"]],
  upgrade: [
    ["open", "completed"],
    ["open", "failed"],
  ],
};

export function isAllowedTransition(from: TradeState | null, to: TradeState, cause: TransitionCause): boolean {
  return ALLOWED_TRANSITIONS[cause].some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);
}

function isFinalState(state: TradeState): boolean {
  return state === "completed" || state === "failed";
}

export function initialLifecycle(now: string, lang: Language = ENGLISH): Lifecycle {
  return {
    state: "open",
    since: now,
    pending: null,
    overdueSince: null,
    transitions: [{ at: now, from: null, to: "open", cause: "captured", text: lang.t("event_orderCaptured") }],
  };
}

/** Handed over: the carrier delivered it, or the shop says delivered and the carrier did not send it back. */
export function isDelivered(trade: Trade): boolean {
  const { shop, delivery } = trade.processing;
  return delivery.status === "delivered" || (shop.status === "delivered" && delivery.status !== "returned");
}

/** The payment service says refunded, or its refunds cover everything paid in the order's currency. */
function fullyRefunded(trade: Trade): boolean {
  const { payment } = trade.processing;
  if (payment.status === "refunded") return true;
  const paid = amountPaid(payment, trade.info.total.currency);
  if (paid === null || paid.minor === 0) return false;
  const refunded = amountRefunded(payment, paid);
  return refunded !== null && refunded >= paid.minor;
}

/** Why the trade failed, or null when it did not. */
function failure(trade: Trade): MessageKey | null {
  if (isCancelled(trade)) return "event_failedCancelled";
  if (trade.processing.payment.status === "failed") return "event_failedDeclined";
  if (fullyRefunded(trade)) return "event_failedRefunded";
  return null;
}

/** Why the trade is complete, or null when it is not (an open return keeps it open). */
function completion(trade: Trade): MessageKey | null {
  if (hasOpenReturn(trade)) return null;
  if (trade.processing.shop.outcome === "completed") return "event_completeConfirmed";
  if (isDelivered(trade) && trade.processing.payment.status === "settled") return "event_completeDeliveredPaid";
  return null;
}

/** The state the statuses and the pending finalisation put the trade in, with (the key of) a sentence saying why. */
function derive(trade: Trade): { state: TradeState; why: MessageKey } {
  const failed = failure(trade);
  if (failed !== null) return { state: "failed", why: failed };
  const completed = completion(trade);
  if (completed !== null) return { state: "completed", why: completed };
  const { pending } = trade.lifecycle;
  if (pending !== null) {
    return { state: "finalising", why: pending.intent === "complete" ? "event_completionRequested" : "event_cancellationRequested" };
  }
  return { state: "open", why: hasOpenReturn(trade) ? "event_returnOpen" : "event_waiting" };
}

export function lifecycleTarget(trade: Trade): TradeState {
  return derive(trade).state;
}

/**
 * Moves the trade to the state its statuses now call for, recording the transition; the same
 * object when it is already there. A final state ends any pending finalisation, and leaving
 * "open" ends the wait-limit flag. Throws on a move ALLOWED_TRANSITIONS refuses: a caller
 * passing the wrong cause is a bug, not something to store.
 */
export function advanceLifecycle(trade: Trade, now: string, cause: TransitionCause, text?: string, lang: Language = ENGLISH): Trade {
  const target = derive(trade);
  const { lifecycle } = trade;
  const from = lifecycle.state;
  const to = target.state;
  if (to === from) return trade;
  if (!isAllowedTransition(from, to, cause)) throw new Error(`A trade cannot move from ${from} to ${to} by ${cause}`);
  return {
    ...trade,
    lifecycle: {
      state: to,
      since: now,
      pending: isFinalState(to) ? null : lifecycle.pending,
      overdueSince: to === "open" ? lifecycle.overdueSince : null,
      transitions: [...lifecycle.transitions, { at: now, from, to, cause, text: text ?? lang.t(target.why) }],
    },
  };
}

/** The lifecycle moved by something other than an answer: the sources to watch may have changed too. */
function advanceAndReschedule(trade: Trade, now: string, cause: TransitionCause, text: string, lang: Language): Trade {
  return refreshSchedule(advanceLifecycle(trade, now, cause, text, lang), now);
}

function commandEntry(text: string, at: string): HistoryEntry {
  return { at, kind: "command", source: "shop", code: null, text };
}

/** The wait for the shop's final word: FINALISE_TIMEOUT_MS, doubled with every resend. */
function finaliseDeadline(now: string, resends: number): string {
  return plusMs(now, FINALISE_TIMEOUT_MS * 2 ** resends);
}

/** "together": join an all-or-nothing selection of several trades. */
export type TradeAction = "confirm" | "cancel" | "return" | "reorder" | "together";
export type Availability = { ok: true } | { ok: false; reason: string };

/** The commands the shop must have announced for each action. */
const NEEDS: Record<TradeAction, readonly CommandName[]> = {
  confirm: ["confirm"],
  cancel: ["cancel"],
  return: ["return"],
  reorder: ["reorder"],
  together: ["prepare", "commit", "abort"],
};

const OK: Availability = { ok: true };

function availability(trade: Trade, action: TradeAction, lang: Language): Availability {
  const refuse = (key: MessageKey, ...subs: string[]): Availability => ({ ok: false, reason: lang.t(key, ...subs) });
  const { commands } = trade.info;
  if (commands === null) return refuse("event_noCommands");
  if (!NEEDS[action].every((command) => commands.supports.includes(command))) {
    return refuse(`event_notAccepted_${action}`, trade.info.shop.name);
  }
  const { state } = trade.lifecycle;
  switch (action) {
    case "confirm":
      return state === "open" ? OK : refuse("event_onlyOpenConfirm");
    case "cancel":
      return state === "open" ? OK : refuse("event_onlyOpenCancel");
    case "together":
      return state === "open" ? OK : refuse("event_onlyOpenTogether");
    case "return":
      if (state === "finalising") return refuse("event_waitForAnswer");
      if (!isDelivered(trade)) return refuse("event_nothingDelivered");
      if (hasOpenReturn(trade)) return refuse("event_returnAlreadyOpen");
      return OK;
    case "reorder":
      return OK;
  }
}

/**
 * What the user may do with the trade, and why not where they may not (the UI offers only what
 * the shop supports), the reasons written in `lang`.
 */
export function availableActions(trade: Trade, lang: Language = ENGLISH): Record<TradeAction, Availability> {
  return {
    confirm: availability(trade, "confirm", lang),
    cancel: availability(trade, "cancel", lang),
    return: availability(trade, "return", lang),
    reorder: availability(trade, "reorder", lang),
    together: availability(trade, "together", lang),
  };
}

const BEGIN_CAUSE: Record<PendingFinalisation["by"], TransitionCause> = {
  user: "command",
  collective: "collective",
  "auto-cancel": "auto-cancel",
};

const BEGIN_TEXT: Record<PendingFinalisation["by"], Record<Intent, MessageKey>> = {
  user: { complete: "event_userConfirmed", fail: "event_userCancelled" },
  collective: { complete: "event_togetherConfirmed", fail: "event_togetherCancelled" },
  "auto-cancel": { complete: "event_autoConfirmed", fail: "event_autoCancelled" },
};

const SENT_TEXT: Record<"alone" | "together", Record<Intent, MessageKey>> = {
  alone: { complete: "event_confirmationSent", fail: "event_cancellationSent" },
  together: { complete: "event_confirmationSentTogether", fail: "event_cancellationSentTogether" },
};

/**
 * A finalisation was commanded (seed 000 claims 2, 6, 9): the trade waits for the shop's final
 * word until a deadline. Only an open trade, and only when its shop announced the commands
 * needed (confirm or cancel; prepare, commit and abort for an all-or-nothing action).
 */
export function beginFinalising(
  trade: Trade,
  intent: Intent,
  by: PendingFinalisation["by"],
  ref: { commandKey: string | null; collectiveId: string | null },
  now: string,
  lang: Language = ENGLISH,
): Trade | { error: string } {
  const actions = availableActions(trade, lang);
  const action = by === "collective" ? actions.together : actions[intent === "complete" ? "confirm" : "cancel"];
  if (!action.ok) return { error: action.reason };
  const pending: PendingFinalisation = {
    intent,
    by,
    commandedAt: now,
    commandKey: ref.commandKey,
    collectiveId: ref.collectiveId,
    deadline: finaliseDeadline(now, 0),
    resends: 0,
  };
  const sent = lang.t(SENT_TEXT[by === "collective" ? "together" : "alone"][intent], trade.info.shop.name);
  const commanded = appendHistory({ ...trade, lifecycle: { ...trade.lifecycle, pending } }, [commandEntry(sent, now)]);
  return advanceAndReschedule(commanded, now, BEGIN_CAUSE[by], lang.t(BEGIN_TEXT[by][intent]), lang);
}

/**
 * What became of a finalisation command: `done` (the shop's completion notice, `outcome`),
 * `accepted` (it will say later, through its status), `refused`, `gave-up` (no answer after
 * every retry) or `aborted` (the all-or-nothing action it belonged to was called off).
 */
export type CommandOutcome =
  | { kind: "done"; outcome: ShopOutcome | null; message: string | null }
  | { kind: "accepted"; message: string | null }
  | { kind: "refused"; message: string | null }
  | { kind: "gave-up"; message: string }
  | { kind: "aborted"; message: string };

const INTENT_OUTCOME: Record<Intent, ShopOutcome> = { complete: "completed", fail: "failed" };

const ENDING_CAUSE = { refused: "refused", "gave-up": "retries-exhausted", aborted: "collective" } as const;

/** By what the command was for: a confirmation, a cancellation, or (nothing pending any more) a request. */
const ENDING_TEXT: Record<"refused" | "gave-up", Record<Intent | "none", MessageKey>> = {
  refused: { complete: "event_refusedConfirmation", fail: "event_refusedCancellation", none: "event_refusedRequest" },
  "gave-up": { complete: "event_noAnswerConfirmation", fail: "event_noAnswerCancellation", none: "event_noAnswerRequest" },
};

function endingText(trade: Trade, result: Exclude<CommandOutcome, { kind: "done" | "accepted" }>, lang: Language): string {
  const shop = trade.info.shop.name;
  const what = trade.lifecycle.pending?.intent ?? "none";
  switch (result.kind) {
    case "refused":
      return lang.t(ENDING_TEXT.refused[what], shop, result.message ?? lang.t("event_noReason"));
    case "gave-up":
      return lang.t(ENDING_TEXT["gave-up"][what], shop, result.message);
    case "aborted":
      return lang.t("event_calledOff", result.message);
  }
}

/**
 * Records the shop's answer to a finalisation (seed 000 claim 9). The shop's words go into the
 * history, so the user can read why it refused. `done` without an outcome means the command
 * took effect as asked.
 */
export function applyCommandOutcome(trade: Trade, result: CommandOutcome, now: string, lang: Language = ENGLISH): Trade {
  const { pending } = trade.lifecycle;
  const shop = trade.info.shop.name;
  const said = saying(result.message);
  switch (result.kind) {
    case "done": {
      const outcome = result.outcome ?? (pending === null ? null : INTENT_OUTCOME[pending.intent]);
      if (outcome === null) return trade;
      const text = lang.t(outcome === "completed" ? "event_shopConfirmed" : "event_shopCancelled", shop, said);
      const answered: Trade = {
        ...trade,
        processing: { ...trade.processing, shop: { ...trade.processing.shop, outcome } },
        lifecycle: { ...trade.lifecycle, pending: null },
      };
      return advanceAndReschedule(appendHistory(answered, [commandEntry(text, now)]), now, "shop-reply", text, lang);
    }
    case "accepted": {
      if (pending === null) return trade;
      const waiting = { ...pending, deadline: finaliseDeadline(now, pending.resends) };
      return appendHistory({ ...trade, lifecycle: { ...trade.lifecycle, pending: waiting } }, [
        commandEntry(lang.t("event_shopAccepted", shop, said), now),
      ]);
    }
    default: {
      const text = endingText(trade, result, lang);
      const ended = appendHistory({ ...trade, lifecycle: { ...trade.lifecycle, pending: null } }, [commandEntry(text, now)]);
      return advanceAndReschedule(ended, now, ENDING_CAUSE[result.kind], text, lang);
    }
  }
}

/** The shop has not given its final word by the deadline (seed 000 claim 5). */
export function finaliseTimedOut(trade: Trade, now: string): boolean {
  const { pending } = trade.lifecycle;
  return pending !== null && Date.parse(pending.deadline) <= Date.parse(now);
}

/**
 * After the deadline: the command is sent again (idempotently, same key) with a longer deadline,
 * up to MAX_FINALISE_RESENDS times; then TradeWatch gives up and the trade is open again.
 */
export function afterFinaliseTimeout(trade: Trade, now: string, lang: Language = ENGLISH): { trade: Trade; resend: boolean } {
  const { pending } = trade.lifecycle;
  if (pending === null || !finaliseTimedOut(trade, now)) return { trade, resend: false };
  if (pending.resends >= MAX_FINALISE_RESENDS) {
    const message = lang.tn("event_noFinalAnswer", pending.resends + 1);
    return { trade: applyCommandOutcome(trade, { kind: "gave-up", message }, now, lang), resend: false };
  }
  const resends = pending.resends + 1;
  const text = lang.t("event_sentAgain", trade.info.shop.name, resends, MAX_FINALISE_RESENDS);
  const waiting = { ...pending, resends, deadline: finaliseDeadline(now, resends) };
  return {
    trade: appendHistory({ ...trade, lifecycle: { ...trade.lifecycle, pending: waiting } }, [commandEntry(text, now)]),
    resend: true,
  };
}

/**
 * Open longer than the user's limit, counted from capture (seed 000 claim 6). A trade open only
 * because a return is being handled is not waiting for its order, so it does not count.
 */
function isOverWaitLimit(trade: Trade, now: string, days: number | null): boolean {
  return (
    days !== null &&
    trade.lifecycle.state === "open" &&
    !hasOpenReturn(trade) &&
    Date.parse(trade.info.capturedAt) + days * DAY_MS < Date.parse(now)
  );
}

/** Sets or clears the wait-limit flag (lifecycle.overdueSince); the history says so once, when it is set. */
export function flagWaitLimit(trade: Trade, now: string, limit: { days: number | null }, lang: Language = ENGLISH): Trade {
  const over = isOverWaitLimit(trade, now, limit.days);
  const { lifecycle } = trade;
  if (over === (lifecycle.overdueSince !== null)) return trade;
  if (!over || limit.days === null) return { ...trade, lifecycle: { ...lifecycle, overdueSince: null } };
  const entry: HistoryEntry = { at: now, kind: "status", source: null, code: null, text: lang.tn("event_overWaitLimit", limit.days) };
  return appendHistory({ ...trade, lifecycle: { ...lifecycle, overdueSince: now } }, [entry]);
}

/**
 * The trade should be cancelled automatically: over the wait limit, at a shop the user turned
 * automatic cancellation on for (by origin), which accepts cancellation, with nothing pending.
 * Tried once: after a refusal the trade stays open for the user to decide.
 */
export function needsAutoCancel(
  trade: Trade,
  now: string,
  waitLimit: { days: number | null; autoCancelOrigins: string[] },
): boolean {
  const { lifecycle } = trade;
  return (
    isOverWaitLimit(trade, now, waitLimit.days) &&
    lifecycle.pending === null &&
    waitLimit.autoCancelOrigins.includes(trade.info.shop.origin) &&
    availableActions(trade).cancel.ok &&
    !lifecycle.transitions.some((transition) => transition.cause === "auto-cancel")
  );
}

/**
 * A collective's commit that the shop accepted without finishing it yet: the collective is done
 * with this trade, which from now on waits for the shop's outcome on its own deadline, like a
 * single confirm or cancel.
 */
export function leaveCollective(trade: Trade): Trade {
  const { pending } = trade.lifecycle;
  if (pending === null || pending.collectiveId === null) return trade;
  return { ...trade, lifecycle: { ...trade.lifecycle, pending: { ...pending, collectiveId: null } } };
}
