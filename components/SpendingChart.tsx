import { useId } from "preact/hooks";
import { formatMoney, minorDigits } from "../lib/domain/money";
import { monthlySpending, PICTURE_MONTHS, type CalendarMonth, type CurrencySpending, type MonthSpending } from "../lib/domain/spending";
import type { Money, Trade } from "../lib/domain/types";
import { t, tn, uiLocale } from "../lib/i18n/t";
import type { Limit } from "../lib/settings/schema";
import { EmptyState } from "./ui/EmptyState";

export interface SpendingPictureProps {
  /** Every trade of the ledger (lib/db/trades.ts listTrades). */
  trades: Trade[];
  /** The settings' limits: each currency's calendar-month limit for all shops is drawn in. */
  limits: Limit[];
  now: string;
  /** The browser's IANA time zone: months begin at local midnight. */
  timeZone: string;
}

/** Issue 8's picture: spending per month over the last 12 months, one chart per currency. */
export function SpendingPicture({ trades, limits, now, timeZone }: SpendingPictureProps) {
  const headingId = useId();
  const spending = monthlySpending(trades, limits, now, timeZone);
  return (
    <section class="panel spending-picture" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("spending_chartHeading")}</h2>
      {spending.length === 0 ? (
        <EmptyState icon="chart" level={3} title={t("spending_chartEmptyTitle")}>
          <p>{t("spending_chartEmptyBody")}</p>
        </EmptyState>
      ) : (
        <>
          <p class="muted">{t("spending_chartIntro", PICTURE_MONTHS)}</p>
          {spending.map((series) => (
            <SpendingChart key={series.currency} spending={series} />
          ))}
        </>
      )}
    </section>
  );
}

/* The drawing's own coordinates; the SVG scales to the width it is given. */
const WIDTH = 640;
const HEIGHT = 240;
const PLOT = { left: 84, right: WIDTH - 12, top: 28, bottom: HEIGHT - 40 };
const BAR_SHARE = 0.62;

/**
 * One currency: stacked bars (settled below, not settled yet hatched above) per month, the
 * monthly limit as a dashed line with its amount, and a mark over each month above it. The SVG
 * is one image with a summary for screen readers; the figures are in a table under it.
 */
export function SpendingChart({ spending }: { spending: CurrencySpending }) {
  const id = useId();
  const { currency, months, limit } = spending;
  const money = (minor: number) => formatMoney({ currency, minor }, uiLocale());
  const totals = months.map(total);
  const scale = yScale(Math.max(...totals, limit?.minor ?? 0), currency);
  const y = (minor: number) => PLOT.bottom - (minor / scale.top) * (PLOT.bottom - PLOT.top);
  const slot = (PLOT.right - PLOT.left) / months.length;
  const barWidth = slot * BAR_SHARE;
  const isOver = (minor: number) => limit !== null && minor > limit.minor;
  const hatch = `${id}-hatch`;
  const title = t("spending_currencyHeading", currencyName(currency), currency);

  return (
    <div class="spending-chart">
      <div class="spending-chart-head">
        <h3>{title}</h3>
        <ChartLegend hasLimit={limit !== null} />
      </div>
      <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary(spending, totals)}>
        <defs>
          <pattern id={hatch} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect class="chart-hatch-bg" width="6" height="6" />
            <line class="chart-hatch-line" x1="0" y1="0" x2="0" y2="6" />
          </pattern>
        </defs>
        {scale.ticks.map((tick) => (
          <g key={tick} class="chart-tick">
            <line class={tick === 0 ? "chart-axis" : "chart-grid"} x1={PLOT.left} x2={PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text class="chart-label" x={PLOT.left - 8} y={y(tick)} text-anchor="end" dominant-baseline="middle">
              {money(tick)}
            </text>
          </g>
        ))}
        {months.map((month, index) => {
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          const over = isOver(totals[index]!);
          const current = index === months.length - 1;
          return (
            <g key={`${month.year}-${month.month}`} class={over ? "chart-month chart-month-over" : "chart-month"}>
              <title>{t("spending_barTitle", monthYear(month), money(month.settled), money(month.unsettled))}</title>
              {month.settled > 0 && (
                <rect class="chart-bar-settled" x={x} width={barWidth} y={y(month.settled)} height={y(0) - y(month.settled)} />
              )}
              {month.unsettled > 0 && (
                <rect
                  class="chart-bar-unsettled"
                  fill={`url(#${hatch})`}
                  x={x}
                  width={barWidth}
                  y={y(totals[index]!)}
                  height={y(month.settled) - y(totals[index]!)}
                />
              )}
              {over && (
                <g class="chart-over-mark">
                  <circle cx={x + barWidth / 2} cy={y(totals[index]!) - 11} r="8" />
                  <text x={x + barWidth / 2} y={y(totals[index]!) - 11} text-anchor="middle" dominant-baseline="central">
                    !
                  </text>
                </g>
              )}
              <text
                class={current ? "chart-label chart-label-current" : "chart-label"}
                x={x + barWidth / 2}
                y={PLOT.bottom + 16}
                text-anchor="middle"
              >
                {shortMonth(month)}
              </text>
              {(index === 0 || month.month === 1) && (
                <text class="chart-label chart-label-year" x={x + barWidth / 2} y={PLOT.bottom + 32} text-anchor="middle">
                  {month.year}
                </text>
              )}
            </g>
          );
        })}
        {limit !== null && (
          <g class="chart-limit">
            <line x1={PLOT.left} x2={PLOT.right} y1={y(limit.minor)} y2={y(limit.minor)} />
            <text x={PLOT.right} y={y(limit.minor) - 6} text-anchor="end">
              {t("spending_limitLine", money(limit.minor))}
            </text>
          </g>
        )}
      </svg>
      <details class="chart-figures">
        <summary>{t("spending_showTable")}</summary>
        <FiguresTable spending={spending} totals={totals} />
      </details>
    </div>
  );
}

function ChartLegend({ hasLimit }: { hasLimit: boolean }) {
  return (
    <ul class="chart-legend">
      <li>
        <span class="chart-swatch chart-swatch-settled" aria-hidden="true" />
        {t("spending_settled")}
      </li>
      <li>
        <span class="chart-swatch chart-swatch-unsettled" aria-hidden="true" />
        {t("spending_notSettled")}
      </li>
      {hasLimit && (
        <li>
          <span class="chart-swatch chart-swatch-limit" aria-hidden="true" />
          {t("spending_monthlyLimit")}
        </li>
      )}
    </ul>
  );
}

function FiguresTable({ spending, totals }: { spending: CurrencySpending; totals: number[] }) {
  const { currency, months, limit } = spending;
  const money = (minor: number) => formatMoney({ currency, minor }, uiLocale());
  return (
    <table class="chart-table">
      <caption>{t("spending_tableCaption", currency)}</caption>
      <thead>
        <tr>
          <th scope="col">{t("spending_month")}</th>
          <th scope="col">{t("spending_settled")}</th>
          <th scope="col">{t("spending_notSettled")}</th>
          <th scope="col">{t("spending_total")}</th>
          {limit !== null && <th scope="col">{t("spending_againstLimit")}</th>}
        </tr>
      </thead>
      <tbody>
        {months.map((month, index) => (
          <tr key={`${month.year}-${month.month}`}>
            <th scope="row">{monthYear(month)}</th>
            <td>{money(month.settled)}</td>
            <td>{money(month.unsettled)}</td>
            <td>{money(totals[index]!)}</td>
            {limit !== null && (
              <td class={totals[index]! > limit.minor ? "chart-over-cell" : undefined}>{againstLimit(totals[index]!, limit, money)}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function againstLimit(minor: number, limit: Money, money: (minor: number) => string): string {
  const difference = minor - limit.minor;
  return difference > 0 ? t("spending_overBy", money(difference)) : t("spending_left", money(-difference));
}

/** The image's text: the range, this month, the highest month, and the limit. */
function summary(spending: CurrencySpending, totals: number[]): string {
  const { currency, months, limit } = spending;
  const money = (minor: number) => formatMoney({ currency, minor }, uiLocale());
  const highest = totals.indexOf(Math.max(...totals));
  const base = t(
    "spending_summary",
    currencyName(currency),
    monthYear(months[0]!),
    monthYear(months.at(-1)!),
    money(totals.at(-1)!),
    money(totals[highest]!),
    monthYear(months[highest]!),
  );
  if (limit === null) return `${base} ${t("spending_summaryNoLimit")}`;
  const overMonths = totals.filter((minor) => minor > limit.minor).length;
  return `${base} ${tn("spending_summaryLimit", overMonths, money(limit.minor))}`;
}

const total = (month: MonthSpending) => month.settled + month.unsettled;

/**
 * The axis: steps of 1, 2, 2.5 or 5 times a power of ten, in whole major units (€25, never
 * €2.50), at most four of them above zero, reaching at least `max`.
 */
export function yScale(max: number, currency: string): { top: number; ticks: number[] } {
  const unit = 10 ** minorDigits(currency);
  const raw = max / 4;
  let step = unit;
  if (raw > unit) {
    const magnitude = 10 ** (String(Math.floor(raw)).length - 1);
    const fits = (candidate: number) => candidate >= raw && candidate % unit === 0;
    step = [1, 2, 2.5, 5].map((factor) => factor * magnitude).find(fits) ?? 10 * magnitude;
  }
  const count = Math.max(1, Math.ceil(max / step));
  return { top: count * step, ticks: Array.from({ length: count + 1 }, (_, index) => index * step) };
}

/* Months are calendar months, not instants: format the middle of the month in UTC to name it. */
const middleOf = ({ year, month }: CalendarMonth) => Date.UTC(year, month - 1, 15);

function shortMonth(month: CalendarMonth): string {
  return new Intl.DateTimeFormat(uiLocale(), { month: "short", timeZone: "UTC" }).format(middleOf(month));
}

function monthYear(month: CalendarMonth): string {
  return new Intl.DateTimeFormat(uiLocale(), { month: "short", year: "numeric", timeZone: "UTC" }).format(middleOf(month));
}

function currencyName(currency: string): string {
  return new Intl.DisplayNames(uiLocale(), { type: "currency" }).of(currency) ?? currency;
}
