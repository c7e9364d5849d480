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
import { t, tn } from "../lib/i18n/t";
import { HistoryTable } from "./HistoryTable";
import { textAround } from "./labels";
import { EmptyState } from "./ui/EmptyState";
import { markedOff } from "./ui/marked-off";
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

  /** While a file is prepared its buttons are marked off. */
  async function exportWith(save: (rows: TradeSummary[]) => Promise<string>) {
    setExporting({ kind: "busy" });
    try {
      setExporting({ kind: "done", message: await save(matches) });
    } catch (error) {
      setExporting({ kind: "failed", message: t("backup_exportFailed", error instanceof Error ? error.message : String(error)) });
    }
  }

  const importLink = (
    <a href={optionsUrl} target="_blank" rel="noopener">
      {t("history_importLink")}
    </a>
  );
  /** A sentence around the link to the options page. */
  const withImportLink = (key: "history_importHint" | "history_exportImport") => {
    const [before, after] = textAround(key);
    return (
      <>
        {before}
        {importLink}
        {after}
      </>
    );
  };

  return (
    <main class="tw tw-history">
      <header>
        <h1>{t("history_heading")}</h1>
        <p class="muted">{t("history_intro")}</p>
      </header>
      {rows.length === 0 ? (
        <section class="panel">
          <EmptyState icon="orders" title={t("history_noOrdersLabel")}>
            <p>{t("history_empty")}</p>
            <p>{withImportLink("history_importHint")}</p>
          </EmptyState>
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
          {/* Nothing is submitted, so what the search finds and what is wrong in it are announced as typed; errors first, as they end in a full stop. */}
          <p class="visually-hidden" role="status">
            {[
              errors.to,
              errors.minAmount,
              errors.maxAmount,
              matches.length === 0 ? t("history_noMatch") : tn("history_matches", matches.length),
            ]
              .filter((part) => part !== undefined)
              .join(" ")}
          </p>
          <section class="history-results" aria-label={t("history_results")}>
            {matches.length === 0 ? (
              <EmptyState
                icon="search"
                title={t("history_noMatch")}
                action={
                  <button type="button" class="button" onClick={clear}>
                    {t("history_clear")}
                  </button>
                }
              />
            ) : (
              <HistoryTable page={shown} matches={matches.length} sort={sort} now={now} onSort={sortBy} onPage={setPage} />
            )}
          </section>
          <section class="panel" aria-labelledby={`${id}-export`}>
            <h2 id={`${id}-export`}>{t("history_exportHeading")}</h2>
            <p>
              {tn("history_exportIntro", matches.length)} {withImportLink("history_exportImport")}
            </p>
            <div class="form-actions">
              <button
                type="button"
                class="button"
                disabled={matches.length === 0}
                {...markedOff(exporting.kind === "busy", () => void exportWith(onExportCsv))}
              >
                {t("history_exportCsv")}
              </button>
              <button
                type="button"
                class="button"
                disabled={matches.length === 0}
                {...markedOff(exporting.kind === "busy", () => void exportWith(onExportJson))}
              >
                {t("history_exportJson")}
              </button>
            </div>
            <p class="save-status" role="status">
              {exporting.kind === "busy" ? t("history_preparingFile") : exporting.kind === "done" ? exporting.message : ""}
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
