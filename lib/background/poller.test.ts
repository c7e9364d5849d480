import { readFileSync } from "node:fs";
import { IDBDatabase, IDBObjectStore } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseVendureAnswer, vendureCapturedOrder } from "../capture/adapters/vendure";
import { listTrades, saveCaptured, StorageFullError, updateTrade } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import { aCapturedOrder, aDeliveryReport, aPaymentReport, aShopReport, NOW, plusMinutes } from "../domain/test-trades";
import type { Validators } from "../domain/reconcile";
import type { Trade } from "../domain/types";
import type { StatusReport } from "../protocol/status-report";
import { checkAllNow, checkTradeNow, IN_FLIGHT_LEASE_MS, pollDue, type PollDeps } from "./poller";
import type { FetchOptions, FetchOutcome } from "./status-fetch";

beforeEach(useFreshDb);

const NO_VALIDATORS: Validators = { etag: null, lastModified: null };
const answer = (report: StatusReport, validators: Validators = NO_VALIDATORS): FetchOutcome => ({
  ok: true,
  notModified: false,
  report,
  validators,
});
const REPORTS = {
  shop: aShopReport(),
  payment: aPaymentReport({ status: "settled", amountCharged: { minor: 5997, currency: "EUR" } }),
  delivery: aDeliveryReport({ trackingNumber: "T1" }),
};
const unreachable: FetchOutcome = { ok: false, message: "could not be reached", retryAfterMs: null };

type Request = { url: string; options: Pick<FetchOptions, "validators"> };

/** A fake network: answers by URL prefix and records every request. */
function server(answers: Record<string, FetchOutcome> = {}) {
  const asked: Request[] = [];
  return {
    asked,
    fetchStatus: async (url: string, options: Pick<FetchOptions, "validators">): Promise<FetchOutcome> => {
      asked.push({ url, options });
      const key = Object.keys(answers).find((prefix) => url.startsWith(prefix));
      return key === undefined ? unreachable : answers[key]!;
    },
  };
}

const everyone = () =>
  server({
    "https://green-leaf.example": answer(REPORTS.shop),
    "https://pay.example": answer(REPORTS.payment),
    "https://parcel.example": answer(REPORTS.delivery),
  });

const deps = (s: ReturnType<typeof server>, now = NOW, extra: Partial<PollDeps> = {}): PollDeps => ({
  now: () => now,
  fetchStatus: s.fetchStatus,
  ...extra,
});

describe("pollDue", () => {
  it("asks each due endpoint by trading identifier and time, and merges what matches", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = everyone();
    expect(await pollDue(deps(s))).toBe(3);
    expect(s.asked.map((r) => r.url)).toContain(`https://pay.example/tradewatch?tradingId=GL-1001&at=${encodeURIComponent(NOW)}`);
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBe("settled");
    expect(trade?.processing.delivery.trackingNumber).toBe("T1");
    expect(trade?.processing.shop.status).toBe("processing");
    expect(trade?.nextCheckAt! > NOW).toBe(true);
    expect(await pollDue(deps(s))).toBe(0);
  });

  it("records failures on the trade and leaves stored data untouched", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    await pollDue(deps(server({ "https://pay.example": answer(REPORTS.payment) })));
    const before = (await listTrades())[0]!;
    const later = plusMinutes(NOW, 60 * 24);
    await pollDue(deps(server(), later));
    const after = (await listTrades())[0]!;
    expect(after.info).toEqual(before.info);
    expect(after.processing.payment.status).toBe("settled");
    expect(after.processing.shop.lastError).toEqual({ message: "could not be reached", at: later });
  });

  it("refuses an answer from the wrong kind of service", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    await pollDue(deps(server({ "https://pay.example": answer(REPORTS.delivery) })));
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBeNull();
    expect(trade?.processing.payment.lastError?.message).toBe("answered as a delivery status, not a payment status");
  });

  it("refuses a status dated after the time asked for, beyond clock skew", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const future = plusMinutes(NOW, 60 * 24 * 365);
    await pollDue(deps(server({ "https://pay.example": answer({ ...REPORTS.payment, asOf: future }) })));
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBeNull();
    expect(trade?.processing.payment.lastError?.message).toBe(`answered with a status dated ${future}, after the time asked for`);
  });

  it("keeps a status for another trading identifier out of the record and warns", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    await pollDue(deps(server({ "https://pay.example": answer({ ...REPORTS.payment, tradingId: "GL-9999" }) })));
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBeNull();
    expect(trade?.warnings.map((w) => w.code)).toContain("trading-id-mismatch");
  });

  it("does not ask before a Retry-After", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const busy: FetchOutcome = { ok: false, message: "answered HTTP 429", retryAfterMs: 90 * 60_000 };
    await pollDue(deps(server({ "https://pay.example": busy })));
    const [trade] = await listTrades();
    expect(Date.parse(trade!.processing.payment.nextCheckAt!)).toBeGreaterThanOrEqual(Date.parse(plusMinutes(NOW, 90)));
    const s = everyone();
    await pollDue(deps(s, plusMinutes(NOW, 89)));
    expect(s.asked.some((r) => r.url.startsWith("https://pay.example"))).toBe(false);
  });
});

describe("HTTP caching", () => {
  it("sends the stored validators and records a 304 as an answer that changed nothing", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const validators = { etag: '"p1"', lastModified: "Fri, 20 Nov 2026 09:00:00 GMT" };
    const first = server({ "https://pay.example": answer(aPaymentReport(), validators) });
    await pollDue(deps(first));
    expect(first.asked.find((r) => r.url.startsWith("https://pay.example"))?.options.validators).toEqual(NO_VALIDATORS);
    const stored = (await listTrades())[0]!;
    expect(stored.processing.payment).toMatchObject({ status: "authorized", ...validators });

    const later = stored.processing.payment.nextCheckAt!;
    const second = server({ "https://pay.example": { ok: true, notModified: true } });
    await pollDue(deps(second, later));
    expect(second.asked.find((r) => r.url.startsWith("https://pay.example"))?.options.validators).toEqual(validators);
    const after = (await listTrades())[0]!.processing.payment;
    expect(after).toMatchObject({ status: "authorized", lastCheckedAt: later, lastError: null, unchanged: 1, ...validators });
    expect(Date.parse(after.nextCheckAt!)).toBeGreaterThan(Date.parse(later));
  });
});

describe("concurrency", () => {
  /** A network that holds every answer until the test lets it go, and records the most requests in flight. */
  function heldNetwork() {
    const held: (() => void)[] = [];
    const inFlight = new Map<string, number>();
    const most = { total: 0, perOrigin: 0 };
    let holding = true;
    const fetchStatus = (url: string): Promise<FetchOutcome> => {
      const { origin, searchParams } = new URL(url);
      inFlight.set(origin, (inFlight.get(origin) ?? 0) + 1);
      most.total = Math.max(most.total, [...inFlight.values()].reduce((sum, n) => sum + n, 0));
      most.perOrigin = Math.max(most.perOrigin, inFlight.get(origin)!);
      const reply = answer({ ...REPORTS.shop, tradingId: searchParams.get("tradingId")! });
      return new Promise((resolve) => {
        const release = () => {
          inFlight.set(origin, inFlight.get(origin)! - 1);
          resolve(reply);
        };
        if (holding) held.push(release);
        else release();
      });
    };
    const releaseAll = () => {
      holding = false;
      held.splice(0).forEach((release) => release());
    };
    return { held, most, fetchStatus, releaseAll };
  }

  const tradeAt = (i: number, origins: [string, string, string]) =>
    aCapturedOrder({
      info: {
        tradingId: `GL-${i}`,
        shop: { name: "Tea", origin: origins[0] },
        endpoints: { shop: `${origins[0]}/s`, payment: `${origins[1]}/p`, delivery: `${origins[2]}/d` },
      },
    });

  it("keeps at most 2 requests in flight against one origin", async () => {
    for (let i = 0; i < 4; i++) await saveCaptured(tradeAt(i, ["https://one.example", "https://one.example", "https://one.example"]), NOW);
    for (let i = 4; i < 6; i++) await saveCaptured(tradeAt(i, ["https://two.example", "https://two.example", "https://two.example"]), NOW);
    const network = heldNetwork();
    const run = pollDue({ now: () => NOW, fetchStatus: network.fetchStatus });
    await vi.waitFor(() => expect(network.held).toHaveLength(4));
    network.releaseAll();
    expect(await run).toBe(18);
    expect(network.most).toEqual({ total: 4, perOrigin: 2 });
  });

  it("keeps at most 6 requests in flight in all", async () => {
    for (let i = 0; i < 4; i++) await saveCaptured(tradeAt(i, [`https://s${i}.example`, `https://p${i}.example`, `https://d${i}.example`]), NOW);
    const network = heldNetwork();
    const run = pollDue({ now: () => NOW, fetchStatus: network.fetchStatus });
    await vi.waitFor(() => expect(network.held).toHaveLength(6));
    network.releaseAll();
    expect(await run).toBe(12);
    expect(network.most).toEqual({ total: 6, perOrigin: 1 });
  });
});

describe("a worker that may stop at any moment", () => {
  it("does not ask again what another run is asking, and asks again once a stopped run's lease ran out", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const hanging = { asked: 0, fetchStatus: () => ((hanging.asked++, new Promise<FetchOutcome>(() => {}))) };
    // This run never gets its answers, as if the worker were stopped mid-request.
    void pollDue({ now: () => NOW, fetchStatus: hanging.fetchStatus });
    await vi.waitFor(() => expect(hanging.asked).toBe(3));

    const s = everyone();
    expect(await pollDue(deps(s, plusMinutes(NOW, 1)))).toBe(0);
    const afterLease = new Date(Date.parse(NOW) + IN_FLIGHT_LEASE_MS).toISOString();
    expect(await pollDue(deps(s, afterLease))).toBe(3);
    expect((await listTrades())[0]?.processing.payment.status).toBe("settled");
  });
});

describe("batched writes", () => {
  it("merges answers that arrive together in one transaction", async () => {
    for (let i = 0; i < 10; i++) await saveCaptured(aCapturedOrder({ info: { tradingId: `GL-${i}` } }), NOW);
    const transaction = vi.spyOn(IDBDatabase.prototype, "transaction");
    expect(await pollDue(deps(server()))).toBe(30);
    const writes = transaction.mock.calls.filter(([, mode]) => mode === "readwrite").length;
    // One claim per request, and fewer transactions than answers for the answers.
    expect(writes - 30).toBeGreaterThan(0);
    expect(writes - 30).toBeLessThan(30);
    for (const trade of await listTrades()) expect(trade.processing.payment.lastError).toEqual({ message: "could not be reached", at: NOW });
  });

  it("writes nothing of a batch that cannot be stored, says so, and asks again once the lease ran out", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as Trade).processing?.payment.status === "settled") throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return put.call(this, value, key);
    });
    await expect(pollDue(deps(everyone()))).rejects.toBeInstanceOf(StorageFullError);
    expect((await listTrades())[0]?.processing.payment.status).toBeNull();

    vi.restoreAllMocks();
    const s = everyone();
    expect(await pollDue(deps(s, plusMinutes(NOW, 1)))).toBe(0);
    const afterLease = new Date(Date.parse(NOW) + IN_FLIGHT_LEASE_MS).toISOString();
    expect(await pollDue(deps(s, afterLease))).toBeGreaterThanOrEqual(1);
    expect((await listTrades())[0]?.processing.payment.status).toBe("settled");
  });
});

describe("onChange", () => {
  it("is told what each written batch of answers changed, in order, and its failures do not stop polling", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const seen: [Trade, Trade][] = [];
    const onChange = (before: Trade, after: Trade) => {
      seen.push([before, after]);
      throw new Error("notifications are off");
    };
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await pollDue(deps(everyone(), NOW, { onChange }))).toBe(3);
    // Answers that arrive while a batch is being written go together into the next one.
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(3);
    const [stored] = await listTrades();
    expect(seen.map(([, after]) => after).at(-1)).toEqual(stored);
    // Each change starts where the one before ended: nothing is told twice or skipped.
    expect(seen.slice(1).map(([before]) => before)).toEqual(seen.slice(0, -1).map(([, after]) => after));
    const paid = seen.filter(([before, after]) => before.processing.payment.status === null && after.processing.payment.status === "settled");
    expect(paid).toHaveLength(1);
    expect(stored?.processing.delivery.status).toBe("in_transit");
  });
});

describe("check now", () => {
  it("makes every unfinished trade due at once", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server();
    await pollDue(deps(s));
    const later = plusMinutes(NOW, 0.5);
    expect(await pollDue(deps(s, later))).toBe(0);
    expect(await checkAllNow(deps(s, later))).toBe(3);
  });

  it("asks every source of one trade, and nothing of the others", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    await saveCaptured(aCapturedOrder({ info: { tradingId: "GL-2002" } }), NOW);
    await pollDue(deps(server()));
    const s = server();
    const later = plusMinutes(NOW, 0.5);
    expect(await checkTradeNow(deps(s, later), trade.id)).toBe(3);
    expect(s.asked.every((r) => r.url.includes("tradingId=GL-1001"))).toBe(true);
    expect(await checkTradeNow(deps(s, later), "no such trade")).toBe(0);
  });

  it("asks nothing of a finished trade", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    await pollDue(
      deps(
        server({
          "https://green-leaf.example": answer(aShopReport({ status: "cancelled" })),
          "https://pay.example": answer(aPaymentReport({ status: "authorized" })),
          "https://parcel.example": answer(REPORTS.delivery),
        }),
      ),
    );
    expect(await checkTradeNow(deps(server(), plusMinutes(NOW, 1)), trade.id)).toBe(0);
  });

  it("asks a source that answered with a Retry-After once it has passed, not before", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const busy: FetchOutcome = { ok: false, message: "answered HTTP 503", retryAfterMs: 60 * 60_000 };
    await pollDue(deps(server({ "https://pay.example": busy })));
    const s = everyone();
    expect(await checkTradeNow(deps(s, plusMinutes(NOW, 1)), trade.id)).toBe(2);
    expect(await checkAllNow(deps(s, plusMinutes(NOW, 2)))).toBe(2);
    expect(s.asked.some((r) => r.url.startsWith("https://pay.example"))).toBe(false);
    // The popup can say when: the check waits for the time the server asked for.
    expect((await listTrades())[0]?.processing.payment).toMatchObject({ nextCheckAt: plusMinutes(NOW, 60), notBefore: plusMinutes(NOW, 60) });
    expect(await checkAllNow(deps(s, plusMinutes(NOW, 60)))).toBe(3);
    expect((await listTrades())[0]?.processing.payment.status).toBe("settled");
  });
});

describe("orders tracked from captured data alone", () => {
  it("raise overdue warnings once their announced dates pass, without asking anyone", async () => {
    const due = plusMinutes(NOW, 60 * 24);
    const captured = aCapturedOrder({
      paymentDueAt: due,
      expectedDeliveryAt: plusMinutes(NOW, 60 * 72),
      info: { endpoints: { shop: null, payment: null, delivery: null } },
    });
    const { trade } = await saveCaptured(captured, NOW);
    expect(trade.nextCheckAt).toBe(plusMinutes(due, 1));
    expect(trade.warnings).toEqual([]);

    const asked: string[] = [];
    const fetchStatus = async (url: string) => {
      asked.push(url);
      return { ok: false as const, message: "unexpected", retryAfterMs: null };
    };
    expect(await pollDue({ now: () => plusMinutes(due, 2), fetchStatus })).toBe(0);
    const [reviewed] = await listTrades();
    expect(asked).toEqual([]);
    expect(reviewed?.warnings.map((w) => w.code)).toEqual(["payment-overdue"]);
    // The delivery date is still ahead: the next review waits for it.
    expect(reviewed?.nextCheckAt).toBe(plusMinutes(NOW, 60 * 72 + 1));
  });
});

describe("orders of a Vendure shop", () => {
  const SHOP_API = "https://vendure.example/shop-api";
  const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/adapters/vendure/shop-api/${name}.json`, import.meta.url), "utf8");
  const { code: CODE, orderPlacedAt } = (JSON.parse(fixture("authorized")) as { data: { orderByCode: { code: string; orderPlacedAt: string } } }).data.orderByCode;
  // Soon after the order was placed at the real Vendure server the fixtures were recorded from.
  const AT = plusMinutes(orderPlacedAt, 5);
  const json = (body: string) => new Response(body, { headers: { "content-type": "application/json" } });
  let network: ReturnType<typeof vi.fn<(url: string, init?: RequestInit) => Promise<Response>>>;

  beforeEach(async () => {
    network = vi.fn(async () => json(fixture("settled")));
    vi.stubGlobal("fetch", network);
    const answer = parseVendureAnswer(JSON.parse(fixture("authorized")));
    if (answer.kind !== "order") throw new Error("fixture");
    const captured = vendureCapturedOrder(answer.order, new URL(`https://vendure.example/checkout/confirmation/${CODE}`), SHOP_API, AT);
    if ("error" in captured) throw new Error(captured.error);
    await saveCaptured(captured, AT);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const stored = async () => (await listTrades())[0]!;
  const noTrade = { ok: false as const, message: "not a TradeWatch endpoint", retryAfterMs: null };

  it("asks the shop's API by order code, once for all three sources, and merges its answer into each", async () => {
    network.mockResolvedValueOnce(json(fixture("shipped")));
    const fetchStatus = vi.fn(async () => noTrade);
    expect(await pollDue({ now: () => AT, fetchStatus })).toBe(1);
    expect(fetchStatus).not.toHaveBeenCalled();
    expect(network).toHaveBeenCalledOnce();
    expect(network.mock.calls[0]?.[0]).toBe(SHOP_API);
    expect(JSON.parse(String(network.mock.calls[0]?.[1]?.body)).variables).toEqual({ code: CODE });
    const trade = await stored();
    expect([trade.processing.shop.status, trade.processing.payment.status, trade.processing.delivery.status]).toEqual(["shipped", "settled", "in_transit"]);
    expect(trade.processing.delivery.trackingNumber).not.toBeNull();
    expect(trade.nextCheckAt! > AT).toBe(true);
  });

  it("keeps the last known state once the shop stops showing the order to guests, says why, and stops asking", async () => {
    await pollDue({ now: () => AT, fetchStatus: async () => noTrade });
    const settled = await stored();
    network.mockResolvedValue(json(fixture("forbidden")));
    const later = plusMinutes(AT, 180);
    expect(await pollDue({ now: () => later, fetchStatus: async () => noTrade })).toBe(1);
    const trade = await stored();
    expect(trade.notice).toBe(
      "vendure.example shows an order to guests only for a while after it is placed; TradeWatch keeps the last state it saw. " +
        "Open the order in your account at the shop to see later changes.",
    );
    expect(trade.processing.payment.status).toBe("settled");
    expect(trade.processing.shop).toMatchObject({ status: settled.processing.shop.status, lastError: null });
    expect(trade.nextCheckAt).toBeUndefined();
    expect(await pollDue({ now: () => plusMinutes(later, 60 * 24), fetchStatus: async () => noTrade })).toBe(0);
    expect(network).toHaveBeenCalledTimes(2);
  });

  it("records a shop API that cannot be reached as a failure, and clears the notice once it answers again", async () => {
    network.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await pollDue({ now: () => AT, fetchStatus: async () => noTrade });
    expect((await stored()).processing.shop.lastError).toEqual({ message: "could not be reached", at: AT });

    await updateTrade((await stored()).id, (trade) => ({ ...trade, notice: "an earlier notice" }));
    await checkAllNow({ now: () => plusMinutes(AT, 1), fetchStatus: async () => noTrade });
    const trade = await stored();
    expect(trade.notice).toBeNull();
    expect(trade.processing.shop).toMatchObject({ status: "processing", lastError: null });
  });
});
