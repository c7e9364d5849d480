import { useEffect, useId, useState } from "preact/hooks";
import { availableActions } from "../lib/domain/lifecycle";
import type { PageProblem } from "../lib/background/page-problems";
import type { LedgerTotals } from "../lib/domain/ledger-totals";
import {
  groupsOf,
  listOf,
  PAGE_SIZE,
  spendingTrades,
  tradesRead,
  type ListGroup,
  type PopupLedger,
  type PopupQuery,
} from "../lib/domain/popup-view";
import type { CollectiveRecord, Intent, Source, Trade, WarningCode } from "../lib/domain/types";
import { TRADE_FILTERS, type TradeFilter } from "../lib/domain/views";
import type { MessageKey } from "../lib/i18n/catalog";
import { t, tn } from "../lib/i18n/t";
import type { CollectiveReply } from "../lib/messages/schema";
import type { Limit } from "../lib/settings/schema";
import { formatNumber } from "./labels";
import { PageProblems } from "./PageProblems";
import { SinceLastVisit, type UnseenChanges } from "./SinceLastVisit";
import { SpendingPanel } from "./SpendingPanel";
import { TogetherBar } from "./TogetherBar";
import { TogetherProgress } from "./TogetherProgress";
import type { Answer, TradeCommands } from "./TradeActions";
import { TradeCard } from "./TradeCard";
import { useFocusRequest } from "./use-focus-request";
import { markedOff } from "./ui/marked-off";
import { WarningsPanel } from "./WarningsPanel";
import "./styles.css";

export interface SiteAccess {
  origin: string;
  granted: boolean;
  onGrant: () => void;
}

export interface PopupProps extends TradeCommands {
  /** What the popup reads of the ledger (lib/domain/popup-view.ts), for `ledger.query`. */
  ledger: PopupLedger;
  /** Another filter, more of a list, or a trade to show: the wiring reads the ledger again for it. */
  onQuery: (query: PopupQuery) => void;
  limits: Limit[];
  /** The user's wait limit in days (settings), for the overdue flag; null when it is off. */
  waitLimitDays: number | null;
  /** Recent all-or-nothing transactions (unfinished, or finished minutes ago), newest first. */
  collectives: CollectiveRecord[];
  /** Changes since the popup was last opened; null until read or when there are none. */
  unseenChanges: UnseenChanges | null;
  /** The unseen changes are on screen: remember them as seen. */
  onChangesSeen: (upTo: number) => void;
  onCollective: (tradeIds: string[], intent: Intent) => Promise<Answer<CollectiveReply>>;
  onOpenHistory: () => void;
  now: string;
  /** The user's IANA time zone: calendar months and weeks begin at its midnight. */
  timeZone: string;
  /** "Check now" for every trade is running. */
  checking: boolean;
  /** Trades whose own "Check now" is running. */
  checkingTrades: ReadonlySet<string>;
  onCheckNow: () => void;
  onCheckTrade: (tradeId: string) => void;
  onAcknowledge: (tradeId: string, code: WarningCode, source: Source) => void;
  onOpenOptions: () => void;
  /** The current tab's site, when it is an http(s) page. */
  siteAccess: SiteAccess | null;
  /** A transient message from the wiring (e.g. "Could not reach the background"). */
  notice: string | null;
  /** Recent pages an adapter recognised but could not read, newest first. */
  pageProblems: PageProblem[];
  /** Puts a diagnostic on the clipboard; rejects when the browser refuses. */
  onCopyDiagnostic: (text: string) => Promise<void>;
  onDismissProblems: () => void;
}

/** "2 open orders · 1 finalising": the trades not finalised yet, by lifecycle state. */
function openSummary({ filters, states }: LedgerTotals): string {
  if (filters.all === 0) return t("popup_noOrders");
  const { open, finalising } = states;
  if (open + finalising === 0) return t("popup_noOpenOrders");
  return [open > 0 ? tn("popup_openOrders", open) : null, finalising > 0 ? tn("popup_finalising", finalising) : null]
    .filter((part) => part !== null)
    .join(" · ");
}

/**
 * The toolbar popup: pages that could not be read, what changed since the last visit, orders
 * being finalised together, warnings, spending against the limits, then the orders, filtered,
 * a page at a time. Counts come from the ledger's stored totals, never from counting trades.
 */
export function Popup(props: PopupProps) {
  const { ledger, now, checking, onCheckNow, onOpenOptions, siteAccess, notice, unseenChanges } = props;
  const progressHeadingId = useId();
  return (
    <div class="tw tw-popup">
      <header class="popup-header">
        <div class="popup-title">
          <h1>{t("extName")}</h1>
          <p class="muted">{openSummary(ledger.totals)}</p>
        </div>
        <div class="popup-actions">
          <button type="button" class="button button-primary" {...markedOff(checking, onCheckNow)}>
            {checking ? t("popup_checking") : t("popup_checkNow")}
          </button>
          <button type="button" class="button" onClick={props.onOpenHistory}>
            {t("popup_orderHistory")}
          </button>
          <button type="button" class="button" onClick={onOpenOptions}>
            {t("popup_options")}
          </button>
        </div>
      </header>
      {/* There before its message, which a status region inserted with its text may not announce. */}
      <p class="notice live-region" role="status">
        {notice ?? ""}
      </p>
      <PageProblems problems={props.pageProblems} now={now} onCopy={props.onCopyDiagnostic} onDismissAll={props.onDismissProblems} />
      {unseenChanges !== null && (
        <SinceLastVisit entries={unseenChanges.entries} upTo={unseenChanges.upTo} now={now} onSeen={props.onChangesSeen} />
      )}
      <TogetherProgress collectives={props.collectives} now={now} headingId={progressHeadingId} />
      {ledger.totals.filters.all === 0 ? (
        <EmptyState siteAccess={siteAccess} />
      ) : (
        <>
          <WarningsPanel trades={ledger.attention} now={now} onAcknowledge={props.onAcknowledge} />
          <SpendingPanel
            trades={spendingTrades(ledger)}
            limits={props.limits}
            now={now}
            timeZone={props.timeZone}
            onOpenOptions={onOpenOptions}
          />
          <Trades {...props} progressHeadingId={progressHeadingId} />
          {/* Only the offer: once allowed, a full popup needs no word about it. */}
          {siteAccess !== null && !siteAccess.granted && (
            <section aria-label={t("popup_thisSite")}>
              <GrantSite siteAccess={siteAccess} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

const FILTER_LABELS: Record<TradeFilter, MessageKey> = {
  all: "popup_filterAll",
  undelivered: "popup_filterUndelivered",
  delivered: "popup_filterDelivered",
  unsettled: "popup_filterUnsettled",
  settled: "popup_filterSettled",
};

/** Claim 6: "All" shows the orders still on their way apart from the delivered ones; a filter shows its own. */
const GROUP_TITLES: Record<ListGroup, MessageKey> = {
  undelivered: "popup_groupUndelivered",
  delivered: "popup_groupDelivered",
  unsettled: "popup_groupUnsettled",
  settled: "popup_groupSettled",
};

/**
 * Cards the lists show together in the popup's first frame, which opening the popup waits for
 * (issue 7): below the header, the warnings and the spending these fill the popup's 600 pixels.
 * The rest of the lists' pages follows in the next frame, before anyone could scroll to it.
 */
const FIRST_FRAME_CARDS = 3;
/** The user-timing mark the benchmark reads besides the popup's first frame: every card of the lists' pages is rendered. */
const LISTS_COMPLETE_MARK = "tradewatch:popup-lists-complete";

function Trades(props: PopupProps & { progressHeadingId: string }) {
  const { ledger, onQuery, progressHeadingId } = props;
  const { query, totals } = ledger;
  const [firstFrame, setFirstFrame] = useState(true);
  // Effects run once the frame is painted: the first frame is on screen, then the whole pages are.
  useEffect(() => {
    if (firstFrame) setFirstFrame(false);
    else performance.mark(LISTS_COMPLETE_MARK);
  }, [firstFrame]);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const radioName = useId();
  const selectButtonId = useId();
  const focus = useFocusRequest();
  // A trade that can no longer go with others (finalised meanwhile) drops out of the selection.
  const chosen = tradesRead(ledger).filter((trade) => selected.has(trade.id) && availableActions(trade).together.ok);

  const toggle = (tradeId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(tradeId)) next.add(tradeId);
      return next;
    });
  /**
   * Ends "Select orders" mode, whose bar held the focus: it goes to `then`, else back to where
   * selecting began (a started transaction's progress may not be read yet, or the read failed).
   */
  const stopSelecting = (then: string | null) => {
    setSelecting(false);
    setSelected(new Set());
    focus(then === null ? selectButtonId : [then, selectButtonId]);
  };
  // In the first frame the lists above take their share of the cards first.
  let left = firstFrame ? FIRST_FRAME_CARDS : Infinity;
  const lists = groupsOf(query.filter).map((group) => {
    const trades = listOf(ledger, group);
    const cards = Math.min(left, trades.length);
    left -= cards;
    return { group, trades, cards };
  });
  const card: CardContext = {
    ...props,
    // A linked trade must be visible, so it is shown under "All".
    onFocusTrade: (tradeId) => onQuery({ ...query, filter: "all", focusTradeId: tradeId }),
    selection: selecting ? { selected, onToggle: toggle } : null,
  };

  return (
    <section class="trades" aria-label={t("popup_orders")}>
      {!selecting && (
        <div class="trades-tools">
          <button id={selectButtonId} type="button" class="button button-small" onClick={() => setSelecting(true)}>
            {t("popup_selectOrders")}
          </button>
          <span class="muted">{t("popup_selectHint")}</span>
        </div>
      )}
      <fieldset class="filters">
        <legend>{t("popup_show")}</legend>
        {TRADE_FILTERS.map((value) => (
          <label key={value} class="filter-option">
            <input
              type="radio"
              name={radioName}
              value={value}
              checked={query.filter === value}
              onChange={() => onQuery({ ...query, filter: value })}
            />
            {t("popup_withCount", t(FILTER_LABELS[value]), formatNumber(totals.filters[value]))}
          </label>
        ))}
      </fieldset>
      {lists.map(({ group, trades, cards }) => (
        <TradeGroup key={group} group={group} trades={trades} cards={cards} card={card} />
      ))}
      {selecting && (
        <TogetherBar
          selected={chosen}
          onCollective={props.onCollective}
          onStarted={() => stopSelecting(progressHeadingId)}
          onDone={() => stopSelecting(null)}
        />
      )}
    </section>
  );
}

/** What every card of the list needs besides its trade. */
interface CardContext extends PopupProps {
  onFocusTrade: (tradeId: string) => void;
  selection: { selected: ReadonlySet<string>; onToggle: (tradeId: string) => void } | null;
}

/** One list with its page of trades, of which the first `cards` are rendered now. */
function TradeGroup({ group, trades, cards, card }: { group: ListGroup; trades: Trade[]; cards: number; card: CardContext }) {
  const headingId = useId();
  const { ledger, selection } = card;
  const { query } = ledger;
  const total = ledger.totals.filters[group];
  const shown = ledger.pages[group]?.length ?? 0;
  return (
    <section class="trade-group" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("popup_withCount", t(GROUP_TITLES[group]), formatNumber(total))}</h2>
      {trades.length === 0 ? (
        <p class="muted">{t("popup_none")}</p>
      ) : (
        <ul class="trade-list">
          {trades.slice(0, cards).map((trade) => (
            <TradeCard
              key={trade.id}
              trade={trade}
              now={card.now}
              checking={card.checkingTrades.has(trade.id)}
              onCheck={card.onCheckTrade}
              focused={trade.id === query.focusTradeId}
              waitLimitDays={card.waitLimitDays}
              originalInLedger={trade.reorderOf !== null && ledger.originals.has(trade.reorderOf)}
              onFocusTrade={card.onFocusTrade}
              selection={selection && { selected: selection.selected.has(trade.id), onToggle: selection.onToggle }}
              onFinalise={card.onFinalise}
              onReturn={card.onReturn}
              onReorder={card.onReorder}
            />
          ))}
        </ul>
      )}
      {shown < total && (
        <p class="show-more">
          <button
            type="button"
            class="button button-small"
            onClick={() => card.onQuery({ ...query, shown: { ...query.shown, [group]: shown + PAGE_SIZE } })}
          >
            {t("popup_showMore")}
          </button>{" "}
          <span class="muted">{t("popup_shownOf", formatNumber(shown), formatNumber(total))}</span>
        </p>
      )}
    </section>
  );
}

const hostOf = (siteAccess: SiteAccess) => new URL(siteAccess.origin).host;

function GrantSite({ siteAccess }: { siteAccess: SiteAccess }) {
  return (
    <div class="site-access">
      <button type="button" class="button button-primary" onClick={siteAccess.onGrant}>
        {t("popup_trackSite", hostOf(siteAccess))}
      </button>
      <p class="muted">{t("popup_trackSiteHint")}</p>
      <p class="muted">{t("label_pageLoadsHint")}</p>
    </div>
  );
}

function EmptyState({ siteAccess }: { siteAccess: SiteAccess | null }) {
  return (
    <section class="empty" aria-label={t("popup_gettingStarted")}>
      <p>{t("popup_emptyIntro")}</p>
      <p>{t("popup_emptyHow")}</p>
      <p>{t("popup_emptyPrivacy")}</p>
      {siteAccess !== null &&
        (siteAccess.granted ? (
          <p class="site-access">{t("popup_siteTracked", hostOf(siteAccess))}</p>
        ) : (
          <GrantSite siteAccess={siteAccess} />
        ))}
    </section>
  );
}
