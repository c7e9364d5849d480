import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Intent, Trade } from "../lib/domain/types";
import { t, tn } from "../lib/i18n/t";
import type { CollectiveReply } from "../lib/messages/schema";
import { onEscape } from "./escape";
import type { Answer } from "./TradeActions";
import { markedOff } from "./ui/marked-off";

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
  const cancelAll = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  // The question takes the focus, and hands it back to "Cancel all" when it goes.
  useEffect(() => {
    if (askCancel) keep.current?.focus();
    else if (asked.current) cancelAll.current?.focus();
    asked.current = askCancel;
  }, [askCancel]);

  const shops = new Set(selected.map((trade) => trade.info.shop.origin)).size;
  const orders = tn("together_orders", selected.length);
  const atShops = tn("together_shops", shops);
  const summary = selected.length === 0 ? t("together_noneSelected") : t("together_selected", orders, atShops);

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
      <p class="together-hint">{t("together_hint")}</p>
      {askCancel ? (
        <div
          class="confirm-step"
          role="group"
          aria-labelledby={`${headingId}-question`}
          onKeyDown={onEscape(() => setAskCancel(false))}
        >
          <p id={`${headingId}-question`}>{t("together_cancelQuestion", orders, atShops)}</p>
          <div class="form-actions">
            <button type="button" class="button button-small button-danger" onClick={() => void send("fail")}>
              {t("together_cancelAll")}
            </button>
            <button ref={keep} type="button" class="button button-small" onClick={() => setAskCancel(false)}>
              {t("together_keepThem")}
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
                {...markedOff(sending !== null, () => void send("complete"))}
              >
                {sending === "complete" ? t("together_confirming") : t("together_confirmAll")}
              </button>
              <button
                ref={cancelAll}
                type="button"
                class="button button-small"
                {...markedOff(sending !== null, () => setAskCancel(true))}
              >
                {sending === "fail" ? t("together_cancelling") : t("together_cancelAll")}
              </button>
            </>
          ) : (
            <p class="muted">{tn("together_selectAtLeast", MIN_TOGETHER)}</p>
          )}
          <button type="button" class="button button-small" onClick={onDone}>
            {t("together_done")}
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
