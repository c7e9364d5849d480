import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Availability, TradeAction } from "../lib/domain/lifecycle";
import { returnableItems } from "../lib/domain/returns";
import type { Intent, ReturnItem, Trade, TradeState } from "../lib/domain/types";
import type { ErrorReply, FinaliseReply, ReorderReply, ReturnReply } from "../lib/messages/schema";
import { capitalise, listOf, RETURN_STATUS_LABELS } from "./labels";
import { ReorderForm } from "./ReorderForm";
import { ReturnForm } from "./ReturnForm";
import { tradingIdAt } from "./trade-ids";

/** What the background answered, or why it could not be asked. */
export type Answer<T> = T | ErrorReply;

/** Commands the popup relays to the background; each promise resolves with the answer and never rejects. */
export interface TradeCommands {
  onFinalise: (tradeId: string, intent: Intent) => Promise<Answer<FinaliseReply>>;
  onReturn: (tradeId: string, items: ReturnItem[], reason: string) => Promise<Answer<ReturnReply>>;
  onReorder: (tradeId: string, items: ReturnItem[]) => Promise<Answer<ReorderReply>>;
}

export type Actions = Record<TradeAction, Availability>;
/** The actions on one trade; "together" is offered by the popup's "Select orders" mode instead. */
type CardAction = "confirm" | "cancel" | "return" | "reorder";
const CARD_ACTIONS: readonly CardAction[] = ["confirm", "cancel", "return", "reorder"];

const BUTTON_LABELS: Record<CardAction, string> = {
  confirm: "Confirm receipt",
  cancel: "Cancel order",
  return: "Return items…",
  reorder: "Reorder…",
};

const RUNNING_LABELS: Record<CardAction, string> = {
  confirm: "Confirming…",
  cancel: "Cancelling…",
  return: "Sending return…",
  reorder: "Ordering…",
};

/** For "Why can't I …?" and its list. */
const ACTION_VERBS: Record<CardAction, string> = {
  confirm: "confirm receipt",
  cancel: "cancel",
  return: "return items",
  reorder: "reorder",
};

const FINALISED: Record<TradeState, (shop: string) => string> = {
  open: (shop) => `${shop} did not accept it: the order stays open.`,
  finalising: (shop) => `Sent to ${shop}. Waiting for its answer.`,
  completed: () => "The order is completed.",
  failed: () => "The order is cancelled.",
};

export interface TradeActionsProps extends TradeCommands {
  trade: Trade;
  actions: Actions;
  /** Shows another trade (the new order after a reorder), scrolled to and focused. */
  onFocusTrade: (tradeId: string) => void;
}

type Panel = "cancel" | "return" | "reorder";
type Said = { tone: "status" | "alert"; text: string } | null;

/**
 * The commands one trade offers (seed 000 claim 9, seed 002 claims 9–10), only those its
 * lifecycle and shop allow; the others are explained. The shop's answer is shown on the card.
 */
export function TradeActions({ trade, actions, onFinalise, onReturn, onReorder, onFocusTrade }: TradeActionsProps) {
  const { tradingId, shop } = trade.info;
  const questionId = useId();
  const [running, setRunning] = useState<ReadonlySet<CardAction>>(new Set());
  const [panel, setPanel] = useState<Panel | null>(null);
  const [said, setSaid] = useState<Said>(null);
  const buttons = useRef<Partial<Record<CardAction, HTMLButtonElement | null>>>({});
  const keep = useRef<HTMLButtonElement>(null);
  // A closed panel hands focus back to the button that opened it.
  const [refocus, setRefocus] = useState<CardAction | null>(null);

  useEffect(() => {
    if (panel === "cancel") keep.current?.focus();
  }, [panel]);

  useEffect(() => {
    if (refocus === null) return;
    buttons.current[refocus]?.focus();
    setRefocus(null);
  }, [refocus]);

  const shopSaid = (message: string | null) => (message ? ` ${shop.name} said: “${message}”` : "");

  /** Sends one command and says how it went; the reply when the background took it (even if the shop said no). */
  async function run<T extends object>(
    action: CardAction,
    send: () => Promise<Answer<T>>,
    describe: (reply: T) => string,
  ): Promise<T | null> {
    setRunning((current) => new Set(current).add(action));
    setSaid(null);
    const reply = await send();
    setRunning((current) => new Set([...current].filter((a) => a !== action)));
    if ("error" in reply) {
      setSaid({ tone: "alert", text: reply.error });
      return null;
    }
    setSaid({ tone: "status", text: describe(reply) });
    return reply;
  }

  function close(action: CardAction) {
    setPanel(null);
    setRefocus(action);
  }

  const finalise = (action: CardAction, intent: Intent) =>
    void run(action, () => onFinalise(trade.id, intent), (reply) => FINALISED[reply.state](shop.name) + shopSaid(reply.message));

  async function sendReturn(items: ReturnItem[], reason: string) {
    const reply = await run(
      "return",
      () => onReturn(trade.id, items, reason),
      (reply) => `Return ${RETURN_STATUS_LABELS[reply.status].toLowerCase()}.${shopSaid(reply.message)}`,
    );
    if (reply !== null) close("return");
  }

  async function sendReorder(items: ReturnItem[]) {
    const reply = await run(
      "reorder",
      () => onReorder(trade.id, items),
      ({ tradeId, message }) =>
        (tradeId === null
          ? `Sent to ${shop.name}. The new order appears here once it is placed.`
          : `Ordered again as ${tradingIdAt(tradeId, shop.origin)}.`) + shopSaid(message),
    );
    if (reply === null) return;
    if (reply.tradeId === null) close("reorder");
    else {
      setPanel(null);
      onFocusTrade(reply.tradeId);
    }
  }

  const offered = CARD_ACTIONS.filter((action) => actions[action].ok);
  const refused = CARD_ACTIONS.flatMap((action) => {
    const verdict = actions[action];
    return verdict.ok ? [] : [{ action, reason: verdict.reason }];
  });

  const button = (action: CardAction, onClick: () => void, expanded?: boolean) => (
    <button
      key={action}
      ref={(element) => {
        buttons.current[action] = element;
      }}
      type="button"
      class={action === "confirm" ? "button button-small button-primary" : "button button-small"}
      // Not `disabled`: a disabled button drops the keyboard focus the confirmation step hands back to it.
      aria-disabled={running.has(action) || undefined}
      aria-expanded={expanded}
      onClick={() => {
        if (!running.has(action)) onClick();
      }}
    >
      {running.has(action) ? RUNNING_LABELS[action] : BUTTON_LABELS[action]}
    </button>
  );

  return (
    <div class="trade-actions">
      {offered.length > 0 && (
        <div class="action-buttons" role="group" aria-label={`Actions for order ${tradingId}`}>
          {offered.map((action) => {
            switch (action) {
              case "confirm":
                return button(action, () => finalise("confirm", "complete"));
              case "cancel":
                // The confirmation step stands in for the button while it is asked.
                return panel === "cancel" ? null : button(action, () => setPanel("cancel"));
              case "return":
              case "reorder":
                return button(action, () => (panel === action ? close(action) : setPanel(action)), panel === action);
            }
          })}
        </div>
      )}
      {panel === "cancel" && (
        <div class="confirm-step" role="group" aria-labelledby={questionId}>
          <p id={questionId}>
            Cancel order {tradingId} at {shop.name}?
          </p>
          <div class="form-actions">
            <button
              type="button"
              class="button button-small button-danger"
              onClick={() => {
                close("cancel");
                finalise("cancel", "fail");
              }}
            >
              Cancel order
            </button>
            <button ref={keep} type="button" class="button button-small" onClick={() => close("cancel")}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {panel === "return" && (
        <ReturnForm
          tradingId={tradingId}
          items={returnableItems(trade)}
          sending={running.has("return")}
          onSubmit={(items, reason) => void sendReturn(items, reason)}
          onCancel={() => close("return")}
        />
      )}
      {panel === "reorder" && (
        <ReorderForm
          trade={trade}
          sending={running.has("reorder")}
          onSubmit={(items) => void sendReorder(items)}
          onCancel={() => close("reorder")}
        />
      )}
      <p class="action-status" role="status">
        {said?.tone === "status" ? said.text : ""}
      </p>
      {said?.tone === "alert" && (
        <p class="action-error" role="alert">
          {said.text}
        </p>
      )}
      {refused.length > 0 && (
        <details class="why-not">
          <summary>Why can't I {listOf(refused.map(({ action }) => ACTION_VERBS[action]), "or")}?</summary>
          <ul>
            {refused.map(({ action, reason }) => (
              <li key={action}>
                <strong>{capitalise(ACTION_VERBS[action])}:</strong> {reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
