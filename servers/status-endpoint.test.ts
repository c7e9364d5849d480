import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCES } from "../lib/domain/types";
import { createControlClient, type ControlClient } from "./control-client";
import { startReferenceServers, type ReferenceServers } from "./index";
import { addMs, FREE_PORTS, placeOrder, START, status, statusUrl } from "./test-helpers";

const HOUR = 3_600_000;
let servers: ReferenceServers;
let control: ControlClient;

beforeAll(async () => {
  servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
  control = createControlClient(servers.urls.shop);
});
afterAll(() => servers.close());

async function newOrder(): Promise<{ tradingId: string; orderDate: string }> {
  const { tradingId, order } = await placeOrder(servers, { "qty-TEA-GREEN": 2, "qty-MUG-STONE": 1 });
  return { tradingId, orderDate: order.orderDate as string };
}

describe("the status as of a time (claim 4)", () => {
  it("answers the state of the latest event at or before `at`, with asOf = min(at, now)", async () => {
    const { tradingId, orderDate } = await newOrder();
    await control.advanceClock(HOUR);
    await control.settle(tradingId);
    const settledAt = servers.clock.now().toISOString();

    const halfway = addMs(orderDate, HOUR / 2);
    const before = await status(servers, "payment", tradingId, halfway);
    expect(before).toMatchObject({ status: "pending", asOf: halfway, completedAt: null, amountCharged: null });

    const after = await status(servers, "payment", tradingId, addMs(orderDate, 2 * HOUR));
    expect(after.status).toBe("settled");
    expect(after.amountCharged).toEqual({ minor: 3490, currency: "EUR" });
    expect(Date.parse(after.completedAt ?? "")).toBeLessThanOrEqual(Date.parse(settledAt));
    expect(Date.parse(after.completedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(orderDate) + HOUR);

    const shopThen = await status(servers, "shop", tradingId, halfway);
    expect(shopThen.status).toBe("received");
    expect((await status(servers, "shop", tradingId)).status).toBe("processing");
  });

  it("treats a time after the clock's now as now", async () => {
    const { tradingId } = await newOrder();
    const future = addMs(servers.clock.now().toISOString(), 30 * 24 * HOUR);
    const report = await status(servers, "delivery", tradingId, future);
    expect(Date.parse(report.asOf)).toBeLessThan(Date.parse(future));
    expect(Date.parse(report.asOf)).toBeLessThanOrEqual(servers.clock.now().getTime());
  });

  it("uses the clock's now when `at` is left out", async () => {
    const { tradingId } = await newOrder();
    const before = servers.clock.now().getTime();
    const report = await status(servers, "shop", tradingId);
    expect(Date.parse(report.asOf)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(report.asOf)).toBeLessThanOrEqual(servers.clock.now().getTime());
  });

  it("accepts `at` with an offset and writes asOf in UTC", async () => {
    const { tradingId, orderDate } = await newOrder();
    await control.advanceClock(HOUR);
    const later = new Date(Date.parse(orderDate) + 1000);
    const withOffset = new Date(later.getTime() + 2 * HOUR).toISOString().replace("Z", "+02:00");
    const report = await status(servers, "shop", tradingId, withOffset);
    expect(report.asOf).toBe(later.toISOString());
  });

  it("answers 404 for a time before the order existed", async () => {
    const { tradingId, orderDate } = await newOrder();
    for (const source of SOURCES) {
      const response = await fetch(statusUrl(servers, source, tradingId, addMs(orderDate, -1)));
      expect(response.status).toBe(404);
      expect((await response.json()).error).toContain("did not exist yet");
    }
  });
});

describe("status endpoint HTTP", () => {
  it("sends CORS and no-store headers on answers and errors", async () => {
    const { tradingId } = await newOrder();
    for (const url of [
      statusUrl(servers, "shop", tradingId),
      statusUrl(servers, "payment", "TW-000000"),
      `${servers.urls.delivery}/api/status`,
    ]) {
      const response = await fetch(url);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    }
  });

  it("answers CORS preflights", async () => {
    for (const source of SOURCES) {
      const response = await fetch(`${servers.urls[source]}/api/status`, {
        method: "OPTIONS",
        headers: { Origin: "chrome-extension://abc", "Access-Control-Request-Method": "GET" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toContain("GET");
    }
  });

  it("answers 404 with a JSON error for an unknown trading identifier", async () => {
    for (const source of SOURCES) {
      const response = await fetch(statusUrl(servers, source, "TW-000000"));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: `the ${source} server knows no order TW-000000` });
    }
  });

  it.each([
    ["no trading identifier", "?at=2026-11-22T10:00:00Z"],
    ["an empty trading identifier", "?tradingId="],
    ["a time that is not ISO-8601", "?tradingId=TW-100001&at=yesterday"],
    ["a time without offset", "?tradingId=TW-100001&at=2026-11-22T10:00:00"],
  ])("answers 400 with a JSON error for %s", async (_, query) => {
    const response = await fetch(`${servers.urls.payment}/api/status${query}`);
    expect(response.status).toBe(400);
    expect(typeof (await response.json()).error).toBe("string");
  });

  it("refuses other methods", async () => {
    const response = await fetch(`${servers.urls.shop}/api/status?tradingId=TW-100001`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, OPTIONS");
  });
});

describe("faults", () => {
  it("wrong-id answers the real document about another trading identifier", async () => {
    const { tradingId } = await newOrder();
    await control.fault(tradingId, "payment", "wrong-id");
    const report = await status(servers, "payment", tradingId);
    expect(report).toMatchObject({ tradingId: "TW-999999", status: "pending" });
    expect((await status(servers, "delivery", tradingId)).tradingId).toBe(tradingId);
  });

  it("malformed answers 200 with a truncated JSON body", async () => {
    const { tradingId } = await newOrder();
    await control.fault(tradingId, "delivery", "malformed");
    const response = await fetch(statusUrl(servers, "delivery", tradingId));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text.startsWith(`{"tradewatch":1`)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("http-500 answers a server error", async () => {
    const { tradingId } = await newOrder();
    await control.fault(tradingId, "shop", "http-500");
    const response = await fetch(statusUrl(servers, "shop", tradingId));
    expect(response.status).toBe(500);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("slow waits the given real time before answering", async () => {
    const { tradingId } = await newOrder();
    await control.fault(tradingId, "payment", "slow", 300);
    const started = performance.now();
    const report = await status(servers, "payment", tradingId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(report.status).toBe("pending");
  });

  it("none clears a fault", async () => {
    const { tradingId } = await newOrder();
    await control.fault(tradingId, "shop", "http-500");
    expect((await fetch(statusUrl(servers, "shop", tradingId))).status).toBe(500);
    const cleared = await control.fault(tradingId, "shop", "none");
    expect(cleared.faults.shop).toBe("none");
    expect((await status(servers, "shop", tradingId)).tradingId).toBe(tradingId);
  });

  it("a slow answer in progress does not hold up closing the servers", async () => {
    const other = await startReferenceServers({ ports: FREE_PORTS });
    const { tradingId } = await placeOrder(other, { "qty-TEA-GREEN": 1 });
    await createControlClient(other.urls.shop).fault(tradingId, "delivery", "slow");
    const pending = fetch(statusUrl(other, "delivery", tradingId)).then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await pending).toBe("failed");
  });
});
