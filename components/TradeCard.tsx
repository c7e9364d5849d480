import { formatMoney } from "../lib/domain/money";
import { SOURCES, type Source, type SourceState, type Trade } from "../lib/domain/types";
import { formatDay, formatMoment, formatOnDay } from "./dates";
import { countOf, SOURCE_LABELS, statusLabel, statusTone } from "./labels";

export interface TradeCardProps {
  trade: Trade;
  /** ISO time the popup was opened, for "today" and friends. */
  now: string;
}

/** One order as a list item: what was bought, and what each of the three sources last said. */
export function TradeCard({ trade, now }: TradeCardProps) {
  const { info, warnings } = trade;
  const itemCount = info.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <li class="trade">
      <article class="trade-card" aria-label={`Order ${info.tradingId} at ${info.shop.name}`}>
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
          <p class="trade-warning-count">
            <span aria-hidden="true">⚠ </span>
            {countOf(warnings.length, "warning")}
          </p>
        )}
        <dl class="trade-sources">
          {SOURCES.map((source) => (
            <SourceRow
              key={source}
              source={source}
              state={trade.processing[source]}
              hasEndpoint={info.endpoints[source] !== null}
              now={now}
            />
          ))}
        </dl>
      </article>
    </li>
  );
}

interface SourceRowProps {
  source: Source;
  state: SourceState;
  hasEndpoint: boolean;
  now: string;
}

function SourceRow({ source, state, hasEndpoint, now }: SourceRowProps) {
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
        {state.lastError !== null && (
          <span class="source-error">
            <span aria-hidden="true">⚠ </span>Could not check: {state.lastError.message}
          </span>
        )}
      </dd>
    </div>
  );
}

/** Claim 5: the completed date, else the scheduled one (payment is due, delivery and shop are expected). */
function sourceDate(source: Source, state: SourceState, now: string): string | null {
  if (state.completedAt !== null) return formatOnDay(state.completedAt, now);
  if (state.scheduledAt !== null) return `${source === "payment" ? "due" : "expected"} ${formatDay(state.scheduledAt, now)}`;
  return null;
}
