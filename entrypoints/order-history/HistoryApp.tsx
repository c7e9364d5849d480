import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { HistoryView } from "@/components/HistoryView";
import { onLedgerChange } from "@/lib/ledger-changes";
import { backupToText, exportLedger } from "@/lib/backup/backup";
import { summariesToCsv } from "@/lib/backup/csv";
import { loadFinishedSummaries } from "@/lib/db/history-query";
import type { TradeSummary } from "@/lib/domain/types";
import { t, tn } from "@/lib/i18n/t";
import { download } from "@/components/download";
import { userTimeZone } from "@/lib/time-zone";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** The date range is in the days of the browser's time zone. */
const timeZone = userTimeZone();

/** Hands a file to the browser as a download, from memory: nothing leaves the computer. */
const fileName = (now: string, extension: string) => `tradewatch-history-${now.slice(0, 10)}.${extension}`;

/** Async so that anything thrown reaches the view as a rejection, which it shows. */
async function exportCsv(rows: TradeSummary[]): Promise<string> {
  const name = fileName(new Date().toISOString(), "csv");
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 rather than guess.
  download(name, ["\uFEFF", summariesToCsv(rows)], "text/csv;charset=utf-8");
  return tn("history_exportedCsv", rows.length, name);
}

async function exportJson(rows: TradeSummary[]): Promise<string> {
  const now = new Date().toISOString();
  const backup = await exportLedger(now, rows.map((row) => row.id));
  const name = fileName(now, "json");
  download(name, [backupToText(backup)], "application/json");
  return tn("history_exportedJson", backup.trades.length, name);
}

/** Wiring only: reads the finished trades' rows, follows ledger changes, saves the exports as downloads. */
export function HistoryApp() {
  const [rows, setRows] = useState<TradeSummary[] | null>(null);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setRows(await loadFinishedSummaries());
      setNow(new Date().toISOString());
      setError(null);
    } catch (cause) {
      setError(t("settings_couldNotReadOrders", message(cause)));
    }
  }, []);

  useEffect(() => {
    void reload();
    return onLedgerChange(() => void reload());
  }, [reload]);

  if (error !== null)
    return (
      <main class="tw tw-history">
        <h1>{t("history_heading")}</h1>
        <p role="alert">{error}</p>
      </main>
    );
  if (rows === null) return <p class="loading">{t("settings_loading")}</p>;
  return (
    <HistoryView
      rows={rows}
      now={now}
      timeZone={timeZone}
      optionsUrl={browser.runtime.getURL("/options.html")}
      onExportCsv={exportCsv}
      onExportJson={exportJson}
    />
  );
}
