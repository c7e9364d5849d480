import { browser } from "wxt/browser";
import { afterLedgerChange, armPollAlarm, POLL_ALARM, runPollRound } from "./changes";
import { syncCaptureScripts } from "./capture-scripts";
import { handleMessage, type MessageContext } from "./messages";
import { notifyChange, registerNotificationClicks } from "./notifications";
import { checkAllNow, checkTradeNow, IN_FLIGHT_LEASE_MS, pollDue, type PollDeps } from "./poller";
import { fetchStatus } from "./status-fetch";

const now = () => new Date().toISOString();

/**
 * Wires the background's listeners. Everything it needs between events lives in IndexedDB,
 * extension storage or the alarm itself: the worker may be stopped at any moment.
 */
export function startBackground(): void {
  const deps: PollDeps = { now, fetchStatus, onChange: notifyChange };
  const afterChange = () => afterLedgerChange(now());
  const afterChecking = async (checked: number) => {
    await afterChange();
    return checked;
  };
  const context: MessageContext = {
    now,
    afterChange,
    checkNow: async () => afterChecking(await checkAllNow(deps)),
    checkTrade: async (tradeId) => afterChecking(await checkTradeNow(deps, tradeId)),
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handleMessage(message, sender, context).then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void runPollRound(() => pollDue(deps), afterChange, IN_FLIGHT_LEASE_MS);
  });

  registerNotificationClicks();

  const resync = () => void syncCaptureScripts().catch((error: unknown) => console.error("TradeWatch could not register its capture script:", error));
  // The browser starts or TradeWatch is installed: capture scripts, badge and alarm from what is stored.
  const refresh = () => {
    resync();
    void afterChange().catch((error: unknown) => console.error("TradeWatch could not read its ledger:", error));
  };
  browser.runtime.onInstalled.addListener(refresh);
  browser.runtime.onStartup.addListener(refresh);
  // Every start of the worker (it may have been stopped mid-work): only the alarm, from the index.
  void armPollAlarm(now()).catch((error: unknown) => console.error("TradeWatch could not read its schedule:", error));
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
}
