import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { BackupPanel } from "@/components/BackupPanel";
import { Options } from "@/components/Options";
import { SiteAccessPanel } from "@/components/SiteAccessPanel";
import { listTrades } from "@/lib/db/trades";
import { ledgerShops, type LedgerShop } from "@/lib/domain/views";
import { DEFAULT_SETTINGS, type Settings } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";
import { onSiteAccessChanged, setAllSites, siteAccessState, stopTrackingSite, type SiteAccessState } from "@/lib/site-access";

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * Wiring only: loads the settings and the ledger's shops, hands them to the form, saves what
 * the form validated; after a backup is imported, reloads both and tells the background. The
 * sites TradeWatch may read are the browser's grants, followed as they change.
 */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [shops, setShops] = useState<LedgerShop[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [ledgerError, setLedgerError] = useState<string | null>(null);
  const [access, setAccess] = useState<SiteAccessState | null>(null);
  const [accessError, setAccessError] = useState<string | null>(null);

  const load = useCallback(() => {
    loadSettings().then(
      (loaded) => {
        setSettings(loaded);
        // Settings replaced or restored from a backup are readable again.
        setError(null);
      },
      (cause: unknown) => setError(message(cause)),
    );
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

  const readAccess = useCallback(() => {
    siteAccessState().then(setAccess, (cause: unknown) => setAccessError(`Could not read the sites you allowed: ${message(cause)}`));
  }, []);
  useEffect(() => {
    readAccess();
    // A browser without these events still gets the rest of the page.
    try {
      return onSiteAccessChanged(readAccess);
    } catch (cause) {
      setAccessError(`Could not follow changes to the sites you allowed: ${message(cause)}`);
      return undefined;
    }
  }, [readAccess]);

  /** A grant or revocation: the page shows what the browser holds afterwards, whatever the user chose in its prompt. */
  const changeAccess = (change: Promise<unknown>, failure: string) => {
    setAccessError(null);
    change.then(readAccess, (cause: unknown) => setAccessError(`${failure}: ${message(cause)}`));
  };
  const sitePanel = (
    <SiteAccessPanel
      access={access}
      onAllSites={(on) => changeAccess(setAllSites(on), on ? "Could not allow all sites" : "Could not stop detecting on all sites")}
      onStopTracking={(pattern) => changeAccess(stopTrackingSite(pattern), "Could not stop tracking there")}
      error={accessError}
    />
  );

  const imported = () => {
    load();
    browser.runtime
      .sendMessage({ type: "ledger-imported" })
      .catch((cause: unknown) => setLedgerError(`The background did not take the import in: ${message(cause)}`));
  };

  // Only on the user's word: the unreadable settings may hold limits they would rather restore from a backup.
  const replaceWithDefaults = () => {
    saveSettings(DEFAULT_SETTINGS).then(load, (cause: unknown) =>
      setError(`Could not replace the settings: ${message(cause)}`),
    );
  };

  if (error)
    return (
      <main class="tw tw-options">
        <h1>TradeWatch options</h1>
        <p role="alert">{error}</p>
        <div class="form-actions">
          <button type="button" class="button" onClick={replaceWithDefaults}>
            Replace the unreadable settings with the defaults
          </button>
        </div>
        <BackupPanel onImported={imported} />
      </main>
    );
  // The page then shows what is stored (the delivery profile's Remove button follows it).
  const save = async (next: Settings) => {
    await saveSettings(next);
    setSettings(next);
  };

  if (settings === null) return <p>Loading…</p>;
  return (
    <Options settings={settings} shops={shops} onSave={save}>
      {ledgerError && <p role="alert">{ledgerError}</p>}
      {sitePanel}
      <BackupPanel onImported={imported} />
    </Options>
  );
}
