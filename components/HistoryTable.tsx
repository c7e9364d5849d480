import type { HistorySort, HistorySortKey, Page } from "../lib/domain/history-search";
import { formatMoney } from "../lib/domain/money";
import type { TradeSummary } from "../lib/domain/types";
import { t, tn, uiLocale } from "../lib/i18n/t";
import { formatDay } from "./dates";
import { TRADE_STATE_TONES, tradeStateLabel } from "./labels";
import { Chip } from "./ui/Chip";
import { markedOff } from "./ui/marked-off";

export interface HistoryTableProps {
  /** The rows of the page shown, with the page number and count of pages. */
  page: Page<TradeSummary>;
  /** How many rows match over all pages. */
  matches: number;
  sort: HistorySort;
  now: string;
  onSort: (by: HistorySortKey) => void;
  onPage: (page: number) => void;
}

/** A number in the UI's language ("1,234", "1.234"). */
function count(value: number): string {
  return new Intl.NumberFormat(uiLocale()).format(value);
}

/** The results, one page at a time: only the page's rows are rendered, however many match. */
export function HistoryTable({ page, matches, sort, now, onSort, onPage }: HistoryTableProps) {
  const header = (by: HistorySortKey, label: string) => (
    <SortHeader by={by} label={label} sort={sort} onSort={onSort} />
  );
  return (
    <>
      <div class="history-table-wrap">
        <table class="history-table">
          <caption>{tn("history_matches", matches)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("history_columnOrder")}</th>
              {header("orderDate", t("history_columnOrdered"))}
              {header("shop", t("settings_shop"))}
              {header("state", t("history_state"))}
              <th scope="col">{t("history_columnItems")}</th>
              {header("total", t("history_total"))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" class="trade-id">
                  {row.tradingId}
                </th>
                <td>
                  <time dateTime={row.orderDate}>{formatDay(row.orderDate, now)}</time>
                </td>
                <td title={row.shopOrigin}>{row.shopName}</td>
                <td>
                  <Chip tone={TRADE_STATE_TONES[row.state]}>{tradeStateLabel(row.state)}</Chip>
                </td>
                <td>{tn("history_items", row.itemCount)}</td>
                <td class="trade-total">{formatMoney(row.total, uiLocale())}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* At the first or last page a button is only marked off: a disabled one would drop the keyboard focus. */}
      <nav class="history-pager" aria-label={t("history_pages")}>
        <PageButton label={t("history_previous")} to={page.page - 1} last={page.pages} onPage={onPage} />
        <span aria-live="polite">{t("history_pageOf", count(page.page), count(page.pages))}</span>
        <PageButton label={t("history_next")} to={page.page + 1} last={page.pages} onPage={onPage} />
      </nav>
    </>
  );
}

function PageButton({ label, to, last, onPage }: { label: string; to: number; last: number; onPage: (page: number) => void }) {
  const off = to < 1 || to > last;
  return (
    <button
      type="button"
      class="button"
      {...markedOff(off, () => onPage(to))}
    >
      {label}
    </button>
  );
}

interface SortHeaderProps {
  by: HistorySortKey;
  label: string;
  sort: HistorySort;
  onSort: (by: HistorySortKey) => void;
}

/** A column header that sorts: a real button, with the current order on aria-sort (and as an arrow for the eye). */
function SortHeader({ by, label, sort, onSort }: SortHeaderProps) {
  const active = sort.by === by;
  const ascending = sort.direction === "asc";
  return (
    <th scope="col" aria-sort={active ? (ascending ? "ascending" : "descending") : undefined}>
      <button type="button" class="link-button history-sort" onClick={() => onSort(by)}>
        {label}
        {active && <span aria-hidden="true">{ascending ? " ▲" : " ▼"}</span>}
      </button>
    </th>
  );
}
