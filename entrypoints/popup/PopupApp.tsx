import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { Popup, type SiteAccess } from "@/components/Popup";
import { onLedgerChange } from "@/lib/background/changes";
import { listTrades } from "@/lib/db/trades";
import type { Trade } from "@/lib/domain/types";
import type { Message } from "@/lib/messages/schema";
import type { Limit } from "@/lib/settings/schema";
import { loadSettings, onSettingsChanged } from "@/lib/settings/store";
import { currentSite, grantSite, type CurrentSite } from "@/lib/site-access";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A notification click opens popup.html?trade=<id> in a tab: that trade is shown first. */
const focusTradeId = new URLSearchParams(location.search).get("trade");
/** Calendar months and weeks of spending limits begin at midnight in the browser's time zone. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Wiring only: reads the ledger and settings, follows their changes, relays the user's commands. */
export function PopupApp() {
  const [trades, setTrades] = useState<Trade[] | null>(null);
  const [limits, setLimits] = useState<Limit[]>([]);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [checking, setChecking] = useState(false);
  const [checkingTrades, setCheckingTrades] = useState<ReadonlySet<string>>(new Set());
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

  /** Sends a command; a refusal or failure becomes the notice. Never throws. */
  const command = async (request: Message, failure: string) => {
    setNotice(null);
    try {
      const reply = (await browser.runtime.sendMessage(request)) as object;
      if ("error" in reply) setNotice(String(reply.error));
      // The background announces changes too; reading now shows the command's effect at once.
      await reload();
    } catch (error) {
      setNotice(`${failure}: ${message(error)}`);
    }
  };

  const checkNow = async () => {
    setChecking(true);
    await command({ type: "check-now" }, "Could not check");
    setChecking(false);
  };

  const checkTrade = async (tradeId: string) => {
    setCheckingTrades((current) => new Set(current).add(tradeId));
    await command({ type: "check-trade", tradeId }, "Could not check");
    setCheckingTrades((current) => new Set([...current].filter((id) => id !== tradeId)));
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
      timeZone={timeZone}
      checking={checking}
      checkingTrades={checkingTrades}
      focusTradeId={focusTradeId}
      onCheckNow={() => void checkNow()}
      onCheckTrade={(tradeId) => void checkTrade(tradeId)}
      onAcknowledge={(tradeId, code, source) =>
        void command({ type: "acknowledge-warning", tradeId, code, source }, "Could not acknowledge the warning")
      }
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      siteAccess={siteAccess}
      notice={notice}
    />
  );
}
