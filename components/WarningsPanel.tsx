import { useId } from "preact/hooks";
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
  if (open.length === 0 && acknowledged.length === 0) return null;
  return (
    <section class={open.length > 0 ? "panel panel-warning" : "panel"} aria-labelledby={headingId}>
      <h2 id={headingId}>{t("panel_warnings")}</h2>
      {open.length === 0 ? (
        <p class="muted">{t("panel_noOpenWarnings")}</p>
      ) : (
        <ul class="warning-list">
          {open.map((entry) => (
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
                type="button"
                class="link-button warning-acknowledge"
                aria-label={t("panel_acknowledgeLabel", entry.warning.message)}
                onClick={() => onAcknowledge(entry.tradeId, entry.warning.code, entry.warning.source)}
              >
                {t("panel_acknowledge")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {acknowledged.length > 0 && (
        <details class="acknowledged">
          <summary>{tn("trade_acknowledged", acknowledged.length)}</summary>
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
