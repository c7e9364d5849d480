import { useId } from "preact/hooks";
import { committedSpend, describeLimit, evaluateLimits, type LimitStatus } from "../lib/domain/limits";
import { formatMoney } from "../lib/domain/money";
import type { Money, Trade } from "../lib/domain/types";
import { ledgerShops, unsettledTotals } from "../lib/domain/views";
import { t, uiLocale } from "../lib/i18n/t";
import { uiLanguage } from "../lib/i18n/ui-language";
import type { Limit } from "../lib/settings/schema";
import { Meter } from "./ui/Meter";

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
    <section class="panel spending-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("spending_heading")}</h2>
      {statuses.length > 0 && (
        <ul class="limit-list" aria-label={t("spending_limitsLabel")}>
          {statuses.map((status) => (
            <LimitMeter
              key={status.limit.id}
              status={status}
              scope={describeLimit(status.limit, names.get(status.limit.shopOrigin ?? ""), uiLanguage())}
            />
          ))}
        </ul>
      )}
      <dl class="spending-totals">
        <div>
          <dt>{t("spending_notSettled")}</dt>
          <dd>
            <Amounts amounts={unsettledTotals(trades)} none={t("spending_allSettled")} />
          </dd>
        </div>
        <div>
          <dt>{t("spending_orderedThisMonth")}</dt>
          <dd>
            <Amounts amounts={committedSpend(trades, "calendar-month", now, timeZone)} none={t("spending_nothingYet")} />
          </dd>
        </div>
      </dl>
      {limits.length === 0 && (
        <p class="hint">
          <button type="button" class="link-button" onClick={onOpenOptions}>
            {t("spending_setLimit")}
          </button>
        </p>
      )}
    </section>
  );
}

const money = (amount: Money) => formatMoney(amount, uiLocale());

function Amounts({ amounts, none }: { amounts: Money[]; none: string }) {
  if (amounts.length === 0) return <span class="muted">{none}</span>;
  return (
    <ul class="amounts">
      {amounts.map((amount) => (
        <li key={amount.currency} class="amount">
          {money(amount)}
        </li>
      ))}
    </ul>
  );
}

function LimitMeter({ status, scope }: { status: LimitStatus; scope: string }) {
  const { limit, used, over } = status;
  const usedOf = t("spending_usedOf", money(used), money(limit.amount));
  const left: Money = { currency: used.currency, minor: limit.amount.minor - used.minor };
  const label = (
    <>
      <span class="limit-used">{usedOf}</span>
      {/* Read between the two halves; the layout separates them visually. */}
      <span class="visually-hidden"> · </span>
      <span class="limit-scope">{scope}</span>
    </>
  );
  return (
    <li class={over ? "limit limit-over" : "limit"}>
      <Meter label={label} value={used.minor} max={limit.amount.minor} over={over} valueText={usedOf}>
        {over ? (
          <p class="alert-line" role="alert">
            {t(
              limit.period === "none" ? "spending_overUnsettled" : "spending_overPeriod",
              money(used),
              money(limit.amount),
              scope,
            )}
          </p>
        ) : (
          <p class="limit-left">{t("spending_left", money(left))}</p>
        )}
      </Meter>
    </li>
  );
}
