import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Intent, Trade } from "../lib/domain/types";
import type { CollectiveReply } from "../lib/messages/schema";
import { countOf } from "./labels";
import type { Answer } from "./TradeActions";

/** The protocol's least: one order alone is confirmed or cancelled from its own card. */
const MIN_TOGETHER = 2;

export interface TogetherBarProps {
  /** The selected trades that may still be finalised together. */
  selected: Trade[];
  onCollective: (tradeIds: string[], intent: Intent) => Promise<Answer<CollectiveReply>>;
  /** The request was taken: its progress is shown elsewhere. */
  onStarted: () => void;
  onDone: () => void;
}

/**
 * "Select orders" mode's bar (seed 000 claims 2–3): what is selected, and confirming or
 * cancelling all of it at once, all or nothing. Cancelling asks once more first.
 */
export function TogetherBar({ selected, onCollective, onStarted, onDone }: TogetherBarProps) {
  const headingId = useId();
  const [sending, setSending] = useState<Intent | null>(null);
  const [askCancel, setAskCancel] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (askCancel) keep.current?.focus();
  }, [askCancel]);

  const shops = new Set(selected.map((trade) => trade.info.shop.origin)).size;
  const summary =
    selected.length === 0
      ? "No orders selected"
      : `${countOf(selected.length, "order")} at ${countOf(shops, "shop")} selected`;

  async function send(intent: Intent) {
    if (sending !== null) return;
    setAskCancel(false);
    setSending(intent);
    setError(null);
    const reply = await onCollective(
      selected.map((trade) => trade.id),
      intent,
    );
    setSending(null);
    if ("error" in reply) setError(reply.error);
    else onStarted();
  }

  return (
    <section class="together-bar" aria-labelledby={headingId}>
      <h2 id={headingId} class="together-summary">
        {summary}
      </h2>
      <p class="together-hint">All or nothing: if any shop cannot, none is changed.</p>
      {askCancel ? (
        <div class="confirm-step" role="group" aria-labelledby={`${headingId}-question`}>
          <p id={`${headingId}-question`}>Cancel {countOf(selected.length, "order")} at {countOf(shops, "shop")}?</p>
          <div class="form-actions">
            <button type="button" class="button button-small button-danger" onClick={() => void send("fail")}>
              Cancel all
            </button>
            <button ref={keep} type="button" class="button button-small" onClick={() => setAskCancel(false)}>
              Keep them
            </button>
          </div>
        </div>
      ) : (
        <div class="form-actions">
          {selected.length >= MIN_TOGETHER ? (
            <>
              <button
                type="button"
                class="button button-small button-primary"
                aria-disabled={sending !== null || undefined}
                onClick={() => void send("complete")}
              >
                {sending === "complete" ? "Confirming…" : "Confirm all"}
              </button>
              <button
                type="button"
                class="button button-small"
                aria-disabled={sending !== null || undefined}
                onClick={() => sending === null && setAskCancel(true)}
              >
                {sending === "fail" ? "Cancelling…" : "Cancel all"}
              </button>
            </>
          ) : (
            <p class="muted">Select at least {MIN_TOGETHER} orders to confirm or cancel them together.</p>
          )}
          <button type="button" class="button button-small" onClick={onDone}>
            Done
          </button>
        </div>
      )}
      {error !== null && (
        <p class="action-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
