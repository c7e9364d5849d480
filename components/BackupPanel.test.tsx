// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { IDBObjectStore } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { backupToText, exportLedger, MAX_BACKUP_SIZE, parseBackup } from "../lib/backup/backup";
import { generateLedger } from "../lib/db/test-arbitraries";
import { storeTrades, useFreshDb } from "../lib/db/test-db";
import { listTrades } from "../lib/db/trades";
import { tradeKey } from "../lib/domain/trade";
import type { Trade } from "../lib/domain/types";
import { SETTINGS_VERSION } from "../lib/settings/schema";
import { loadSettings } from "../lib/settings/store";
import { BackupPanel } from "./BackupPanel";

afterEach(cleanup);

/** Three orders at two shops, 2 Jan 2025 to 24 Dec 2026. */
function ledger(seed: number): Trade[] {
  const origins = ["https://tea.example", "https://tea.example", "https://mugs.example"];
  const dates = ["2025-01-02T12:00:00.000Z", "2025-06-01T12:00:00.000Z", "2026-12-24T12:00:00.000Z"];
  return generateLedger(3, seed).map((trade, i) => {
    const origin = origins[i] as string;
    return {
      ...trade,
      id: tradeKey(origin, trade.info.tradingId),
      info: { ...trade.info, orderDate: dates[i] as string, shop: { ...trade.info.shop, origin } },
    };
  });
}


async function backupFile(trades: Trade[], name = "tradewatch-backup-2026-11-22.json"): Promise<File> {
  useFreshDb();
  await storeTrades(trades);
  const text = backupToText(await exportLedger("2026-11-22T10:00:00.000Z"));
  useFreshDb();
  return new File([text], name, { type: "application/json" });
}

function chooseFile(file: File): void {
  fireEvent.change(screen.getByLabelText("Import backup…"), { target: { files: [file] } });
}

beforeEach(() => {
  useFreshDb();
  fakeBrowser.reset();
});

describe("BackupPanel", () => {
  it("exports the ledger and settings as a JSON download", async () => {
    await storeTrades(ledger(1));
    let blob: Blob | undefined;
    vi.spyOn(URL, "createObjectURL").mockImplementation((object) => {
      blob = object as Blob;
      return "blob:tradewatch-test";
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    render(<BackupPanel />);

    fireEvent.click(screen.getByRole("button", { name: "Export backup" }));
    await screen.findByText(/^Exported 3 orders and your settings to tradewatch-backup-\d{4}-\d\d-\d\d\.json\.$/);
    expect(click).toHaveBeenCalledOnce();
    const parsed = parseBackup(await (blob as Blob).text());
    expect(parsed.ok && parsed.backup.trades).toEqual(await listTrades());
    expect(blob?.type).toBe("application/json");
  });

  it("previews a backup, replaces nothing until confirmed, then replaces the ledger and settings", async () => {
    const incoming = ledger(2);
    const file = await backupFile(incoming);
    const current = ledger(3);
    await storeTrades(current);
    const onImported = vi.fn();
    render(<BackupPanel onImported={onImported} />);

    chooseFile(file);
    const preview = await screen.findByRole("group");
    // Dates are in the browser's locale; the first is in another year than today, so it shows its year.
    expect(preview.textContent).toMatch(/This backup holds 3 orders at 2 shops, placed from \S.*2025 to \S.*\./);
    expect(preview.textContent).toContain("Importing it replaces the 3 orders now in TradeWatch, and your settings.");
    expect(await listTrades()).toHaveLength(3);
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());

    fireEvent.click(within(preview).getByRole("button", { name: "Replace my ledger with this backup" }));
    await screen.findByText("Your ledger now holds the 3 orders and the settings from the backup.");
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(incoming.map((t) => t.id).sort());
    expect(await loadSettings()).toMatchObject({ version: SETTINGS_VERSION });
    expect(onImported).toHaveBeenCalledOnce();
    expect(screen.queryByRole("group")).toBeNull();
  });

  it("lets the user cancel after the preview", async () => {
    const file = await backupFile(ledger(4));
    const current = ledger(5);
    await storeTrades(current);
    render(<BackupPanel />);
    chooseFile(file);
    fireEvent.click(within(await screen.findByRole("group")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("group")).toBeNull();
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());
  });

  it.each([
    ["a file cut off while copying", (text: string) => text.slice(0, text.length / 2), /incomplete or damaged/],
    ["a file that is not a backup", () => '{"hello":"world"}', /not a TradeWatch backup/],
    ["a backup edited by hand", (text: string) => text.replace(/"minor":(\d+)/, '"minor":$1.5'), /damaged or was changed by hand/],
  ])("shows an alert for %s and changes nothing", async (_case, damage, message) => {
    const good = await backupFile(ledger(6));
    const current = ledger(7);
    await storeTrades(current);
    render(<BackupPanel />);
    chooseFile(new File([damage(await good.text())], "backup.json"));
    expect((await screen.findByRole("alert")).textContent).toMatch(message);
    expect(screen.queryByRole("button", { name: "Replace my ledger with this backup" })).toBeNull();
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());
  });

  it("shows a file name from the user's disk as text, never as markup", async () => {
    const file = await backupFile(ledger(8), '<img src=x onerror="globalThis.__twPwned=1">.json');
    render(<BackupPanel />);
    chooseFile(file);
    const preview = await screen.findByRole("group");
    expect(preview.textContent).toContain('<img src=x onerror="globalThis.__twPwned=1">.json');
    expect(preview.querySelector("img")).toBeNull();
  });

  it("refuses a file too large to be a backup without reading it", async () => {
    const file = new File(["{}"], "movie.mkv");
    Object.defineProperty(file, "size", { value: MAX_BACKUP_SIZE + 1 });
    const read = vi.spyOn(file, "text");
    render(<BackupPanel />);
    chooseFile(file);
    expect((await screen.findByRole("alert")).textContent).toBe("This file is too large to be a TradeWatch backup.");
    expect(read).not.toHaveBeenCalled();
  });

  it("says so, and keeps the old ledger, when the disk is full during the import", async () => {
    const file = await backupFile(ledger(9));
    const current = ledger(10);
    await storeTrades(current);
    render(<BackupPanel />);
    chooseFile(file);
    const preview = await screen.findByRole("group");
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(() => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    });
    fireEvent.click(within(preview).getByRole("button", { name: "Replace my ledger with this backup" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your browser's storage for TradeWatch is full. Nothing already saved was lost, but this change could not be saved.",
    );
    vi.restoreAllMocks();
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());
  });
});
