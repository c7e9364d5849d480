import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { BackupPanel } from "@/components/BackupPanel";
import { Options } from "@/components/Options";
import { SiteAccessPanel } from "@/components/SiteAccessPanel";
import { SpendingPicture } from "@/components/SpendingChart";
import { listTrades } from "@/lib/db/trades";
import type { Trade } from "@/lib/domain/types";
import { ledgerShops } from "@/lib/domain/views";
import type { MessageKey } from "@/lib/i18n/catalog";
import { t } from "@/lib/i18n/t";
import { DEFAULT_SETTINGS, type Settings } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";
import { onSiteAccessChanged, setAllSites, siteAccessState, stopTrackingSite, type SiteAccessState } from "@/lib/site-access";

/** Calendar months of the spending picture begin at midnight in the browser's time zone. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * Wiring only: loads the settings and the ledger's shops, hands them to the form, saves what
 * the form validated; after a backup is imported, reloads both and tells the background. The
 * sites TradeWatch may read are the browser's grants, followed as they change.
 */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [trades, setTrades] = useState<Trade[]>([]);
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
        setTrades(trades);
        setLedgerError(null);
      },
      (cause: unknown) => setLedgerError(t("settings_couldNotReadOrders", message(cause))),
    );
  }, []);

  useEffect(load, [load]);

  const readAccess = useCallback(() => {
    siteAccessState().then(setAccess, (cause: unknown) => setAccessError(t("settings_couldNotReadSites", message(cause))));
  }, []);
  useEffect(() => {
    readAccess();
    // A browser without these events still gets the rest of the page.
    try {
      return onSiteAccessChanged(readAccess);
    } catch (cause) {
      setAccessError(t("settings_couldNotFollowSites", message(cause)));
      return undefined;
    }
  }, [readAccess]);

  /** A grant or revocation: the page shows what the browser holds afterwards, whatever the user chose in its prompt. */
  const changeAccess = (change: Promise<unknown>, failure: MessageKey) => {
    setAccessError(null);
    change.then(readAccess, (cause: unknown) => setAccessError(t(failure, message(cause))));
  };
  const sitePanel = (
    <SiteAccessPanel
      access={access}
      onAllSites={(on) => changeAccess(setAllSites(on), on ? "settings_couldNotAllowAll" : "settings_couldNotStopAll")}
      onStopTracking={(pattern) => changeAccess(stopTrackingSite(pattern), "settings_couldNotStopSite")}
      error={accessError}
    />
  );

  const imported = () => {
    load();
    browser.runtime
      .sendMessage({ type: "ledger-imported" })
      .catch((cause: unknown) => setLedgerError(t("settings_importNotTaken", message(cause))));
  };

  // Only on the user's word: the unreadable settings may hold limits they would rather restore from a backup.
  const replaceWithDefaults = () => {
    saveSettings(DEFAULT_SETTINGS).then(load, (cause: unknown) =>
      setError(t("settings_couldNotReplace", message(cause))),
    );
  };

  if (error)
    return (
      <main class="tw tw-options">
        <h1>{t("settings_pageTitle")}</h1>
        <p role="alert">{error}</p>
        <div class="form-actions">
          <button type="button" class="button" onClick={replaceWithDefaults}>
            {t("settings_replaceWithDefaults")}
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

  if (settings === null) return <p>{t("settings_loading")}</p>;
  return (
    <Options settings={settings} shops={ledgerShops(trades)} onSave={save}>
      {ledgerError && <p role="alert">{ledgerError}</p>}
      <SpendingPicture trades={trades} limits={settings.limits} now={new Date().toISOString()} timeZone={timeZone} />
      {sitePanel}
      <BackupPanel onImported={imported} />
      <p>
        <a href="/welcome.html">{t("settings_openWelcome")}</a>
      </p>
    </Options>
  );
}
