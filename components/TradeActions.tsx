import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Availability, TradeAction } from "../lib/domain/lifecycle";
import { returnableItems } from "../lib/domain/returnable";
import type { Intent, ReturnItem, ReturnStatus, Trade, TradeState } from "../lib/domain/types";
import type { MessageKey } from "../lib/i18n/catalog";
import { t } from "../lib/i18n/t";
import type { ErrorReply, FinaliseReply, ReorderReply, ReturnReply } from "../lib/messages/schema";
import { onEscape } from "./escape";
import { listOf } from "./labels";
import { ReorderForm } from "./ReorderForm";
import { ReturnForm } from "./ReturnForm";
import { tradingIdAt } from "./trade-ids";
import { markedOff } from "./ui/marked-off";

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

const BUTTON_LABELS: Record<CardAction, MessageKey> = {
  confirm: "trade_confirmReceipt",
  cancel: "trade_cancelOrder",
  return: "trade_returnItemsOpen",
  reorder: "trade_reorderOpen",
};

const RUNNING_LABELS: Record<CardAction, MessageKey> = {
  confirm: "trade_confirming",
  cancel: "trade_cancelling",
  return: "trade_sendingReturn",
  reorder: "trade_ordering",
};

/** For "Why can't I …?" */
const ACTION_VERBS: Record<CardAction, MessageKey> = {
  confirm: "trade_verbConfirm",
  cancel: "trade_verbCancel",
  return: "trade_verbReturn",
  reorder: "trade_verbReorder",
};

/** Each reason's heading in the "Why can't I …?" list. */
const WHY_HEADINGS: Record<CardAction, MessageKey> = {
  confirm: "trade_confirmReceipt",
  cancel: "trade_whyCancel",
  return: "trade_whyReturn",
  reorder: "trade_whyReorder",
};

/** What the order's state after a confirm or cancel means; the shop's name is $1 where it is said. */
const FINALISED: Record<TradeState, MessageKey> = {
  open: "trade_notAccepted",
  finalising: "trade_sentWaiting",
  completed: "trade_nowCompleted",
  failed: "trade_nowCancelled",
};

const RETURN_SAID: Record<ReturnStatus, MessageKey> = {
  requesting: "trade_returnSaidRequesting",
  accepted: "trade_returnSaidAccepted",
  refused: "trade_returnSaidRefused",
  received: "trade_returnSaidReceived",
  refunded: "trade_returnSaidRefunded",
  failed: "trade_returnSaidFailed",
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
  /** The element in here that last had the focus; when it goes with the focus, the answer's line takes it. */
  const lastFocused = useRef<HTMLElement | null>(null);
  const orphaned = useRef(false);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const alertLine = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (panel === "cancel") keep.current?.focus();
  }, [panel]);

  useEffect(() => {
    if (refocus === null) return;
    buttons.current[refocus]?.focus();
    setRefocus(null);
  }, [refocus]);

  // An action the trade no longer offers (confirmed, returned) takes its button away, focus and
  // all: the keyboard user is put on what the shop said, once it is said, not on the top of the page.
  useEffect(() => {
    const gone = lastFocused.current;
    if (gone !== null && !gone.isConnected) {
      lastFocused.current = null;
      orphaned.current = true;
    }
    if (!orphaned.current) return;
    if (document.activeElement !== null && document.activeElement !== document.body) {
      orphaned.current = false;
      return;
    }
    const line = said === null ? null : said.tone === "status" ? statusLine.current : alertLine.current;
    if (line === null) return;
    orphaned.current = false;
    line.focus();
  });

  const shopSaid = (message: string | null) => (message ? ` ${t("trade_shopSaid", shop.name, message)}` : "");

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
    void run(action, () => onFinalise(trade.id, intent), (reply) => t(FINALISED[reply.state], shop.name) + shopSaid(reply.message));

  async function sendReturn(items: ReturnItem[], reason: string) {
    const reply = await run(
      "return",
      () => onReturn(trade.id, items, reason),
      (reply) => t(RETURN_SAID[reply.status]) + shopSaid(reply.message),
    );
    if (reply !== null) close("return");
  }

  async function sendReorder(items: ReturnItem[]) {
    const reply = await run(
      "reorder",
      () => onReorder(trade.id, items),
      ({ tradeId, message }) =>
        (tradeId === null
          ? t("trade_reorderSent", shop.name)
          : t("trade_reorderedAs", tradingIdAt(tradeId, shop.origin))) + shopSaid(message),
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
      // Marked off, not disabled: the confirmation step hands the keyboard focus back to it.
      {...markedOff(running.has(action), onClick)}
      aria-expanded={expanded}
    >
      {t(running.has(action) ? RUNNING_LABELS[action] : BUTTON_LABELS[action])}
    </button>
  );

  return (
    <div
      class="trade-actions"
      onFocusIn={(event) => {
        lastFocused.current = event.target as HTMLElement;
      }}
    >
      {offered.length > 0 && (
        <div class="action-buttons" role="group" aria-label={t("trade_actionsFor", tradingId)}>
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
        <div class="confirm-step" role="group" aria-labelledby={questionId} onKeyDown={onEscape(() => close("cancel"))}>
          <p id={questionId}>{t("trade_cancelQuestion", tradingId, shop.name)}</p>
          <div class="form-actions">
            <button
              type="button"
              class="button button-small button-danger"
              onClick={() => {
                close("cancel");
                finalise("cancel", "fail");
              }}
            >
              {t("trade_cancelOrder")}
            </button>
            <button ref={keep} type="button" class="button button-small" onClick={() => close("cancel")}>
              {t("trade_keepIt")}
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
      <p ref={statusLine} class="action-status live-region" role="status" tabIndex={-1}>
        {said?.tone === "status" ? said.text : ""}
      </p>
      {said?.tone === "alert" && (
        <p ref={alertLine} class="action-error" role="alert" tabIndex={-1}>
          {said.text}
        </p>
      )}
      {refused.length > 0 && <WhyNot refused={refused} />}
    </div>
  );
}

/** "Why can't I …?": the reasons are rendered only while the disclosure is open (most cards carry one, few are read). */
function WhyNot({ refused }: { refused: { action: CardAction; reason: string }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="why-not" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t("trade_whyNot", listOf(refused.map(({ action }) => t(ACTION_VERBS[action])), "or"))}</summary>
      {open && (
        <ul>
          {refused.map(({ action, reason }) => (
            <li key={action}>
              <strong>{t("trade_labelled", t(WHY_HEADINGS[action]))}</strong> {reason}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
