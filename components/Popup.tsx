import { useId, useState } from "preact/hooks";
import { availableActions } from "../lib/domain/lifecycle";
import type { PageProblem } from "../lib/background/page-problems";
import type { CollectiveRecord, Intent, Source, Trade, WarningCode } from "../lib/domain/types";
import {
  filterCounts,
  filterTrades,
  sortTrades,
  TRADE_FILTERS,
  type TradeFilter,
} from "../lib/domain/views";
import type { CollectiveReply } from "../lib/messages/schema";
import type { Limit } from "../lib/settings/schema";
import { countOf } from "./labels";
import { PageProblems } from "./PageProblems";
import { SinceLastVisit, type UnseenChanges } from "./SinceLastVisit";
import { SpendingPanel } from "./SpendingPanel";
import { TogetherBar } from "./TogetherBar";
import { TogetherProgress } from "./TogetherProgress";
import type { Answer, TradeCommands } from "./TradeActions";
import { TradeCard } from "./TradeCard";
import { WarningsPanel } from "./WarningsPanel";
import "./styles.css";

export interface SiteAccess {
  origin: string;
  granted: boolean;
  onGrant: () => void;
}

export interface PopupProps extends TradeCommands {
  trades: Trade[];
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
  /** The trade a notification was about (popup.html?trade=<id>): shown, scrolled to and highlighted. */
  focusTradeId: string | null;
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
function openSummary(trades: Trade[]): string {
  if (trades.length === 0) return "No orders yet";
  const open = trades.filter((trade) => trade.lifecycle.state === "open").length;
  const finalising = trades.filter((trade) => trade.lifecycle.state === "finalising").length;
  if (open + finalising === 0) return "No open orders";
  return [open > 0 ? countOf(open, "open order") : null, finalising > 0 ? `${finalising} finalising` : null]
    .filter((part) => part !== null)
    .join(" · ");
}

/**
 * The toolbar popup: pages that could not be read, what changed since the last visit, orders
 * being finalised together, warnings, spending against the limits, then the orders, filtered.
 */
export function Popup(props: PopupProps) {
  const { trades, now, checking, onCheckNow, onOpenOptions, siteAccess, notice, unseenChanges } = props;
  return (
    <div class="tw tw-popup">
      <header class="popup-header">
        <div class="popup-title">
          <h1>TradeWatch</h1>
          <p class="muted">{openSummary(trades)}</p>
        </div>
        <div class="popup-actions">
          <button type="button" class="button button-primary" onClick={onCheckNow} disabled={checking}>
            {checking ? "Checking…" : "Check now"}
          </button>
          <button type="button" class="button" onClick={props.onOpenHistory}>
            Order history
          </button>
          <button type="button" class="button" onClick={onOpenOptions}>
            Options
          </button>
        </div>
      </header>
      {notice !== null && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <PageProblems problems={props.pageProblems} now={now} onCopy={props.onCopyDiagnostic} onDismissAll={props.onDismissProblems} />
      {unseenChanges !== null && (
        <SinceLastVisit
          entries={unseenChanges.entries}
          upTo={unseenChanges.upTo}
          now={now}
          onSeen={props.onChangesSeen}
        />
      )}
      <TogetherProgress collectives={props.collectives} now={now} />
      {trades.length === 0 ? (
        <EmptyState siteAccess={siteAccess} />
      ) : (
        <>
          <WarningsPanel trades={trades} now={now} onAcknowledge={props.onAcknowledge} />
          <SpendingPanel
            trades={trades}
            limits={props.limits}
            now={now}
            timeZone={props.timeZone}
            onOpenOptions={onOpenOptions}
          />
          <Trades {...props} />
          {/* Only the offer: once allowed, a full popup needs no word about it. */}
          {siteAccess !== null && !siteAccess.granted && (
            <section aria-label="This site">
              <GrantSite siteAccess={siteAccess} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

const FILTER_LABELS: Record<TradeFilter, string> = {
  all: "All",
  undelivered: "Not delivered",
  delivered: "Delivered",
  unsettled: "Not settled",
  settled: "Settled",
};

interface Group {
  title: string;
  trades: Trade[];
}

/** Claim 6: "All" shows the orders still on their way apart from the delivered ones; a filter shows its own. */
function groupsFor(trades: Trade[], filter: TradeFilter): Group[] {
  const sorted = sortTrades(trades);
  const group = (title: string, only: TradeFilter): Group => ({ title, trades: filterTrades(sorted, only) });
  switch (filter) {
    case "all":
      return [group("Not delivered yet", "undelivered"), group("Delivered", "delivered")];
    case "undelivered":
      return [group("Not delivered yet", filter)];
    case "delivered":
      return [group("Delivered", filter)];
    case "unsettled":
      return [group("Not settled yet", filter)];
    case "settled":
      return [group("Settled", filter)];
  }
}

function Trades(props: PopupProps) {
  const { trades } = props;
  // A notification's trade must be visible, so the popup always opens on "All".
  const [filter, setFilter] = useState<TradeFilter>("all");
  const [focusTradeId, setFocusTradeId] = useState(props.focusTradeId);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const radioName = useId();
  const counts = filterCounts(trades);
  // A trade that can no longer go with others (finalised meanwhile) drops out of the selection.
  const chosen = trades.filter((trade) => selected.has(trade.id) && availableActions(trade).together.ok);

  const focusTrade = (tradeId: string) => {
    setFilter("all");
    setFocusTradeId(tradeId);
  };
  const toggle = (tradeId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(tradeId)) next.add(tradeId);
      return next;
    });
  const stopSelecting = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  const card: CardContext = {
    ...props,
    focusTradeId,
    onFocusTrade: focusTrade,
    selection: selecting ? { selected, onToggle: toggle } : null,
    tradeIds: new Set(trades.map((trade) => trade.id)),
  };

  return (
    <section class="trades" aria-label="Orders">
      {!selecting && (
        <div class="trades-tools">
          <button type="button" class="button button-small" onClick={() => setSelecting(true)}>
            Select orders
          </button>
          <span class="muted">to confirm or cancel several at once</span>
        </div>
      )}
      <fieldset class="filters">
        <legend>Show</legend>
        {TRADE_FILTERS.map((value) => (
          <label key={value} class="filter-option">
            <input
              type="radio"
              name={radioName}
              value={value}
              checked={filter === value}
              onChange={() => setFilter(value)}
            />
            {FILTER_LABELS[value]} ({counts[value]})
          </label>
        ))}
      </fieldset>
      {groupsFor(trades, filter).map((group) => (
        <TradeGroup key={group.title} group={group} card={card} />
      ))}
      {selecting && (
        <TogetherBar selected={chosen} onCollective={props.onCollective} onStarted={stopSelecting} onDone={stopSelecting} />
      )}
    </section>
  );
}

/** What every card of the list needs besides its trade. */
interface CardContext extends PopupProps {
  focusTradeId: string | null;
  onFocusTrade: (tradeId: string) => void;
  selection: { selected: ReadonlySet<string>; onToggle: (tradeId: string) => void } | null;
  /** Every trade in the ledger, for links between a reorder and its original. */
  tradeIds: ReadonlySet<string>;
}

function TradeGroup({ group, card }: { group: Group; card: CardContext }) {
  const headingId = useId();
  const { selection } = card;
  return (
    <section class="trade-group" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {group.title} ({group.trades.length})
      </h2>
      {group.trades.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <ul class="trade-list">
          {group.trades.map((trade) => (
            <TradeCard
              key={trade.id}
              trade={trade}
              now={card.now}
              checking={card.checkingTrades.has(trade.id)}
              onCheck={card.onCheckTrade}
              focused={trade.id === card.focusTradeId}
              waitLimitDays={card.waitLimitDays}
              originalInLedger={trade.reorderOf !== null && card.tradeIds.has(trade.reorderOf)}
              onFocusTrade={card.onFocusTrade}
              selection={selection && { selected: selection.selected.has(trade.id), onToggle: selection.onToggle }}
              onFinalise={card.onFinalise}
              onReturn={card.onReturn}
              onReorder={card.onReorder}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

const hostOf = (siteAccess: SiteAccess) => new URL(siteAccess.origin).host;

function GrantSite({ siteAccess }: { siteAccess: SiteAccess }) {
  return (
    <div class="site-access">
      <button type="button" class="button button-primary" onClick={siteAccess.onGrant}>
        Track orders on {hostOf(siteAccess)}
      </button>
      <p class="muted">
        TradeWatch then looks at the pages of this site for order confirmations and order statuses, on this computer;
        nothing is sent anywhere unless it finds an order.
      </p>
    </div>
  );
}

function EmptyState({ siteAccess }: { siteAccess: SiteAccess | null }) {
  return (
    <section class="empty" aria-label="Getting started">
      <p>TradeWatch keeps a private list of your orders on this computer.</p>
      <p>
        Place an order at a shop you have allowed, and TradeWatch picks it up from the order confirmation page, then
        keeps an eye on it until it is paid and delivered.
      </p>
      <p>Nothing is sent anywhere except to the shop's own status addresses.</p>
      {siteAccess !== null &&
        (siteAccess.granted ? (
          <p class="site-access">Orders on {hostOf(siteAccess)} are tracked.</p>
        ) : (
          <GrantSite siteAccess={siteAccess} />
        ))}
    </section>
  );
}
