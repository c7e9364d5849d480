import { useEffect, useId, useRef, useState } from "preact/hooks";
import { carrierFor } from "../lib/domain/carriers";
import { availableActions } from "../lib/domain/lifecycle";
import { hostOf } from "../lib/domain/limits";
import { formatMoney } from "../lib/domain/money";
import { canAsk, isTradeFinished } from "../lib/domain/schedule";
import {
  SOURCES,
  type Disclosure,
  type HistoryKind,
  type Lifecycle,
  type ReturnRequest,
  type Source,
  type SourceState,
  type Trade,
} from "../lib/domain/types";
import { isOpenWarning } from "../lib/domain/warnings";
import { formatDay, formatMoment, formatOnDay, wholeDaysSince } from "./dates";
import {
  capitalise,
  countOf,
  INTENT_VERBS,
  listOf,
  PERSONAL_FIELD_LABELS,
  RETURN_STATUS_LABELS,
  RETURN_STATUS_TONES,
  SOURCE_LABELS,
  statusLabel,
  statusTone,
  TRADE_STATE_LABELS,
  TRADE_STATE_TONES,
} from "./labels";
import { tradingIdAt } from "./trade-ids";
import { TradeActions, type Actions, type TradeCommands } from "./TradeActions";

/** Set in the popup's "Select orders" mode. */
export interface CardSelection {
  selected: boolean;
  onToggle: (tradeId: string) => void;
}

export interface TradeCardProps extends TradeCommands {
  trade: Trade;
  /** ISO time the popup was opened, for "today" and friends. */
  now: string;
  /** This trade's own "Check now" is running. */
  checking: boolean;
  onCheck: (tradeId: string) => void;
  /** Opened from a notification about this trade, or a link to it: scrolled to, focused and highlighted. */
  focused?: boolean;
  /** The user's wait limit in days, for the overdue flag; null when it is off. */
  waitLimitDays: number | null;
  /** The trade this one reorders is in the ledger, so its link can show it. */
  originalInLedger: boolean;
  onFocusTrade: (tradeId: string) => void;
  selection: CardSelection | null;
}

/**
 * One order as a list item: what was bought, where it stands in its lifecycle, what each of
 * the three sources last said, what the user can do with it, and its history.
 */
export function TradeCard(props: TradeCardProps) {
  const { trade, now, checking, onCheck, focused = false, selection } = props;
  const { info, warnings } = trade;
  const article = useRef<HTMLElement>(null);
  const actions = availableActions(trade);
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
        {selection !== null && <SelectBox trade={trade} actions={actions} selection={selection} />}
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
        <LifecycleLine lifecycle={trade.lifecycle} shopName={info.shop.name} />
        {trade.lifecycle.overdueSince !== null && (
          <p class="trade-overdue">
            <span aria-hidden="true">⚠ </span>
            Open for {countOf(wholeDaysSince(trade.lifecycle.since, now), "day")}
            {props.waitLimitDays !== null && `, longer than your ${props.waitLimitDays}-day limit`}
          </p>
        )}
        {trade.notice !== null && <p class="trade-state trade-pending">{trade.notice}</p>}
        {trade.reorderOf !== null && (
          <ReorderOf trade={trade} inLedger={props.originalInLedger} onFocusTrade={props.onFocusTrade} />
        )}
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
        {trade.returns.length > 0 && <Returns trade={trade} now={now} />}
        {trade.disclosures.length > 0 && <Disclosures trade={trade} now={now} />}
        <TradeActions
          trade={trade}
          actions={actions}
          onFinalise={props.onFinalise}
          onReturn={props.onReturn}
          onReorder={props.onReorder}
          onFocusTrade={props.onFocusTrade}
        />
        <div class="trade-foot">
          {(trade.history.length > 0 || trade.lifecycle.transitions.length > 0) && <History trade={trade} now={now} />}
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

/** The checkbox of "Select orders" mode, or why this order cannot be finalised with others. */
function SelectBox({ trade, actions, selection }: { trade: Trade; actions: Actions; selection: CardSelection }) {
  const id = useId();
  const together = actions.together;
  if (!together.ok) return <p class="trade-select muted">Cannot be selected: {together.reason}</p>;
  return (
    <div class="trade-select checkbox">
      <input id={id} type="checkbox" checked={selection.selected} onChange={() => selection.onToggle(trade.id)} />
      <label for={id}>
        Select<span class="visually-hidden"> order {trade.info.tradingId} at {trade.info.shop.name}</span>
      </label>
    </div>
  );
}

/** The lifecycle state as a chip, and while finalising, whom it waits for. */
function LifecycleLine({ lifecycle, shopName }: { lifecycle: Lifecycle; shopName: string }) {
  const { state, pending } = lifecycle;
  return (
    <p class="trade-state">
      <span class={`chip chip-${TRADE_STATE_TONES[state]}`}>{TRADE_STATE_LABELS[state]}</span>
      {pending !== null && (
        <span class="trade-pending">
          {" "}
          Waiting for {shopName} to {INTENT_VERBS[pending.intent]}
          {pending.by === "collective" && ", together with other orders"}
          {pending.by === "auto-cancel" && " (your wait limit passed)"}
        </span>
      )}
    </p>
  );
}

/** "Reorder of TW-100001", a link that shows that order when it is in the ledger. */
function ReorderOf({ trade, inLedger, onFocusTrade }: { trade: Trade; inLedger: boolean; onFocusTrade: (id: string) => void }) {
  const original = trade.reorderOf ?? "";
  const tradingId = tradingIdAt(original, trade.info.shop.origin);
  return (
    <p class="trade-reorder">
      Reorder of{" "}
      {inLedger ? (
        <button type="button" class="link-button" onClick={() => onFocusTrade(original)}>
          {tradingId}
        </button>
      ) : (
        tradingId
      )}
    </p>
  );
}

function Returns({ trade, now }: { trade: Trade; now: string }) {
  return (
    <section class="trade-returns" aria-label={`Returns of order ${trade.info.tradingId}`}>
      <h4>Returns</h4>
      <ul>
        {trade.returns.map((request) => (
          <ReturnLine key={request.key} request={request} shopName={trade.info.shop.name} now={now} />
        ))}
      </ul>
    </section>
  );
}

function ReturnLine({ request, shopName, now }: { request: ReturnRequest; shopName: string; now: string }) {
  const items = request.items.map((item) => `${item.quantity} × ${item.name}`).join(", ");
  return (
    <li class="return">
      <span class={`chip chip-${RETURN_STATUS_TONES[request.status]}`}>{RETURN_STATUS_LABELS[request.status]}</span>{" "}
      {items} <span class="muted">· {request.reason} · asked {formatDay(request.requestedAt, now)}</span>
      {(request.refundAmount !== null || request.refundDueBy !== null) && (
        <span class="return-refund">
          Refund
          {request.refundAmount !== null && ` of ${formatMoney(request.refundAmount)}`}
          {request.refundDueBy !== null && ` due by ${formatDay(request.refundDueBy, now)}`}
        </span>
      )}
      {request.message !== null && (
        <span class="return-message">
          {shopName} said: “{request.message}”
        </span>
      )}
    </li>
  );
}

/** What personal information went to which shop and when (seed 000 claim 4), in plain view. */
function Disclosures({ trade, now }: { trade: Trade; now: string }) {
  return (
    <ul class="trade-disclosures" aria-label="Personal details sent">
      {trade.disclosures.map((disclosure) => (
        <li key={`${disclosure.at} ${disclosure.to}`}>
          {describeDisclosure(disclosure, trade)} {formatOnDay(disclosure.at, now)}
        </li>
      ))}
    </ul>
  );
}

function describeDisclosure(disclosure: Disclosure, trade: Trade): string {
  const fields = capitalise(listOf(disclosure.fields.map((field) => PERSONAL_FIELD_LABELS[field])));
  const to = disclosure.to === trade.info.shop.origin ? trade.info.shop.name : hostOf(disclosure.to);
  return `${fields} sent to ${to}`;
}

/** Warning entries carry only the warning's message: say what happened to it. */
const HISTORY_PREFIX: Record<HistoryKind, string | null> = {
  captured: null,
  status: null,
  warning: "Warning:",
  resolved: "Resolved:",
  acknowledged: "Acknowledged:",
  error: null,
  command: null,
  return: null,
  reorder: null,
  disclosure: null,
};

interface Line {
  at: string;
  prefix: string | null;
  text: string;
}

/** The history entries and the lifecycle's transitions (kept apart, never capped) as one timeline, newest first. */
function timeline(trade: Trade): Line[] {
  const lines: Line[] = [
    ...trade.history.map((entry) => ({ at: entry.at, prefix: HISTORY_PREFIX[entry.kind], text: entry.text })),
    ...trade.lifecycle.transitions.map((transition) => ({
      at: transition.at,
      prefix: `${TRADE_STATE_LABELS[transition.to]}:`,
      text: transition.text,
    })),
  ];
  // Stored oldest first; a stable sort keeps same-time lines in that order before reversing.
  return lines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).reverse();
}

function History({ trade, now }: { trade: Trade; now: string }) {
  // Up to 200 entries per trade: they are rendered only while the disclosure is open.
  const [open, setOpen] = useState(false);
  return (
    <details class="trade-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>History</summary>
      {open && (
        <ul class="history-list">
          {timeline(trade).map((line, index) => (
            <li key={`${line.at} ${index}`}>
              <time dateTime={line.at}>{formatMoment(line.at, now)}</time>{" "}
              {line.prefix && <strong>{line.prefix} </strong>}
              {line.text}
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
