import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ControlOrder, StatusStats } from "./control-api";
import { startReferenceServers, type ReferenceServers } from "./index";
import { FREE_PORTS, placeOrder, START, status } from "./test-helpers";

let servers: ReferenceServers;

beforeAll(async () => {
  servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
});
afterAll(() => servers.close());

function post(path: string, body?: string): Promise<Response> {
  return fetch(`${servers.urls.shop}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body }),
  });
}

describe("control interface over HTTP", () => {
  it("lists orders with their total and each server's current status", async () => {
    const { tradingId, order } = await placeOrder(servers, { "qty-TEAPOT-IRON": 1 });
    const response = await fetch(`${servers.urls.shop}/control/orders`);
    expect(response.status).toBe(200);
    const orders = (await response.json()) as ControlOrder[];
    expect(orders.find((o) => o.tradingId === tradingId)).toEqual({
      tradingId,
      orderDate: order.orderDate,
      items: [{ sku: "TEAPOT-IRON", name: "Cast-iron teapot", quantity: 1, unitPrice: { minor: 3400, currency: "EUR" } }],
      total: { minor: 3400, currency: "EUR" },
      status: { shop: "received", payment: "pending", delivery: "pending" },
      faults: { shop: "none", payment: "none", delivery: "none" },
      outcome: null,
      returns: [],
      hold: null,
      deferred: null,
      commandPolicy: { refuse: [], message: null, failNext: 0, loseNext: 0, defer: false },
    });
  });

  it("applies an action with or without a body and answers the order", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEAPOT-IRON": 1 });
    const bare = await fetch(`${servers.urls.shop}/control/orders/${tradingId}/authorize`, { method: "POST" });
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as ControlOrder).status.payment).toBe("authorized");
    const settled = await post(`/control/orders/${tradingId}/settle`, JSON.stringify({ amount: { minor: 100, currency: "EUR" } }));
    expect(settled.status).toBe(200);
    expect((await status(servers, "payment", tradingId)).amountCharged).toEqual({ minor: 100, currency: "EUR" });
  });

  it("answers 404 for an unknown order or action", async () => {
    const unknownOrder = await post("/control/orders/TW-000000/settle");
    expect(unknownOrder.status).toBe(404);
    expect(await unknownOrder.json()).toEqual({ error: "no order TW-000000" });
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    const unknownAction = await post(`/control/orders/${tradingId}/explode`);
    expect(unknownAction.status).toBe(404);
    expect((await unknownAction.json()).error).toContain("explode");
  });

  it.each([
    ["invalid JSON", "settle", "{"],
    ["a JSON array", "settle", "[]"],
    ["an unknown field", "cancel", JSON.stringify({ reason: "x" })],
    ["a float amount", "settle", JSON.stringify({ amount: { minor: 1.5, currency: "EUR" } })],
    ["an unknown currency", "settle", JSON.stringify({ amount: { minor: 150, currency: "XYZ" } })],
    ["a negative quantity", "deliver", JSON.stringify({ items: [{ sku: "TEA-GREEN", quantity: -1 }] })],
    ["no items", "deliver", JSON.stringify({ items: [] })],
    ["an unknown source", "schedule", JSON.stringify({ source: "bank", scheduledAt: START })],
    ["a date that is not ISO-8601", "schedule", JSON.stringify({ source: "payment", scheduledAt: "soon" })],
    ["a missing date", "schedule", JSON.stringify({ source: "payment" })],
    ["an unknown fault", "fault", JSON.stringify({ source: "shop", kind: "explode" })],
    ["a delay for another fault than slow", "fault", JSON.stringify({ source: "shop", kind: "http-500", delayMs: 10 })],
    ["a Retry-After for another fault than rate-limit", "fault", JSON.stringify({ source: "shop", kind: "slow", retryAfterSeconds: 5 })],
    ["a float Retry-After", "fault", JSON.stringify({ source: "shop", kind: "rate-limit", retryAfterSeconds: 1.5 })],
    ["a refund amount that is not money", "refund", JSON.stringify({ amount: 12.5 })],
    ["a charge in an unknown currency", "charge", JSON.stringify({ amount: { minor: 1, currency: "ABC" } })],
    ["an empty carrier", "ship", JSON.stringify({ carrier: "" })],
    ["contents without items", "change-contents", "{}"],
    ["contents with no lines", "change-contents", JSON.stringify({ items: [] })],
    ["contents with a product the shop does not sell", "change-contents", JSON.stringify({ items: [{ sku: "SPOON", quantity: 1 }] })],
    ["contents with a quantity of 0", "change-contents", JSON.stringify({ items: [{ sku: "TEA-GREEN", quantity: 0 }] })],
    ["contents with an sku twice", "change-contents", JSON.stringify({ items: [{ sku: "TEA-GREEN", quantity: 1 }, { sku: "TEA-GREEN", quantity: 2 }] })],
    [
      "contents priced in another currency",
      "change-contents",
      JSON.stringify({ items: [{ sku: "TEA-GREEN", quantity: 1, unitPrice: { minor: 100, currency: "USD" } }] }),
    ],
    ["a command policy refusing an unknown command", "command-policy", JSON.stringify({ refuse: ["refund"] })],
    ["a command policy failing a negative number of requests", "command-policy", JSON.stringify({ failNext: -1 })],
    ["a command policy with an unknown field", "command-policy", JSON.stringify({ slow: true })],
    ["a return without its id", "receive-return", "{}"],
    ["a refund date that is not ISO-8601", "refund-return", JSON.stringify({ returnId: "R-1", at: "later" })],
    ["a status of another source", "set-status", JSON.stringify({ source: "payment", status: "shipped" })],
    ["an unknown status", "set-status", JSON.stringify({ source: "shop", status: "lost" })],
  ])("answers 400 with a JSON error for %s", async (_, action, body) => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    const response = await post(`/control/orders/${tradingId}/${action}`, body);
    expect(response.status).toBe(400);
    expect(typeof (await response.json()).error).toBe("string");
    expect((await status(servers, "payment", tradingId)).status).toBe("pending");
  });

  it("sets and advances the clock", async () => {
    const set = await post("/control/clock", JSON.stringify({ now: "2026-12-01T00:00:00+01:00" }));
    expect(set.status).toBe(200);
    const { now } = (await set.json()) as { now: string };
    expect(Date.parse(now) - Date.parse("2026-11-30T23:00:00.000Z")).toBeLessThan(1000);
    const advanced = await post("/control/clock", JSON.stringify({ advanceMs: 86_400_000 }));
    expect(Date.parse(((await advanced.json()) as { now: string }).now) - Date.parse(now)).toBeGreaterThanOrEqual(86_400_000);
    expect(servers.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse("2026-12-01T23:00:00.000Z"));
    for (const bad of ["{}", JSON.stringify({ now: "tomorrow" }), JSON.stringify({ advanceMs: 1.5 })]) {
      expect((await post("/control/clock", bad)).status).toBe(400);
    }
  });

  it("records events at the clock's now", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    await post("/control/clock", JSON.stringify({ advanceMs: 5 * 86_400_000 }));
    const shippedAfter = servers.clock.now().getTime();
    await post(`/control/orders/${tradingId}/deliver`);
    const report = await status(servers, "delivery", tradingId);
    expect(Date.parse(report.completedAt ?? "")).toBeGreaterThanOrEqual(shippedAfter);
  });

  it("serves a control panel with a button for each action", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    const response = await fetch(`${servers.urls.shop}/control`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Control panel</h1>");
    for (const action of ["authorize", "settle", "charge", "fail-payment", "refund", "ship", "deliver", "return", "cancel"]) {
      expect(html).toContain(`data-path="/control/orders/${tradingId}/${action}"`);
    }
    for (const form of ["fault", "schedule", "ship", "set-status"]) {
      expect(html).toContain(`<form data-path="/control/orders/${tradingId}/${form}">`);
    }
    expect(html).toContain('data-path="/control/clock"');
    expect(html).toContain("<label>Fault <select name=\"kind\">");
    expect(html).toContain('<option>rate-limit</option>');
    expect(html).toContain('<input type="number" name="retryAfterSeconds"');
    expect(html).toContain('<optgroup label="delivery"><option>pending</option><option>in_transit</option>');
  });

  it("shows the command side of an order: outcome, hold, returns with their actions and the command policy form", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 2 });
    await post(`/control/orders/${tradingId}/ship`);
    await post(`/control/orders/${tradingId}/deliver`);
    const answer = await post(
      "/api/commands",
      JSON.stringify({ tradewatch: 1, tradingId, idempotencyKey: `panel-${tradingId}`, command: "return", items: [{ sku: "TEA-GREEN", name: "Green tea", quantity: 1 }], reason: "Too much" }),
    );
    const { returnId } = (await answer.json()) as { returnId: string };
    await post(`/control/orders/${tradingId}/command-policy`, JSON.stringify({ refuse: ["prepare"], defer: true }));
    const html = await fetch(`${servers.urls.shop}/control`).then((r) => r.text());
    const base = `/control/orders/${tradingId}`;
    expect(html).toContain(`${returnId}: <strong>accepted</strong>`);
    expect(html).toContain(`data-path="${base}/receive-return" data-body="{&quot;returnId&quot;:&quot;${returnId}&quot;}">Mark ${returnId} received</button>`);
    expect(html).toContain(`data-path="${base}/refund-return" data-body="{&quot;returnId&quot;:&quot;${returnId}&quot;}">Refund ${returnId}</button>`);
    expect(html).toContain(`<form data-path="${base}/command-policy">`);
    expect(html).toContain('<input type="checkbox" name="refuse" value="prepare" data-list checked> prepare');
    expect(html).toContain('<input type="checkbox" name="refuse" value="commit" data-list> commit');
    expect(html).toContain('<input type="checkbox" name="defer" checked>');
    expect(html).toContain(`<a href="${base}/commands">Command requests received (JSON)</a>`);
  });

  it("offers one-less buttons that change the contents while a line remains", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 2, "qty-MUG-STONE": 1 });
    const html = await fetch(`${servers.urls.shop}/control`).then((r) => r.text());
    const path = `data-path="/control/orders/${tradingId}/change-contents"`;
    const body = (items: object) => `data-body="${JSON.stringify({ items }).replaceAll('"', "&quot;")}"`;
    expect(html).toContain(`${path} ${body([{ sku: "TEA-GREEN", quantity: 1 }, { sku: "MUG-STONE", quantity: 1 }])}>One less Green tea</button>`);
    expect(html).toContain(`${path} ${body([{ sku: "TEA-GREEN", quantity: 2 }])}>One less Stoneware mug</button>`);

    const { tradingId: single } = await placeOrder(servers, { "qty-MUG-STONE": 1 });
    const after = await fetch(`${servers.urls.shop}/control`).then((r) => r.text());
    expect(after).not.toContain(`data-path="/control/orders/${single}/change-contents"`);
  });

  it("counts the status requests of each order in the panel and at /control/stats", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    await status(servers, "payment", tradingId);
    const stats = await fetch(`${servers.urls.shop}/control/stats`);
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as StatusStats).byOrder[tradingId]?.payment).toEqual({ requests: 1, notModified: 0 });
    const html = await fetch(`${servers.urls.shop}/control`).then((r) => r.text());
    const section = html.slice(html.indexOf(`id="order-${tradingId}"`));
    expect(section).toMatch(/payment: <strong>pending<\/strong> <span class="muted">· requests: 1, not modified: 0<\/span>/);
  });
});
