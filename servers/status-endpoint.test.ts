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
  it("sends CORS, exposed-header and no-store headers on answers and errors", async () => {
    const { tradingId } = await newOrder();
    for (const url of [
      statusUrl(servers, "shop", tradingId),
      statusUrl(servers, "payment", "TW-000000"),
      `${servers.urls.delivery}/api/status`,
    ]) {
      const response = await fetch(url);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toBe("ETag, Last-Modified, Retry-After");
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
      expect(response.headers.get("access-control-allow-headers")).toMatch(/\bIf-None-Match\b.*\bIf-Modified-Since\b/);
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

describe("HTTP caching", () => {
  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

  it("sends a weak ETag of the state and Last-Modified at the source's latest event", async () => {
    const { tradingId } = await newOrder();
    await control.advanceClock(HOUR);
    await control.authorize(tradingId);
    const authorizedAt = servers.clock.now().getTime();
    await control.advanceClock(HOUR);
    const response = await get(statusUrl(servers, "payment", tradingId));
    const etag = response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const lastModified = Date.parse(response.headers.get("last-modified") ?? "");
    expect(response.headers.get("last-modified")).toMatch(/GMT$/);
    expect(authorizedAt - lastModified).toBeGreaterThanOrEqual(0);
    expect(authorizedAt - lastModified).toBeLessThan(2000);

    // The same state asked as of another time has another asOf but the same ETag.
    const later = await get(statusUrl(servers, "payment", tradingId, addMs(servers.clock.now().toISOString(), -1000)));
    expect(later.headers.get("etag")).toBe(etag);
    const other = await newOrder();
    expect((await get(statusUrl(servers, "payment", other.tradingId))).headers.get("etag")).not.toBe(etag);
  });

  it("answers 304 with no body to a matching If-None-Match, and 200 once the state changed", async () => {
    const { tradingId } = await newOrder();
    const url = statusUrl(servers, "delivery", tradingId);
    const first = await get(url);
    const etag = first.headers.get("etag") ?? "";
    for (const ifNoneMatch of [etag, etag.replace(/^W\//, ""), `"nope", ${etag}`, "*"]) {
      const cached = await get(url, { "If-None-Match": ifNoneMatch });
      expect(cached.status, ifNoneMatch).toBe(304);
      expect(await cached.text()).toBe("");
      expect(cached.headers.get("etag")).toBe(etag);
      expect(cached.headers.get("last-modified")).toBe(first.headers.get("last-modified"));
      expect(cached.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await get(url, { "If-None-Match": '"nope"' })).status).toBe(200);

    await control.ship(tradingId);
    const changed = await get(url, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(((await changed.json()) as { status: string }).status).toBe("in_transit");
  });

  it("answers 304 to If-Modified-Since not older than Last-Modified, when no If-None-Match is sent", async () => {
    const { tradingId } = await newOrder();
    await control.advanceClock(HOUR);
    const url = statusUrl(servers, "shop", tradingId);
    const lastModified = (await get(url)).headers.get("last-modified") ?? "";
    expect((await get(url, { "If-Modified-Since": lastModified })).status).toBe(304);
    const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    expect((await get(url, { "If-Modified-Since": later })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get(url, { "If-Modified-Since": earlier })).status).toBe(200);
    expect((await get(url, { "If-Modified-Since": "not a date" })).status).toBe(200);
    // If-None-Match decides when both are sent.
    expect((await get(url, { "If-Modified-Since": lastModified, "If-None-Match": '"other"' })).status).toBe(200);

    await control.advanceClock(HOUR);
    await control.cancel(tradingId);
    expect((await get(url, { "If-Modified-Since": lastModified })).status).toBe(200);
  });

  it("counts requests and 304s per order and source", async () => {
    const { tradingId } = await newOrder();
    const url = statusUrl(servers, "payment", tradingId);
    const etag = (await get(url)).headers.get("etag") ?? "";
    await get(url, { "If-None-Match": etag });
    await get(url, { "If-None-Match": etag });
    await get(statusUrl(servers, "shop", tradingId));
    const stats = await control.stats();
    expect(stats.byOrder[tradingId]).toEqual({
      shop: { requests: 1, notModified: 0 },
      payment: { requests: 3, notModified: 2 },
      delivery: { requests: 0, notModified: 0 },
    });
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

  it("rate-limit answers 429 with Retry-After, even to a conditional request, and is counted", async () => {
    const { tradingId } = await newOrder();
    const url = statusUrl(servers, "delivery", tradingId);
    const etag = (await fetch(url)).headers.get("etag") ?? "";
    await control.rateLimit(tradingId, "delivery", 30);
    const response = await fetch(url, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.json()).error).toContain("30 s");
    expect((await control.stats()).byOrder[tradingId]?.delivery).toEqual({ requests: 2, notModified: 0 });
    await control.fault(tradingId, "delivery", "none");
    expect((await fetch(url, { headers: { "If-None-Match": etag } })).status).toBe(304);
  });

  it("malformed answers carry no validators and ignore conditional requests", async () => {
    const { tradingId } = await newOrder();
    const url = statusUrl(servers, "shop", tradingId);
    const etag = (await fetch(url)).headers.get("etag") ?? "";
    await control.fault(tradingId, "shop", "malformed");
    const response = await fetch(url, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBeNull();
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
