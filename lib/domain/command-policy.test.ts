import { describe, expect, it } from "vitest";
import type { CommandReply, CommandRequest } from "../protocol/commands";
import {
  COMMAND_LEASE_MS,
  COMMAND_RETRY_BASE_MS,
  COMMAND_RETRY_MAX_MS,
  commandAnswered,
  commandFailed,
  isRetryableStatus,
  MAX_COMMAND_ATTEMPTS,
  MAX_COMMAND_RETRY_AFTER_MS,
  newCommand,
  nextCommandAttempt,
} from "./command-policy";
import { NOW, ORIGIN, plusMinutes } from "./test-trades";
import type { CommandRecord } from "./types";

const KEY = "command-key-0001";
const REQUEST: CommandRequest = { tradewatch: 1, tradingId: "GL-1001", idempotencyKey: KEY, command: "cancel", reason: null };

function pending(overrides: Partial<CommandRecord> = {}): CommandRecord {
  return {
    ...newCommand({ key: KEY, tradeId: `${ORIGIN} GL-1001`, url: `${ORIGIN}/tradewatch/commands`, request: REQUEST, now: NOW }),
    ...overrides,
  };
}

function reply(result: Partial<CommandReply> & Pick<CommandReply, "result">): CommandReply {
  return { tradewatch: 1, tradingId: "GL-1001", idempotencyKey: KEY, message: null, ...result } as CommandReply;
}

/** Milliseconds from NOW to the next attempt after `attempts` failures. */
function waitAfter(attempts: number, retryAfterMs: number | null = null, key = KEY): number | null {
  const at = nextCommandAttempt(attempts, NOW, retryAfterMs, key);
  return at === null ? null : Date.parse(at) - Date.parse(NOW);
}

describe("nextCommandAttempt", () => {
  it("backs off exponentially from 30 seconds up to an hour, shortened by at most half", () => {
    expect([MAX_COMMAND_ATTEMPTS, COMMAND_RETRY_BASE_MS, COMMAND_RETRY_MAX_MS, COMMAND_LEASE_MS]).toEqual([10, 30_000, 3_600_000, 120_000]);
    for (let attempts = 1; attempts < MAX_COMMAND_ATTEMPTS; attempts++) {
      const full = Math.min(COMMAND_RETRY_MAX_MS, COMMAND_RETRY_BASE_MS * 2 ** (attempts - 1));
      const wait = waitAfter(attempts)!;
      expect(wait, `after ${attempts}`).toBeLessThanOrEqual(full);
      expect(wait, `after ${attempts}`).toBeGreaterThan(full / 2);
    }
    expect(waitAfter(9)).toBeGreaterThan(COMMAND_RETRY_MAX_MS / 2);
    expect(waitAfter(9)).toBeLessThanOrEqual(COMMAND_RETRY_MAX_MS);
  });

  it("gives up after the last attempt", () => {
    expect(waitAfter(MAX_COMMAND_ATTEMPTS)).toBeNull();
    expect(waitAfter(MAX_COMMAND_ATTEMPTS + 3)).toBeNull();
  });

  it("jitters by the key, the same way every time", () => {
    expect(waitAfter(3, null, "key-a-00001")).toBe(waitAfter(3, null, "key-a-00001"));
    const waits = new Set(["key-a-00001", "key-b-00002", "key-c-00003", "key-d-00004"].map((key) => waitAfter(3, null, key)));
    expect(waits.size).toBeGreaterThan(1);
  });

  it("never retries before the shop's Retry-After, honoured up to a day", () => {
    expect(waitAfter(1, 600_000)).toBe(600_000);
    expect(waitAfter(1, 1)).toBe(waitAfter(1));
    expect(waitAfter(1, 30 * 24 * 3_600_000)).toBe(MAX_COMMAND_RETRY_AFTER_MS);
    expect(waitAfter(MAX_COMMAND_ATTEMPTS, 600_000)).toBeNull();
  });
});

describe("isRetryableStatus", () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 599])("retries %i", (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([200, 301, 400, 401, 403, 404, 409, 410, 422, 600])("does not retry %i", (status) =>
    expect(isRetryableStatus(status)).toBe(false),
  );
});

describe("newCommand", () => {
  it("is pending and due at once, with nothing tried yet", () => {
    expect(pending()).toEqual({
      key: KEY,
      tradeId: `${ORIGIN} GL-1001`,
      url: `${ORIGIN}/tradewatch/commands`,
      request: REQUEST,
      state: "pending",
      attempts: 0,
      createdAt: NOW,
      nextAttemptAt: NOW,
      leaseUntil: null,
      lastError: null,
      reply: null,
    });
  });
});

describe("commandFailed", () => {
  it("counts the attempt, keeps the error, lets go of the lease and tries again later", () => {
    const failed = commandFailed(pending({ leaseUntil: plusMinutes(NOW, 2) }), "HTTP 503", NOW, null);
    expect(failed).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 503", leaseUntil: null });
    expect(failed.nextAttemptAt).toBe(nextCommandAttempt(1, NOW, null, KEY));
  });

  it("fails for good after the last attempt, leaving the schedule index (the field is absent)", () => {
    let record = pending();
    for (let i = 0; i < MAX_COMMAND_ATTEMPTS; i++) record = commandFailed(record, "timeout", NOW, null);
    expect(record).toMatchObject({ state: "failed", attempts: MAX_COMMAND_ATTEMPTS, lastError: "timeout" });
    expect(record).not.toHaveProperty("nextAttemptAt");
  });

  it("fails for good at once when the failure will not pass", () => {
    const failed = commandFailed(pending(), "HTTP 404", NOW, null, false);
    expect(failed).toMatchObject({ state: "failed", attempts: 1, lastError: "HTTP 404" });
    expect(failed).not.toHaveProperty("nextAttemptAt");
  });
});

describe("commandAnswered", () => {
  it.each([
    [reply({ result: "done", outcome: "completed" }), "done"],
    [reply({ result: "accepted" }), "done"],
    [reply({ result: "vote", vote: "refused" }), "done"],
    [reply({ result: "refused", message: "Already shipped" }), "refused"],
  ] as const)("records %o as %s, out of the schedule index", (answer, state) => {
    const answered = commandAnswered(pending({ attempts: 2, lastError: "timeout", leaseUntil: NOW }), answer, NOW);
    expect(answered).toMatchObject({ state, attempts: 3, reply: answer, lastError: null, leaseUntil: null });
    expect(answered).not.toHaveProperty("nextAttemptAt");
  });
});
