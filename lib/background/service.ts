import { browser } from "wxt/browser";
import { uiLocale } from "../i18n/t";
import { setZodLanguage } from "../i18n/zod-language";
import { afterLedgerChange, armPollAlarm, POLL_ALARM, failedOnItsOwn, runPollRound, runSteps } from "./changes";
import { detectOnGrantedTabs, dropRegisteredDetector, matchPageLoadsToSites, watchPageLoads } from "./page-detection";
import { handleMessage, type MessageContext } from "./messages";
import { startCollective, resumeCollectives } from "./collective";
import { sendCommand } from "./command-send";
import { finalise, reorder, requestItemsReturn, sendDueCommands, type CommandDeps } from "./commands";
import { notifyChange, notifyShopAnswer, notifySinceLastVisit, registerNotificationClicks } from "./notifications";
import { runTimeouts, runWaitLimit } from "./timeouts";
import { loadSettings } from "../settings/store";
import { checkAllNow, checkTradeNow, IN_FLIGHT_LEASE_MS, pollDue, type PollDeps } from "./poller";
import { fetchStatus } from "./status-fetch";
import { openWelcome } from "./welcome";

const now = () => new Date().toISOString();
/** Checks the wait limit of open trades (seed 000 claim 6) even when nothing else is scheduled. */
const WAIT_LIMIT_ALARM = "tradewatch-wait-limit";
const WAIT_LIMIT_PERIOD_MINUTES = 60;

/**
 * Wires the background's listeners. Everything it needs between events lives in IndexedDB,
 * extension storage or the alarm itself: the worker may be stopped at any moment.
 */
export function startBackground(): void {
  // zod's own words in the problems the worker stores on trades, in the browser's language.
  setZodLanguage(uiLocale());
  const deps: PollDeps = { now, fetchStatus, onChange: notifyChange };
  const commands: CommandDeps = {
    now,
    send: (url, request) => sendCommand(url, request),
    newKey: () => crypto.randomUUID(),
    loadSettings,
    onShopAnswer: notifyShopAnswer,
    afterChange: () => afterLedgerChange(now()),
  };
  const afterChange = () => afterLedgerChange(now());
  /** Everything the alarm drives: status checks, the outbox, collectives, then the timeouts. */
  const round = () =>
    runSteps([() => pollDue(deps), () => sendDueCommands(commands), () => resumeCollectives(commands), () => runTimeouts(commands)]);
  const afterCommand = async <T,>(reply: T) => {
    await afterChange();
    return reply;
  };
  const afterChecking = async (checked: number) => {
    await afterChange();
    return checked;
  };
  const context: MessageContext = {
    now,
    afterChange,
    checkNow: async () => afterChecking(await checkAllNow(deps)),
    checkTrade: async (tradeId) => afterChecking(await checkTradeNow(deps, tradeId)),
    finalise: async (tradeId, intent) => afterCommand(await finalise(commands, tradeId, intent)),
    collective: async (tradeIds, intent) => afterCommand(await startCollective(commands, tradeIds, intent)),
    requestReturn: async (tradeId, items, reason) => afterCommand(await requestItemsReturn(commands, tradeId, items, reason)),
    reorder: async (tradeId, items) => afterCommand(await reorder(commands, tradeId, items)),
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handleMessage(message, sender, context).then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void runPollRound(round, afterChange, IN_FLIGHT_LEASE_MS);
    if (alarm.name === WAIT_LIMIT_ALARM) {
      void runWaitLimit(commands).then(afterChange).catch(failedOnItsOwn("check the wait limit"));
    }
  });

  registerNotificationClicks();

  watchPageLoads();
  const matchPageLoads = () => void matchPageLoadsToSites().catch((error: unknown) => console.error("TradeWatch could not match the page-load events to the sites:", error));
  browser.permissions.onAdded.addListener((added) => {
    watchPageLoads();
    matchPageLoads();
    void detectOnGrantedTabs(added).catch((error: unknown) => console.error("TradeWatch could not look at the pages of a site just granted:", error));
  });
  browser.permissions.onRemoved.addListener(matchPageLoads);
  // The browser starts or TradeWatch is installed: badge and alarm from what is stored.
  const refresh = () => void afterChange().catch((error: unknown) => console.error("TradeWatch could not read its ledger:", error));
  browser.runtime.onInstalled.addListener(refresh);
  browser.runtime.onInstalled.addListener(() => void dropRegisteredDetector().catch((error: unknown) => console.error("TradeWatch could not remove its old detector:", error)));
  browser.runtime.onInstalled.addListener((details) => void openWelcome(details).catch((error: unknown) => console.error("TradeWatch could not open its welcome page:", error)));
  browser.runtime.onInstalled.addListener(matchPageLoads);
  browser.runtime.onStartup.addListener(refresh);
  browser.runtime.onStartup.addListener(matchPageLoads);
  browser.runtime.onStartup.addListener(() => void notifySinceLastVisit().catch((error: unknown) => console.error("TradeWatch could not sum up the changes:", error)));
  // Created once: creating it again at every worker start would push its first firing back each time.
  void browser.alarms
    .get(WAIT_LIMIT_ALARM)
    .then(async (alarm) => {
      if (!alarm) await browser.alarms.create(WAIT_LIMIT_ALARM, { periodInMinutes: WAIT_LIMIT_PERIOD_MINUTES });
    })
    .catch((error: unknown) => console.error("TradeWatch could not set its wait-limit alarm:", error));
  // Every start of the worker (it may have been stopped mid-work): the alarm, from the indexes, and
  // any collective the stopped worker left unfinished (it had a decision to keep or to presume).
  void armPollAlarm(now()).catch((error: unknown) => console.error("TradeWatch could not read its schedule:", error));
  void resumeCollectives(commands, now()).catch(failedOnItsOwn("resume finalising together"));
}
