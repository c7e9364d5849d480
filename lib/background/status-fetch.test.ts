import { describe, expect, it } from "vitest";
import { fetchStatus } from "./status-fetch";

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
      report: { ...valid, scheduledAt: null, message: null },
    });
  });

  it("sends no cookies, follows no redirects and asks for JSON", async () => {
    let seen: RequestInit | undefined;
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen = init;
      return new Response(JSON.stringify(valid), { headers: { "content-type": "application/json" } });
    };
    await fetchStatus("http://x.test/s", { fetchImpl });
    expect(seen).toMatchObject({ credentials: "omit", redirect: "error", headers: { Accept: "application/json" } });
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
  });

  it("refuses answers larger than the limit, declared or streamed", async () => {
    const big = JSON.stringify({ ...valid, message: "x".repeat(400) });
    const declared = await fetchStatus("http://x.test/s", {
      maxBytes: 100,
      fetchImpl: answering(big, { headers: { "content-type": "application/json", "content-length": String(big.length) } }),
    });
    expect(declared).toEqual({ ok: false, message: `answer too large (${big.length} bytes)` });
    const streamed = await fetchStatus("http://x.test/s", {
      maxBytes: 100,
      fetchImpl: answering(new Blob([big]).stream()),
    });
    expect(streamed).toEqual({ ok: false, message: "answer too large (over 100 bytes)" });
  });

  it("gives up on an endpoint that does not answer in time", async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const outcome = await fetchStatus("http://x.test/s", { fetchImpl: hanging, timeoutMs: 20 });
    expect(outcome).toEqual({ ok: false, message: "no answer within 0.02 s" });
  });
});
