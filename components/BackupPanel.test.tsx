// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { IDBObjectStore } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { backupToText, exportLedger, MAX_BACKUP_SIZE, parseBackup } from "../lib/backup/backup";
import { generateLedger } from "../lib/db/test-arbitraries";
import { storeTrades, useFreshDb } from "../lib/db/test-db";
import { listTrades, writeLedger } from "../lib/db/trades";
import { newCommand } from "../lib/domain/command-policy";
import { beginFinalising } from "../lib/domain/lifecycle";
import { aTrade, shopCommands } from "../lib/domain/test-trades";
import { tradeKey } from "../lib/domain/trade-key";
import type { Trade } from "../lib/domain/types";
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from "../lib/settings/schema";
import { loadSettings } from "../lib/settings/store";
import { BackupPanel } from "./BackupPanel";

afterEach(cleanup);

/**
 * Three orders at two shops, 2 Jan 2025 to 24 Dec 2026, none waiting for a shop's answer and
 * without commands (a generated wait or command address is often one a backup may not hold).
 */
function ledger(seed: number): Trade[] {
  const origins = ["https://tea.example", "https://tea.example", "https://mugs.example"];
  const dates = ["2025-01-02T12:00:00.000Z", "2025-06-01T12:00:00.000Z", "2026-12-24T12:00:00.000Z"];
  return generateLedger(3, seed).map((trade, i) => {
    const origin = origins[i] as string;
    return {
      ...trade,
      id: tradeKey(origin, trade.info.tradingId),
      info: { ...trade.info, orderDate: dates[i] as string, shop: { ...trade.info.shop, origin }, commands: null },
      lifecycle: { ...trade.lifecycle, pending: null },
    };
  });
}

/** A backup of these trades, or of a selection of them (the history view's export) when `selected` is given. */
async function backupFile(trades: Trade[], name = "tradewatch-backup-2026-11-22.json", selected?: Trade[]): Promise<File> {
  useFreshDb();
  await storeTrades(trades);
  const text = backupToText(await exportLedger("2026-11-22T10:00:00.000Z", selected?.map((trade) => trade.id)));
  useFreshDb();
  return new File([text], name, { type: "application/json" });
}

function chooseFile(file: File): void {
  fireEvent.change(screen.getByLabelText("Import backup…"), { target: { files: [file] } });
}

beforeEach(() => {
  useFreshDb();
  fakeBrowser.reset();
  // The fake browser has no permissions store or manifest: a plain build, and the user granted no site.
  Object.assign(fakeBrowser.permissions, { getAll: async () => ({ origins: [], permissions: [] }) });
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ manifest_version: 3, name: "TradeWatch", version: "1", host_permissions: [] }) });
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

  it("marks the export and import off while exporting, keeping the keyboard focus and exporting once", async () => {
    await storeTrades(ledger(1));
    vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:tradewatch-test");
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    render(<BackupPanel />);
    const exportButton = screen.getByRole("button", { name: "Export backup" }) as HTMLButtonElement;
    const fileInput = screen.getByLabelText("Import backup…") as HTMLInputElement;

    exportButton.focus();
    fireEvent.click(exportButton);
    for (const control of [exportButton, fileInput]) {
      expect(control.disabled).toBe(false);
      expect(control.getAttribute("aria-disabled")).toBe("true");
    }
    expect(document.activeElement).toBe(exportButton);
    fireEvent.click(exportButton);
    // No file chooser opens while marked off.
    expect(fireEvent.click(fileInput)).toBe(false);
    await screen.findByText(/^Exported 3 orders/);
    expect(click).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(exportButton);
    expect(exportButton.hasAttribute("aria-disabled")).toBe(false);
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

    // The preview takes the focus as it appears, so it is read out; the status line once it goes with its buttons.
    expect(document.activeElement).toBe(preview);
    fireEvent.click(within(preview).getByRole("button", { name: "Replace my ledger with this backup" }));
    const done = await screen.findByText("Your ledger now holds the 3 orders and the settings from the backup.");
    expect(document.activeElement).toBe(done);
    expect(done.getAttribute("role")).toBe("status");
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(incoming.map((t) => t.id).sort());
    expect(await loadSettings()).toMatchObject({ version: SETTINGS_VERSION });
    expect(onImported).toHaveBeenCalledOnce();
    expect(screen.queryByRole("group")).toBeNull();
  });

  it("previews a selection from the history as orders to add, then adds them beside the others", async () => {
    const incoming = ledger(11);
    const file = await backupFile(incoming, "tradewatch-history-2026-11-22.json", incoming.slice(0, 2));
    const current = ledger(12);
    await storeTrades(current);
    const onImported = vi.fn();
    render(<BackupPanel onImported={onImported} />);

    chooseFile(file);
    const preview = await screen.findByRole("group");
    expect(preview.textContent).toMatch(/This file holds 2 orders from your order history, at 1 shop, placed from \S.*2025 to \S.*2025\./);
    expect(preview.textContent).toContain(
      "Importing it adds them to TradeWatch (replacing any with the same order number); your other orders and your settings stay.",
    );
    expect(within(preview).queryByRole("button", { name: "Replace my ledger with this backup" })).toBeNull();

    fireEvent.click(within(preview).getByRole("button", { name: "Add these orders" }));
    await screen.findByText("Added the 2 orders from the file; your other orders and your settings are as they were.");
    expect((await listTrades()).map((t) => t.id).sort()).toEqual([...current, ...incoming.slice(0, 2)].map((t) => t.id).sort());
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(onImported).toHaveBeenCalledOnce();
  });

  it("says which orders were waiting for a shop's answer, as they are imported released", async () => {
    const open = aTrade({ info: { commands: shopCommands() }, shop: { status: "processing" }, payment: { status: "authorized" } });
    const waiting = beginFinalising(open, "complete", "user", { commandKey: "key-1", collectiveId: null }, "2026-11-21T10:00:00.000Z");
    if ("error" in waiting) throw new Error(waiting.error);
    render(<BackupPanel />);
    chooseFile(await backupFile([waiting, ...ledger(13)]));
    expect((await screen.findByRole("group")).textContent).toContain(
      "1 order in it was waiting for a shop's answer when the file was made: it is imported as open, so check it with the shop.",
    );
  });

  it("refuses to replace the ledger while a shop has yet to answer, and says which order", async () => {
    const file = await backupFile(ledger(14));
    const current = ledger(15);
    await storeTrades(current);
    const [waiting] = current as [Trade];
    const request = { tradewatch: 1, tradingId: waiting.info.tradingId, idempotencyKey: "key-1", command: "cancel", reason: null } as const;
    await writeLedger(async (tx) => {
      await tx.objectStore("commands").put(newCommand({ key: "key-1", tradeId: waiting.id, url: "https://tea.example/commands", request, now: "2026-11-22T10:00:00.000Z" }));
    });
    render(<BackupPanel />);
    chooseFile(file);
    fireEvent.click(within(await screen.findByRole("group")).getByRole("button", { name: "Replace my ledger with this backup" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      `Nothing was imported: TradeWatch is still waiting for a shop to answer about 1 order (${waiting.info.tradingId}). Import again once they are finished.`,
    );
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());
  });

  it("lets the user cancel after the preview", async () => {
    const file = await backupFile(ledger(4));
    const current = ledger(5);
    await storeTrades(current);
    render(<BackupPanel />);
    chooseFile(file);
    fireEvent.click(within(await screen.findByRole("group")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText("Import backup…"));
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
    expect(document.activeElement).toBe(screen.getByLabelText("Import backup…"));
    expect(screen.queryByRole("button", { name: "Replace my ledger with this backup" })).toBeNull();
    expect((await listTrades()).map((t) => t.id).sort()).toEqual(current.map((t) => t.id).sort());
  });

  it("takes a shop on the user's network with its local status address only once the user allowed TradeWatch on its site", async () => {
    const origin = "http://192.168.1.20";
    const [trade] = ledger(9) as [Trade];
    const local: Trade = {
      ...trade,
      id: tradeKey(origin, trade.info.tradingId),
      info: { ...trade.info, shop: { ...trade.info.shop, origin }, pageUrl: `${origin}/orders/1`, endpoints: { shop: `${origin}/status`, payment: null, delivery: null } },
    };
    const file = await backupFile([local]);
    render(<BackupPanel />);
    chooseFile(file);
    expect((await screen.findByRole("alert")).textContent).toMatch(/allowed it on: allow it there, then import again/);
    Object.assign(fakeBrowser.permissions, { getAll: async () => ({ origins: ["http://192.168.1.20/*"], permissions: [] }) });
    chooseFile(file);
    expect((await screen.findByRole("group")).textContent).toContain("1 order");
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
