import { useEffect, useState } from "preact/hooks";
import { Options } from "@/components/Options";
import { listTrades } from "@/lib/db/trades";
import { ledgerShops, type LedgerShop } from "@/lib/domain/views";
import type { Settings } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";

/** Wiring only: loads the settings and the ledger's shops, hands them to the form, saves what the form validated. */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [shops, setShops] = useState<LedgerShop[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadSettings().then(setSettings, (cause: unknown) =>
      setError(cause instanceof Error ? cause.message : String(cause)),
    );
    // Without the ledger, limits can still be set for all shops.
    listTrades().then(
      (trades) => setShops(ledgerShops(trades)),
      (cause: unknown) => console.warn("TradeWatch could not list the shops of your orders:", cause),
    );
  }, []);

  if (error) return <p role="alert">{error}</p>;
  if (settings === null) return <p>Loading…</p>;
  return <Options settings={settings} shops={shops} onSave={saveSettings} />;
}
