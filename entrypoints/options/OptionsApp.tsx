import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { BackupPanel } from "@/components/BackupPanel";
import { Options } from "@/components/Options";
import { listTrades } from "@/lib/db/trades";
import { ledgerShops, type LedgerShop } from "@/lib/domain/views";
import type { Settings } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * Wiring only: loads the settings and the ledger's shops, hands them to the form, saves what
 * the form validated; after a backup is imported, reloads both and tells the background.
 */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [shops, setShops] = useState<LedgerShop[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [ledgerError, setLedgerError] = useState<string | null>(null);

  const load = useCallback(() => {
    loadSettings().then(setSettings, (cause: unknown) => setError(message(cause)));
    // Without the ledger, limits can still be set for all shops.
    listTrades().then(
      (trades) => {
        setShops(ledgerShops(trades));
        setLedgerError(null);
      },
      (cause: unknown) => setLedgerError(`Could not read your orders: ${message(cause)}`),
    );
  }, []);

  useEffect(load, [load]);

  const imported = () => {
    load();
    browser.runtime
      .sendMessage({ type: "ledger-imported" })
      .catch((cause: unknown) => setLedgerError(`The background did not take the import in: ${message(cause)}`));
  };

  if (error) return <p role="alert">{error}</p>;
  if (settings === null) return <p>Loading…</p>;
  return (
    <Options settings={settings} shops={shops} onSave={saveSettings}>
      {ledgerError && <p role="alert">{ledgerError}</p>}
      <BackupPanel onImported={imported} />
    </Options>
  );
}
