import type { CommandReply, CommandRequest } from "../protocol/commands";
import { FAILURE_JITTER_FRACTION, shorten } from "./schedule";
import type { CommandRecord } from "./types";
import { plusMs } from "./time";

/**
 * The outbox of commands to shops (seed 000 claim 5): a command lives in IndexedDB until the
 * shop answered it, and a failed request is sent again with the same idempotency key, backing
 * off, a bounded number of times. Pure: the background stores what these return.
 */

const SECOND_MS = 1000;
const HOUR_MS = 60 * 60 * SECOND_MS;

/** Requests per command, the first included; then it has failed for good (about three hours after the first). */
export const MAX_COMMAND_ATTEMPTS = 10;
/** A worker sending a command leases it this long, so another does not send it meanwhile (a request times out well before). */
export const COMMAND_LEASE_MS = 2 * 60 * SECOND_MS;
/** Wait after the first failed attempt; doubles with each further one, up to the cap. */
export const COMMAND_RETRY_BASE_MS = 30 * SECOND_MS;
export const COMMAND_RETRY_MAX_MS = HOUR_MS;
/** A shop's Retry-After is honoured up to this: the user is waiting on the command. */
export const MAX_COMMAND_RETRY_AFTER_MS = 24 * HOUR_MS;

/**
 * When to send a command again after `attempts` failed attempts: 30 s, 1 min, 2 min… up to an
 * hour, shortened by up to half by a jitter derived from the key (so commands failing together
 * do not retry in lock-step), never before the shop's Retry-After. Null once
 * MAX_COMMAND_ATTEMPTS were made.
 */
export function nextCommandAttempt(attempts: number, now: string, retryAfterMs: number | null, key: string): string | null {
  if (attempts >= MAX_COMMAND_ATTEMPTS) return null;
  const backOff = Math.min(COMMAND_RETRY_MAX_MS, COMMAND_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  let delay = shorten(backOff, FAILURE_JITTER_FRACTION, `${key}|${attempts}`);
  if (retryAfterMs !== null && retryAfterMs > 0) delay = Math.max(delay, Math.min(retryAfterMs, MAX_COMMAND_RETRY_AFTER_MS));
  return plusMs(now, delay);
}

/** HTTP statuses worth trying again: timeouts, too early, too many requests, server errors. */
export function isRetryableStatus(httpStatus: number): boolean {
  return httpStatus === 408 || httpStatus === 425 || httpStatus === 429 || (httpStatus >= 500 && httpStatus <= 599);
}

/** A command to send now. */
export function newCommand(args: {
  key: string;
  tradeId: string;
  url: string;
  request: CommandRequest;
  now: string;
}): CommandRecord {
  return {
    key: args.key,
    tradeId: args.tradeId,
    url: args.url,
    request: args.request,
    state: "pending",
    attempts: 0,
    createdAt: args.now,
    nextAttemptAt: args.now,
    leaseUntil: null,
    lastError: null,
    reply: null,
  };
}

/** No longer pending: out of the by-next-attempt index (the field is absent, not undefined). */
function settled(record: CommandRecord): CommandRecord {
  const copy = { ...record };
  delete copy.nextAttemptAt;
  return copy;
}

/**
 * An attempt failed: tried again later when the failure may pass (network, timeout, a status
 * isRetryableStatus accepts), given up after the last attempt or at once when it will not.
 */
export function commandFailed(
  record: CommandRecord,
  error: string,
  now: string,
  retryAfterMs: number | null,
  retryable = true,
): CommandRecord {
  const attempts = record.attempts + 1;
  const next = retryable ? nextCommandAttempt(attempts, now, retryAfterMs, record.key) : null;
  const tried = { ...record, attempts, lastError: error, leaseUntil: null };
  return next === null ? settled({ ...tried, state: "failed" }) : { ...tried, nextAttemptAt: next };
}

/**
 * The shop answered: refused, or done with the command (whatever it voted or decided). `now`
 * is taken for symmetry with commandFailed; an answer needs no time of its own.
 */
export function commandAnswered(record: CommandRecord, reply: CommandReply, _now: string): CommandRecord {
  return settled({
    ...record,
    state: reply.result === "refused" ? "refused" : "done",
    attempts: record.attempts + 1,
    reply,
    lastError: null,
    leaseUntil: null,
  });
}
