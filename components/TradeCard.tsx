import { useEffect, useRef, useState } from "preact/hooks";
import { carrierFor } from "../lib/domain/carriers";
import { formatMoney } from "../lib/domain/money";
import { canAsk, isTradeFinished } from "../lib/domain/schedule";
import { SOURCES, type HistoryKind, type Source, type SourceState, type Trade } from "../lib/domain/types";
import { formatDay, formatMoment, formatOnDay } from "./dates";
import { countOf, SOURCE_LABELS, statusLabel, statusTone } from "./labels";
import { isOpenWarning } from "../lib/domain/warnings";

export interface TradeCardProps {
  trade: Trade;
  /** ISO time the popup was opened, for "today" and friends. */
  now: string;
  /** This trade's own "Check now" is running. */
  checking: boolean;
  onCheck: (tradeId: string) => void;
  /** Opened from a notification about this trade: scrolled to, focused and highlighted. */
  focused?: boolean;
}

/** One order as a list item: what was bought, what each of the three sources last said, and its history. */
export function TradeCard({ trade, now, checking, onCheck, focused = false }: TradeCardProps) {
  const { info, warnings } = trade;
  const article = useRef<HTMLElement>(null);
  const itemCount = info.items.reduce((sum, item) => sum + item.quantity, 0);
  const open = warnings.filter(isOpenWarning).length;
  const muted = warnings.length - open;

  useEffect(() => {
    if (!focused) return;
    // Focus too, so keyboard and screen reader users land on the order the notification was about.
    article.current?.scrollIntoView({ block: "center" });
    article.current?.focus({ preventScroll: true });
  }, [focused]);

  return (
    <li class="trade">
      <article
        ref={article}
        class={focused ? "trade-card trade-card-focused" : "trade-card"}
        aria-label={`Order ${info.tradingId} at ${info.shop.name}`}
        aria-current={focused ? "true" : undefined}
        tabIndex={focused ? -1 : undefined}
      >
        <header class="trade-head">
          <h3 class="trade-id">{info.tradingId}</h3>
          <span class="trade-total">{formatMoney(info.total)}</span>
        </header>
        <p class="trade-meta">
          <span class="trade-shop">{info.shop.name}</span>
          {" · "}ordered {formatDay(info.orderDate, now)}
          {" · "}
          {countOf(itemCount, "item")}
        </p>
        {warnings.length > 0 && (
          <p class={open > 0 ? "trade-warning-count" : "trade-warning-count trade-warning-muted"}>
            {open > 0 && <span aria-hidden="true">⚠ </span>}
            {[open > 0 ? countOf(open, "warning") : null, muted > 0 ? `${muted} acknowledged` : null]
              .filter((part) => part !== null)
              .join(" · ")}
          </p>
        )}
        <dl class="trade-sources">
          {SOURCES.map((source) => (
            <SourceRow
              key={source}
              source={source}
              state={trade.processing[source]}
              hasEndpoint={info.endpoints[source] !== null}
              stale={warnings.some((warning) => warning.code === "stale" && warning.source === source)}
              capturedAt={info.capturedAt}
              now={now}
            />
          ))}
        </dl>
        <div class="trade-foot">
          {trade.history.length > 0 && <History trade={trade} now={now} />}
          {/* Only where the poller would ask a source: it skips finished trades, so the button would do nothing. */}
          {!isTradeFinished(trade) && SOURCES.some((source) => canAsk(trade, source)) && (
            <button
              type="button"
              class="button button-small"
              onClick={() => onCheck(trade.id)}
              disabled={checking}
              aria-label={checking ? `Checking order ${info.tradingId}…` : `Check order ${info.tradingId} now`}
            >
              {checking ? "Checking…" : "Check now"}
            </button>
          )}
        </div>
      </article>
    </li>
  );
}

interface SourceRowProps {
  source: Source;
  state: SourceState;
  hasEndpoint: boolean;
  /** The trade has a "stale" warning for this source. */
  stale: boolean;
  capturedAt: string;
  now: string;
}

function SourceRow({ source, state, hasEndpoint, stale, capturedAt, now }: SourceRowProps) {
  const date = sourceDate(source, state, now);
  return (
    <div class="source-row">
      <dt>{SOURCE_LABELS[source]}</dt>
      <dd>
        <span class={`chip chip-${statusTone(state.status)}`}>{statusLabel(source, state.status, hasEndpoint)}</span>
        {date !== null && <span class="source-date"> {date}</span>}
        {state.lastCheckedAt !== null && (
          <span class="source-checked"> · checked {formatMoment(state.lastCheckedAt, now)}</span>
        )}
        {stale && (
          <span class="source-stale">
            <span aria-hidden="true">⏸ </span>No news since {formatDay(state.lastChangedAt ?? capturedAt, now)}
          </span>
        )}
        {source === "delivery" && state.trackingNumber !== null && (
          <Tracking trackingNumber={state.trackingNumber} carrier={state.carrier} />
        )}
        {state.lastError !== null && (
          <span class="source-error">
            <span aria-hidden="true">⚠ </span>Could not check: {state.lastError.message}
          </span>
        )}
      </dd>
    </div>
  );
}

/** The carrier and tracking number, a link to the carrier's own tracking page, and a doubtful number flagged. */
function Tracking({ trackingNumber, carrier }: { trackingNumber: string; carrier: string | null }) {
  const info = carrierFor(trackingNumber, carrier);
  const name = info?.name || carrier;
  return (
    <span class="tracking">
      {name ? `${name} ` : "Tracking "}
      <span class="tracking-number">{trackingNumber}</span>
      {info?.trackingUrl && info.valid && (
        <>
          {" · "}
          <a href={info.trackingUrl} target="_blank" rel="noopener noreferrer">
            Track with {info.name}
          </a>
        </>
      )}
      {info?.valid === false && (
        <span class="tracking-invalid">
          <span aria-hidden="true">⚠ </span>tracking number looks invalid
        </span>
      )}
    </span>
  );
}

/** Warning entries carry only the warning's message: say what happened to it. */
const HISTORY_PREFIX: Record<HistoryKind, string | null> = {
  captured: null,
  status: null,
  warning: "Warning:",
  resolved: "Resolved:",
  acknowledged: "Acknowledged:",
  error: null,
};

function History({ trade, now }: { trade: Trade; now: string }) {
  // Up to 200 entries per trade: they are rendered only while the disclosure is open.
  const [open, setOpen] = useState(false);
  return (
    <details class="trade-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>History</summary>
      {open && (
        <ul class="history-list">
          {/* Stored oldest first; the latest event is what the user looks for. */}
          {[...trade.history].reverse().map((entry, index) => (
            <li key={`${entry.at} ${index}`}>
              <time dateTime={entry.at}>{formatMoment(entry.at, now)}</time>{" "}
              {HISTORY_PREFIX[entry.kind] && <strong>{HISTORY_PREFIX[entry.kind]} </strong>}
              {entry.text}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** Claim 5: the completed date, else the scheduled one (payment is due, delivery and shop are expected). */
function sourceDate(source: Source, state: SourceState, now: string): string | null {
  if (state.completedAt !== null) return formatOnDay(state.completedAt, now);
  if (state.scheduledAt !== null) {
    return `${source === "payment" ? "due" : "expected"} ${formatDay(state.scheduledAt, now)}`;
  }
  return null;
}
