import { pruneOldRecords } from "../db/outbox";
import { putTrade, tradesInState, updateTrade, writeLedger } from "../db/trades";
import { uiLanguage } from "../i18n/ui-language";
import { afterFinaliseTimeout, finaliseTimedOut, flagWaitLimit, needsAutoCancel } from "../domain/lifecycle";
import { commandFailed } from "../domain/command-policy";
import { requestCheckNow } from "../domain/reconcile";
import type { Trade } from "../domain/types";
import { finalise, sendQueued, type CommandDeps } from "./commands";

/**
 * Time (seed 000 claim 5), at every alarm round: a finalisation the shop has not finished by
 * its deadline is sent again with the same idempotency key (bounded, backing off) and the
 * shop's status is asked at once. Only the few finalising trades are read.
 */
export async function runTimeouts(deps: CommandDeps): Promise<void> {
  const now = deps.now();
  for (const trade of await tradesInState("finalising")) {
    const { pending } = trade.lifecycle;
    // A collective's own driver watches its trades.
    if (pending !== null && pending.collectiveId === null && finaliseTimedOut(trade, now)) await timeOut(deps, trade.id, now);
  }
}

/**
 * The wait limit (seed 000 claim 6), hourly, as it counts in days: an open trade past it is
 * flagged, and cancelled where the user allowed that for its shop. Logs older than
 * KEEP_LOGS_MS are dropped on the way. Kept off the alarm rounds: it reads every open trade.
 */
export async function runWaitLimit(deps: CommandDeps): Promise<void> {
  const now = deps.now();
  await pruneOldRecords(now);
  const { waitLimit } = await deps.loadSettings();
  for (const trade of await tradesInState("open")) {
    const flagged = await updateTrade(trade.id, (stored) => flagWaitLimit(stored, now, waitLimit, uiLanguage()), now);
    if (flagged !== null && needsAutoCancel(flagged, now, waitLimit)) {
      // One notification for it all: why TradeWatch acted, and what the shop said.
      const reply = await finalise({ ...deps, onShopAnswer: undefined }, trade.id, "fail", "auto-cancel");
      const text =
        "error" in reply
          ? `could not be cancelled: ${reply.error}`
          : `was open longer than your limit, so TradeWatch asked ${flagged.info.shop.name} to cancel it${reply.message ? `: "${reply.message}"` : ""}`;
      await deps.onShopAnswer?.(flagged, `Order ${flagged.info.tradingId} ${text}.`).catch((error: unknown) => console.error("TradeWatch could not notify:", error));
    }
  }
}

async function timeOut(deps: CommandDeps, tradeId: string, now: string): Promise<void> {
  const resendKey = await writeLedger(async (tx) => {
    const stored = await tx.objectStore("trades").get(tradeId);
    if (!stored || !finaliseTimedOut(stored, now)) return null;
    const { trade, resend } = afterFinaliseTimeout(stored, now, uiLanguage());
    // The shop may have finished and said so only in its status: ask it now.
    const next: Trade = resend ? requestCheckNow(trade, now) : trade;
    await putTrade(tx, next, stored, now);
    const key = stored.lifecycle.pending?.commandKey ?? null;
    const command = key === null ? undefined : await tx.objectStore("commands").get(key);
    if (!command) return null;
    if (!resend) {
      // Given up: the command must not go on being sent after the user was told so.
      await tx.objectStore("commands").put({ ...commandFailed(command, "no final word from the shop", now, null, false), leaseUntil: null });
      return null;
    }
    await tx.objectStore("commands").put({ ...command, state: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null });
    return command.key;
  });
  if (resendKey !== null) await sendQueued(deps, resendKey);
}
