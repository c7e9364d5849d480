import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { currencyFor, Welcome, withFirstLimit } from "@/components/Welcome";
import { demoShopUrl, SAMPLE_TRADE_ID } from "@/lib/background/welcome";
import { onLedgerChange } from "@/lib/background/changes";
import { getTrade } from "@/lib/db/trades";
import type { Money } from "@/lib/domain/types";
import { uiLocale } from "@/lib/i18n/t";
import type { AddSampleOrderReply, ErrorReply, RemoveSampleOrderReply } from "@/lib/messages/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";
import { onSiteAccessChanged, setAllSites, siteAccessState, stopTrackingSite, type SiteAccessState } from "@/lib/site-access";

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/** The background's answer, or its refusal as an error for the page to show. */
async function ask<R extends object>(request: object): Promise<R> {
  const reply = (await browser.runtime.sendMessage(request)) as R | ErrorReply;
  if ("error" in reply) throw new Error(reply.error);
  return reply;
}

/**
 * Wiring only: the browser's site grants (followed as they change), the first limit saved into
 * the settings, and the sample order added and removed by the background and read back from
 * the ledger whenever it changes.
 */
export function WelcomeApp() {
  const [access, setAccess] = useState<SiteAccessState | null>(null);
  const [accessError, setAccessError] = useState<string | null>(null);
  const [hasSample, setHasSample] = useState<boolean | null>(null);

  const readAccess = useCallback(() => {
    siteAccessState().then(setAccess, (cause: unknown) => setAccessError(message(cause)));
  }, []);
  useEffect(() => {
    readAccess();
    return onSiteAccessChanged(readAccess);
  }, [readAccess]);

  const readSample = useCallback(() => {
    getTrade(SAMPLE_TRADE_ID).then(
      (trade) => setHasSample(trade !== undefined),
      // Without the ledger the sample cannot be offered; the rest of the page still works.
      () => setHasSample(null),
    );
  }, []);
  useEffect(() => {
    readSample();
    return onLedgerChange(readSample);
  }, [readSample]);

  /** A grant or revocation: the page shows what the browser holds afterwards, whatever the user chose in its prompt. */
  const changeAccess = (change: Promise<unknown>) => {
    setAccessError(null);
    change.then(readAccess, (cause: unknown) => setAccessError(message(cause)));
  };

  const saveLimit = async (amount: Money) => {
    await saveSettings(withFirstLimit(await loadSettings(), amount, crypto.randomUUID()));
  };

  return (
    <Welcome
      access={access}
      accessError={accessError}
      onAllSites={(on) => changeAccess(setAllSites(on))}
      onStopTracking={(pattern) => changeAccess(stopTrackingSite(pattern))}
      currency={currencyFor(uiLocale())}
      onSaveLimit={saveLimit}
      demoShopUrl={demoShopUrl()}
      hasSample={hasSample}
      onAddSample={async (currency) => {
        await ask<AddSampleOrderReply>({ type: "add-sample-order", currency });
        setHasSample(true);
      }}
      onRemoveSample={async () => {
        await ask<RemoveSampleOrderReply>({ type: "remove-sample-order" });
        setHasSample(false);
      }}
    />
  );
}
