import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOrders } from "../lib/capture/schema-org-order";
import { COMMAND_NAMES } from "../lib/domain/types";
import { commandReplySchema } from "../lib/protocol/commands";
import { createServerClock } from "./clock";
import { HOLD_MS, RETURN_REFUND_MS } from "./commands";
import { createControlClient, type ControlClient } from "./control-client";
import { listener, Waits, type Handler } from "./http";
import { startReferenceServers, type ReferenceServers } from "./index";
import { deliveryHandler, paymentHandler } from "./providers";
import { shopHandler } from "./shop";
import { ReferenceStore } from "./store";
import { addMs, command, FREE_PORTS, jsonLd, jsonLdBlocks, placeOrder, postCommand, START, status } from "./test-helpers";

const EUR = (minor: number) => ({ minor, currency: "EUR" });
const PERSON = { name: "Ada Lovelace", address: "12 St James's Square, London", email: "ada@example.org" };

let servers: ReferenceServers;
let control: ControlClient;

beforeAll(async () => {
  servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
  control = createControlClient(servers.urls.shop);
});
afterAll(() => servers.close());

/** 2 × Green tea (€12.50) and 1 × Stoneware mug (€9.90): €34.90. */
async function newOrder(): Promise<string> {
  return (await placeOrder(servers, { "qty-TEA-GREEN": 2, "qty-MUG-STONE": 1 })).tradingId;
}

async function shipped(): Promise<string> {
  const tradingId = await newOrder();
  await control.ship(tradingId);
  return tradingId;
}

async function delivered(): Promise<string> {
  const tradingId = await shipped();
  await control.deliver(tradingId);
  return tradingId;
}

function request(tradingId: string, fields: Record<string, unknown>) {
  return { tradewatch: 1, tradingId, idempotencyKey: randomUUID(), ...fields };
}

const confirm = { command: "confirm", personalInfo: null } as const;
const cancel = { command: "cancel", reason: null } as const;
const prepare = (transactionId: string, intent: "complete" | "fail") => ({ command: "prepare", transactionId, intent }) as const;
const commit = (transactionId: string, intent: "complete" | "fail", personalInfo: typeof PERSON | null = null) =>
  ({ command: "commit", transactionId, intent, personalInfo }) as const;
const abort = (transactionId: string) => ({ command: "abort", transactionId }) as const;
const teaLine = (quantity: number) => ({ sku: "TEA-GREEN", name: "Green tea", quantity });

describe("the announcement on the confirmation page", () => {
  it("is an Action naming the command endpoint and all seven commands, which capture reads", async () => {
    const { tradingId, html } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    const [outcome] = readOrders(jsonLdBlocks(html), { url: `${servers.urls.shop}/orders/${tradingId}` }, START, "UTC");
    expect(outcome?.kind === "order" && outcome.order.info.commands).toEqual({
      url: `${servers.urls.shop}/api/commands`,
      supports: [...COMMAND_NAMES],
    });
  });

  it("lists only the commands a shop started with `commands` accepts, and nothing when it accepts none", async () => {
    const some = await startReferenceServers({ ports: FREE_PORTS, startAt: START, commands: ["return", "confirm"] });
    const none = await startReferenceServers({ ports: FREE_PORTS, startAt: START, commands: [] });
    try {
      const { order, tradingId } = await placeOrder(some, { "qty-TEA-GREEN": 1 });
      expect(order.potentialAction[1]).toMatchObject({ name: "TradeWatch commands", tradewatchCommands: ["confirm", "return"] });
      const refused = await command(some, tradingId, cancel);
      expect(refused).toMatchObject({ result: "refused", message: "Reference Shop does not accept cancel commands." });
      const vote = await command(some, tradingId, prepare(randomUUID(), "fail"));
      expect(vote).toMatchObject({ result: "vote", vote: "refused", message: "Reference Shop does not accept prepare commands." });
      expect((await placeOrder(none, { "qty-TEA-GREEN": 1 })).order.potentialAction).toEqual({
        "@type": "TrackAction",
        name: "Order status",
        target: `${none.urls.shop}/api/status`,
      });
    } finally {
      await Promise.all([some.close(), none.close()]);
    }
  });
});

describe("POST /api/commands", () => {
  it("answers a preflight and every answer with CORS headers", async () => {
    const preflight = await fetch(`${servers.urls.shop}/api/commands`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("Content-Type");
    const refused = await postCommand(servers, {});
    expect(refused.status).toBe(400);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers 405 to a GET and 415 to a body that is not JSON", async () => {
    const get = await fetch(`${servers.urls.shop}/api/commands`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    const form = await fetch(`${servers.urls.shop}/api/commands`, {
      method: "POST",
      body: new URLSearchParams({ command: "confirm" }),
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({ error: "a command must be sent as application/json" });
  });

  it.each([
    ["invalid JSON", "{"],
    ["a JSON array", "[]"],
    ["an unknown command", JSON.stringify(request("TW-100001", { command: "refund" }))],
    ["another protocol version", JSON.stringify({ ...request("TW-100001", confirm), tradewatch: 2 })],
    ["a short idempotency key", JSON.stringify({ ...request("TW-100001", confirm), idempotencyKey: "k" })],
    ["no personalInfo field on confirm", JSON.stringify(request("TW-100001", { command: "confirm" }))],
    ["personal information in a prepare", JSON.stringify(request("TW-100001", { ...prepare("tx-000001", "complete"), personalInfo: PERSON }))],
    ["an invalid e-mail address", JSON.stringify(request("TW-100001", { command: "confirm", personalInfo: { ...PERSON, email: "ada" } }))],
    ["a return of nothing", JSON.stringify(request("TW-100001", { command: "return", items: [], reason: "broken" }))],
    ["a fractional quantity", JSON.stringify(request("TW-100001", { command: "reorder", items: [teaLine(1.5)] }))],
  ])("answers 400 with a JSON error for %s", async (_, body) => {
    const response = await fetch(`${servers.urls.shop}/api/commands`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body,
    });
    expect(response.status).toBe(400);
    expect(typeof (await response.json()).error).toBe("string");
  });

  it("refuses a command about an order the shop does not have", async () => {
    expect(await command(servers, "TW-000000", confirm)).toMatchObject({
      result: "refused",
      tradingId: "TW-000000",
      message: "There is no order TW-000000 at Reference Shop.",
    });
  });
});

describe("idempotency", () => {
  it("answers a repeated key as the first time and does nothing again", async () => {
    const tradingId = await shipped();
    await control.authorize(tradingId);
    const body = request(tradingId, { command: "confirm", personalInfo: PERSON });
    const first = await postCommand(servers, body);
    const again = await postCommand(servers, { ...body, personalInfo: null });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const reply = await first.json();
    expect(await again.json()).toEqual(reply);
    expect(reply).toMatchObject({ result: "done", outcome: "completed", idempotencyKey: body.idempotencyKey });
    // Settled once: one charge.
    expect((await status(servers, "payment", tradingId)).charges).toEqual([EUR(3490)]);
    const stats = await control.stats();
    expect(stats.commands.confirm.byKey[body.idempotencyKey]).toBe(2);
    expect((await control.received(tradingId)).map((r) => [r.command, r.replayed, r.result, r.personalInfo])).toEqual([
      ["confirm", false, "done", PERSON],
      ["confirm", true, "done", null],
    ]);
  });

  it("remembers a refusal too, so a repeat stays refused after things changed", async () => {
    const tradingId = await newOrder();
    const body = request(tradingId, confirm);
    const first = commandReplySchema.parse(await (await postCommand(servers, body)).json());
    expect(first).toMatchObject({ result: "refused", message: `Order ${tradingId} has not shipped yet.` });
    await control.ship(tradingId);
    expect(await (await postCommand(servers, body)).json()).toEqual(first);
    expect((await command(servers, tradingId, confirm)).result).toBe("done");
  });

  it("answers 422 when a key comes back with another command or another order, and changes nothing", async () => {
    const tradingId = await newOrder();
    const other = await newOrder();
    const body = request(tradingId, { command: "abort", transactionId: "tx-000000" });
    expect((await postCommand(servers, body)).status).toBe(200);
    const otherCommand = await postCommand(servers, { ...body, command: "cancel", reason: null, transactionId: undefined });
    expect(otherCommand.status).toBe(422);
    expect((await otherCommand.json()).error).toBe(
      `idempotency key ${body.idempotencyKey} was used for a abort of order ${tradingId}: use a new key for another command`,
    );
    const otherOrder = await postCommand(servers, { ...body, tradingId: other });
    expect(otherOrder.status).toBe(422);
    expect((await status(servers, "shop", tradingId)).status).toBe("received");
    expect((await control.stats()).commands.cancel.failed).toBeGreaterThanOrEqual(1);
  });

  it("carries out concurrent requests with one key once", async () => {
    const tradingId = await delivered();
    const body = request(tradingId, { command: "return", items: [teaLine(1)], reason: "Too much tea" });
    const answers = await Promise.all([postCommand(servers, body), postCommand(servers, body), postCommand(servers, body)]);
    const replies = await Promise.all(answers.map((answer) => answer.json()));
    expect(new Set(replies.map((reply) => JSON.stringify(reply))).size).toBe(1);
    expect((await status(servers, "shop", tradingId)).returns).toHaveLength(1);
  });
});

describe("confirm", () => {
  it("is refused before shipping", async () => {
    const tradingId = await newOrder();
    expect(await command(servers, tradingId, confirm)).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} has not shipped yet.`,
    });
    expect((await status(servers, "shop", tradingId)).outcome).toBeNull();
  });

  it("completes a shipped order, settles an authorized payment, and the status reports the outcome from then on", async () => {
    const tradingId = await shipped();
    await control.authorize(tradingId);
    servers.clock.advance(1000);
    const before = addMs(servers.clock.now().toISOString(), -500);
    const reply = await command(servers, tradingId, { command: "confirm", personalInfo: PERSON });
    expect(reply).toEqual({
      tradewatch: 1,
      tradingId,
      idempotencyKey: reply.idempotencyKey,
      result: "done",
      outcome: "completed",
      message: `Order ${tradingId} is complete. Thank you for confirming receipt.`,
    });
    expect(await status(servers, "shop", tradingId)).toMatchObject({ status: "shipped", outcome: "completed" });
    expect((await status(servers, "shop", tradingId, before)).outcome).toBeNull();
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "settled", amountCharged: EUR(3490) });
  });

  it("leaves a payment that is not authorized alone", async () => {
    const tradingId = await delivered();
    expect((await command(servers, tradingId, confirm)).result).toBe("done");
    expect((await status(servers, "payment", tradingId)).status).toBe("pending");
  });

  it.each([
    ["already complete", "complete", "is already complete."],
    ["cancelled", "cancelled", "is already cancelled."],
  ])("is refused when the order is %s", async (_, how, message) => {
    const tradingId = await newOrder();
    if (how === "complete") {
      await control.ship(tradingId);
      await command(servers, tradingId, confirm);
    } else {
      await command(servers, tradingId, cancel);
      await control.ship(tradingId);
    }
    expect(await command(servers, tradingId, confirm)).toMatchObject({ result: "refused", message: `Order ${tradingId} ${message}` });
  });
});

describe("cancel", () => {
  it("cancels an order before shipping: shop cancelled and failed, authorization voided, shipment called off", async () => {
    const tradingId = await newOrder();
    await control.authorize(tradingId);
    const reply = await command(servers, tradingId, { command: "cancel", reason: "Ordered by mistake" });
    expect(reply).toMatchObject({ result: "done", outcome: "failed", message: `Order ${tradingId} is cancelled. Any payment is voided or refunded in full.` });
    expect(await status(servers, "shop", tradingId)).toMatchObject({
      status: "cancelled",
      outcome: "failed",
      scheduledAt: null,
      message: "Ordered by mistake",
    });
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "failed", charges: [], refunds: [] });
    expect(await status(servers, "delivery", tradingId)).toMatchObject({
      status: "pending",
      scheduledAt: null,
      message: "The shipment was cancelled with the order.",
    });
  });

  it("refunds a settled payment in full", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId);
    expect((await command(servers, tradingId, cancel)).result).toBe("done");
    const payment = await status(servers, "payment", tradingId);
    expect(payment.status).toBe("refunded");
    expect(payment.refunds?.map((refund) => refund.amount)).toEqual([EUR(3490)]);
  });

  it("is refused once shipped", async () => {
    const tradingId = await shipped();
    expect(await command(servers, tradingId, cancel)).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} has already shipped: ask for a return instead.`,
    });
    expect((await status(servers, "shop", tradingId)).status).toBe("shipped");
  });

  it("answers 502 and changes nothing when the payment server is gone, so the same key can be sent again", async () => {
    const deps = { store: new ReferenceStore(), clock: createServerClock(START), waits: new Waits() };
    let paymentUrl = "";
    const shop = await listen(
      shopHandler({ ...deps, shopName: "Lonely Shop", commands: COMMAND_NAMES, urls: () => ({ shop: shop.url, payment: paymentUrl, delivery: delivery.url }) }),
    );
    const delivery = await listen(deliveryHandler(deps));
    const payment = await listen(paymentHandler(deps));
    paymentUrl = payment.url;
    const lonely = { urls: { shop: shop.url, payment: payment.url, delivery: delivery.url } } as ReferenceServers;
    try {
      const { tradingId } = await placeOrder(lonely, { "qty-TEA-GREEN": 1 });
      await payment.close();
      const body = request(tradingId, cancel);
      const failed = await postCommand(lonely, body);
      expect(failed.status).toBe(502);
      expect((await failed.json()).error).toMatch(/^the payment server did not take the instruction/);
      expect(deps.store.orders.get(tradingId)?.timeline.stateAt(deps.clock.now().getTime())?.status).toBe("received");
      const again = await listen(paymentHandler(deps));
      paymentUrl = again.url;
      try {
        expect(await (await postCommand(lonely, body)).json()).toMatchObject({ result: "done", outcome: "failed" });
      } finally {
        await again.close();
      }
    } finally {
      await Promise.all([shop.close(), delivery.close()]);
    }
  });
});

async function listen(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(listener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe("prepare, commit and abort", () => {
  it("holds a prepared order for its transaction: other commands and transactions are kept out", async () => {
    const tradingId = await shipped();
    const tx = randomUUID();
    expect(await command(servers, tradingId, prepare(tx, "complete"))).toMatchObject({ result: "vote", vote: "ready" });
    const held = `Order ${tradingId} is held for another all-or-nothing action until it is committed or aborted.`;
    expect(await command(servers, tradingId, confirm)).toMatchObject({ result: "refused", message: held });
    expect(await command(servers, tradingId, prepare(randomUUID(), "complete"))).toMatchObject({ vote: "refused", message: held });
    expect(await command(servers, tradingId, commit(randomUUID(), "complete"))).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} is not prepared for this transaction: nothing was done.`,
    });
    expect((await control.orders()).find((o) => o.tradingId === tradingId)?.hold).toMatchObject({ transactionId: tx, intent: "complete" });
    // The same transaction may ask again.
    expect(await command(servers, tradingId, prepare(tx, "complete"))).toMatchObject({ vote: "ready" });
    expect(await command(servers, tradingId, commit(tx, "complete", PERSON))).toMatchObject({ result: "done", outcome: "completed" });
    expect((await status(servers, "shop", tradingId)).outcome).toBe("completed");
    expect((await control.orders()).find((o) => o.tradingId === tradingId)?.hold).toBeNull();
  });

  it("votes refused when the command of the intent would be refused now", async () => {
    const tradingId = await newOrder();
    expect(await command(servers, tradingId, prepare(randomUUID(), "complete"))).toMatchObject({
      result: "vote",
      vote: "refused",
      message: `Order ${tradingId} has not shipped yet.`,
    });
    expect((await control.orders()).find((o) => o.tradingId === tradingId)?.hold).toBeNull();
  });

  it("commits a failure: the order is cancelled with its payment", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId);
    const tx = randomUUID();
    expect((await command(servers, tradingId, prepare(tx, "fail"))).result).toBe("vote");
    expect(await command(servers, tradingId, commit(tx, "fail"))).toMatchObject({ result: "done", outcome: "failed" });
    expect(await status(servers, "shop", tradingId)).toMatchObject({ status: "cancelled", outcome: "failed" });
    expect((await status(servers, "payment", tradingId)).status).toBe("refunded");
  });

  it("refuses a commit towards another intent than prepared, and a prepare of the same transaction that changes it", async () => {
    const tradingId = await newOrder();
    const tx = randomUUID();
    await command(servers, tradingId, prepare(tx, "fail"));
    expect(await command(servers, tradingId, prepare(tx, "complete"))).toMatchObject({
      vote: "refused",
      message: `Order ${tradingId} was prepared to cancel it in this transaction.`,
    });
    expect(await command(servers, tradingId, commit(tx, "complete"))).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} was prepared to cancel it, not to confirm it.`,
    });
    expect((await status(servers, "shop", tradingId)).status).toBe("received");
  });

  it("releases the hold on abort, and an abort of an unknown transaction is fine", async () => {
    const tradingId = await newOrder();
    const tx = randomUUID();
    await command(servers, tradingId, prepare(tx, "fail"));
    expect(await command(servers, tradingId, abort(randomUUID()))).toMatchObject({
      result: "done",
      outcome: null,
      message: `Nothing of order ${tradingId} was held for this transaction.`,
    });
    expect(await command(servers, tradingId, cancel)).toMatchObject({ result: "refused" });
    expect(await command(servers, tradingId, abort(tx))).toMatchObject({
      result: "done",
      outcome: null,
      message: `Order ${tradingId} is no longer held.`,
    });
    expect(await command(servers, tradingId, commit(tx, "fail"))).toMatchObject({ result: "refused" });
    expect((await command(servers, tradingId, cancel)).result).toBe("done");
  });

  it("lets a hold run out after HOLD_MS, yet a late commit of that transaction still goes through when nothing took the order", async () => {
    const local = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
    try {
      const first = (await placeOrder(local, { "qty-TEA-GREEN": 1 })).tradingId;
      const second = (await placeOrder(local, { "qty-TEA-GREEN": 1 })).tradingId;
      const [lateTx, takenTx] = [randomUUID(), randomUUID()];
      await command(local, first, prepare(lateTx, "fail"));
      await command(local, second, prepare(takenTx, "fail"));
      local.clock.advance(HOLD_MS + 1000);
      // The second order is taken by another transaction once the first hold ran out.
      expect(await command(local, second, prepare(randomUUID(), "fail"))).toMatchObject({ vote: "ready" });
      expect(await command(local, second, commit(takenTx, "fail"))).toMatchObject({ result: "refused" });
      expect(await command(local, first, commit(lateTx, "fail"))).toMatchObject({ result: "done", outcome: "failed" });
    } finally {
      await local.close();
    }
  });

  it("refuses a commit when the order changed since the prepare, and releases it", async () => {
    const tradingId = await newOrder();
    const tx = randomUUID();
    await command(servers, tradingId, prepare(tx, "fail"));
    await control.ship(tradingId);
    expect(await command(servers, tradingId, commit(tx, "fail"))).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} has already shipped: ask for a return instead.`,
    });
    expect((await control.orders()).find((o) => o.tradingId === tradingId)?.hold).toBeNull();
  });
});

describe("return", () => {
  it("is refused before delivery", async () => {
    const tradingId = await shipped();
    expect(await command(servers, tradingId, { command: "return", items: [teaLine(1)], reason: "Too much" })).toMatchObject({
      result: "refused",
      message: `Order ${tradingId} has not been delivered yet: nothing can be returned.`,
    });
  });

  it("accepts delivered items, lists the return in the shop's status, then moves it to received and refunded", async () => {
    const tradingId = await delivered();
    await control.settle(tradingId);
    const now = servers.clock.now().getTime();
    const reply = await command(servers, tradingId, {
      command: "return",
      items: [teaLine(1), { sku: null, name: "Stoneware mug", quantity: 1 }],
      reason: "Chipped",
    });
    if (reply.result !== "return-accepted") throw new Error(`not accepted: ${reply.message}`);
    expect(reply.returnId).toMatch(/^R-\d+$/);
    expect(reply.refundAmount).toEqual(EUR(1250 + 990));
    expect(Date.parse(reply.refundDueBy) - now).toBeGreaterThanOrEqual(RETURN_REFUND_MS);
    expect(Date.parse(reply.refundDueBy) - now).toBeLessThan(RETURN_REFUND_MS + 60_000);
    const { returnId, refundAmount, refundDueBy } = reply;
    expect((await status(servers, "shop", tradingId)).returns).toEqual([{ returnId, status: "accepted", refundAmount, refundDueBy }]);

    await control.receiveReturn(tradingId, returnId);
    expect((await status(servers, "shop", tradingId)).returns?.[0]?.status).toBe("received");
    const refundedAt = "2026-11-30T12:00:00.000Z";
    const order = await control.refundReturn(tradingId, returnId, refundedAt);
    expect(order.returns).toEqual([{ returnId, status: "refunded", refundAmount, refundDueBy }]);
    const payment = await status(servers, "payment", tradingId);
    expect(payment.refunds).toEqual([{ amount: EUR(2240), at: refundedAt }]);
    // A partial refund leaves the payment settled.
    expect(payment.status).toBe("settled");
    await expect(control.refundReturn(tradingId, returnId)).rejects.toThrow(`return ${returnId} is refunded`);
    await expect(control.receiveReturn(tradingId, "R-999")).rejects.toThrow("HTTP 404");
  });

  it("accepts no more than was delivered, counting earlier returns", async () => {
    const tradingId = await shipped();
    await control.deliver(tradingId, [{ sku: "TEA-GREEN", quantity: 1 }]);
    const ask = (quantity: number) => command(servers, tradingId, { command: "return", items: [teaLine(quantity)], reason: "Stale" });
    expect(await ask(2)).toMatchObject({ result: "refused", message: `Only 1 × Green tea of order ${tradingId} can be returned.` });
    expect((await ask(1)).result).toBe("return-accepted");
    expect(await ask(1)).toMatchObject({ result: "refused", message: `Green tea of order ${tradingId} was returned already.` });
    expect(await command(servers, tradingId, { command: "return", items: [{ sku: "MUG-STONE", name: "Stoneware mug", quantity: 1 }], reason: "x" })).toMatchObject({
      result: "refused",
      message: `Stoneware mug was not delivered with order ${tradingId}.`,
    });
  });
});

describe("reorder", () => {
  it("places a new order like checkout and answers its page and its JSON-LD", async () => {
    const tradingId = await newOrder();
    const reply = await command(servers, tradingId, {
      command: "reorder",
      items: [teaLine(1), teaLine(2), { sku: null, name: "Cast-iron teapot", quantity: 1 }],
    });
    if (reply.result !== "reordered") throw new Error(`not reordered: ${reply.message}`);
    const page = await fetch(reply.orderUrl);
    expect(page.status).toBe(200);
    const onPage = jsonLd(await page.text());
    expect(reply.order).toEqual(onPage);
    expect(onPage.orderNumber).not.toBe(tradingId);
    expect(reply.message).toBe(`New order ${onPage.orderNumber} placed.`);
    expect(onPage.price).toBe("71.50");
    expect(onPage.potentialAction[1].tradewatchCommands).toEqual([...COMMAND_NAMES]);
    for (const source of ["shop", "payment", "delivery"] as const) {
      expect((await status(servers, source, onPage.orderNumber)).tradingId).toBe(onPage.orderNumber);
    }
  });

  it.each([
    ["a product the shop does not sell", [{ sku: "SPOON", name: "Spoon", quantity: 1 }], "Spoon is not sold at Reference Shop any more."],
    ["more than 99 of one product", [teaLine(60), teaLine(40)], "At most 99 × Green tea can be ordered at once."],
    ["a product with a very long name", [{ sku: null, name: "x".repeat(500), quantity: 1 }], `${"x".repeat(80)}… is not sold at Reference Shop any more.`],
  ])("is refused for %s", async (_, items, message) => {
    const tradingId = await newOrder();
    const before = (await control.orders()).length;
    expect(await command(servers, tradingId, { command: "reorder", items })).toMatchObject({ result: "refused", message });
    expect((await control.orders()).length).toBe(before);
  });
});

describe("the command policy", () => {
  it("refuses prepare with the policy's message", async () => {
    const tradingId = await shipped();
    await control.commandPolicy(tradingId, { refuse: ["prepare"], message: "We are closed for stock-taking." });
    expect(await command(servers, tradingId, prepare(randomUUID(), "complete"))).toMatchObject({
      vote: "refused",
      message: "We are closed for stock-taking.",
    });
    expect((await command(servers, tradingId, confirm)).result).toBe("done");
  });

  it("refusing cancel refuses a prepare to fail too", async () => {
    const tradingId = await newOrder();
    await control.commandPolicy(tradingId, { refuse: ["cancel"] });
    const message = `The shop does not accept a cancel for order ${tradingId} now.`;
    expect(await command(servers, tradingId, cancel)).toMatchObject({ result: "refused", message });
    expect(await command(servers, tradingId, prepare(randomUUID(), "fail"))).toMatchObject({ vote: "refused", message });
  });

  it("fails the next requests with a 500 before doing anything", async () => {
    const tradingId = await newOrder();
    await control.commandPolicy(tradingId, { failNext: 2 });
    const body = request(tradingId, cancel);
    expect((await postCommand(servers, body)).status).toBe(500);
    expect((await status(servers, "shop", tradingId)).status).toBe("received");
    expect((await postCommand(servers, body)).status).toBe(500);
    const third = await postCommand(servers, body);
    expect(third.status).toBe(200);
    expect(await third.json()).toMatchObject({ result: "done", outcome: "failed" });
    expect((await control.received(tradingId)).map((r) => [r.httpStatus, r.replayed])).toEqual([
      [500, false],
      [500, false],
      [200, false],
    ]);
  });

  it("loses a reply after carrying the command out: the repeat is answered from the idempotency record", async () => {
    const tradingId = await shipped();
    const tx = randomUUID();
    await command(servers, tradingId, prepare(tx, "complete"));
    const body = request(tradingId, commit(tx, "complete", PERSON));
    await control.commandPolicy(tradingId, { loseNext: 1 });
    const lost = await postCommand(servers, body);
    expect(lost.status).toBe(500);
    expect((await status(servers, "shop", tradingId)).outcome).toBe("completed");
    const again = await postCommand(servers, body);
    expect(await again.json()).toMatchObject({ result: "done", outcome: "completed" });
    const counts = (await control.stats()).commands.commit;
    expect(counts.byKey[body.idempotencyKey]).toBe(2);
    expect((await control.received(tradingId)).filter((r) => r.command === "commit").map((r) => [r.httpStatus, r.result, r.replayed])).toEqual([
      [500, "done", false],
      [200, "done", true],
    ]);
  });

  it("answers accepted under `defer`; the outcome appears in the status once completeOutcome carries it out", async () => {
    const tradingId = await shipped();
    await control.authorize(tradingId);
    await control.commandPolicy(tradingId, { defer: true });
    expect(await command(servers, tradingId, confirm)).toMatchObject({
      result: "accepted",
      message: `Order ${tradingId} will be completed shortly: its status will say when.`,
    });
    expect((await status(servers, "shop", tradingId)).outcome).toBeNull();
    expect(await command(servers, tradingId, confirm)).toMatchObject({ result: "refused", message: `Order ${tradingId} is already being completed.` });
    expect((await control.orders()).find((o) => o.tradingId === tradingId)?.deferred).toBe("complete");
    const order = await control.completeOutcome(tradingId);
    expect(order).toMatchObject({ outcome: "completed", deferred: null });
    expect((await status(servers, "shop", tradingId)).outcome).toBe("completed");
    expect((await status(servers, "payment", tradingId)).status).toBe("settled");
    await expect(control.completeOutcome(tradingId)).rejects.toThrow(`no outcome of order ${tradingId} is waiting`);
  });
});

describe("what the shop received", () => {
  it("records each command with its key and time, and personal information only where it was sent", async () => {
    const tradingId = await shipped();
    const tx = randomUUID();
    await command(servers, tradingId, prepare(tx, "complete"));
    await command(servers, tradingId, commit(tx, "complete", PERSON));
    const received = await control.received(tradingId);
    expect(received.map(({ command, transactionId, personalInfo, result }) => ({ command, transactionId, personalInfo, result }))).toEqual([
      { command: "prepare", transactionId: tx, personalInfo: null, result: "vote" },
      { command: "commit", transactionId: tx, personalInfo: PERSON, result: "done" },
    ]);
    for (const entry of received) {
      expect(entry.idempotencyKey.length).toBeGreaterThanOrEqual(8);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Date.parse(START));
    }
    await expect(control.received("TW-000000")).rejects.toThrow("HTTP 404");
  });

  it("counts every command by kind and key in the stats", async () => {
    const tradingId = await newOrder();
    const before = (await control.stats()).commands.abort;
    const body = request(tradingId, abort(randomUUID()));
    await postCommand(servers, body);
    await postCommand(servers, body);
    const after = (await control.stats()).commands.abort;
    expect(after.received - before.received).toBe(2);
    expect(after.replayed - before.replayed).toBe(1);
    expect(after.byKey[body.idempotencyKey]).toBe(2);
  });
});

describe("two shops", () => {
  it("number their orders with their own prefixes and know only their own orders", async () => {
    const second = await startReferenceServers({ ports: FREE_PORTS, startAt: START, shopName: "Green Leaf", tradingIdPrefix: "GL-" });
    try {
      const ours = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
      const theirs = await placeOrder(second, { "qty-TEA-GREEN": 1 });
      expect(ours.tradingId).toMatch(/^TW-\d{6}$/);
      expect(theirs.tradingId).toMatch(/^GL-\d{6}$/);
      expect(theirs.order.seller.name).toBe("Green Leaf");
      expect(theirs.order.potentialAction[1].target).toBe(`${second.urls.shop}/api/commands`);
      expect(await command(servers, theirs.tradingId, cancel)).toMatchObject({ result: "refused" });
      expect(await command(second, theirs.tradingId, cancel)).toMatchObject({ result: "done", outcome: "failed" });
      expect((await status(servers, "shop", ours.tradingId)).status).toBe("received");
    } finally {
      await second.close();
    }
  });
});
