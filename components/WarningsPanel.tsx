import { useId, useLayoutEffect, useRef } from "preact/hooks";
import type { Source, Trade, WarningCode } from "../lib/domain/types";
import { acknowledgedWarnings, openWarnings, type ListedWarning } from "../lib/domain/views";
import { t, tn } from "../lib/i18n/t";
import { formatMoment } from "./dates";
import { severityLabel } from "./labels";

export interface WarningsPanelProps {
  trades: Trade[];
  now: string;
  onAcknowledge: (tradeId: string, code: WarningCode, source: Source) => void;
}

/**
 * Claims 1–2: every warning that still counts, most severe first, each an alert the user can
 * acknowledge; acknowledged ones stay listed, muted, under a disclosure until their condition goes.
 */
export function WarningsPanel({ trades, now, onAcknowledge }: WarningsPanelProps) {
  const headingId = useId();
  const open = openWarnings(trades);
  const acknowledged = acknowledgedWarnings(trades);
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLElement>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  /** The warning last acknowledged, and the ones listed after it then. */
  const leaving = useRef<{ key: string; after: string[] } | null>(null);

  // Acknowledging removes the warning, and its button with the focus, once the ledger is read
  // again: the focus goes to the next warning, else to where the acknowledged ones are listed.
  useLayoutEffect(() => {
    const left = leaving.current;
    if (left === null || buttons.current.has(left.key)) return;
    leaving.current = null;
    // The user may have moved on meanwhile: only a focus that was lost is placed again.
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const next = left.after.map((key) => buttons.current.get(key)).find((button) => button !== undefined);
    (next ?? summary.current ?? heading.current)?.focus();
  });

  const acknowledge = (entry: ListedWarning, index: number) => {
    leaving.current = { key: keyOf(entry), after: open.slice(index + 1).map(keyOf) };
    onAcknowledge(entry.tradeId, entry.warning.code, entry.warning.source);
  };

  if (open.length === 0 && acknowledged.length === 0) return null;
  return (
    <section class={open.length > 0 ? "panel panel-warning" : "panel"} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t("panel_warnings")}
      </h2>
      {open.length === 0 ? (
        <p class="muted">{t("panel_noOpenWarnings")}</p>
      ) : (
        <ul class="warning-list">
          {open.map((entry, index) => (
            <li key={keyOf(entry)} class={`warning warning-${entry.severity}`}>
              <p role="alert">
                <span class={`severity severity-${entry.severity}`}>
                  {severityLabel(entry.severity)}
                  <span class="visually-hidden">:</span>
                </span>{" "}
                <strong>{whereOf(entry)}</strong>
                {" — "}
                {entry.warning.message}
              </p>
              <button
                ref={(button) => {
                  if (button) buttons.current.set(keyOf(entry), button);
                  else buttons.current.delete(keyOf(entry));
                }}
                type="button"
                class="link-button warning-acknowledge"
                aria-label={t("panel_acknowledgeLabel", entry.warning.message)}
                onClick={() => acknowledge(entry, index)}
              >
                {t("panel_acknowledge")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {acknowledged.length > 0 && (
        <details class="acknowledged">
          <summary ref={summary}>{tn("trade_acknowledged", acknowledged.length)}</summary>
          <ul class="acknowledged-list">
            {acknowledged.map((entry) => (
              <li key={keyOf(entry)}>
                <span class="severity-text">{t("trade_labelled", severityLabel(entry.severity))}</span> {whereOf(entry)} —{" "}
                {entry.warning.message}
                {entry.warning.acknowledgedAt !== null && (
                  <span class="muted"> {t("panel_acknowledgedAt", formatMoment(entry.warning.acknowledgedAt, now))}</span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function whereOf(entry: ListedWarning): string {
  return t("trade_orderAt", entry.tradingId, entry.shopName);
}

/** A trade has at most one warning per code and source. */
function keyOf(entry: ListedWarning): string {
  return `${entry.tradeId} ${entry.warning.code} ${entry.warning.source}`;
}
