import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { getCollective } from "../db/collectives";
import { storeTrades, useFreshDb } from "../db/test-db";
import { getTrade } from "../db/trades";
import { MAX_FINISH_ATTEMPTS } from "../domain/coordinator";
import { aCapturedOrder, NOW, plusMinutes } from "../domain/test-trades";
import { newTrade } from "../domain/trade";
import type { CommandName, Trade } from "../domain/types";
import type { CommandRequest } from "../protocol/commands";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { COLLECTIVE_LEASE_MS, leaseIsLive, resumeCollectives, startCollective } from "./collective";
import type { SendOutcome } from "./command-send";
import type { CommandDeps } from "./commands";
import { FakeShops, UNREACHABLE } from "./test-shop";
import { runTimeouts } from "./timeouts";

const ALL: CommandName[] = ["confirm", "cancel", "prepare", "commit", "abort", "return", "reorder"];
const PROFILE = { name: "Ada Lovelace", address: "12 St James's Square, London", email: "ada@example.org" };
const TEA = { origin: "https://green-leaf.example", name: "Green Leaf Tea" };
const GLASS = { origin: "https://glass.example", name: "Glass Shop" };
const url = (shop: { origin: string }) => `${shop.origin}/tradewatch/commands`;

function aTradeAt(shop: { origin: string; name: string }, tradingId: string): Trade {
  return newTrade(
    aCapturedOrder({ info: { tradingId, shop, pageUrl: `${shop.origin}/orders/${tradingId}`, commands: { url: url(shop), supports: ALL } } }),
    NOW,
  );
}

const TRADES = [aTradeAt(TEA, "GL-1"), aTradeAt(TEA, "GL-2"), aTradeAt(GLASS, "GS-1")];
const IDS = TRADES.map((trade) => trade.id);

let clock: string;
let shops: FakeShops;
let settings: Settings;
let keys: number;
/** Drives started in the background, awaited by the tests. */
let drives: Promise<unknown>[];

function deps(send: CommandDeps["send"] = shops.send): CommandDeps {
  return {
    now: () => clock,
    send,
    newKey: () => `key-${String(++keys).padStart(6, "0")}`,
    loadSettings: async () => settings,
    inBackground: (work) => drives.push(work()),
  };
}

beforeEach(async () => {
  useFreshDb();
  fakeBrowser.reset();
  clock = NOW;
  shops = new FakeShops();
  settings = { ...DEFAULT_SETTINGS, deliveryProfile: PROFILE };
  keys = 0;
  drives = [];
  await storeTrades(TRADES);
  for (const trade of TRADES) shops.add(url(trade.info.shop), trade.info.tradingId);
});

/** Waits for a started collective's drive (the popup's message handler does not wait for it). */
async function settle(id: string) {
  await Promise.all(drives);
  return getCollective(id);
}

async function states(): Promise<string[]> {
  return Promise.all(IDS.map(async (id) => (await getTrade(id))?.lifecycle.state ?? "gone"));
}

function commands(requests: { request: CommandRequest }[]): string[] {
  return requests.map(({ request }) => `${request.command} ${request.tradingId}`);
}

describe("finalising several orders at two shops, all or nothing (seed 000 claims 2–3)", () => {
  it("prepares every order, then commits every order, with personal information only in the commits", async () => {
    const reply = await startCollective(deps(), IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    const done = await settle(reply.collectiveId);
    expect(done?.decision?.outcome).toBe("commit");
    expect(done?.phase).toBe("done");
    expect(commands(shops.sent).sort()).toEqual(
      ["prepare GL-1", "prepare GL-2", "prepare GS-1", "commit GL-1", "commit GL-2", "commit GS-1"].sort(),
    );
    for (const { request } of shops.sent) {
      if (request.command === "commit") expect(request.personalInfo).toEqual(PROFILE);
      else expect(JSON.stringify(request)).not.toContain(PROFILE.email);
    }
    expect(await states()).toEqual(["completed", "completed", "completed"]);
    const glass = await getTrade(IDS[2] ?? "");
    expect(glass?.disclosures).toEqual([{ at: NOW, to: GLASS.origin, fields: ["name", "address", "email"], command: "commit", collectiveId: reply.collectiveId }]);
  });

  it("aborts every order when one shop refuses, and every shop ends with nothing held", async () => {
    shops.order(url(GLASS), "GS-1").refusePrepare = true;
    const reply = await startCollective(deps(), IDS, "fail");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    const done = await settle(reply.collectiveId);
    expect(done?.decision?.outcome).toBe("abort");
    expect(commands(shops.sent).filter((c) => c.startsWith("commit"))).toEqual([]);
    expect(commands(shops.sent).filter((c) => c.startsWith("abort")).sort()).toEqual(["abort GL-1", "abort GL-2", "abort GS-1"]);
    expect([...shops.orders.values()].map((order) => [order.heldBy, order.outcome])).toEqual([[null, null], [null, null], [null, null]]);
    expect(await states()).toEqual(["open", "open", "open"]);
    const refused = await getTrade(IDS[2] ?? "");
    expect(refused?.history.at(-1)?.text).toMatch(/nothing was changed/);
  });

  it("records the personal information as sent to the command endpoint's site, where the commits go", async () => {
    const api = "https://commands.shop-platform.example/tw";
    const elsewhere = [aTradeAt(TEA, "GL-7"), aTradeAt(GLASS, "GS-7")].map((trade) => ({ ...trade, info: { ...trade.info, commands: { url: api, supports: ALL } } }));
    await storeTrades(elsewhere);
    for (const trade of elsewhere) shops.add(api, trade.info.tradingId);
    const reply = await startCollective(deps(), elsewhere.map((trade) => trade.id), "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    expect((await settle(reply.collectiveId))?.decision?.outcome).toBe("commit");
    const recorded = await Promise.all(elsewhere.map(async (trade) => (await getTrade(trade.id))?.disclosures.map((d) => d.to)));
    expect(recorded).toEqual([["https://commands.shop-platform.example"], ["https://commands.shop-platform.example"]]);
  });

  it("refuses a selection with an order that cannot take part, and changes nothing", async () => {
    const reply = await startCollective(deps(), [IDS[0] ?? "", IDS[0] ?? ""], "complete");
    expect(reply).toHaveProperty("error");
    expect(shops.sent).toEqual([]);
    expect(await states()).toEqual(["open", "open", "open"]);
  });
});

describe("a shop that does not finish the decided commit", () => {
  it("is settled as unresolved when it refuses the commit (its hold ran out): the user is told to check with the shop", async () => {
    const losingHold: CommandDeps["send"] = (target, request) => {
      if (request.command === "commit" && request.tradingId === "GS-1") shops.order(url(GLASS), "GS-1").heldBy = null;
      return shops.send(target, request);
    };
    const told = vi.fn(async () => undefined);
    const d = { ...deps(losingHold), onShopAnswer: told };
    const reply = await startCollective(d, IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    const done = await settle(reply.collectiveId);
    expect(done?.phase).toBe("done");
    expect(done?.participants.map((p) => p.finished)).toEqual(["committed", "committed", "unresolved"]);
    expect(await states()).toEqual(["completed", "completed", "open"]);
    expect((await getTrade(IDS[2] ?? ""))?.history.at(-1)?.text).toMatch(/check order GS-1 with the shop/);
    expect(told).toHaveBeenCalledWith(expect.objectContaining({ id: IDS[2] }), expect.stringMatching(/did not confirm order GS-1/));
  });

  it("sends a commit the shop accepted again at its trade's deadline, as the history says: same key, no personal information", async () => {
    let accept = true;
    const commits: CommandRequest[] = [];
    const accepting: CommandDeps["send"] = async (target, request) => {
      if (request.command !== "commit") return shops.send(target, request);
      commits.push(request);
      return accept
        ? { ok: true, reply: { tradewatch: 1, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "accepted", message: "Processing" } }
        : shops.send(target, request);
    };
    const reply = await startCollective(deps(accepting), IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    expect((await settle(reply.collectiveId))?.phase).toBe("done");
    const first = commits.splice(0);
    expect(first.every((request) => request.command === "commit" && request.personalInfo !== null)).toBe(true);

    // The shop has since carried the commits out; its answer to them again says so.
    accept = false;
    clock = plusMinutes(NOW, 11);
    await runTimeouts(deps(accepting));
    const keyOf = (request: CommandRequest) => `${request.tradingId} ${request.idempotencyKey}`;
    expect(commits.map(keyOf).sort()).toEqual(first.map(keyOf).sort());
    expect(commits.every((request) => request.command === "commit" && request.personalInfo === null)).toBe(true);
    expect(await states()).toEqual(["completed", "completed", "completed"]);
    const history = (await getTrade(IDS[2] ?? ""))?.history.map((entry) => entry.text) ?? [];
    expect(history.filter((text) => /sent again \(1 of 4\)/.test(text))).toHaveLength(1);
  });

  it("leaves a commit the shop accepted to the shop's status, on the trade's own deadline", async () => {
    const accepting: CommandDeps["send"] = async (target, request) =>
      request.command === "commit"
        ? { ok: true, reply: { tradewatch: 1, tradingId: request.tradingId, idempotencyKey: request.idempotencyKey, result: "accepted", message: "Processing" } }
        : shops.send(target, request);
    const reply = await startCollective(deps(accepting), IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    expect((await settle(reply.collectiveId))?.phase).toBe("done");
    const trades = await Promise.all(IDS.map((id) => getTrade(id)));
    expect(trades.map((t) => [t?.lifecycle.state, t?.lifecycle.pending?.collectiveId])).toEqual([
      ["finalising", null],
      ["finalising", null],
      ["finalising", null],
    ]);
  });
});

describe("a shop whose commit fails for a while", () => {
  it("is sent it again only when its back-off ends: not at once after another shop's answer, nor at each worker start", async () => {
    let glassDown = true;
    const commitsToGlass: string[] = [];
    const send: CommandDeps["send"] = (target, request) => {
      if (request.command !== "commit" || target !== url(GLASS)) return shops.send(target, request);
      commitsToGlass.push(request.idempotencyKey);
      return glassDown ? Promise.resolve(UNREACHABLE) : shops.send(target, request);
    };
    const reply = await startCollective(deps(send), IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    const waiting = await settle(reply.collectiveId);
    expect(waiting?.participants.map((p) => p.finished)).toEqual(["committed", "committed", null]);
    expect(commitsToGlass).toHaveLength(1);

    // The browser wakes the worker again and again within the back-off (page loads, say).
    for (let start = 0; start < MAX_FINISH_ATTEMPTS; start++) await resumeCollectives(deps(send), clock);
    await resumeCollectives(deps(send));
    const still = await getCollective(reply.collectiveId);
    expect(commitsToGlass).toHaveLength(1);
    expect(still?.participants[2]).toMatchObject({ finished: null, attempts: 1 });

    glassDown = false;
    clock = still?.nextStepAt ?? "";
    await resumeCollectives(deps(send));
    expect((await getCollective(reply.collectiveId))?.phase).toBe("done");
    expect(commitsToGlass).toEqual([commitsToGlass[0], commitsToGlass[0]]);
    expect(await states()).toEqual(["completed", "completed", "completed"]);
  });
});

describe("a worker killed at every step of a collective", () => {
  /**
   * A send that never answers from the `killAt`-th request on: the worker died while it was
   * out. `frozen` resolves once that request is made (after it, the dying driver does nothing).
   */
  function dyingAt(killAt: number): { send: CommandDeps["send"]; frozen: Promise<void> } {
    let count = 0;
    let freeze = () => undefined as void;
    const frozen = new Promise<void>((resolve) => (freeze = resolve));
    const send: CommandDeps["send"] = (target, request) => {
      if (count++ < killAt) return shops.send(target, request);
      freeze();
      return new Promise<SendOutcome>(() => undefined);
    };
    return { send, frozen };
  }

  const cases = (["complete", "fail"] as const).flatMap((intent) =>
    [false, true].flatMap((refuse) => (["alarm", "restart"] as const).map((recovery) => [intent, refuse, recovery] as const)),
  );
  for (const [intent, refuse, recovery] of cases) {
    // 3 prepares and 3 commits or aborts: kill before each of the 6 requests.
    for (let killAt = 0; killAt < 6; killAt++) {
      it(`${intent}, ${refuse ? "one shop refusing" : "every shop ready"}: killed before request ${killAt + 1}, recovered by the ${recovery}`, async () => {
        for (const order of shops.orders.values()) order.status = intent === "fail" ? "received" : "delivered";
        shops.order(url(GLASS), "GS-1").refusePrepare = refuse;
        const dying = dyingAt(killAt);
        const reply = await startCollective(deps(dying.send), IDS, intent);
        if (!("collectiveId" in reply)) throw new Error(reply.error);
        await dying.frozen;
        if (recovery === "restart") {
          // A new worker, started a moment later, recovers at once: the lease it finds belonged to the dead one.
          clock = new Date(Date.parse(NOW) + 1000).toISOString();
          await resumeCollectives(deps(), clock);
        } else {
          clock = new Date(Date.parse(NOW) + COLLECTIVE_LEASE_MS + 1000).toISOString();
          for (let round = 0; round < 5; round++) {
            await resumeCollectives(deps());
            clock = plusMinutes(clock, 10);
          }
        }
        const record = await getCollective(reply.collectiveId);
        expect(record?.phase).toBe("done");
        const outcomes = [...shops.orders.values()].map((order) => order.outcome);
        // Every shop ends the same way, and a commit happened only if every shop was ready.
        expect(new Set(outcomes).size).toBe(1);
        if (refuse || record?.decision?.outcome === "abort") expect(outcomes[0]).toBeNull();
        else expect(outcomes[0]).toBe(intent === "complete" ? "completed" : "failed");
        expect([...shops.orders.values()].every((order) => order.heldBy === null)).toBe(true);
        const final = await states();
        expect(new Set(final).size).toBe(1);
        expect(final[0]).toBe(outcomes[0] === null ? "open" : intent === "complete" ? "completed" : "failed");
      });
    }
  }
});

describe("a worker's restart recovery and a collective the same worker starts", () => {
  it("leaves the new collective to its own driver, though the recovery reads it before that driver's first answer", async () => {
    const startedAt = NOW;
    clock = new Date(Date.parse(NOW) + 50).toISOString();
    // The popup's message woke the worker: its collective's first requests are out, unanswered yet.
    let answer = () => undefined as void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const send: CommandDeps["send"] = async (target, request) => {
      await answered;
      return shops.send(target, request);
    };
    const reply = await startCollective(deps(send), IDS, "complete");
    if (!("collectiveId" in reply)) throw new Error(reply.error);
    const sentByRecovery: string[] = [];
    await resumeCollectives(
      deps((target, request) => (sentByRecovery.push(request.command), shops.send(target, request))),
      startedAt,
    );
    expect(sentByRecovery).toEqual([]);
    expect((await getCollective(reply.collectiveId))?.decision).toBeNull();
    expect(await states()).toEqual(["finalising", "finalising", "finalising"]);
    answer();
    expect((await settle(reply.collectiveId))?.decision?.outcome).toBe("commit");
  });

  it("judges a lease by when it was taken", () => {
    const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
    const takenAt = (ms: number) => at(ms + COLLECTIVE_LEASE_MS);
    expect(leaseIsLive(takenAt(0), at(1000))).toBe(true);
    expect(leaseIsLive(takenAt(0), at(COLLECTIVE_LEASE_MS))).toBe(false);
    // Just after a start: a lease taken before it is the dead worker's, one taken since this worker's.
    expect(leaseIsLive(takenAt(0), at(1000), at(500))).toBe(false);
    expect(leaseIsLive(takenAt(500), at(1000), at(500))).toBe(true);
    expect(leaseIsLive(takenAt(600), at(COLLECTIVE_LEASE_MS + 600), at(500))).toBe(false);
  });
});
