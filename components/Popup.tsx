import { useId, useState } from "preact/hooks";
import { formatMoney } from "../lib/domain/money";
import type { Money, Trade } from "../lib/domain/types";
import {
  deliveryGroup,
  limitUses,
  openWarnings,
  settlementGroup,
  sortTrades,
  unsettledTotals,
  type LimitUse,
} from "../lib/domain/views";
import { countOf } from "./labels";
import { TradeCard } from "./TradeCard";
import "./styles.css";

export interface SiteAccess {
  origin: string;
  granted: boolean;
  onGrant: () => void;
}

export interface PopupProps {
  trades: Trade[];
  limits: Money[];
  now: string;
  checking: boolean;
  onCheckNow: () => void;
  onOpenOptions: () => void;
  /** The current tab's site, when it is an http(s) page. */
  siteAccess: SiteAccess | null;
  /** A transient message from the wiring (e.g. "Could not reach the background"). */
  notice: string | null;
}

type Grouping = "delivery" | "payment";

interface Group {
  title: string;
  trades: Trade[];
}

/** Claim 6: delivered apart from undelivered, or settled apart from unsettled; open ones first. */
function groupTrades(trades: Trade[], grouping: Grouping): Group[] {
  const sorted = sortTrades(trades);
  if (grouping === "delivery") {
    return [
      { title: "Not delivered yet", trades: sorted.filter((trade) => deliveryGroup(trade) === "undelivered") },
      { title: "Delivered", trades: sorted.filter((trade) => deliveryGroup(trade) === "delivered") },
    ];
  }
  return [
    { title: "Not settled yet", trades: sorted.filter((trade) => settlementGroup(trade) === "unsettled") },
    { title: "Settled", trades: sorted.filter((trade) => settlementGroup(trade) === "settled") },
  ];
}

/** An order is open until it is both delivered and settled. */
function openCount(trades: Trade[]): number {
  return trades.filter((trade) => deliveryGroup(trade) === "undelivered" || settlementGroup(trade) === "unsettled")
    .length;
}

/** The toolbar popup: warnings first, then unsettled spending, then the orders grouped. */
export function Popup(props: PopupProps) {
  const { trades, limits, now, checking, onCheckNow, onOpenOptions, siteAccess, notice } = props;
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
          <Warnings trades={trades} />
          <Spending trades={trades} limits={limits} onOpenOptions={onOpenOptions} />
          <Trades trades={trades} now={now} />
        </>
      )}
    </div>
  );
}

function Warnings({ trades }: { trades: Trade[] }) {
  const headingId = useId();
  const warnings = openWarnings(trades);
  if (warnings.length === 0) return null;
  return (
    <section class="panel panel-warning" aria-labelledby={headingId}>
      <h2 id={headingId}>Warnings</h2>
      <ul class="warning-list">
        {warnings.map(({ tradeId, tradingId, shopName, warning }) => (
          <li key={`${tradeId} ${warning.code} ${warning.source} ${warning.firstSeenAt}`}>
            <p role="alert">
              <strong>
                {tradingId} at {shopName}
              </strong>
              {" — "}
              {warning.message}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface SpendingProps {
  trades: Trade[];
  limits: Money[];
  onOpenOptions: () => void;
}

/** Claims 7–8: the unsettled total per currency, against its limit when one is set. */
function Spending({ trades, limits, onOpenOptions }: SpendingProps) {
  const headingId = useId();
  const uses = limitUses(unsettledTotals(trades), limits);
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Not settled yet</h2>
      {uses.length === 0 ? (
        <p class="muted">Every order is settled.</p>
      ) : (
        <ul class="spending-list">
          {uses.map((use) => (
            <SpendingRow key={use.currency} use={use} />
          ))}
        </ul>
      )}
      {limits.length === 0 && (
        <p class="hint">
          <button type="button" class="link-button" onClick={onOpenOptions}>
            Set a spending limit in Options
          </button>
        </p>
      )}
    </section>
  );
}

function SpendingRow({ use }: { use: LimitUse }) {
  const meterId = useId();
  const { used, limit, over } = use;
  return (
    <li class={over ? "spending spending-over" : "spending"}>
      {limit === null ? (
        <strong class="spending-total">{formatMoney(used)}</strong>
      ) : (
        <>
          <label class="spending-label" for={meterId}>
            <strong class="spending-total">{formatMoney(used)}</strong> of {formatMoney(limit)} limit
          </label>
          {/* Native meter colours: calm below half the limit, amber towards it, red near and above it. */}
          <meter
            id={meterId}
            min={0}
            max={limit.minor}
            value={used.minor}
            low={limit.minor / 2}
            high={(limit.minor * 4) / 5}
            optimum={0}
          />
        </>
      )}
      {over && limit !== null && (
        <p class="spending-alert" role="alert">
          Unsettled spending of {formatMoney(used)} is above your {formatMoney(limit)} limit.
        </p>
      )}
    </li>
  );
}

function Trades({ trades, now }: { trades: Trade[]; now: string }) {
  const [grouping, setGrouping] = useState<Grouping>("delivery");
  const radioName = useId();
  return (
    <section class="trades" aria-label="Orders">
      <fieldset class="group-by">
        <legend>Group by</legend>
        {(["delivery", "payment"] as const).map((value) => (
          <label key={value} class="group-by-option">
            <input
              type="radio"
              name={radioName}
              value={value}
              checked={grouping === value}
              onChange={() => setGrouping(value)}
            />
            {value === "delivery" ? "Delivery" : "Payment"}
          </label>
        ))}
      </fieldset>
      {groupTrades(trades, grouping).map((group) => (
        <TradeGroup key={group.title} group={group} now={now} />
      ))}
    </section>
  );
}

function TradeGroup({ group, now }: { group: Group; now: string }) {
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
            <TradeCard key={trade.id} trade={trade} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EmptyState({ siteAccess }: { siteAccess: SiteAccess | null }) {
  const host = siteAccess === null ? null : new URL(siteAccess.origin).host;
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
          <p class="site-access">Orders on {host} are tracked.</p>
        ) : (
          <div class="site-access">
            <button type="button" class="button button-primary" onClick={siteAccess.onGrant}>
              Track orders on {host}
            </button>
            <p class="muted">This lets TradeWatch read order confirmation pages on this site.</p>
          </div>
        ))}
    </section>
  );
}
