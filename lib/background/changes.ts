import { browser } from "wxt/browser";
import { earliestCommandWork } from "../db/outbox";
import { earliestNextCheck, tradesInState, tradesNeedingAttention } from "../db/trades";
import { toolbarBadge } from "../domain/notify";
import type { Trade } from "../domain/types";
import { announceLedgerChange } from "../ledger-changes";

export const POLL_ALARM = "tradewatch-poll";

/**
 * After any write to the ledger: tell open extension pages, refresh the toolbar badge and
 * set the one alarm that drives the poll queue to the earliest scheduled check.
 */
export async function afterLedgerChange(now: string): Promise<void> {
  announceLedgerChange();
  // Every open warning is on a trade that needs attention: the badge never reads the finished history.
  await Promise.all([tradesNeedingAttention().then(showBadge), armPollAlarm(now)]);
}

/**
 * Points the one poll alarm at the earliest work: a scheduled check, a command or collective
 * step due, a finalisation's deadline (index cursors and the few finalising trades, no full
 * read), or clears it when there is none. Cheap enough for every start of the worker.
 */
export async function armPollAlarm(now: string): Promise<void> {
  const [check, command, finalising] = await Promise.all([earliestNextCheck(), earliestCommandWork(), tradesInState("finalising")]);
  // A collective's trades are watched by its own next step (in the index above).
  const deadlines = finalising.flatMap(({ lifecycle: { pending } }) => (pending !== null && pending.collectiveId === null ? [pending.deadline] : []));
  const times = [check, command, ...deadlines].filter((time): time is string => time !== null);
  const earliest = times.length === 0 ? null : Math.min(...times.map(Date.parse));
  if (earliest === null) await browser.alarms.clear(POLL_ALARM);
  // Chrome fires alarms at most every 30 s; an earlier `when` is simply fired then.
  else await browser.alarms.create(POLL_ALARM, { when: Math.max(earliest, Date.parse(now)) });
}

/** The number of warnings not acknowledged yet, coloured by the most severe of them. */
async function showBadge(trades: Trade[]): Promise<void> {
  const badge = toolbarBadge(trades);
  await browser.action.setTitle({ title: "TradeWatch" });
  await browser.action.setBadgeText({ text: badge.text });
  // Browsers pick the text colour that contrasts with the background.
  if (badge.color !== null) await browser.action.setBadgeBackgroundColor({ color: badge.color });
}

/**
 * Something the worker could not do on its own (a full disk while saving a poll's result):
 * the toolbar button shows "!" and says what, until the next successful change.
 */
async function showBackgroundProblem(message: string): Promise<void> {
  await browser.action.setBadgeText({ text: "!" });
  await browser.action.setBadgeBackgroundColor({ color: "#b91c1c" });
  await browser.action.setTitle({ title: `TradeWatch: ${message}` });
}

/** What the worker could not do on its own (`what`, for the log): logged, and shown on the toolbar button. */
export function failedOnItsOwn(what: string): (error: unknown) => Promise<void> {
  return async (error) => {
    console.error(`TradeWatch could not ${what}:`, error);
    await showBackgroundProblem(error instanceof Error ? error.message : String(error));
  };
}

/**
 * Runs every step of a round in turn, each whatever the ones before it did: a step that keeps
 * failing (settings that cannot be read, for the collectives) must not stop the status checks,
 * the outbox or the timeouts on every round. The first failure is thrown once all have run.
 */
export async function runSteps(steps: readonly (() => Promise<unknown>)[]): Promise<void> {
  let failure: { error: unknown } | null = null;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== null) throw failure.error;
}

/**
 * One round of the poll queue, arranged so that polling can never stop: a fallback alarm is
 * set first (the worker may be stopped mid-round, or the round may fail), and replaced by the
 * earliest scheduled check once the round is done. A failure is shown on the toolbar button.
 */
export async function runPollRound(
  poll: () => Promise<unknown>,
  afterChange: () => Promise<void>,
  fallbackMs: number,
): Promise<void> {
  await browser.alarms.create(POLL_ALARM, { when: Date.now() + fallbackMs });
  try {
    await poll();
    await afterChange();
  } catch (error) {
    await failedOnItsOwn("finish checking")(error);
  }
}
