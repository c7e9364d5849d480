import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { Popup, type SiteAccess } from "@/components/Popup";
import { onLedgerChange } from "@/lib/background/changes";
import { listTrades } from "@/lib/db/trades";
import type { Money, Trade } from "@/lib/domain/types";
import type { CheckNowReply, ErrorReply } from "@/lib/messages/schema";
import { loadSettings, onSettingsChanged } from "@/lib/settings/store";
import { currentSite, grantSite, type CurrentSite } from "@/lib/site-access";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Wiring only: reads the ledger and settings, follows their changes, relays the user's commands. */
export function PopupApp() {
  const [trades, setTrades] = useState<Trade[] | null>(null);
  const [limits, setLimits] = useState<Money[]>([]);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [checking, setChecking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [site, setSite] = useState<CurrentSite | null>(null);

  const reload = useCallback(async () => {
    try {
      setTrades(await listTrades());
      setNow(new Date().toISOString());
    } catch (error) {
      setNotice(`Could not read your orders: ${message(error)}`);
    }
  }, []);

  useEffect(() => {
    void reload();
    loadSettings().then((settings) => setLimits(settings.limits), (error: unknown) => setNotice(message(error)));
    currentSite().then(setSite, () => setSite(null));
    const stopLedger = onLedgerChange(() => void reload());
    const stopSettings = onSettingsChanged((settings) => setLimits(settings.limits));
    return () => {
      stopLedger();
      stopSettings();
    };
  }, [reload]);

  const checkNow = async () => {
    setChecking(true);
    setNotice(null);
    try {
      const reply = (await browser.runtime.sendMessage({ type: "check-now" })) as CheckNowReply | ErrorReply;
      if ("error" in reply) setNotice(reply.error);
      await reload();
    } catch (error) {
      setNotice(`Could not check: ${message(error)}`);
    } finally {
      setChecking(false);
    }
  };

  const siteAccess: SiteAccess | null = site && {
    origin: site.origin,
    granted: site.granted,
    onGrant: () =>
      void grantSite(site).then(
        (granted) => setSite({ ...site, granted }),
        (error: unknown) => setNotice(`Could not allow ${site.origin}: ${message(error)}`),
      ),
  };

  if (trades === null) return <p class="loading">Loading…</p>;
  return (
    <Popup
      trades={trades}
      limits={limits}
      now={now}
      checking={checking}
      onCheckNow={() => void checkNow()}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      siteAccess={siteAccess}
      notice={notice}
    />
  );
}
