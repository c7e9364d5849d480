import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { Popup, type SiteAccess } from "@/components/Popup";
import { PopupLoading } from "@/components/PopupLoading";
import type { UnseenChanges } from "@/components/SinceLastVisit";
import type { Answer } from "@/components/TradeActions";
import { onLedgerChange } from "@/lib/ledger-changes";
import { clearPageProblems, loadPageProblems, onPageProblemsChanged, type PageProblem } from "@/lib/background/page-problems";
import { listRecentCollectives } from "@/lib/db/collectives";
import { loadPopupLedger } from "@/lib/db/popup-query";
import { FIRST_QUERY, type PopupLedger, type PopupQuery } from "@/lib/domain/popup-view";
import type { CollectiveRecord } from "@/lib/domain/types";
import type { MessageKey } from "@/lib/i18n/catalog";
import { t } from "@/lib/i18n/t";
import type { Message, Replies } from "@/lib/messages/schema";
import type { Settings } from "@/lib/settings/schema";
import { loadSettings, onSettingsChanged } from "@/lib/settings/store";
import { loadUnseenChanges, markChangesSeen } from "@/lib/since-last-visit";
import { currentSite, grantSite, type CurrentSite } from "@/lib/site-access";
import { userTimeZone } from "@/lib/time-zone";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** "Could not check: <why>", in the UI's language. */
const failed = (what: string, error: unknown) => t("popup_failedBecause", what, message(error));

/** A notification click opens popup.html?trade=<id> in a tab: that trade is shown first. */
const firstQuery: PopupQuery = { ...FIRST_QUERY, focusTradeId: new URLSearchParams(location.search).get("trade") };
/** Calendar months and weeks of spending limits begin at midnight in the browser's time zone. */
const timeZone = userTimeZone();
/** The user-timing mark the benchmark reads: the first frame with the ledger and settings (warnings, totals, the lists' first cards) is on screen. */
const READY_MARK = "tradewatch:popup-ready";

/** Wiring only: reads what the popup shows and the settings, follows their changes, relays the user's commands. */
export function PopupApp() {
  const [ledger, setLedger] = useState<PopupLedger | null>(null);
  const [collectives, setCollectives] = useState<CollectiveRecord[]>([]);
  const [settings, setSettings] = useState<Pick<Settings, "limits" | "waitLimit"> | null>(null);
  const [unseen, setUnseen] = useState<UnseenChanges | null>(null);
  const [now, setNow] = useState(() => new Date().toISOString());
  const [checking, setChecking] = useState(false);
  const [checkingTrades, setCheckingTrades] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  /** Why the latest read of the orders failed; before the first success the popup has only this to show. */
  const [readError, setReadError] = useState<string | null>(null);
  const [site, setSite] = useState<CurrentSite | null>(null);
  const [problems, setProblems] = useState<PageProblem[]>([]);
  const query = useRef(firstQuery);
  /** Reads may finish out of order (a ledger change during a filter change): only the latest is shown. */
  const reads = useRef(0);
  const marked = useRef(false);

  /** Reads the current query again: on opening, on every change to the ledger, after a command. */
  const reload = useCallback(async () => {
    const read = ++reads.current;
    try {
      const readAt = new Date().toISOString();
      const [next, recent] = await Promise.all([loadPopupLedger(query.current, readAt), listRecentCollectives(readAt)]);
      if (read !== reads.current) return;
      setLedger(next);
      setCollectives(recent);
      setNow(readAt);
      setReadError(null);
    } catch (error) {
      if (read === reads.current) setReadError(failed(t("popup_cannotReadOrders"), error));
    }
  }, []);

  // A layout effect runs right after the first render, not a frame later: the reads start at once.
  useLayoutEffect(() => {
    void reload();
    loadSettings().then(setSettings, (error: unknown) => setNotice(message(error)));
    currentSite().then(setSite, () => setSite(null));
    // Read once per opening: what arrives while the popup is open is in the orders already.
    loadUnseenChanges().then(setUnseen, (error: unknown) => setNotice(failed(t("popup_cannotReadChanges"), error)));
    loadPageProblems().then(setProblems, (error: unknown) => setNotice(failed(t("popup_cannotReadProblems"), error)));
    const stopLedger = onLedgerChange(() => void reload());
    const stopSettings = onSettingsChanged(setSettings);
    const stopProblems = onPageProblemsChanged(setProblems);
    return () => {
      stopLedger();
      stopSettings();
      stopProblems();
    };
  }, [reload]);

  useEffect(() => {
    // Effects run once the browser has painted: the first frame with the ledger is on screen now.
    if (marked.current || ledger === null || settings === null) return;
    marked.current = true;
    performance.mark(READY_MARK);
  }, [ledger, settings]);

  const changeQuery = (next: PopupQuery) => {
    query.current = next;
    void reload();
  };

  /** Sends a message and reads the ledger again; a failure to deliver it comes back as an error reply. Never throws. */
  const ask = async <T extends Message["type"] & keyof Replies>(
    request: Extract<Message, { type: T }>,
    failure: MessageKey,
  ): Promise<Answer<Replies[T]>> => {
    try {
      const reply = (await browser.runtime.sendMessage(request)) as Answer<Replies[T]>;
      // The background announces changes too; reading now shows the command's effect at once.
      await reload();
      return reply;
    } catch (error) {
      return { error: failed(t(failure), error) };
    }
  };

  /** Sends a command whose answer the popup shows as its notice. */
  const command = async <T extends Message["type"] & keyof Replies>(request: Extract<Message, { type: T }>, failure: MessageKey) => {
    setNotice(null);
    const reply = await ask(request, failure);
    if ("error" in reply) setNotice(reply.error);
  };

  const checkNow = async () => {
    setChecking(true);
    await command({ type: "check-now" }, "popup_cannotCheck");
    setChecking(false);
  };

  const checkTrade = async (tradeId: string) => {
    setCheckingTrades((current) => new Set(current).add(tradeId));
    await command({ type: "check-trade", tradeId }, "popup_cannotCheck");
    setCheckingTrades((current) => new Set([...current].filter((id) => id !== tradeId)));
  };

  const siteAccess: SiteAccess | null = site && {
    origin: site.origin,
    granted: site.granted,
    onGrant: () =>
      void grantSite(site).then(
        (granted) => setSite({ ...site, granted }),
        (error: unknown) => setNotice(failed(t("popup_cannotAllow", site.origin), error)),
      ),
  };

  if (ledger === null) return <PopupLoading error={readError} onRetry={() => void reload()} />;
  return (
    <Popup
      ledger={ledger}
      onQuery={changeQuery}
      limits={settings?.limits ?? []}
      waitLimitDays={settings?.waitLimit.days ?? null}
      collectives={collectives}
      unseenChanges={unseen}
      onChangesSeen={(upTo) => void markChangesSeen(upTo).catch((error: unknown) => setNotice(failed(t("popup_cannotRemember"), error)))}
      now={now}
      timeZone={timeZone}
      checking={checking}
      checkingTrades={checkingTrades}
      onCheckNow={() => void checkNow()}
      onCheckTrade={(tradeId) => void checkTrade(tradeId)}
      onAcknowledge={(tradeId, code, source) => void command({ type: "acknowledge-warning", tradeId, code, source }, "popup_cannotAcknowledge")}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      onOpenHistory={() => void browser.tabs.create({ url: browser.runtime.getURL("/order-history.html") })}
      onFinalise={(tradeId, intent) => ask({ type: "finalise", tradeId, intent }, "popup_cannotSend")}
      onReturn={(tradeId, items, reason) => ask({ type: "return", tradeId, items, reason }, "popup_cannotSendReturn")}
      onReorder={(tradeId, items) => ask({ type: "reorder", tradeId, items }, "popup_cannotReorder")}
      onCollective={(tradeIds, intent) => ask({ type: "collective", tradeIds, intent }, "popup_cannotSend")}
      siteAccess={siteAccess}
      notice={notice ?? readError}
      pageProblems={problems}
      onCopyDiagnostic={(text) => navigator.clipboard.writeText(text)}
      onDismissProblems={() => void clearPageProblems().catch((error: unknown) => setNotice(failed(t("popup_cannotDismiss"), error)))}
    />
  );
}
