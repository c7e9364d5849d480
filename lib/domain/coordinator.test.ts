import { describe, expect, it } from "vitest";
import {
  collectiveProgress,
  decide,
  FINISH_RETRY_MAX_MS,
  FINISH_RETRY_MS,
  isCollectiveDone,
  MAX_FINISH_ATTEMPTS,
  newCollective,
  PREPARE_RETRY_MS,
  recordFailure,
  recordFinished,
  recordVote,
  recoverCollective,
  requestsToSend,
  VOTE_TIMEOUT_MS,
} from "./coordinator";
import type { CollectiveRequest } from "./coordinator";
import { aTrade, NOW, shopCommands } from "./test-trades";
import type { CollectiveRecord, Trade, Vote } from "./types";

const SHOPS = [
  { name: "Green Leaf Tea", origin: "https://green-leaf.example" },
  { name: "Pottery Barn", origin: "https://pottery.example" },
];

/** Open trade `n` at shop `n % 2`, at a shop that announced every command. */
function tradeAt(n: number, overrides: Parameters<typeof aTrade>[0] = {}): Trade {
  const shop = SHOPS[n % 2]!;
  return aTrade({ shop: { status: "processing" }, ...overrides, info: { tradingId: `T-${n}`, shop, commands: shopCommands(), ...overrides.info } });
}

const keyFor = (tradeId: string, purpose: "prepare" | "finish") => `${purpose}:${tradeId}`;

function started(count: number, now = NOW): CollectiveRecord {
  const trades = Array.from({ length: count }, (_, n) => tradeAt(n));
  const record = newCollective({ id: "collective-1", intent: "complete", trades, keyFor, now });
  if ("error" in record) throw new Error(record.error);
  return record;
}

const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const idOf = (n: number) => tradeAt(n).id;

describe("newCollective", () => {
  it("starts preparing every trade, with its keys, a log line and the vote deadline as next step", () => {
    const record = started(3);
    expect(record).toEqual({
      id: "collective-1",
      intent: "complete",
      createdAt: NOW,
      participants: [0, 1, 2].map((n) => ({
        tradeId: idOf(n),
        origin: SHOPS[n % 2]!.origin,
        tradingId: `T-${n}`,
        shopName: SHOPS[n % 2]!.name,
        prepareKey: `prepare:${idOf(n)}`,
        finishKey: `finish:${idOf(n)}`,
        vote: null,
        voteMessage: null,
        finished: null,
        attempts: 0,
        lastError: null,
      })),
      decision: null,
      phase: "preparing",
      finishedAt: null,
      log: [{ at: NOW, text: "Asking 2 shops whether they can confirm 3 orders, all or nothing" }],
      nextStepAt: at(VOTE_TIMEOUT_MS),
      leaseUntil: null,
    });
  });

  it.each([
    ["fewer than two trades", [tradeAt(0)], "Choose at least two orders to confirm together"],
    ["a trade chosen twice", [tradeAt(0), tradeAt(1), tradeAt(0)], "Order T-0 at Green Leaf Tea is chosen twice"],
    [
      "a shop without all-or-nothing commands",
      [tradeAt(0), tradeAt(1, { info: { commands: shopCommands(["confirm", "prepare"]) } })],
      "Order T-1 at Pottery Barn: Pottery Barn does not accept all-or-nothing confirmation or cancellation through TradeWatch",
    ],
    [
      "a trade that is not open",
      [tradeAt(0, { shop: { status: "cancelled" } }), tradeAt(1)],
      "Order T-0 at Green Leaf Tea: Only open orders can be confirmed or cancelled together",
    ],
  ])("refuses %s, naming the order", (_, trades, error) => {
    expect(newCollective({ id: "c", intent: "complete", trades, keyFor, now: NOW })).toEqual({ error });
  });
});

describe("preparing and deciding", () => {
  it("asks every shop that has not voted, until the vote deadline", () => {
    const record = recordVote(started(3), idOf(1), "ready", null, NOW);
    expect(requestsToSend(record, NOW)).toEqual([
      { tradeId: idOf(0), key: `prepare:${idOf(0)}`, command: "prepare" },
      { tradeId: idOf(2), key: `prepare:${idOf(2)}`, command: "prepare" },
    ]);
    expect(requestsToSend(record, at(VOTE_TIMEOUT_MS))).toEqual([]);
  });

  it("waits for every vote, then commits when all are ready", () => {
    let record = started(2);
    record = decide(recordVote(record, idOf(0), "ready", null, NOW), NOW);
    expect(record.decision).toBeNull();
    record = decide(recordVote(record, idOf(1), "ready", null, at(1000)), at(1000));
    expect(record).toMatchObject({
      phase: "finishing",
      decision: { outcome: "commit", at: at(1000), reason: "every shop can confirm" },
      nextStepAt: at(1000 + FINISH_RETRY_MS),
    });
    expect(record.log.map((line) => line.text)).toEqual([
      "Asking 2 shops whether they can confirm 2 orders, all or nothing",
      "Green Leaf Tea (order T-0) is ready",
      "Pottery Barn (order T-1) is ready",
      "Decision: confirm every order (every shop can confirm)",
    ]);
    expect(requestsToSend(record, at(1000))).toEqual([
      { tradeId: idOf(0), key: `finish:${idOf(0)}`, command: "commit" },
      { tradeId: idOf(1), key: `finish:${idOf(1)}`, command: "commit" },
    ]);
  });

  it("aborts as soon as one shop refuses, and sends abort to every shop, silent ones too", () => {
    let record = recordVote(started(3), idOf(0), "ready", null, NOW);
    record = decide(recordVote(record, idOf(1), "refused", "Out of stock", NOW), NOW);
    expect(record.decision).toEqual({ outcome: "abort", at: NOW, reason: "Pottery Barn (order T-1) refused: Out of stock" });
    expect(record.log.at(-1)?.text).toBe("Decision: confirm none of the orders (Pottery Barn (order T-1) refused: Out of stock)");
    expect(requestsToSend(record, NOW).map((r) => [r.tradeId, r.command])).toEqual([
      [idOf(0), "abort"],
      [idOf(1), "abort"],
      [idOf(2), "abort"],
    ]);
  });

  it("counts a shop silent past the vote deadline as unreachable, and aborts", () => {
    const record = decide(recordVote(started(2), idOf(0), "ready", null, NOW), at(VOTE_TIMEOUT_MS));
    expect(record.participants[1]).toMatchObject({ vote: "unreachable", voteMessage: "no answer within 60 seconds" });
    expect(record.decision?.reason).toBe("Pottery Barn (order T-1) could not be reached: no answer within 60 seconds");
  });

  it("takes the decision once: later votes and decisions change nothing", () => {
    const decided = decide(recordVote(started(2), idOf(0), "refused", null, NOW), NOW);
    expect(recordVote(decided, idOf(1), "ready", null, NOW)).toBe(decided);
    expect(decide(decided, at(VOTE_TIMEOUT_MS))).toBe(decided);
    expect(recordVote(recordVote(started(2), idOf(0), "ready", null, NOW), idOf(0), "refused", null, NOW).participants[0]?.vote).toBe("ready");
  });

  it("counts a prepare that failed for good as unreachable", () => {
    const record = recordFailure(started(2), idOf(0), "HTTP 404", NOW, true);
    expect(record.participants[0]).toMatchObject({ vote: "unreachable", voteMessage: "HTTP 404", lastError: "HTTP 404" });
    expect(decide(record, NOW).decision?.outcome).toBe("abort");
  });

  it("sends a prepare that could not be delivered again, soon, until the vote deadline", () => {
    const record = recordFailure(started(2), idOf(0), "HTTP 503", NOW);
    expect(record.participants[0]).toMatchObject({ vote: null, lastError: "HTTP 503" });
    expect(record.nextStepAt).toBe(at(PREPARE_RETRY_MS));
    expect(decide(record, at(PREPARE_RETRY_MS)).decision).toBeNull();
    expect(requestsToSend(record, at(PREPARE_RETRY_MS - 1)).map((r) => r.tradeId)).toEqual([idOf(1)]);
    expect(requestsToSend(record, at(PREPARE_RETRY_MS)).map((r) => [r.tradeId, r.command])).toContainEqual([idOf(0), "prepare"]);
    // Logged once, however often it fails.
    expect(recordFailure(record, idOf(0), "HTTP 503", at(PREPARE_RETRY_MS)).log).toHaveLength(record.log.length);
    const late = decide(record, at(VOTE_TIMEOUT_MS));
    expect(late.decision?.outcome).toBe("abort");
    expect(late.participants[0]?.vote).toBe("unreachable");
  });
});

describe("finishing", () => {
  const committing = () => decide(recordVote(recordVote(started(2), idOf(0), "ready", null, NOW), idOf(1), "ready", null, NOW), NOW);

  it("is done once every shop acknowledged the decision, with nothing left to send", () => {
    let record = recordFinished(committing(), idOf(1), "committed", at(1000));
    expect(record.phase).toBe("finishing");
    expect(requestsToSend(record, at(1000)).map((r) => r.tradeId)).toEqual([idOf(0)]);
    record = recordFinished(record, idOf(0), "committed", at(2000));
    expect(record).toMatchObject({ phase: "done", finishedAt: at(2000) });
    expect(record).not.toHaveProperty("nextStepAt");
    expect(isCollectiveDone(record)).toBe(true);
    expect(requestsToSend(record, at(2000))).toEqual([]);
    expect(record.log.slice(-3).map((line) => line.text)).toEqual([
      "Pottery Barn (order T-1) committed",
      "Green Leaf Tea (order T-0) committed",
      "Every shop has answered",
    ]);
  });

  it("keeps a shop that could not be reached to be asked again once its back-off ends; the decision stands", () => {
    const record = recordFailure(committing(), idOf(0), "HTTP 503", at(1000));
    expect(record.decision?.outcome).toBe("commit");
    expect(record.participants[0]).toMatchObject({ lastError: "HTTP 503", finished: null, attempts: 1 });
    expect(record.nextStepAt).toBe(at(1000 + FINISH_RETRY_MS * 2));
    // Before then only the shop not tried yet is sent its commit (a worker start, say, changes nothing).
    expect(requestsToSend(record, at(1000)).map((r) => [r.tradeId, r.command])).toEqual([[idOf(1), "commit"]]);
    expect(requestsToSend(record, at(1000 + FINISH_RETRY_MS * 2)).map((r) => [r.tradeId, r.command])).toEqual([
      [idOf(0), "commit"],
      [idOf(1), "commit"],
    ]);
    expect(recordFinished(record, idOf(0), "committed", at(2000)).participants[0]).toMatchObject({ finished: "committed", lastError: null });
  });

  it("backs off, and after MAX_FINISH_ATTEMPTS says it cannot tell what the shop did instead of trying forever", () => {
    let record = committing();
    let time = 0;
    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_FINISH_ATTEMPTS; attempt++) {
      record = recordFailure(record, idOf(0), "HTTP 503", at(time));
      delays.push(Date.parse(record.nextStepAt ?? "") - Date.parse(at(time)));
      time += 1000;
    }
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(Math.max(...delays)).toBeLessThanOrEqual(FINISH_RETRY_MAX_MS);
    expect(record.participants[0]?.finished).toBeNull();
    record = recordFailure(record, idOf(0), "HTTP 503", at(time));
    expect(record.participants[0]).toMatchObject({ finished: "unresolved", lastError: "HTTP 503" });
    expect(collectiveProgress(record)[0]?.step).toBe("unresolved");
    record = recordFinished(record, idOf(1), "committed", at(time));
    expect(record.phase).toBe("done");
  });

  it("settles at once a shop that refuses the decided commit", () => {
    const record = recordFailure(committing(), idOf(0), "no hold for this transaction", NOW, true);
    expect(record.participants[0]).toMatchObject({ finished: "unresolved", attempts: 0 });
    expect(requestsToSend(record, NOW).map((r) => r.tradeId)).toEqual([idOf(1)]);
  });

  it("ignores answers for a shop that already acknowledged, or before the decision", () => {
    const record = recordFinished(committing(), idOf(0), "committed", NOW);
    expect(recordFinished(record, idOf(0), "committed", NOW)).toBe(record);
    expect(recordFailure(record, idOf(0), "late", NOW)).toBe(record);
    const preparing = started(2);
    expect(recordFinished(preparing, idOf(0), "committed", NOW)).toBe(preparing);
  });
});

describe("recoverCollective", () => {
  it("aborts a collective without a decision (presumed abort)", () => {
    const record = recoverCollective(recordVote(started(2), idOf(0), "ready", null, NOW), at(5000));
    const reason = "TradeWatch restarted before every shop had answered";
    expect(record.decision).toEqual({ outcome: "abort", at: at(5000), reason });
    expect(record.log.at(-1)?.text).toBe(`Decision: confirm none of the orders (${reason})`);
    expect(requestsToSend(record, at(5000)).map((r) => r.command)).toEqual(["abort", "abort"]);
  });

  it("leaves a decided or done collective as it is, to send its decision again", () => {
    const decided = decide(recordVote(started(2), idOf(0), "refused", null, NOW), NOW);
    expect(recoverCollective(decided, at(5000))).toBe(decided);
  });
});

describe("collectiveProgress", () => {
  it("says per shop where it is, with the shop's reason", () => {
    let record = recordVote(started(3), idOf(0), "ready", null, NOW);
    record = recordVote(record, idOf(1), "refused", "Out of stock", NOW);
    const steps = () => collectiveProgress(record).map((p) => [p.tradingId, p.shopName, p.step, p.message]);
    expect(steps()).toEqual([
      ["T-0", "Green Leaf Tea", "ready", null],
      ["T-1", "Pottery Barn", "refused", "Out of stock"],
      ["T-2", "Green Leaf Tea", "asking", null],
    ]);
    record = recordFinished(decide(record, NOW), idOf(2), "aborted", NOW);
    expect(steps()).toEqual([
      ["T-0", "Green Leaf Tea", "aborting", null],
      ["T-1", "Pottery Barn", "aborting", "Out of stock"],
      ["T-2", "Green Leaf Tea", "aborted", null],
    ]);
    const committing = decide(recordVote(recordVote(started(2), idOf(0), "ready", null, NOW), idOf(1), "ready", null, NOW), NOW);
    const unreachable = recordFailure(recordFinished(committing, idOf(0), "committed", NOW), idOf(1), "HTTP 503", NOW);
    expect(collectiveProgress(unreachable).map((p) => [p.step, p.message])).toEqual([
      ["committed", null],
      ["committing", "HTTP 503"],
    ]);
  });
});

/**
 * A simulated shop honouring the command protocol: prepare holds the order (or refuses), commit
 * needs a prepared order, abort releases whatever there is; repeats are answered as before.
 */
type Behaviour = "ready" | "refuse" | "silent";

class Shop {
  state: "idle" | "prepared" | "refused" | "committed" | "aborted" = "idle";
  /** Set when the shop was told to commit what it never prepared, or to abort what it committed. */
  violation: string | null = null;

  constructor(readonly behaviour: Behaviour) {}

  /** The vote or acknowledgement; null when the request gets no answer (the prepare of a silent shop). */
  handle(command: CollectiveRequest["command"]): { vote: Vote; message: string | null } | "ack" | null {
    switch (command) {
      case "prepare":
        if (this.behaviour === "silent") return null;
        if (this.state === "idle") this.state = this.behaviour === "ready" ? "prepared" : "refused";
        return this.state === "prepared" ? { vote: "ready", message: null } : { vote: "refused", message: "Out of stock" };
      case "commit":
        if (this.state !== "prepared" && this.state !== "committed") this.violation = `commit while ${this.state}`;
        this.state = "committed";
        return "ack";
      case "abort":
        if (this.state === "committed") this.violation = "abort after commit";
        this.state = "aborted";
        return "ack";
    }
  }
}

class Killed extends Error {}

/**
 * Drives the collective as the background does: send what requestsToSend asks for, record each
 * answer, decide, and store the record after every change. `killAt` stops the worker after that
 * many events (a stored record or a request that reached its shop): what it had not stored is lost.
 */
function drive(
  start: CollectiveRecord,
  shops: Map<string, Shop>,
  clock: { now: string },
  killAt: number,
): { stored: CollectiveRecord; killed: boolean; events: number } {
  let stored = start;
  let events = 0;
  const event = () => {
    events += 1;
    if (events === killAt) throw new Killed();
  };
  const store = (next: CollectiveRecord) => {
    if (next === stored) return;
    stored = next;
    event();
  };
  try {
    for (let round = 0; !isCollectiveDone(stored); round++) {
      if (round > 20) throw new Error("the collective never finished");
      for (const request of requestsToSend(stored, clock.now)) {
        const answer = shops.get(request.tradeId)!.handle(request.command);
        event();
        if (answer === null) continue;
        if (answer === "ack") store(recordFinished(stored, request.tradeId, request.command === "commit" ? "committed" : "aborted", clock.now));
        else store(recordVote(stored, request.tradeId, answer.vote, answer.message, clock.now));
      }
      store(decide(stored, clock.now));
      // Nothing more to do now: wake up at the next step (the vote deadline, or a resend).
      if (!isCollectiveDone(stored) && stored.nextStepAt !== undefined) clock.now = stored.nextStepAt;
    }
    return { stored, killed: false, events };
  } catch (error) {
    if (error instanceof Killed) return { stored, killed: true, events };
    throw error;
  }
}

function scenarios(): Behaviour[][] {
  const behaviours: Behaviour[] = ["ready", "refuse", "silent"];
  const all: Behaviour[][] = [];
  for (const count of [2, 3]) {
    const grow = (prefix: Behaviour[]): void => {
      if (prefix.length === count) all.push(prefix);
      else for (const behaviour of behaviours) grow([...prefix, behaviour]);
    };
    grow([]);
  }
  return all;
}

/** Every shop ends in one outcome, and commit only happens when every shop voted ready. */
function expectConsistent(record: CollectiveRecord, shops: Map<string, Shop>, behaviours: Behaviour[]): void {
  expect(isCollectiveDone(record)).toBe(true);
  const states = [...shops.values()].map((shop) => shop.state);
  expect([...shops.values()].map((shop) => shop.violation)).toEqual(behaviours.map(() => null));
  const outcome = record.decision?.outcome;
  expect(states).toEqual(behaviours.map(() => (outcome === "commit" ? "committed" : "aborted")));
  if (outcome === "commit") expect(behaviours.every((b) => b === "ready")).toBe(true);
  expect(record.participants.map((p) => p.finished)).toEqual(behaviours.map(() => (outcome === "commit" ? "committed" : "aborted")));
}

describe("the coordinator killed after every durable step", () => {
  const fresh = (behaviours: Behaviour[]) => {
    const record = started(behaviours.length);
    const shops = new Map(record.participants.map((p, i) => [p.tradeId, new Shop(behaviours[i]!)]));
    return { record, shops, clock: { now: NOW } };
  };

  it.each(scenarios().map((b) => [b.join(", "), b] as const))("%s: without a kill, commits exactly when every shop is ready", (_, behaviours) => {
    const { record, shops, clock } = fresh(behaviours);
    const run = drive(record, shops, clock, Infinity);
    expectConsistent(run.stored, shops, behaviours);
    expect(run.stored.decision?.outcome).toBe(behaviours.every((b) => b === "ready") ? "commit" : "abort");
  });

  it.each(scenarios().map((b) => [b.join(", "), b] as const))("%s: recovers to one outcome from a kill at any step, even twice", (_, behaviours) => {
    const steps = (() => {
      const { record, shops, clock } = fresh(behaviours);
      return drive(record, shops, clock, Infinity).events;
    })();
    expect(steps).toBeGreaterThan(2);
    for (let first = 1; first <= steps; first++) {
      for (let second = 1; second <= steps + 1; second++) {
        const { record, shops, clock } = fresh(behaviours);
        const killed = drive(record, shops, clock, first);
        let stored = killed.stored;
        if (killed.killed) {
          clock.now = new Date(Date.parse(clock.now) + 1000).toISOString();
          const again = drive(recoverCollective(stored, clock.now), shops, clock, second);
          stored = again.stored;
          if (again.killed) {
            clock.now = new Date(Date.parse(clock.now) + 1000).toISOString();
            stored = drive(recoverCollective(stored, clock.now), shops, clock, Infinity).stored;
          }
        }
        expectConsistent(stored, shops, behaviours);
      }
    }
  });
});
