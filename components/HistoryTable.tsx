import type { HistorySort, HistorySortKey, Page } from "../lib/domain/history-search";
import { formatMoney } from "../lib/domain/money";
import type { TradeSummary } from "../lib/domain/types";
import { formatDay } from "./dates";
import { countOf, TRADE_STATE_LABELS, TRADE_STATE_TONES } from "./labels";

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

// The words around are English, so the count is written the English way ("1,234").
const COUNT = new Intl.NumberFormat("en");

/** "1 finished order matches", "1,234 finished orders match". */
function matchCount(count: number): string {
  return `${COUNT.format(count)} finished ${count === 1 ? "order matches" : "orders match"}`;
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
          <caption>{matchCount(matches)}</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              {header("orderDate", "Ordered")}
              {header("shop", "Shop")}
              {header("state", "State")}
              <th scope="col">Items</th>
              {header("total", "Total")}
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
                  <span class={`chip chip-${TRADE_STATE_TONES[row.state]}`}>{TRADE_STATE_LABELS[row.state]}</span>
                </td>
                <td>{countOf(row.itemCount, "item")}</td>
                <td class="trade-total">{formatMoney(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="history-pager" aria-label="Pages of results">
        <button type="button" class="button" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>
          Previous
        </button>
        <span>
          Page {page.page} of {page.pages}
        </span>
        <button type="button" class="button" disabled={page.page >= page.pages} onClick={() => onPage(page.page + 1)}>
          Next
        </button>
      </nav>
    </>
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
