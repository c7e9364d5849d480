import { describe, expect, it } from "vitest";
import { fetchStatus, parseRetryAfter } from "./status-fetch";

const valid = {
  tradewatch: 1,
  source: "payment",
  tradingId: "TW-1",
  asOf: "2026-11-22T10:00:00.000Z",
  status: "settled",
  completedAt: "2026-11-22T09:00:00.000Z",
  amountCharged: { minor: 1999, currency: "EUR" },
};

function answering(body: BodyInit | null, init: ResponseInit = {}): typeof fetch {
  return async () => new Response(body, { headers: { "content-type": "application/json" }, ...init });
}

describe("fetchStatus", () => {
  it("returns a validated report with defaults filled in", async () => {
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl: answering(JSON.stringify(valid)) });
    expect(outcome).toEqual({
      ok: true,
      notModified: false,
      report: { ...valid, scheduledAt: null, message: null, charges: null, refunds: null },
      validators: { etag: null, lastModified: null },
    });
  });

  it("sends no cookies, follows no redirects and asks for JSON", async () => {
    let seen: RequestInit | undefined;
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen = init;
      return new Response(JSON.stringify(valid), { headers: { "content-type": "application/json" } });
    };
    await fetchStatus("http://x.test/s", { fetchImpl });
    expect(seen).toMatchObject({ credentials: "omit", redirect: "manual", headers: { Accept: "application/json" } });
  });

  it.each([
    ["an HTTP error", answering("{}", { status: 500 }), "answered HTTP 500"],
    ["an HTML login page", answering("<html>", { headers: { "content-type": "text/html; charset=utf-8" } }), "answered with text/html instead of JSON (a login page?)"],
    ["truncated JSON", answering('{"tradewatch":1,"source":'), "answered with malformed JSON"],
    ["an unknown status", answering(JSON.stringify({ ...valid, status: "teleported" })), "answered with a document TradeWatch does not understand (status: Invalid option"],
    ["a float amount", answering(JSON.stringify({ ...valid, amountCharged: { minor: 19.99, currency: "EUR" } })), "amountCharged.minor"],
    ["a network failure", (async () => { throw new TypeError("Failed to fetch"); }) as typeof fetch, "could not be reached"],
  ])("turns %s into a readable failure", async (_case, fetchImpl, message) => {
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain(message);
    expect(!outcome.ok && outcome.retryAfterMs).toBeNull();
  });

  it("refuses answers larger than the limit, declared or streamed", async () => {
    const big = JSON.stringify({ ...valid, message: "x".repeat(400) });
    const declared = await fetchStatus("http://x.test/s", {
      maxBytes: 100,
      fetchImpl: answering(big, { headers: { "content-type": "application/json", "content-length": String(big.length) } }),
    });
    expect(declared).toEqual({ ok: false, message: `answer too large (${big.length} bytes)`, retryAfterMs: null });
    const streamed = await fetchStatus("http://x.test/s", {
      maxBytes: 100,
      fetchImpl: answering(new Blob([big]).stream()),
    });
    expect(streamed).toEqual({ ok: false, message: "answer too large (over 100 bytes)", retryAfterMs: null });
  });

  it("gives up on an endpoint that does not answer in time", async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl: hanging, timeoutMs: 20 });
    expect(outcome).toEqual({ ok: false, message: "no answer within 0.02 s", retryAfterMs: null });
  });
});

describe("HTTP caching", () => {
  function recording(response: () => Response) {
    const seen: Headers[] = [];
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen.push(new Headers(init?.headers));
      return response();
    };
    return { seen, fetchImpl };
  }

  it("keeps the answer's validators and sends them back as If-None-Match and If-Modified-Since", async () => {
    const lastModified = "Fri, 20 Nov 2026 09:00:00 GMT";
    const first = recording(
      () =>
        new Response(JSON.stringify(valid), {
          headers: { "content-type": "application/json", etag: 'W/"v1"', "last-modified": lastModified },
        }),
    );
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl: first.fetchImpl });
    expect(outcome).toMatchObject({ ok: true, notModified: false, validators: { etag: 'W/"v1"', lastModified } });
    expect(first.seen[0]?.has("if-none-match")).toBe(false);
    expect(first.seen[0]?.has("if-modified-since")).toBe(false);

    const again = recording(() => new Response(null, { status: 304 }));
    const validators = { etag: 'W/"v1"', lastModified };
    expect(await fetchStatus("http://x.test/s", { fetchImpl: again.fetchImpl, validators })).toEqual({ ok: true, notModified: true });
    expect(again.seen[0]?.get("if-none-match")).toBe('W/"v1"');
    expect(again.seen[0]?.get("if-modified-since")).toBe(lastModified);
  });

  it("sends only the validator it has", async () => {
    const only = recording(() => new Response(null, { status: 304 }));
    await fetchStatus("http://x.test/s", { fetchImpl: only.fetchImpl, validators: { etag: null, lastModified: "Fri, 20 Nov 2026 09:00:00 GMT" } });
    expect(only.seen[0]?.has("if-none-match")).toBe(false);
    expect(only.seen[0]?.has("if-modified-since")).toBe(true);
  });

  it("refuses a 304 to a request that had nothing to compare", async () => {
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl: async () => new Response(null, { status: 304 }) });
    expect(outcome).toEqual({ ok: false, message: "answered HTTP 304 to a plain request", retryAfterMs: null });
  });

  it.each([
    ["an unquoted tag", "v1", "Fri, 20 Nov 2026 09:00:00 GMT", { etag: null, lastModified: "Fri, 20 Nov 2026 09:00:00 GMT" }],
    ["a tag with a space and a date that is none", '"v 1"', "not a date", { etag: null, lastModified: null }],
    ["endless values", `"${"x".repeat(300)}"`, `Fri, 20 Nov 2026 09:00:00 GMT (${"x".repeat(60)})`, { etag: null, lastModified: null }],
  ])("drops malformed validators (%s) rather than store them", async (_case, etag, lastModified, kept) => {
    const outcome = await fetchStatus("http://x.test/s", {
      fetchImpl: answering(JSON.stringify(valid), { headers: { "content-type": "application/json", etag, "last-modified": lastModified } }),
    });
    expect(outcome).toMatchObject({ ok: true, notModified: false, validators: kept });
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-11-20T10:00:00Z");

  it.each([
    [429, "120", 120_000],
    [503, "Fri, 20 Nov 2026 10:05:00 GMT", 300_000],
    [500, "0", 0],
    [503, null, null],
    [503, "soon", null],
  ])("HTTP %i with Retry-After %s → wait %s ms", async (status, retryAfter, ms) => {
    const headers: Record<string, string> = retryAfter === null ? {} : { "retry-after": retryAfter };
    const outcome = await fetchStatus("http://x.test/s", {
      fetchImpl: answering("{}", { status, headers }),
      nowMs: () => now,
    });
    expect(outcome).toEqual({ ok: false, message: `answered HTTP ${status}`, retryAfterMs: ms });
  });

  it("reads delay-seconds and HTTP dates; a past date means now", () => {
    expect(parseRetryAfter(" 30 ", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 19 Nov 2026 10:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-5", now)).toBeNull();
    expect(parseRetryAfter("1.5", now)).toBeNull();
    expect(parseRetryAfter("2026-11-21", now)).toBeNull();
    expect(parseRetryAfter("9".repeat(40), now)).toBeGreaterThan(1e12);
  });
});
