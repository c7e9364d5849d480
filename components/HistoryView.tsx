import { useId, useMemo, useState } from "preact/hooks";
import {
  DEFAULT_HISTORY_QUERY,
  filterHistory,
  historyCurrencies,
  historyShops,
  pageOf,
  sortHistory,
  type HistorySort,
  type HistorySortKey,
} from "../lib/domain/history-search";
import type { TradeSummary } from "../lib/domain/types";
import { EMPTY_HISTORY_FORM, HistoryFilters, readHistoryForm, type HistoryForm } from "./HistoryFilters";
import { HistoryTable } from "./HistoryTable";
import { countOf } from "./labels";
import "./styles.css";

const PAGE_SIZE = 50;

/** The first click on a column sorts the way one usually reads it: newest, largest first; names and states A to Z. */
const FIRST_DIRECTION: Record<HistorySortKey, HistorySort["direction"]> = {
  orderDate: "desc",
  total: "desc",
  shop: "asc",
  state: "asc",
};

export interface HistoryViewProps {
  /** Every finished trade's summary row. */
  rows: TradeSummary[];
  now: string;
  /** The user's IANA time zone: the date range is in its days. */
  timeZone: string;
  /** The options page, where a backup is imported. */
  optionsUrl: string;
  /** Saves the rows as a file; resolves to a sentence saying where, rejects with why not. */
  onExportCsv: (rows: TradeSummary[]) => Promise<string>;
  onExportJson: (rows: TradeSummary[]) => Promise<string>;
}

type ExportState = { kind: "idle" } | { kind: "busy" } | { kind: "done"; message: string } | { kind: "failed"; message: string };

/**
 * The order history (seed 000 claim 8): finished trades, searched, sorted and paged in memory.
 * All rows are sorted once per sort and filtered on each change of the search; only the page
 * shown is rendered, so tens of thousands of rows stay quick. Exports take every match.
 */
export function HistoryView({ rows, now, timeZone, optionsUrl, onExportCsv, onExportJson }: HistoryViewProps) {
  const id = useId();
  const [form, setForm] = useState<HistoryForm>(EMPTY_HISTORY_FORM);
  const [sort, setSort] = useState<HistorySort>(DEFAULT_HISTORY_QUERY.sort);
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState<ExportState>({ kind: "idle" });

  const shops = useMemo(() => historyShops(rows), [rows]);
  const currencies = useMemo(() => historyCurrencies(rows), [rows]);
  const sorted = useMemo(() => sortHistory(rows, sort), [rows, sort]);
  const { query, errors } = useMemo(() => readHistoryForm(form, sort), [form, sort]);
  const matches = useMemo(() => filterHistory(sorted, query, timeZone), [sorted, query, timeZone]);
  const shown = pageOf(matches, page, PAGE_SIZE);

  const change = (patch: Partial<HistoryForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setPage(1);
  };
  const clear = () => change(EMPTY_HISTORY_FORM);
  const sortBy = (by: HistorySortKey) => {
    setSort((current) =>
      current.by === by
        ? { by, direction: current.direction === "asc" ? "desc" : "asc" }
        : { by, direction: FIRST_DIRECTION[by] },
    );
    setPage(1);
  };

  async function exportWith(save: (rows: TradeSummary[]) => Promise<string>) {
    setExporting({ kind: "busy" });
    try {
      setExporting({ kind: "done", message: await save(matches) });
    } catch (error) {
      setExporting({ kind: "failed", message: `Could not export: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const importLink = (
    <a href={optionsUrl} target="_blank" rel="noopener">
      Import a backup
    </a>
  );

  return (
    <main class="tw tw-history">
      <header>
        <h1>Order history</h1>
        <p class="muted">Your completed and failed orders, to search and export. Nothing leaves this computer.</p>
      </header>
      {rows.length === 0 ? (
        <section class="panel empty" aria-label="No orders yet">
          <p>No finished orders yet. Orders are listed here once they are completed or failed.</p>
          <p>Have a history saved from TradeWatch before? {importLink} on the options page.</p>
        </section>
      ) : (
        <>
          <HistoryFilters
            form={form}
            errors={errors}
            shops={shops}
            currencies={currencies}
            onChange={change}
            onClear={clear}
          />
          <section class="history-results" aria-label="Results">
            {matches.length === 0 ? (
              <div class="empty">
                <p>No finished order matches this search.</p>
                <div>
                  <button type="button" class="button" onClick={clear}>
                    Clear the search
                  </button>
                </div>
              </div>
            ) : (
              <HistoryTable page={shown} matches={matches.length} sort={sort} now={now} onSort={sortBy} onPage={setPage} />
            )}
          </section>
          <section class="panel" aria-labelledby={`${id}-export`}>
            <h2 id={`${id}-export`}>Export</h2>
            <p>
              Save the {countOf(matches.length, "matching order")} (every page, not only this one) as a CSV file for a
              spreadsheet, or as a JSON backup of them that TradeWatch can import again ({importLink} on the options
              page): importing it adds them back and leaves your other orders and your settings as they are. The files
              are plain, unencrypted text: keep them somewhere private.
            </p>
            <div class="form-actions">
              <button
                type="button"
                class="button"
                disabled={matches.length === 0 || exporting.kind === "busy"}
                onClick={() => void exportWith(onExportCsv)}
              >
                Export CSV
              </button>
              <button
                type="button"
                class="button"
                disabled={matches.length === 0 || exporting.kind === "busy"}
                onClick={() => void exportWith(onExportJson)}
              >
                Export JSON
              </button>
            </div>
            <p class="save-status" role="status">
              {exporting.kind === "busy" ? "Preparing the file…" : exporting.kind === "done" ? exporting.message : ""}
            </p>
            {exporting.kind === "failed" && (
              <p class="save-error" role="alert">
                {exporting.message}
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}
