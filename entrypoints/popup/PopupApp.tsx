import { useCallback, useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { Popup, type SiteAccess } from "@/components/Popup";
import type { UnseenChanges } from "@/components/SinceLastVisit";
import type { Answer } from "@/components/TradeActions";
import { onLedgerChange } from "@/lib/background/changes";
import { clearPageProblems, loadPageProblems, onPageProblemsChanged, type PageProblem } from "@/lib/background/page-problems";
import { listRecentCollectives } from "@/lib/db/collectives";
import { listTrades } from "@/lib/db/trades";
import type { CollectiveRecord, Trade } from "@/lib/domain/types";
import type { Message, Replies } from "@/lib/messages/schema";
import type { Settings } from "@/lib/settings/schema";
import { loadSettings, onSettingsChanged } from "@/lib/settings/store";
import { loadUnseenChanges, markChangesSeen } from "@/lib/since-last-visit";
import { currentSite, grantSite, type CurrentSite } from "@/lib/site-access";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A notification click opens popup.html?trade=<id> in a tab: that trade is shown first. */
const focusTradeId = new URLSearchParams(location.search).get("trade");
/** Calendar months and weeks of spending limits begin at midnight in the browser's time zone. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Wiring only: reads the ledger and settings, follows their changes, relays the user's commands. */
export function PopupApp() {
  const [trades, setTrades] = useState<Trade[] | null>(null);
  const [collectives, setCollectives] = useState<CollectiveRecord[]>([]);
  const [settings, setSettings] = useState<Pick<Settings, "limits" | "waitLimit"> | null>(null);
  const [unseen, setUnseen] = useState<UnseenChanges | null>(null);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [checking, setChecking] = useState(false);
  const [checkingTrades, setCheckingTrades] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [site, setSite] = useState<CurrentSite | null>(null);
  const [problems, setProblems] = useState<PageProblem[]>([]);

  const reload = useCallback(async () => {
    try {
      const readAt = new Date().toISOString();
      const [ledger, recent] = await Promise.all([listTrades(), listRecentCollectives(readAt)]);
      setTrades(ledger);
      setCollectives(recent);
      setNow(readAt);
    } catch (error) {
      setNotice(`Could not read your orders: ${message(error)}`);
    }
  }, []);

  useEffect(() => {
    void reload();
    loadSettings().then(setSettings, (error: unknown) => setNotice(message(error)));
    currentSite().then(setSite, () => setSite(null));
    // Read once per opening: what arrives while the popup is open is in the orders already.
    loadUnseenChanges().then(setUnseen, (error: unknown) => setNotice(`Could not read what changed: ${message(error)}`));
    loadPageProblems().then(setProblems, (error: unknown) => setNotice(`Could not read the list of pages TradeWatch could not read: ${message(error)}`));
    const stopLedger = onLedgerChange(() => void reload());
    const stopSettings = onSettingsChanged(setSettings);
    const stopProblems = onPageProblemsChanged(setProblems);
    return () => {
      stopLedger();
      stopSettings();
      stopProblems();
    };
  }, [reload]);

  /** Sends a message and reads the ledger again; a failure to deliver it comes back as an error reply. Never throws. */
  const ask = async <T extends Message["type"] & keyof Replies>(
    request: Extract<Message, { type: T }>,
    failure: string,
  ): Promise<Answer<Replies[T]>> => {
    try {
      const reply = (await browser.runtime.sendMessage(request)) as Answer<Replies[T]>;
      // The background announces changes too; reading now shows the command's effect at once.
      await reload();
      return reply;
    } catch (error) {
      return { error: `${failure}: ${message(error)}` };
    }
  };

  /** Sends a command whose answer the popup shows as its notice. */
  const command = async <T extends Message["type"] & keyof Replies>(request: Extract<Message, { type: T }>, failure: string) => {
    setNotice(null);
    const reply = await ask(request, failure);
    if ("error" in reply) setNotice(reply.error);
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
      limits={settings?.limits ?? []}
      waitLimitDays={settings?.waitLimit.days ?? null}
      collectives={collectives}
      unseenChanges={unseen}
      onChangesSeen={(upTo) =>
        void markChangesSeen(upTo).catch((error: unknown) => setNotice(`Could not remember what you have seen: ${message(error)}`))
      }
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
      onOpenHistory={() => void browser.tabs.create({ url: browser.runtime.getURL("/order-history.html") })}
      onFinalise={(tradeId, intent) => ask({ type: "finalise", tradeId, intent }, "Could not send it")}
      onReturn={(tradeId, items, reason) => ask({ type: "return", tradeId, items, reason }, "Could not send the return")}
      onReorder={(tradeId, items) => ask({ type: "reorder", tradeId, items }, "Could not order again")}
      onCollective={(tradeIds, intent) => ask({ type: "collective", tradeIds, intent }, "Could not send it")}
      siteAccess={siteAccess}
      notice={notice}
      pageProblems={problems}
      onCopyDiagnostic={(text) => navigator.clipboard.writeText(text)}
      onDismissProblems={() =>
        void clearPageProblems().catch((error: unknown) => setNotice(`Could not dismiss them: ${message(error)}`))
      }
    />
  );
}
