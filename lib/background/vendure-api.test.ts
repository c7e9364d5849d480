import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VENDURE_ORDER_QUERY } from "../capture/adapters/vendure";
import { fetchVendureOrder } from "./vendure-api";

const answer = (name: string) => readFileSync(new URL(`../../test/fixtures/adapters/vendure/shop-api/${name}.json`, import.meta.url), "utf8");

interface Seen {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in Shop API on loopback: answers what the test sets, and records what it was asked. */
let server: Server;
let shopApi: string;
let reply: { status: number; type: string; body: string; headers?: Record<string, string> };
let seen: Seen[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(reply.status, { "Content-Type": reply.type, ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  shopApi = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop-api`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  reply = { status: 200, type: "application/json; charset=utf-8", body: answer("settled") };
});

describe("fetchVendureOrder", () => {
  it("asks orderByCode as a guest with a GraphQL POST and returns the validated order", async () => {
    const outcome = await fetchVendureOrder(shopApi, "NS1VJAZG8LU65X5F");
    expect(outcome.ok && outcome.order).toMatchObject({ state: "PaymentSettled", totalWithTax: 3800, currencyCode: "USD" });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers.authorization).toBeUndefined();
    expect(JSON.parse(request?.body ?? "")).toEqual({ query: VENDURE_ORDER_QUERY, variables: { code: "NS1VJAZG8LU65X5F" } });
  });

  it("tells FORBIDDEN (the guest window passed) apart from failures", async () => {
    reply.body = answer("forbidden");
    expect(await fetchVendureOrder(shopApi, "NS1VJAZG8LU65X5F")).toEqual({
      ok: false,
      forbidden: true,
      message: "does not show this order to guests (Vendure shows an order to guests only for a while after it is placed)",
      retryAfterMs: null,
    });
  });

  it.each([
    ["malformed JSON", { body: '{"data":{"orderByCode":' }, "answered with malformed JSON"],
    ["an HTML page", { type: "text/html", body: "<html></html>" }, "answered with text/html instead of JSON"],
    ["an order it cannot read", { body: answer("settled").replace('"totalWithTax": 3800', '"totalWithTax": 38.5') }, "totalWithTax"],
    ["another GraphQL error", { body: '{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}' }, "the shop answered an error (Cannot query field)"],
    ["no order", { body: '{"data":{"orderByCode":null}}' }, "does not know order NS1VJAZG8LU65X5F"],
    ["an HTTP error", { status: 502, body: "" }, "answered HTTP 502"],
  ])("turns %s into a readable failure", async (_case, override, message) => {
    Object.assign(reply, override);
    const outcome = await fetchVendureOrder(shopApi, "NS1VJAZG8LU65X5F");
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.forbidden).toBe(false);
    expect(!outcome.ok && outcome.message).toContain(message);
  });

  it("passes on how long the shop asked to be left alone", async () => {
    Object.assign(reply, { status: 429, body: "", headers: { "Retry-After": "120" } });
    const outcome = await fetchVendureOrder(shopApi, "NS1VJAZG8LU65X5F");
    expect(outcome).toEqual({ ok: false, forbidden: false, message: "answered HTTP 429", retryAfterMs: 120_000 });
  });

  it("follows no redirect", async () => {
    Object.assign(reply, { status: 302, body: "", headers: { Location: "http://127.0.0.1:9/elsewhere" } });
    const outcome = await fetchVendureOrder(shopApi, "NS1VJAZG8LU65X5F");
    expect(!outcome.ok && outcome.message).toBe("answered with a redirect elsewhere (TradeWatch follows none)");
    expect(seen).toHaveLength(1);
  });

  it("never throws when the shop cannot be reached", async () => {
    const outcome = await fetchVendureOrder("http://127.0.0.1:9/shop-api", "NS1VJAZG8LU65X5F");
    expect(outcome).toEqual({ ok: false, forbidden: false, message: "could not be reached", retryAfterMs: null });
  });
});
