import { useId, useRef, useState } from "preact/hooks";
import {
  backupToText,
  exportLedger,
  importLedger,
  MAX_BACKUP_SIZE,
  parseBackup,
  tooLarge,
  type BackupPreview,
  type LedgerBackup,
} from "../lib/backup/backup";
import { countTrades } from "../lib/db/trades";
import { t, tn } from "../lib/i18n/t";
import { sitesRead } from "../lib/site-access";
import { formatDay, formatOnDay } from "./dates";
import "./styles.css";
import { download } from "./download";
import { markedOff } from "./ui/marked-off";
import { useFocusRequest } from "./use-focus-request";

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
 * "This backup holds 12 orders at 3 shops, placed from Jan 2, 2025 to Dec 24.", or for a selection
 * "This file holds 12 orders from your order history, at 3 shops, placed …".
 */
function summary(backup: LedgerBackup, preview: BackupPreview, now: string): string {
  const selection = backup.scope === "selection";
  if (preview.from === null || preview.to === null) return t(selection ? "backup_fileHoldsNone" : "backup_holdsNone");
  const orders = tn("backup_orders", preview.trades);
  const shops = tn("backup_shops", preview.shops);
  const [from, to] = [formatDay(preview.from, now), formatDay(preview.to, now)];
  const span = from === to ? formatOnDay(preview.from, now) : t("backup_fromTo", from, to);
  return t(selection ? "backup_fileHolds" : "backup_holds", orders, shops, span);
}

/** What importing changes: a whole ledger replaces the ledger and settings, a selection adds its orders. */
function consequence(backup: LedgerBackup, current: number): string {
  if (backup.scope === "selection") return t("backup_consequenceSelection");
  return current === 0 ? t("backup_consequenceEmpty") : tn("backup_consequenceReplace", current);
}

/** Orders that were finalising: what they waited on is not in the file, so the import releases them. */
function waitingNote(waiting: number): string | null {
  return waiting === 0 ? null : tn("backup_waiting", waiting);
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
  // The preview and its buttons come and go: each step puts the focus where the user goes on
  // from, never leaving it to the page.
  const focus = useFocusRequest();
  const ids = { file: `${id}-file`, preview: `${id}-preview-group`, status: `${id}-status` };

  async function exportNow() {
    setState({ kind: "busy", doing: t("backup_preparing") });
    try {
      const backup = await exportLedger();
      const fileName = downloadBackup(backup);
      setState({ kind: "done", message: tn("backup_exported", backup.trades.length, fileName) });
    } catch (error) {
      setState({ kind: "failed", message: t("backup_exportFailed", reason(error)) });
    }
  }

  /** Clears the file input, so that choosing the same file again is noticed. */
  function reset() {
    if (fileInput.current) fileInput.current.value = "";
  }

  function failed(message: string) {
    setState({ kind: "failed", message });
    reset();
    focus(ids.file);
  }

  async function chooseFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_BACKUP_SIZE) return failed(tooLarge());
    setState({ kind: "busy", doing: t("backup_reading", file.name) });
    try {
      const parsed = parseBackup(await file.text(), await sitesRead());
      if (!parsed.ok) return failed(parsed.error);
      setState({ kind: "preview", fileName: file.name, backup: parsed.backup, preview: parsed.preview, current: await countTrades() });
      focus(ids.preview);
    } catch (error) {
      failed(t("backup_readFailed", file.name, reason(error)));
    }
  }

  async function importNow(backup: LedgerBackup) {
    const selection = backup.scope === "selection";
    setState({ kind: "busy", doing: t(selection ? "backup_adding" : "backup_replacing") });
    focus(ids.status);
    try {
      await importLedger(backup);
      setState({ kind: "done", message: tn(selection ? "backup_added" : "backup_replaced", backup.trades.length) });
      reset();
      onImported?.();
    } catch (error) {
      failed(reason(error));
    }
  }

  function cancel() {
    setState({ kind: "idle" });
    reset();
    focus(ids.file);
  }

  const now = new Date().toISOString();
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("backup_heading")}</h2>
      <p>{t("backup_intro")}</p>
      <div class="form-actions">
        <button type="button" class="button" {...markedOff(busy, () => void exportNow())}>
          {t("backup_export")}
        </button>
        <div class="field">
          <label for={ids.file}>{t("backup_import")}</label>
          <input
            ref={fileInput}
            id={ids.file}
            type="file"
            accept="application/json,.json"
            {...markedOff(busy)}
            onChange={(event) => void chooseFile(event)}
          />
        </div>
      </div>
      {state.kind === "preview" && (
        <div id={ids.preview} role="group" aria-labelledby={`${id}-preview`} tabIndex={-1}>
          <p id={`${id}-preview`} class="notice">
            {[
              t("backup_fileSays", state.fileName, summary(state.backup, state.preview, now)),
              waitingNote(state.preview.waiting),
              consequence(state.backup, state.current),
            ]
              .filter((sentence) => sentence !== null)
              .join(" ")}
          </p>
          <div class="form-actions">
            <button type="button" class="button button-primary" onClick={() => void importNow(state.backup)}>
              {t(state.backup.scope === "selection" ? "backup_addOrders" : "backup_replaceLedger")}
            </button>
            <button type="button" class="button" onClick={cancel}>
              {t("backup_cancel")}
            </button>
          </div>
        </div>
      )}
      <p id={ids.status} class="save-status" role="status" tabIndex={-1}>
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
