import { useId } from "preact/hooks";
import { committedSpend, describeLimit, evaluateLimits, type LimitStatus } from "../lib/domain/limits";
import { formatMoney } from "../lib/domain/money";
import type { Money, Trade } from "../lib/domain/types";
import { ledgerShops, unsettledTotals } from "../lib/domain/views";
import type { Limit } from "../lib/settings/schema";

export interface SpendingPanelProps {
  trades: Trade[];
  limits: Limit[];
  now: string;
  timeZone: string;
  onOpenOptions: () => void;
}

/**
 * Claims 7–8: each limit as a meter (an alert once it is over), then what is not settled yet
 * and what was ordered this month, per currency.
 */
export function SpendingPanel({ trades, limits, now, timeZone, onOpenOptions }: SpendingPanelProps) {
  const headingId = useId();
  const statuses = evaluateLimits(trades, limits, now, timeZone);
  const names = new Map(ledgerShops(trades).map((shop) => [shop.origin, shop.name]));
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Spending</h2>
      {statuses.length > 0 && (
        <ul class="limit-list" aria-label="Spending limits">
          {statuses.map((status) => (
            <LimitMeter
              key={status.limit.id}
              status={status}
              label={describeLimit(status.limit, names.get(status.limit.shopOrigin ?? ""))}
            />
          ))}
        </ul>
      )}
      <dl class="spending-totals">
        <div>
          <dt>Not settled yet</dt>
          <dd>
            <Amounts amounts={unsettledTotals(trades)} none="Everything is settled" />
          </dd>
        </div>
        <div>
          <dt>Ordered this month</dt>
          <dd>
            <Amounts amounts={committedSpend(trades, "calendar-month", now, timeZone)} none="Nothing yet" />
          </dd>
        </div>
      </dl>
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

function Amounts({ amounts, none }: { amounts: Money[]; none: string }) {
  if (amounts.length === 0) return <span class="muted">{none}</span>;
  return (
    <ul class="amounts">
      {amounts.map((amount) => (
        <li key={amount.currency} class="amount">
          {formatMoney(amount)}
        </li>
      ))}
    </ul>
  );
}

function LimitMeter({ status, label }: { status: LimitStatus; label: string }) {
  const meterId = useId();
  const { limit, used, over } = status;
  const max = limit.amount.minor;
  return (
    <li class={over ? "limit limit-over" : "limit"}>
      <label class="limit-label" for={meterId}>
        <strong class="limit-used">{formatMoney(used)}</strong> of {formatMoney(limit.amount)} · {label}
      </label>
      {/* Native meter colours: calm below half the limit, amber towards it, red near and above it. */}
      <meter id={meterId} min={0} max={max} value={used.minor} low={max / 2} high={(max * 4) / 5} optimum={0} />
      {over && (
        <p class="limit-alert" role="alert">
          {limit.period === "none" ? "Unsettled spending" : "Spending"} of {formatMoney(used)} is above your{" "}
          {formatMoney(limit.amount)} limit ({label}).
        </p>
      )}
    </li>
  );
}
