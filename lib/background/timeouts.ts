import { putTrade, tradesInState, updateTrade, writeLedger } from "../db/trades";
import { afterFinaliseTimeout, finaliseTimedOut, flagWaitLimit, needsAutoCancel } from "../domain/lifecycle";
import { requestCheckNow } from "../domain/reconcile";
import type { Trade } from "../domain/types";
import { finalise, sendQueued, type CommandDeps } from "./commands";

/**
 * Time (seed 000 claims 5–6): a finalisation the shop has not finished by its deadline is sent
 * again with the same idempotency key (bounded, backing off) and the shop's status is asked at
 * once; an open trade past the user's wait limit is flagged, and cancelled where the user
 * allowed that for its shop.
 */
export async function runTimeouts(deps: CommandDeps): Promise<void> {
  const now = deps.now();
  for (const trade of await tradesInState("finalising")) {
    // A collective's own driver watches its trades.
    if (trade.lifecycle.pending?.collectiveId == null && finaliseTimedOut(trade, now)) await timeOut(deps, trade.id, now);
  }
  const { waitLimit } = await deps.loadSettings();
  for (const trade of await tradesInState("open")) {
    const flagged = await updateTrade(trade.id, (stored) => flagWaitLimit(stored, now, waitLimit), now);
    if (flagged !== null && needsAutoCancel(flagged, now, waitLimit)) {
      const reply = await finalise(deps, trade.id, "fail", "auto-cancel");
      const text = "error" in reply ? `could not be cancelled: ${reply.error}` : "was open longer than your limit, so TradeWatch asked the shop to cancel it";
      await deps.onShopAnswer?.(flagged, `Order ${flagged.info.tradingId} ${text}.`);
    }
  }
}

async function timeOut(deps: CommandDeps, tradeId: string, now: string): Promise<void> {
  const resendKey = await writeLedger(async (tx) => {
    const stored = await tx.objectStore("trades").get(tradeId);
    if (!stored || !finaliseTimedOut(stored, now)) return null;
    const { trade, resend } = afterFinaliseTimeout(stored, now);
    // The shop may have finished and said so only in its status: ask it now.
    const next: Trade = resend ? requestCheckNow(trade, now) : trade;
    await putTrade(tx, next, stored, now);
    const key = stored.lifecycle.pending?.commandKey ?? null;
    const command = resend && key !== null ? await tx.objectStore("commands").get(key) : undefined;
    if (!command) return null;
    await tx.objectStore("commands").put({ ...command, state: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null });
    return command.key;
  });
  if (resendKey !== null) await sendQueued(deps, resendKey);
}
