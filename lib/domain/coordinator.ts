import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";
import { saying } from "./history";
import { availableActions } from "./lifecycle";
import { plusMs } from "./time";
import type { CollectiveParticipant, CollectiveRecord, Intent, Trade, Vote } from "./types";

/**
 * All or nothing over several trades, possibly at several shops (seed 000 claims 2–3):
 * presumed-abort two-phase commit. Every shop is asked to prepare; once all are ready the
 * decision is commit, as soon as one refuses or cannot be reached it is abort. The decision is
 * written into the record (and the record into IndexedDB) before any commit or abort is sent,
 * so a worker that dies recovers to one outcome: no decision yet → abort; decided → the same
 * decision is sent again (idempotency keys make resending harmless). Pure: the background sends
 * the requests this asks for and stores every record it returns before the next step.
 */

/** A shop that has not voted this long after the start counts as unreachable. */
export const VOTE_TIMEOUT_MS = 60_000;
/** A prepare that could not be delivered is sent again this soon (until the vote deadline). */
export const PREPARE_RETRY_MS = 10_000;
/** After the decision, a shop that did not acknowledge it is asked again after this, doubling each time… */
export const FINISH_RETRY_MS = 30_000;
/** …up to this… */
export const FINISH_RETRY_MAX_MS = 60 * 60_000;
/**
 * …and at most this many times (about an hour in all, the hold the reference shop keeps): then
 * TradeWatch cannot tell what the shop did, and says so instead of trying forever.
 */
export const MAX_FINISH_ATTEMPTS = 8;

export type CollectiveCommand = "prepare" | "commit" | "abort";

export interface CollectiveRequest {
  tradeId: string;
  key: string;
  command: CollectiveCommand;
}

export type ParticipantStep =
  | "asking"
  | "ready"
  | "refused"
  | "unreachable"
  | "committing"
  | "aborting"
  | "committed"
  | "aborted"
  | "unresolved";

export interface ParticipantProgress {
  tradeId: string;
  shopName: string;
  tradingId: string;
  step: ParticipantStep;
  /** The shop's reason when it refused, or what went wrong reaching it. */
  message: string | null;
}

function named(participant: CollectiveParticipant, lang: Language): string {
  return lang.t("event_participant", participant.shopName, participant.tradingId);
}

function logged(record: CollectiveRecord, now: string, text: string): CollectiveRecord {
  return { ...record, log: [...record.log, { at: now, text }] };
}

function withParticipant(
  record: CollectiveRecord,
  tradeId: string,
  change: Partial<CollectiveParticipant>,
): CollectiveRecord {
  const participants = record.participants.map((each) => (each.tradeId === tradeId ? { ...each, ...change } : each));
  return { ...record, participants };
}

function voteDeadline(record: CollectiveRecord): number {
  return Date.parse(record.createdAt) + VOTE_TIMEOUT_MS;
}

/**
 * When to look at the record next: while preparing, the vote deadline (sooner when a prepare is
 * to be sent again); while finishing, a resend backing off with the attempts; never once done.
 */
function withNextStep(record: CollectiveRecord, now: string): CollectiveRecord {
  const next = { ...record };
  if (record.phase === "done") {
    delete next.nextStepAt;
  } else if (record.phase === "preparing") {
    const retrying = record.participants.some((each) => each.vote === null && each.lastError !== null);
    const deadline = voteDeadline(record);
    next.nextStepAt = new Date(retrying ? Math.min(deadline, Date.parse(now) + PREPARE_RETRY_MS) : deadline).toISOString();
  } else {
    const attempts = Math.max(0, ...record.participants.filter((each) => each.finished === null).map((each) => each.attempts));
    next.nextStepAt = plusMs(now, Math.min(FINISH_RETRY_MS * 2 ** attempts, FINISH_RETRY_MAX_MS));
  }
  return next;
}

/**
 * Starts an all-or-nothing finalisation of `trades`: at least two, each chosen once, each open
 * at a shop that announced prepare, commit and abort. `keyFor` makes each participant's
 * idempotency keys.
 */
export function newCollective(args: {
  id: string;
  intent: Intent;
  trades: Trade[];
  keyFor: (tradeId: string, purpose: "prepare" | "finish") => string;
  now: string;
  lang?: Language;
}): CollectiveRecord | { error: string } {
  const { id, intent, trades, keyFor, now, lang = ENGLISH } = args;
  if (trades.length < 2) return { error: lang.t(intent === "complete" ? "event_chooseTwoConfirm" : "event_chooseTwoCancel") };
  const seen = new Set<string>();
  for (const trade of trades) {
    const order = lang.t("event_orderAt", trade.info.tradingId, trade.info.shop.name);
    if (seen.has(trade.id)) return { error: lang.t("event_chosenTwice", order) };
    seen.add(trade.id);
    const together = availableActions(trade, lang).together;
    if (!together.ok) return { error: lang.t("event_orderProblem", order, together.reason) };
  }
  const participants: CollectiveParticipant[] = trades.map((trade) => ({
    tradeId: trade.id,
    origin: trade.info.shop.origin,
    tradingId: trade.info.tradingId,
    shopName: trade.info.shop.name,
    prepareKey: keyFor(trade.id, "prepare"),
    finishKey: keyFor(trade.id, "finish"),
    vote: null,
    voteMessage: null,
    finished: null,
    attempts: 0,
    lastError: null,
  }));
  const shops = new Set(participants.map((participant) => participant.origin)).size;
  const confirm = intent === "complete";
  const text =
    shops === 1
      ? lang.t(confirm ? "event_askShopConfirm" : "event_askShopCancel", trades.length)
      : lang.t(confirm ? "event_askShopsConfirm" : "event_askShopsCancel", shops, trades.length);
  const record: CollectiveRecord = {
    id,
    intent,
    createdAt: now,
    participants,
    decision: null,
    phase: "preparing",
    finishedAt: null,
    log: [{ at: now, text }],
    leaseUntil: null,
  };
  return withNextStep(record, now);
}

/**
 * What to send now: prepare to every shop that has not voted (until the vote deadline); after
 * the decision, commit or abort to every shop that has not acknowledged it. Abort goes to shops
 * that refused or never answered too: their prepare may have arrived after all.
 */
export function requestsToSend(record: CollectiveRecord, now: string): CollectiveRequest[] {
  const { decision, participants } = record;
  // Before the record's next step, only shops not tried yet in this phase (the decision was just
  // taken, or the worker died with the request out): one whose request failed waits out its
  // back-off, which neither a worker start nor another shop's answer may cut short.
  const due = record.nextStepAt === undefined || Date.parse(record.nextStepAt) <= Date.parse(now);
  if (record.phase === "preparing") {
    if (Date.parse(now) >= voteDeadline(record)) return [];
    return participants
      .filter((participant) => participant.vote === null && (due || participant.lastError === null))
      .map((participant) => ({ tradeId: participant.tradeId, key: participant.prepareKey, command: "prepare" }));
  }
  if (record.phase === "done" || decision === null) return [];
  return participants
    .filter((participant) => participant.finished === null && (due || participant.attempts === 0))
    .map((participant) => ({ tradeId: participant.tradeId, key: participant.finishKey, command: decision.outcome }));
}

const VOTE_TEXT: Record<Vote, MessageKey> = { ready: "event_voteReady", refused: "event_voteRefused", unreachable: "event_voteUnreachable" };

function voteText(participant: CollectiveParticipant, vote: Vote, message: string | null, lang: Language): string {
  return lang.t(VOTE_TEXT[vote], named(participant, lang), saying(message));
}

/** A shop's vote; only the first counts, and none after the decision. */
export function recordVote(
  record: CollectiveRecord,
  tradeId: string,
  vote: Vote,
  message: string | null,
  now: string,
  lang: Language = ENGLISH,
): CollectiveRecord {
  const participant = record.participants.find((each) => each.tradeId === tradeId);
  if (record.phase !== "preparing" || participant === undefined || participant.vote !== null) return record;
  const voted = withParticipant(record, tradeId, { vote, voteMessage: message, lastError: null });
  return logged(voted, now, voteText(participant, vote, message, lang));
}

const DECISION_TEXT: Record<"commit" | "abort", Record<Intent, MessageKey>> = {
  commit: { complete: "event_decisionConfirmAll", fail: "event_decisionCancelAll" },
  abort: { complete: "event_decisionConfirmNone", fail: "event_decisionCancelNone" },
};

function decided(record: CollectiveRecord, outcome: "commit" | "abort", reason: string, now: string, lang: Language): CollectiveRecord {
  const withDecision: CollectiveRecord = { ...record, decision: { outcome, at: now, reason }, phase: "finishing" };
  return withNextStep(logged(withDecision, now, lang.t(DECISION_TEXT[outcome][record.intent], reason)), now);
}

/**
 * Takes the decision as soon as it is known, once: abort when a shop refused or could not be
 * reached (shops silent past VOTE_TIMEOUT_MS count as unreachable), commit when every shop is ready.
 */
export function decide(record: CollectiveRecord, now: string, lang: Language = ENGLISH): CollectiveRecord {
  if (record.phase !== "preparing") return record;
  let current = record;
  if (Date.parse(now) >= voteDeadline(record)) {
    const silence = lang.t("event_silence", VOTE_TIMEOUT_MS / 1000);
    for (const participant of record.participants) {
      if (participant.vote === null) current = recordVote(current, participant.tradeId, "unreachable", silence, now, lang);
    }
  }
  for (const each of current.participants) {
    if (each.vote === "refused" || each.vote === "unreachable") {
      return decided(current, "abort", voteText(each, each.vote, each.voteMessage, lang), now, lang);
    }
  }
  if (current.participants.every((each) => each.vote === "ready")) {
    const reason = lang.t(current.intent === "complete" ? "event_everyShopConfirm" : "event_everyShopCancel");
    return decided(current, "commit", reason, now, lang);
  }
  return current;
}

const FINISHED_TEXT: Record<"committed" | "aborted" | "unresolved", MessageKey> = {
  committed: "event_committed",
  aborted: "event_aborted",
  unresolved: "event_unresolved",
};

/**
 * A shop acknowledged the commit or abort ("unresolved": it refused the decided commit, or
 * could not be reached for good); when the last one is settled, the collective is done.
 */
export function recordFinished(
  record: CollectiveRecord,
  tradeId: string,
  outcome: "committed" | "aborted" | "unresolved",
  now: string,
  message: string | null = null,
  lang: Language = ENGLISH,
): CollectiveRecord {
  const participant = record.participants.find((each) => each.tradeId === tradeId);
  if (record.phase !== "finishing" || participant === undefined || participant.finished !== null) return record;
  const lastError = outcome === "unresolved" ? message : null;
  const text = lang.t(FINISHED_TEXT[outcome], named(participant, lang), saying(lastError));
  let next = logged(withParticipant(record, tradeId, { finished: outcome, lastError }), now, text);
  if (next.participants.every((each) => each.finished !== null)) {
    next = logged({ ...next, phase: "done", finishedAt: now }, now, lang.t("event_everyShopAnswered"));
  }
  return withNextStep(next, now);
}

/**
 * A request to a shop failed. `permanent`: sending it again cannot help (the shop answered with
 * an error that will not change). Before the decision, a permanent failure makes the shop
 * unreachable, and a passing one is sent again until the vote deadline. After it, the commit or
 * abort is sent again with back-off (the decision never changes), at most MAX_FINISH_ATTEMPTS
 * times; then, or at once when permanent, the shop's outcome is "unresolved".
 */
export function recordFailure(
  record: CollectiveRecord,
  tradeId: string,
  error: string,
  now: string,
  permanent = false,
  lang: Language = ENGLISH,
): CollectiveRecord {
  const participant = record.participants.find((each) => each.tradeId === tradeId);
  if (participant === undefined) return record;
  if (record.phase === "preparing") {
    if (participant.vote !== null) return record;
    if (permanent) return withParticipant(recordVote(record, tradeId, "unreachable", error, now, lang), tradeId, { lastError: error });
    const first = participant.lastError === null;
    const failed = withParticipant(record, tradeId, { lastError: error });
    const text = lang.t("event_unreachableRetry", named(participant, lang), error);
    return withNextStep(first ? logged(failed, now, text) : failed, now);
  }
  if (record.phase === "done" || participant.finished !== null) return record;
  const attempts = participant.attempts + 1;
  if (permanent || attempts >= MAX_FINISH_ATTEMPTS) return recordFinished(record, tradeId, "unresolved", now, error, lang);
  const failed = withParticipant(record, tradeId, { lastError: error, attempts });
  return withNextStep(logged(failed, now, lang.t("event_unreachableLater", named(participant, lang), error)), now);
}

/**
 * The worker died while the collective ran (found unfinished with its lease expired). Without a
 * decision nothing was committed anywhere: abort (presumed abort). With one, it stands, and
 * requestsToSend lists what is still to be sent.
 */
export function recoverCollective(record: CollectiveRecord, now: string, lang: Language = ENGLISH): CollectiveRecord {
  if (record.phase !== "preparing") return record;
  return decided(record, "abort", lang.t("event_restarted"), now, lang);
}

export function isCollectiveDone(record: CollectiveRecord): boolean {
  return record.phase === "done";
}

function stepOf(record: CollectiveRecord, participant: CollectiveParticipant): ParticipantStep {
  if (participant.finished !== null) return participant.finished;
  if (record.decision !== null) return record.decision.outcome === "commit" ? "committing" : "aborting";
  return participant.vote ?? "asking";
}

/** Per shop, where the collective is, for the UI. */
export function collectiveProgress(record: CollectiveRecord): ParticipantProgress[] {
  return record.participants.map((participant) => ({
    tradeId: participant.tradeId,
    shopName: participant.shopName,
    tradingId: participant.tradingId,
    step: stepOf(record, participant),
    message: participant.lastError ?? participant.voteMessage,
  }));
}
