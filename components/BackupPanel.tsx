import { useId, useRef, useState } from "preact/hooks";
import {
  backupToText,
  exportLedger,
  importLedger,
  MAX_BACKUP_SIZE,
  parseBackup,
  TOO_LARGE,
  type BackupPreview,
  type LedgerBackup,
} from "../lib/backup/backup";
import { countTrades } from "../lib/db/trades";
import { formatDay } from "./dates";
import { countOf } from "./labels";
import "./styles.css";
import { download } from "./download";

export interface BackupPanelProps {
  /** Called after an import changed the ledger (and, for a whole ledger, the settings), so the page can show the new ones. */
  onImported?: () => void;
}

type State =
  | { kind: "idle" }
  | { kind: "busy"; doing: string }
  | { kind: "done"; message: string }
  | { kind: "failed"; message: string }
  | { kind: "preview"; fileName: string; backup: LedgerBackup; preview: BackupPreview; current: number };

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Hands the backup to the browser as a file download, from memory: nothing leaves the computer. */
function downloadBackup(backup: LedgerBackup): string {
  const fileName = `tradewatch-backup-${backup.exportedAt.slice(0, 10)}.json`;
  download(fileName, [backupToText(backup)], "application/json");
  return fileName;
}

/**
 * "This backup holds 12 orders at 3 shops, placed from 2 Jan 2025 to 24 Dec.", or for a selection
 * "This file holds 12 orders from your order history, at 3 shops, placed …".
 */
function summary(backup: LedgerBackup, preview: BackupPreview, now: string): string {
  const selection = backup.scope === "selection";
  const holds = selection ? "This file holds" : "This backup holds";
  if (preview.from === null || preview.to === null) return `${holds} no orders.`;
  const orders = countOf(preview.trades, "order");
  const shops = countOf(preview.shops, "shop");
  const span =
    formatDay(preview.from, now) === formatDay(preview.to, now)
      ? `on ${formatDay(preview.from, now)}`
      : `from ${formatDay(preview.from, now)} to ${formatDay(preview.to, now)}`;
  return `${holds} ${orders}${selection ? " from your order history," : ""} at ${shops}, placed ${span}.`;
}

/** What importing changes: a whole ledger replaces the ledger and settings, a selection adds its orders. */
function consequence(backup: LedgerBackup, current: number): string {
  if (backup.scope === "selection") {
    return "Importing it adds them to TradeWatch (replacing any with the same order number); your other orders and your settings stay.";
  }
  return current === 0
    ? "Importing it also replaces your settings."
    : `Importing it replaces the ${countOf(current, "order")} now in TradeWatch, and your settings.`;
}

/** Orders that were finalising: what they waited on is not in the file, so the import releases them. */
function waitingNote(waiting: number): string {
  if (waiting === 0) return "";
  return waiting === 1
    ? " 1 order in it was waiting for a shop's answer when the file was made: it is imported as open, so check it with the shop."
    : ` ${waiting} orders in it were waiting for a shop's answer when the file was made: they are imported as open, so check them with the shop.`;
}

/**
 * Export the whole ledger and settings to a JSON file, or replace them with one (a file of
 * orders exported from the history adds them instead): the file is checked and previewed
 * first, and nothing changes until the user confirms.
 */
export function BackupPanel({ onImported }: BackupPanelProps) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const busy = state.kind === "busy";

  async function exportNow() {
    setState({ kind: "busy", doing: "Preparing the backup…" });
    try {
      const backup = await exportLedger();
      const fileName = downloadBackup(backup);
      setState({ kind: "done", message: `Exported ${countOf(backup.trades.length, "order")} and your settings to ${fileName}.` });
    } catch (error) {
      setState({ kind: "failed", message: `Could not export: ${reason(error)}` });
    }
  }

  /** Clears the file input, so that choosing the same file again is noticed. */
  function reset() {
    if (fileInput.current) fileInput.current.value = "";
  }

  function failed(message: string) {
    setState({ kind: "failed", message });
    reset();
  }

  async function chooseFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_BACKUP_SIZE) return failed(TOO_LARGE);
    setState({ kind: "busy", doing: `Reading ${file.name}…` });
    try {
      const parsed = parseBackup(await file.text());
      if (!parsed.ok) return failed(parsed.error);
      setState({ kind: "preview", fileName: file.name, backup: parsed.backup, preview: parsed.preview, current: await countTrades() });
    } catch (error) {
      failed(`Could not read ${file.name}: ${reason(error)}`);
    }
  }

  async function importNow(backup: LedgerBackup) {
    const selection = backup.scope === "selection";
    setState({ kind: "busy", doing: selection ? "Adding the orders…" : "Replacing your ledger…" });
    try {
      await importLedger(backup);
      const orders = countOf(backup.trades.length, "order");
      setState({
        kind: "done",
        message: selection
          ? `Added the ${orders} from the file; your other orders and your settings are as they were.`
          : `Your ledger now holds the ${orders} and the settings from the backup.`,
      });
      reset();
      onImported?.();
    } catch (error) {
      failed(reason(error));
    }
  }

  function cancel() {
    setState({ kind: "idle" });
    reset();
  }

  const now = new Date().toISOString();
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Backup</h2>
      <p>
        Save all your orders and settings to a file, or replace them with a file saved before. A file of orders
        exported from the order history adds those orders instead. The file is plain, unencrypted JSON: keep it
        somewhere private.
      </p>
      <div class="form-actions">
        <button type="button" class="button" onClick={() => void exportNow()} disabled={busy}>
          Export backup
        </button>
        <div class="field">
          <label for={`${id}-file`}>Import backup…</label>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept="application/json,.json"
            disabled={busy}
            onChange={(event) => void chooseFile(event)}
          />
        </div>
      </div>
      {state.kind === "preview" && (
        <div role="group" aria-labelledby={`${id}-preview`}>
          <p id={`${id}-preview`} class="notice">
            {state.fileName}: {summary(state.backup, state.preview, now)}
            {waitingNote(state.preview.waiting)} {consequence(state.backup, state.current)}
          </p>
          <div class="form-actions">
            <button type="button" class="button button-primary" onClick={() => void importNow(state.backup)}>
              {state.backup.scope === "selection" ? "Add these orders" : "Replace my ledger with this backup"}
            </button>
            <button type="button" class="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p class="save-status" role="status">
        {state.kind === "busy" ? state.doing : state.kind === "done" ? state.message : ""}
      </p>
      {state.kind === "failed" && (
        <p class="save-error" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
