import { dueCollectives, unfinishedCollectives } from "../db/collectives";
import { getTrade, putTrade, writeLedger, type LedgerTx } from "../db/trades";
import { commandAnswered, newCommand } from "../domain/command-policy";
import {
  decide,
  isCollectiveDone,
  newCollective,
  recordFailure,
  recordFinished,
  recordVote,
  recoverCollective,
  requestsToSend,
} from "../domain/coordinator";
import { applyCommandOutcome, beginFinalising, leaveCollective } from "../domain/lifecycle";
import type { CollectiveParticipant, CollectiveRecord, Intent, Trade } from "../domain/types";
import type { CollectiveReply, ErrorReply } from "../messages/schema";
import { COMMAND_PROTOCOL_VERSION, type CommandReply, type CommandRequest, type PersonalInfo } from "../protocol/commands";
import type { SendOutcome } from "./command-send";
import { discloseTo, type CommandDeps } from "./commands";
import { plusMs } from "../domain/time";
import { t } from "../i18n/t";
import type { Language } from "../i18n/translate";
import { uiLanguage } from "../i18n/ui-language";

/**
 * The coordinator of all-or-nothing finalisations over several shops (seed 000 claims 2–3):
 * presumed-abort two-phase commit. Every vote and the decision are written to IndexedDB
 * before the next request goes out, so a worker that dies at any step is recovered from the
 * record: no decision yet → abort everywhere; decided → send the decision again (each shop
 * answers a repeated idempotency key as it did the first time).
 */

/** A driver holds a collective this long; a record whose lease ran out lost its driver. */
export const COLLECTIVE_LEASE_MS = 2 * 60_000;


/** Starts finalising the trades together; the popup follows the progress in IndexedDB. */
export async function startCollective(deps: CommandDeps, tradeIds: string[], intent: Intent): Promise<CollectiveReply | ErrorReply> {
  const now = deps.now();
  const id = deps.newKey();
  const lang = uiLanguage();
  const started = await writeLedger(async (tx): Promise<{ ok: true } | ErrorReply> => {
    const trades: Trade[] = [];
    for (const tradeId of tradeIds) {
      const trade = await tx.objectStore("trades").get(tradeId);
      if (!trade) return { error: lang.t("error_selectedGone") };
      trades.push(trade);
    }
    const collective = newCollective({ id, intent, trades, keyFor: () => deps.newKey(), now, lang });
    if ("error" in collective) return collective;
    const begun: Trade[] = [];
    for (const trade of trades) {
      const next = beginFinalising(trade, intent, "collective", { commandKey: null, collectiveId: id }, now, lang);
      if ("error" in next) return { error: lang.t("error_orderAt", trade.info.tradingId, trade.info.shop.name, next.error) };
      begun.push(next);
    }
    for (const [index, trade] of begun.entries()) await putTrade(tx, trade, trades[index] ?? null, now);
    await tx.objectStore("collectives").put({ ...collective, leaseUntil: plusMs(now, COLLECTIVE_LEASE_MS) });
    return { ok: true };
  });
  if ("error" in started) return started;
  const drive = () => driveCollective(deps, id, true);
  if (deps.inBackground) deps.inBackground(drive);
  else void drive().catch((error: unknown) => console.error("TradeWatch could not finish finalising together:", error));
  return { collectiveId: id };
}

/**
 * The alarm's share: collectives whose next step is due, including those whose driver died.
 * `workerStartedAt`: the worker has just started, then. A browser runs one service worker per
 * extension, so every lease taken before that belonged to a worker that is gone: those
 * collectives are recovered at once, without waiting for their leases to run out. A lease this
 * worker took since (the popup's "finalise together" may be what woke it) is left to its driver.
 * Recovering sends only what is due (requestsToSend): a shop backing off after a failure waits
 * for its next step.
 */
export async function resumeCollectives(deps: CommandDeps, workerStartedAt?: string): Promise<void> {
  const collectives = workerStartedAt !== undefined ? await unfinishedCollectives() : await dueCollectives(deps.now());
  for (const collective of collectives) await driveCollective(deps, collective.id, false, workerStartedAt);
}

/**
 * Runs a collective until it is done or waits for a retry (then the alarm resumes it).
 * `owned`: the caller already holds the lease (it just created the record).
 */
export async function driveCollective(deps: CommandDeps, id: string, owned: boolean, workerStartedAt?: string): Promise<CollectiveRecord | null> {
  const profile = (await deps.loadSettings()).deliveryProfile;
  const lang = uiLanguage();
  for (;;) {
    const now = deps.now();
    const claimed = await claim(id, owned, workerStartedAt, now, lang);
    if (claimed === null) return null;
    owned = true;
    const { collective, trades } = claimed;
    const requests = requestsToSend(collective, now);
    // Nothing to send: past the vote deadline with shops silent, the decision is due now.
    if (requests.length === 0) {
      const decided = await decideNow(id, now, lang);
      if (decided) continue;
      return release(id);
    }
    if (collective.decision?.outcome === "commit" && collective.intent === "complete" && profile !== null) {
      await discloseBeforeCommit(collective, profile, now, lang);
    }
    const outcomes = await Promise.all(
      requests.map(async (request) => {
        const participant = collective.participants.find((p) => p.tradeId === request.tradeId);
        const url = trades.get(request.tradeId)?.info.commands?.url;
        if (participant === undefined || url === undefined) {
          return { request, outcome: { ok: false, message: lang.t("error_endpointGone"), retryable: false, retryAfterMs: null } satisfies SendOutcome };
        }
        return { request, outcome: await deps.send(url, body(collective, participant, request.command, profile)) };
      }),
    );
    const at = deps.now();
    const after = await writeLedger(async (tx) => {
      const stored = await tx.objectStore("collectives").get(id);
      if (!stored) return null;
      let next = stored;
      let progressed = false;
      for (const { request, outcome } of outcomes) {
        const before = next;
        next = await recordOutcome(tx, next, request.tradeId, request.command, outcome, at, lang);
        progressed ||= next.participants !== before.participants && changedStep(before, next, request.tradeId);
      }
      const decided = decide(next, at, lang);
      if (decided.decision !== null && next.decision === null) {
        progressed = true;
        if (decided.decision.outcome === "abort") await reopenAll(tx, decided, decided.decision.reason, at, lang);
      }
      next = decided;
      const done = isCollectiveDone(next);
      // Waiting for a retry: let go of the lease, so the alarm's driver does not take this for a dead one.
      const final = { ...next, leaseUntil: done || !progressed ? null : next.leaseUntil };
      await tx.objectStore("collectives").put(final);
      return { collective: final, progressed, done };
    });
    await deps.afterChange?.();
    if (after !== null) await tellUnresolved(deps, collective, after.collective);
    if (after === null || after.done || !after.progressed) return after?.collective ?? null;
  }
}

/**
 * Whether a recorded lease still has a live driver: it has not run out, and (just after a worker
 * start, `workerStartedAt`) it was taken since that start, by this worker, not by the one gone.
 */
export function leaseIsLive(leaseUntil: string, now: string, workerStartedAt?: string): boolean {
  const until = Date.parse(leaseUntil);
  if (until <= Date.parse(now)) return false;
  return workerStartedAt === undefined || until - COLLECTIVE_LEASE_MS >= Date.parse(workerStartedAt);
}

/** Takes the lease (recovering a collective whose driver died); null when it is done or someone else drives it. */
async function claim(id: string, owned: boolean, workerStartedAt: string | undefined, now: string, lang: Language) {
  return writeLedger(async (tx) => {
    let collective = await tx.objectStore("collectives").get(id);
    if (!collective || collective.phase === "done") return null;
    if (!owned && collective.leaseUntil !== null) {
      if (leaseIsLive(collective.leaseUntil, now, workerStartedAt)) return null;
      collective = recoverCollective(collective, now, lang);
      if (collective.decision?.outcome === "abort") await reopenAll(tx, collective, collective.decision.reason, now, lang);
    }
    const leased = { ...collective, leaseUntil: plusMs(now, COLLECTIVE_LEASE_MS) };
    await tx.objectStore("collectives").put(leased);
    const trades = new Map<string, Trade>();
    for (const { tradeId } of leased.participants) {
      const trade = await tx.objectStore("trades").get(tradeId);
      if (trade) trades.set(tradeId, trade);
    }
    return { collective: leased, trades };
  });
}

/** A shop whose outcome TradeWatch cannot tell is worth a notification: the user has to ask the shop. */
async function tellUnresolved(deps: CommandDeps, before: CollectiveRecord, after: CollectiveRecord): Promise<void> {
  if (!deps.onShopAnswer) return;
  for (const participant of after.participants) {
    const was = before.participants.find((p) => p.tradeId === participant.tradeId);
    if (participant.finished !== "unresolved" || was?.finished === "unresolved") continue;
    const trade = await getTrade(participant.tradeId);
    const text = t("error_unresolved", participant.shopName, participant.tradingId, participant.lastError ?? t("error_noAnswer"));
    if (trade) await deps.onShopAnswer(trade, text).catch((error: unknown) => console.error("TradeWatch could not notify:", error));
  }
}

/** Takes the decision if it is due; true when it was taken (and logged) now. */
async function decideNow(id: string, now: string, lang: Language): Promise<boolean> {
  return writeLedger(async (tx) => {
    const collective = await tx.objectStore("collectives").get(id);
    if (!collective || collective.decision !== null) return false;
    const decided = decide(collective, now, lang);
    if (decided.decision === null) return false;
    if (decided.decision.outcome === "abort") await reopenAll(tx, decided, decided.decision.reason, now, lang);
    await tx.objectStore("collectives").put(decided);
    return true;
  });
}

async function release(id: string): Promise<CollectiveRecord | null> {
  return writeLedger(async (tx) => {
    const collective = await tx.objectStore("collectives").get(id);
    if (!collective) return null;
    const released = { ...collective, leaseUntil: null };
    await tx.objectStore("collectives").put(released);
    return released;
  });
}

function changedStep(before: CollectiveRecord, after: CollectiveRecord, tradeId: string): boolean {
  const was = before.participants.find((p) => p.tradeId === tradeId);
  const is = after.participants.find((p) => p.tradeId === tradeId);
  return was?.vote !== is?.vote || was?.finished !== is?.finished;
}

/** One shop's answer into the record, and what it means for its trade. */
async function recordOutcome(
  tx: LedgerTx,
  collective: CollectiveRecord,
  tradeId: string,
  command: "prepare" | "commit" | "abort",
  outcome: SendOutcome,
  at: string,
  lang: Language,
): Promise<CollectiveRecord> {
  if (command === "prepare") {
    if (outcome.ok && outcome.reply.result === "vote") return recordVote(collective, tradeId, outcome.reply.vote, outcome.reply.message, at, lang);
    if (outcome.ok) {
      return recordVote(collective, tradeId, "refused", outcome.reply.message ?? lang.t("error_answeredPrepare", outcome.reply.result), at, lang);
    }
    return recordFailure(collective, tradeId, outcome.message, at, !outcome.retryable, lang);
  }
  if (command === "abort") {
    // Whatever a shop answers to an abort, it holds nothing for this collective afterwards.
    return outcome.ok
      ? recordFinished(collective, tradeId, "aborted", at, null, lang)
      : recordFailure(collective, tradeId, outcome.message, at, !outcome.retryable, lang);
  }
  let next: CollectiveRecord;
  let effect: Parameters<typeof applyCommandOutcome>[1] | null = null;
  if (outcome.ok && (outcome.reply.result === "done" || outcome.reply.result === "accepted")) {
    next = recordFinished(collective, tradeId, "committed", at, null, lang);
    effect =
      outcome.reply.result === "done"
        ? { kind: "done", outcome: outcome.reply.outcome, message: outcome.reply.message }
        : { kind: "accepted", message: outcome.reply.message };
  } else {
    const message = outcome.ok ? (outcome.reply.message ?? lang.t("error_answeredCommit", outcome.reply.result)) : outcome.message;
    // A shop that refuses a commit it prepared for (its hold ran out, say) will not change its mind.
    next = recordFailure(collective, tradeId, message, at, outcome.ok || !outcome.retryable, lang);
    const participant = next.participants.find((p) => p.tradeId === tradeId);
    if (participant?.finished === "unresolved") {
      effect = { kind: "gave-up", message: lang.t("error_commitUnconfirmed", participant.shopName, message, participant.tradingId) };
    }
  }
  const trade = effect === null ? undefined : await tx.objectStore("trades").get(tradeId);
  if (trade && effect !== null) {
    const changed = applyCommandOutcome(trade, effect, at, lang);
    const updated = outcome.ok && effect.kind === "accepted" ? await handOverAccepted(tx, collective, changed, outcome.reply, at) : changed;
    if (updated !== trade) await putTrade(tx, updated, trade, at);
  }
  return next;
}

/**
 * A commit the shop accepted is settled for the collective; its trade then waits for the shop's
 * final word on its own deadline, like an accepted confirm. The commit goes into the outbox as
 * answered, without the personal information (as a settled confirm), so that each deadline
 * sends it again with its key (timeouts.ts), as the trade's history then says.
 */
async function handOverAccepted(tx: LedgerTx, collective: CollectiveRecord, trade: Trade, reply: CommandReply, at: string): Promise<Trade> {
  const left = leaveCollective(trade);
  const participant = collective.participants.find((each) => each.tradeId === trade.id);
  const url = trade.info.commands?.url;
  const { pending } = left.lifecycle;
  if (participant === undefined || url === undefined || pending === null) return left;
  const key = participant.finishKey;
  const command = newCommand({ key, tradeId: trade.id, url, request: body(collective, participant, "commit", null), now: at });
  await tx.objectStore("commands").put(commandAnswered(command, reply, at));
  return { ...left, lifecycle: { ...left.lifecycle, pending: { ...pending, commandKey: key } } };
}

/** Nothing is changed anywhere: every trade of an aborted collective is open again, with the reason. */
async function reopenAll(tx: LedgerTx, collective: CollectiveRecord, reason: string, at: string, lang: Language): Promise<void> {
  for (const { tradeId } of collective.participants) {
    const trade = await tx.objectStore("trades").get(tradeId);
    if (!trade || trade.lifecycle.pending?.collectiveId !== collective.id) continue;
    const next = applyCommandOutcome(trade, { kind: "aborted", message: lang.t("error_nothingChanged", reason) }, at, lang);
    if (next !== trade) await putTrade(tx, next, trade, at);
  }
}

/** Personal information is recorded on each trade before the commit that carries it goes out. */
async function discloseBeforeCommit(collective: CollectiveRecord, profile: PersonalInfo, now: string, lang: Language): Promise<void> {
  await writeLedger(async (tx) => {
    for (const participant of collective.participants) {
      if (participant.finished !== null) continue;
      const trade = await tx.objectStore("trades").get(participant.tradeId);
      // Without its command endpoint the commit does not go (error_endpointGone), nor does the profile.
      const url = trade?.info.commands?.url;
      if (!trade || url === undefined) continue;
      const next = discloseTo(trade, url, profile, "commit", collective.id, now, lang);
      if (next !== trade) await putTrade(tx, next, trade, now);
    }
  });
}

function body(collective: CollectiveRecord, participant: CollectiveParticipant, command: "prepare" | "commit" | "abort", profile: PersonalInfo | null): CommandRequest {
  const envelope = {
    tradewatch: COMMAND_PROTOCOL_VERSION,
    tradingId: participant.tradingId,
    idempotencyKey: command === "prepare" ? participant.prepareKey : participant.finishKey,
    transactionId: collective.id,
  } as const;
  if (command === "prepare") return { ...envelope, command, intent: collective.intent };
  if (command === "abort") return { ...envelope, command };
  // Seed 000 claim 4: only the commit of a completion carries personal information.
  return { ...envelope, command, intent: collective.intent, personalInfo: collective.intent === "complete" ? profile : null };
}
