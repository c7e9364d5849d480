import { useEffect, useId, useRef, useState } from "preact/hooks";
import { availableActions } from "../lib/domain/lifecycle";
import { hostOf } from "../lib/domain/limits";
import { formatMoney } from "../lib/domain/money";
import { canAsk, isTradeFinished, waitsUntil } from "../lib/domain/schedule";
import {
  SOURCES,
  type Disclosure,
  type HistoryKind,
  type Lifecycle,
  type PendingFinalisation,
  type ReturnRequest,
  type Source,
  type SourceState,
  type Trade,
} from "../lib/domain/types";
import { isOpenWarning } from "../lib/domain/warnings";
import type { MessageKey } from "../lib/i18n/catalog";
import { t, tn, uiLocale } from "../lib/i18n/t";
import { uiLanguage } from "../lib/i18n/ui-language";
import { formatDay, formatMoment, formatOnDay, wholeDaysSince } from "./dates";
import {
  formatNumber,
  listOf,
  personalFieldLabel,
  RETURN_STATUS_TONES,
  returnStatusLabel,
  sourceLabel,
  statusLabel,
  statusTone,
  textAround,
  TRADE_STATE_TONES,
  tradeStateLabel,
} from "./labels";
import { tradingIdAt } from "./trade-ids";
import { useCarrier } from "./use-carrier";
import { TradeActions, type Actions, type TradeCommands } from "./TradeActions";
import { Chip } from "./ui/Chip";
import { markedOff } from "./ui/marked-off";

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
  const actions = availableActions(trade, uiLanguage());
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
        aria-label={t("trade_orderLabel", info.tradingId, info.shop.name)}
        aria-current={focused ? "true" : undefined}
        tabIndex={focused ? -1 : undefined}
      >
        {selection !== null && <SelectBox trade={trade} actions={actions} selection={selection} />}
        <header class="trade-head">
          <h3 class="trade-id">{info.tradingId}</h3>
          <span class="trade-total">{formatMoney(info.total, uiLocale())}</span>
        </header>
        <p class="trade-meta">
          <span class="trade-shop">{info.shop.name}</span>
          {" · "}
          {t("trade_ordered", formatOnDay(info.orderDate, now))}
          {" · "}
          {tn("trade_items", itemCount)}
        </p>
        <LifecycleLine lifecycle={trade.lifecycle} shopName={info.shop.name} />
        {trade.lifecycle.overdueSince !== null && (
          <p class="trade-overdue">
            <span aria-hidden="true">⚠ </span>
            {overdueText(wholeDaysSince(trade.lifecycle.since, now), props.waitLimitDays)}
          </p>
        )}
        {trade.notice !== null && <p class="trade-state trade-pending">{trade.notice}</p>}
        {trade.reorderOf !== null && (
          <ReorderOf trade={trade} inLedger={props.originalInLedger} onFocusTrade={props.onFocusTrade} />
        )}
        {warnings.length > 0 && (
          <p class={open > 0 ? "trade-warning-count" : "trade-warning-count trade-warning-muted"}>
            {open > 0 && <span aria-hidden="true">⚠ </span>}
            {[open > 0 ? tn("trade_warnings", open) : null, muted > 0 ? tn("trade_acknowledged", muted) : null]
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
            <CheckButton tradingId={info.tradingId} checking={checking} onCheck={() => onCheck(trade.id)} />
          )}
        </div>
      </article>
    </li>
  );
}

/**
 * The card's own check. Its name says which order and holds the visible word, which speech
 * input users say. Marked off while checking.
 */
function CheckButton({ tradingId, checking, onCheck }: { tradingId: string; checking: boolean; onCheck: () => void }) {
  return (
    <button
      type="button"
      class="button button-small"
      aria-label={checking ? t("trade_checkingOrder", tradingId) : t("trade_checkOrderNow", tradingId)}
      {...markedOff(checking, onCheck)}
    >
      {checking ? t("trade_checking") : t("trade_check")}
    </button>
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
  // The source's Retry-After: "Check now" asks it only then, which would otherwise look like nothing happened.
  const waiting = waitsUntil(state, now);
  return (
    <div class="source-row">
      <dt>{sourceLabel(source)}</dt>
      <dd>
        <Chip tone={statusTone(state.status)}>{statusLabel(source, state.status, hasEndpoint)}</Chip>
        {date !== null && <span class="source-date"> {date}</span>}
        {state.lastCheckedAt !== null && (
          <span class="source-checked"> · {t("trade_checked", formatMoment(state.lastCheckedAt, now))}</span>
        )}
        {waiting !== null && (
          <span class="source-wait">
            <span aria-hidden="true">⏳ </span>
            {t("trade_askedToWait", formatMoment(waiting, now))}
          </span>
        )}
        {stale && (
          <span class="source-stale">
            <span aria-hidden="true">⏸ </span>
            {t("trade_noNewsSince", formatDay(state.lastChangedAt ?? capturedAt, now))}
          </span>
        )}
        {source === "delivery" && state.trackingNumber !== null && (
          <Tracking trackingNumber={state.trackingNumber} carrier={state.carrier} />
        )}
        {state.lastError !== null && (
          <span class="source-error">
            <span aria-hidden="true">⚠ </span>
            {t("trade_couldNotCheck", state.lastError.message)}
          </span>
        )}
      </dd>
    </div>
  );
}

/** The carrier and tracking number, a link to the carrier's own tracking page, and a doubtful number flagged. */
function Tracking({ trackingNumber, carrier }: { trackingNumber: string; carrier: string | null }) {
  const info = useCarrier(trackingNumber, carrier);
  const name = info?.name || carrier;
  return (
    <span class="tracking">
      {`${name || t("trade_tracking")} `}
      <span class="tracking-number">{trackingNumber}</span>
      {info?.trackingUrl && info.valid && (
        <>
          {" · "}
          <a href={info.trackingUrl} target="_blank" rel="noopener noreferrer">
            {t("trade_trackWith", info.name)}
          </a>
        </>
      )}
      {info?.valid === false && (
        <span class="tracking-invalid">
          <span aria-hidden="true">⚠ </span>
          {t("trade_trackingInvalid")}
        </span>
      )}
    </span>
  );
}

/** The checkbox of "Select orders" mode, or why this order cannot be finalised with others. */
function SelectBox({ trade, actions, selection }: { trade: Trade; actions: Actions; selection: CardSelection }) {
  const id = useId();
  const together = actions.together;
  if (!together.ok) return <p class="trade-select muted">{t("trade_cannotSelect", together.reason)}</p>;
  return (
    <div class="trade-select checkbox">
      {/* The visible word is short; the name says which order, in the word order of the UI's language. */}
      <input
        id={id}
        type="checkbox"
        checked={selection.selected}
        onChange={() => selection.onToggle(trade.id)}
        aria-label={t("trade_selectOrder", trade.info.tradingId, trade.info.shop.name)}
      />
      <label for={id}>{t("trade_select")}</label>
    </div>
  );
}

/** The lifecycle state as a chip, and while finalising, whom it waits for. */
function LifecycleLine({ lifecycle, shopName }: { lifecycle: Lifecycle; shopName: string }) {
  const { state, pending } = lifecycle;
  return (
    <p class="trade-state">
      <Chip tone={TRADE_STATE_TONES[state]}>{tradeStateLabel(state)}</Chip>
      {pending !== null && <span class="trade-pending"> {waitingText(pending, shopName)}</span>}
    </p>
  );
}

/** "Reorder of TW-100001", a link that shows that order when it is in the ledger. */
function ReorderOf({ trade, inLedger, onFocusTrade }: { trade: Trade; inLedger: boolean; onFocusTrade: (id: string) => void }) {
  const original = trade.reorderOf ?? "";
  const tradingId = tradingIdAt(original, trade.info.shop.origin);
  const [before, after] = textAround("trade_reorderOf");
  return (
    <p class="trade-reorder">
      {before}
      {inLedger ? (
        <button type="button" class="link-button" onClick={() => onFocusTrade(original)}>
          {tradingId}
        </button>
      ) : (
        tradingId
      )}
      {after}
    </p>
  );
}

function Returns({ trade, now }: { trade: Trade; now: string }) {
  return (
    <section class="trade-returns" aria-label={t("trade_returnsOf", trade.info.tradingId)}>
      <h4>{t("trade_returns")}</h4>
      <ul>
        {trade.returns.map((request) => (
          <ReturnLine key={request.key} request={request} shopName={trade.info.shop.name} now={now} />
        ))}
      </ul>
    </section>
  );
}

function ReturnLine({ request, shopName, now }: { request: ReturnRequest; shopName: string; now: string }) {
  const items = listOf(
    request.items.map((item) => `${formatNumber(item.quantity)} × ${item.name}`),
    "unit",
  );
  const refund = refundText(request, now);
  return (
    <li class="return">
      <Chip tone={RETURN_STATUS_TONES[request.status]}>{returnStatusLabel(request.status)}</Chip>{" "}
      {items}{" "}
      <span class="muted">
        · {request.reason} · {t("trade_askedOn", formatOnDay(request.requestedAt, now))}
      </span>
      {refund !== null && <span class="return-refund">{refund}</span>}
      {request.message !== null && <span class="return-message">{t("trade_shopSaid", shopName, request.message)}</span>}
    </li>
  );
}

/** What personal information went to which shop and when (seed 000 claim 4), in plain view. */
function Disclosures({ trade, now }: { trade: Trade; now: string }) {
  return (
    <ul class="trade-disclosures" aria-label={t("trade_disclosuresLabel")}>
      {trade.disclosures.map((disclosure) => (
        <li key={`${disclosure.at} ${disclosure.to}`}>{describeDisclosure(disclosure, trade, now)}</li>
      ))}
    </ul>
  );
}

function describeDisclosure(disclosure: Disclosure, trade: Trade, now: string): string {
  const fields = listOf(disclosure.fields.map(personalFieldLabel));
  const to = disclosure.to === trade.info.shop.origin ? trade.info.shop.name : hostOf(disclosure.to);
  return t("trade_disclosure", fields, to, formatOnDay(disclosure.at, now));
}

/** Warning entries carry only the warning's message: say what happened to it. */
const HISTORY_PREFIX: Record<HistoryKind, MessageKey | null> = {
  captured: null,
  status: null,
  warning: "trade_historyWarning",
  resolved: "trade_historyResolved",
  acknowledged: "trade_historyAcknowledged",
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
    ...trade.history.map((entry) => {
      const prefix = HISTORY_PREFIX[entry.kind];
      return { at: entry.at, prefix: prefix === null ? null : t(prefix), text: entry.text };
    }),
    ...trade.lifecycle.transitions.map((transition) => ({
      at: transition.at,
      prefix: t("trade_labelled", tradeStateLabel(transition.to)),
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
      <summary>{t("trade_history")}</summary>
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
  if (state.scheduledAt !== null) return t(source === "payment" ? "trade_dueOn" : "trade_expectedOn", formatOnDay(state.scheduledAt, now));
  return null;
}

/** "Open for 12 days", and against the user's wait limit when one is set. */
function overdueText(days: number, limitDays: number | null): string {
  const open = tn("trade_openFor", days);
  return limitDays === null ? open : t("trade_overdueWithLimit", open, tn("trade_longerThanLimit", limitDays));
}

/** Whom a finalisation waits for, and why it was sent. */
function waitingText(pending: PendingFinalisation, shopName: string): string {
  const waiting = t(pending.intent === "complete" ? "trade_waitingConfirm" : "trade_waitingCancel", shopName);
  if (pending.by === "collective") return t("trade_waitingTogether", waiting);
  return pending.by === "auto-cancel" ? t("trade_waitingAutoCancel", waiting) : waiting;
}

/** "Refund of €39.98 due by tomorrow", or the half that is known; null when neither is. */
function refundText(request: ReturnRequest, now: string): string | null {
  const { refundAmount, refundDueBy } = request;
  const amount = refundAmount === null ? null : formatMoney(refundAmount, uiLocale());
  const due = refundDueBy === null ? null : formatDay(refundDueBy, now);
  if (amount !== null && due !== null) return t("trade_refundOfDue", amount, due);
  if (amount !== null) return t("trade_refundOf", amount);
  return due === null ? null : t("trade_refundDue", due);
}
