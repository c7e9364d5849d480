import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { BackupPanel } from "@/components/BackupPanel";
import { Options } from "@/components/Options";
import { SiteAccessPanel } from "@/components/SiteAccessPanel";
import { SpendingPicture } from "@/components/SpendingChart";
import { useSiteAccess } from "@/components/use-site-access";
import { listTrades } from "@/lib/db/trades";
import type { Trade } from "@/lib/domain/types";
import { ledgerShops } from "@/lib/domain/views";
import { t } from "@/lib/i18n/t";
import { DEFAULT_SETTINGS, type Settings } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";
import { userTimeZone } from "@/lib/time-zone";

/** Calendar months of the spending picture begin at midnight in the browser's time zone. */
const timeZone = userTimeZone();
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

  const sites = useSiteAccess();
  const sitePanel = <SiteAccessPanel {...sites} />;

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
