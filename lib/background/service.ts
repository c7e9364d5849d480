import { browser } from "wxt/browser";
import { afterLedgerChange, POLL_ALARM } from "./changes";
import { syncCaptureScripts } from "./capture-scripts";
import { handleMessage, type MessageContext } from "./messages";
import { checkAllNow, pollDue, type PollDeps } from "./poller";
import { fetchStatus } from "./status-fetch";

const now = () => new Date().toISOString();

/**
 * Wires the background's listeners. Everything it needs between events lives in IndexedDB,
 * extension storage or the alarm itself: the worker may be stopped at any moment.
 */
export function startBackground(): void {
  const deps: PollDeps = { now, fetchStatus: (url) => fetchStatus(url) };
  const afterChange = () => afterLedgerChange(now());
  const context: MessageContext = {
    now,
    afterChange,
    checkNow: async () => {
      const checked = await checkAllNow(deps);
      await afterChange();
      return checked;
    },
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handleMessage(message, sender, context).then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== POLL_ALARM) return;
    void pollDue(deps).finally(afterChange);
  });

  const resync = () => void syncCaptureScripts().catch((error: unknown) => console.error("TradeWatch could not register its capture script:", error));
  browser.runtime.onInstalled.addListener(() => {
    resync();
    void afterChange();
  });
  browser.runtime.onStartup.addListener(() => {
    resync();
    void afterChange();
  });
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
}
