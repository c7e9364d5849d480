import { useId, useState } from "preact/hooks";
import type { Source, Trade, WarningCode } from "../lib/domain/types";
import {
  deliveryGroup,
  filterCounts,
  filterTrades,
  settlementGroup,
  sortTrades,
  TRADE_FILTERS,
  type TradeFilter,
} from "../lib/domain/views";
import type { Limit } from "../lib/settings/schema";
import { countOf } from "./labels";
import { SpendingPanel } from "./SpendingPanel";
import { TradeCard } from "./TradeCard";
import { WarningsPanel } from "./WarningsPanel";
import "./styles.css";

export interface SiteAccess {
  origin: string;
  granted: boolean;
  onGrant: () => void;
}

export interface PopupProps {
  trades: Trade[];
  limits: Limit[];
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
}

/** An order is open until it is both delivered and settled. */
function openCount(trades: Trade[]): number {
  return trades.filter((trade) => deliveryGroup(trade) === "undelivered" || settlementGroup(trade) === "unsettled")
    .length;
}

/** The toolbar popup: warnings first, then spending against the limits, then the orders, filtered. */
export function Popup(props: PopupProps) {
  const { trades, now, checking, onCheckNow, onOpenOptions, siteAccess, notice } = props;
  const open = openCount(trades);
  return (
    <div class="tw tw-popup">
      <header class="popup-header">
        <div class="popup-title">
          <h1>TradeWatch</h1>
          <p class="muted">
            {trades.length === 0 ? "No orders yet" : open === 0 ? "No open orders" : countOf(open, "open order")}
          </p>
        </div>
        <div class="popup-actions">
          <button type="button" class="button button-primary" onClick={onCheckNow} disabled={checking}>
            {checking ? "Checking…" : "Check now"}
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

function Trades({ trades, now, checkingTrades, focusTradeId, onCheckTrade }: PopupProps) {
  // A notification's trade must be visible, so the popup always opens on "All".
  const [filter, setFilter] = useState<TradeFilter>("all");
  const radioName = useId();
  const counts = filterCounts(trades);
  return (
    <section class="trades" aria-label="Orders">
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
        <TradeGroup
          key={group.title}
          group={group}
          now={now}
          checkingTrades={checkingTrades}
          focusTradeId={focusTradeId}
          onCheckTrade={onCheckTrade}
        />
      ))}
    </section>
  );
}

interface TradeGroupProps {
  group: Group;
  now: string;
  checkingTrades: ReadonlySet<string>;
  focusTradeId: string | null;
  onCheckTrade: (tradeId: string) => void;
}

function TradeGroup({ group, now, checkingTrades, focusTradeId, onCheckTrade }: TradeGroupProps) {
  const headingId = useId();
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
              now={now}
              checking={checkingTrades.has(trade.id)}
              onCheck={onCheckTrade}
              focused={trade.id === focusTradeId}
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
      <p class="muted">This lets TradeWatch read order confirmation pages on this site.</p>
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
