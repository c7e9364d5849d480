import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { useSiteAccess } from "@/components/use-site-access";
import { currencyFor, Welcome, withFirstLimit } from "@/components/Welcome";
import { demoShopUrl, SAMPLE_TRADE_ID } from "@/lib/background/welcome";
import { onLedgerChange } from "@/lib/ledger-changes";
import { getTrade } from "@/lib/db/trades";
import type { Money } from "@/lib/domain/types";
import { uiLocale } from "@/lib/i18n/t";
import type { AddSampleOrderReply, ErrorReply, RemoveSampleOrderReply } from "@/lib/messages/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";

/** The background's answer, or its refusal as an error for the page to show. */
async function ask<R extends object>(request: object): Promise<R> {
  const reply = (await browser.runtime.sendMessage(request)) as R | ErrorReply;
  if ("error" in reply) throw new Error(reply.error);
  return reply;
}

/**
 * Wiring only: the browser's site grants (useSiteAccess), the first limit saved into
 * the settings, and the sample order added and removed by the background and read back from
 * the ledger whenever it changes.
 */
export function WelcomeApp() {
  const sites = useSiteAccess();
  const [hasSample, setHasSample] = useState<boolean | null>(null);

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

  const saveLimit = async (amount: Money) => {
    await saveSettings(withFirstLimit(await loadSettings(), amount, crypto.randomUUID()));
  };

  return (
    <Welcome
      siteAccess={sites}
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
