import { getTracking } from "ts-tracking-number";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControlClient, type ControlClient } from "./control-client";
import { startReferenceServers, type ReferenceServers } from "./index";
import { FREE_PORTS, jsonLd, placeOrder, START, status, statusUrl } from "./test-helpers";

const EUR = (minor: number) => ({ minor, currency: "EUR" });

let servers: ReferenceServers;
let control: ControlClient;

beforeAll(async () => {
  servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
  control = createControlClient(`${servers.urls.shop}/`);
});
afterAll(() => servers.close());

async function newOrder(): Promise<string> {
  return (await placeOrder(servers, { "qty-TEA-GREEN": 2, "qty-MUG-STONE": 1 })).tradingId;
}

describe("control actions through the control client", () => {
  it("orders() lists the placed orders", async () => {
    const tradingId = await newOrder();
    const orders = await control.orders();
    expect(orders.map((order) => order.tradingId)).toContain(tradingId);
  });

  it("authorize: payment authorized, shop processing", async () => {
    const tradingId = await newOrder();
    const answer = await control.authorize(tradingId);
    expect(answer.status).toEqual({ shop: "processing", payment: "authorized", delivery: "pending" });
    expect((await status(servers, "payment", tradingId)).amountCharged).toBeNull();
  });

  it("settle: charges the order total by default, with a completed date", async () => {
    const tradingId = await newOrder();
    const before = servers.clock.now().getTime();
    await control.settle(tradingId);
    const report = await status(servers, "payment", tradingId);
    expect(report.status).toBe("settled");
    expect(report.amountCharged).toEqual({ minor: 3490, currency: "EUR" });
    expect(report.charges).toEqual([EUR(3490)]);
    expect(report.refunds).toEqual([]);
    expect(Date.parse(report.completedAt ?? "")).toBeGreaterThanOrEqual(before);
    expect((await status(servers, "shop", tradingId)).status).toBe("processing");
  });

  it("settle with an amount charges that amount", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId, { minor: 4490, currency: "EUR" });
    expect(await status(servers, "payment", tradingId)).toMatchObject({ amountCharged: EUR(4490), charges: [EUR(4490)] });
  });

  it("charge: another charge of the total, or of an amount, leaving the status and amountCharged alone", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId);
    await control.charge(tradingId);
    expect(await status(servers, "payment", tradingId)).toMatchObject({
      status: "settled",
      amountCharged: EUR(3490),
      charges: [EUR(3490), EUR(3490)],
    });
    await control.charge(tradingId, EUR(500));
    expect((await status(servers, "payment", tradingId)).charges).toEqual([EUR(3490), EUR(3490), EUR(500)]);
  });

  it("refund: everything paid by default, recorded at the clock's now", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId);
    await control.charge(tradingId, EUR(10));
    const now = servers.clock.now().getTime();
    await control.refund(tradingId);
    const report = await status(servers, "payment", tradingId);
    expect(report.status).toBe("refunded");
    expect(report.refunds).toHaveLength(1);
    expect(report.refunds?.[0]?.amount).toEqual(EUR(3500));
    expect(Date.parse(report.refunds?.[0]?.at ?? "")).toBeGreaterThanOrEqual(now);
    await expect(control.refund(tradingId)).rejects.toThrow("HTTP 409: nothing paid is left to refund");
  });

  it("refund with amounts: partial refunds keep the status until they cover what was paid", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId);
    await control.refund(tradingId, EUR(1000));
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "settled", refunds: [{ amount: EUR(1000) }] });
    await control.refund(tradingId);
    const report = await status(servers, "payment", tradingId);
    expect(report.status).toBe("refunded");
    expect(report.refunds?.map((refund) => refund.amount)).toEqual([EUR(1000), EUR(2490)]);
    // More than was paid can be refunded on purpose ("refund above paid").
    await control.refund(tradingId, EUR(100));
    expect((await status(servers, "payment", tradingId)).refunds).toHaveLength(3);
  });

  it("failPayment: payment failed with a message; refund: refunded", async () => {
    const tradingId = await newOrder();
    await control.failPayment(tradingId);
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "failed", message: "The payment was declined." });
    await control.settle(tradingId);
    await control.refund(tradingId);
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "refunded", message: null });
  });

  it("failPayment after shipping: shipped but payment declined", async () => {
    const tradingId = await newOrder();
    await control.ship(tradingId);
    const answer = await control.failPayment(tradingId);
    expect(answer.status).toEqual({ shop: "shipped", payment: "failed", delivery: "in_transit" });
  });

  it("ship: delivery in transit with the tracking number and carrier, shop shipped", async () => {
    const tradingId = await newOrder();
    expect((await status(servers, "delivery", tradingId)).carrier).toBeNull();
    const answer = await control.ship(tradingId, "7112 3456 7891 2345 6787", "FedEx");
    expect(answer.status.shop).toBe("shipped");
    expect(await status(servers, "delivery", tradingId)).toMatchObject({
      status: "in_transit",
      trackingNumber: "7112 3456 7891 2345 6787",
      carrier: "FedEx",
    });
  });

  it("ship by default: UPS with a valid UPS number of its own per order; an invalid number can be given", async () => {
    const first = await newOrder();
    const second = await newOrder();
    await control.ship(first);
    await control.ship(second);
    const [one, two] = [await status(servers, "delivery", first), await status(servers, "delivery", second)];
    expect(one.carrier).toBe("UPS");
    expect(getTracking(one.trackingNumber ?? "")?.courier.code).toBe("ups");
    expect(getTracking(two.trackingNumber ?? "")?.courier.code).toBe("ups");
    expect(one.trackingNumber).not.toBe(two.trackingNumber);

    const invalid = await newOrder();
    await control.ship(invalid, "1Z999AA10123456785");
    const report = await status(servers, "delivery", invalid);
    expect(report).toMatchObject({ carrier: "UPS", trackingNumber: "1Z999AA10123456785" });
    expect(getTracking(report.trackingNumber ?? "")).toBeUndefined();
  });

  it("deliver: every line by default, delivered at the shop too, with completed dates", async () => {
    const tradingId = await newOrder();
    await control.ship(tradingId);
    await control.deliver(tradingId);
    const delivery = await status(servers, "delivery", tradingId);
    expect(delivery.status).toBe("delivered");
    expect(delivery.itemsDelivered).toEqual([
      { sku: "TEA-GREEN", name: "Green tea", quantity: 2 },
      { sku: "MUG-STONE", name: "Stoneware mug", quantity: 1 },
    ]);
    const shop = await status(servers, "shop", tradingId);
    expect(shop.status).toBe("delivered");
    expect(shop.completedAt).toBe(delivery.completedAt);
    expect(shop.completedAt).not.toBeNull();
  });

  it("deliver with items: a partial delivery", async () => {
    const tradingId = await newOrder();
    await control.deliver(tradingId, [{ sku: "TEA-GREEN", quantity: 1 }, { sku: "SPOON", quantity: 4 }]);
    expect((await status(servers, "delivery", tradingId)).itemsDelivered).toEqual([
      { sku: "TEA-GREEN", name: "Green tea", quantity: 1 },
      { sku: "SPOON", name: null, quantity: 4 },
    ]);
  });

  it("returnShipment: delivery returned", async () => {
    const tradingId = await newOrder();
    await control.deliver(tradingId);
    expect((await control.returnShipment(tradingId)).status.delivery).toBe("returned");
  });

  it("cancel: shop cancelled only, and it stays cancelled when the carrier delivers anyway", async () => {
    const tradingId = await newOrder();
    const cancelled = await control.cancel(tradingId);
    expect(cancelled.status).toEqual({ shop: "cancelled", payment: "pending", delivery: "pending" });
    await control.ship(tradingId);
    const delivered = await control.deliver(tradingId);
    expect(delivered.status).toEqual({ shop: "cancelled", payment: "pending", delivery: "delivered" });
  });

  it("changeContents: the shop reports the new lines and total; the order as placed stays on its page", async () => {
    const { tradingId, order } = await placeOrder(servers, { "qty-TEA-GREEN": 2, "qty-MUG-STONE": 1 });
    expect(await status(servers, "shop", tradingId)).toMatchObject({
      items: [
        { sku: "TEA-GREEN", name: "Green tea", quantity: 2, unitPrice: EUR(1250) },
        { sku: "MUG-STONE", name: "Stoneware mug", quantity: 1, unitPrice: EUR(990) },
      ],
      total: EUR(3490),
    });
    const answer = await control.changeContents(tradingId, [{ sku: "TEA-GREEN", quantity: 1 }]);
    expect(answer.total).toEqual(EUR(1250));
    expect(await status(servers, "shop", tradingId)).toMatchObject({
      items: [{ sku: "TEA-GREEN", name: "Green tea", quantity: 1, unitPrice: EUR(1250) }],
      total: EUR(1250),
    });
    await control.changeContents(tradingId, [
      { sku: "TEA-GREEN", quantity: 1, unitPrice: EUR(1500) },
      { sku: "KETTLE-STEEL", quantity: 2 },
    ]);
    expect((await status(servers, "shop", tradingId)).total).toEqual(EUR(1500 + 2 * 5900));
    // A price set once stays when a later change gives none.
    await control.changeContents(tradingId, [{ sku: "TEA-GREEN", quantity: 3 }]);
    expect((await status(servers, "shop", tradingId)).total).toEqual(EUR(4500));
    const page = await fetch(`${servers.urls.shop}/orders/${tradingId}`).then((r) => r.text());
    expect(jsonLd(page).price).toBe(order.price);
    expect(order.price).toBe("34.90");
    await expect(control.changeContents(tradingId, [{ sku: "SPOON", quantity: 1 }])).rejects.toThrow(/HTTP 400/);
  });

  it("setStatus: forces one server's status, e.g. backwards, and refuses a status of another vocabulary", async () => {
    const tradingId = await newOrder();
    await control.deliver(tradingId);
    const delivered = await status(servers, "delivery", tradingId);
    const answer = await control.setStatus(tradingId, "delivery", "in_transit");
    expect(answer.status).toEqual({ shop: "delivered", payment: "pending", delivery: "in_transit" });
    expect(await status(servers, "delivery", tradingId)).toMatchObject({
      status: "in_transit",
      completedAt: delivered.completedAt,
      itemsDelivered: delivered.itemsDelivered,
    });
    await expect(control.setStatus(tradingId, "payment", "in_transit")).rejects.toThrow(/HTTP 400.*not a status of that source/s);
  });

  it("rateLimit: the status endpoint answers 429 with Retry-After", async () => {
    const tradingId = await newOrder();
    expect((await control.rateLimit(tradingId, "shop", 120)).faults.shop).toBe("rate-limit");
    const limited = await fetch(statusUrl(servers, "shop", tradingId));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("120");
    await control.rateLimit(tradingId, "payment");
    expect((await fetch(statusUrl(servers, "payment", tradingId))).headers.get("retry-after")).toBe("60");
  });

  it("stats: counts the status requests of each order", async () => {
    const tradingId = await newOrder();
    await status(servers, "delivery", tradingId);
    await status(servers, "delivery", tradingId);
    const stats = await control.stats();
    expect(stats.byOrder[tradingId]).toEqual({
      shop: { requests: 0, notModified: 0 },
      payment: { requests: 0, notModified: 0 },
      delivery: { requests: 2, notModified: 0 },
    });
    expect(stats.total.requests).toBeGreaterThanOrEqual(2);
  });

  it("schedule: moves one source's scheduled date", async () => {
    const tradingId = await newOrder();
    await control.schedule(tradingId, "payment", "2026-11-20T10:00:00.000Z");
    expect((await status(servers, "payment", tradingId)).scheduledAt).toBe("2026-11-20T10:00:00.000Z");
    expect((await status(servers, "delivery", tradingId)).scheduledAt).not.toBe("2026-11-20T10:00:00.000Z");
    await control.schedule(tradingId, "delivery", "2026-11-21T10:00:00.000Z");
    expect((await status(servers, "delivery", tradingId)).scheduledAt).toBe("2026-11-21T10:00:00.000Z");
  });

  it("fault: sets and clears a fault on one source", async () => {
    const tradingId = await newOrder();
    expect((await control.fault(tradingId, "payment", "slow", 50)).faults).toEqual({
      shop: "none",
      payment: "slow",
      delivery: "none",
    });
    expect((await control.fault(tradingId, "payment", "none")).faults.payment).toBe("none");
  });

  it("setClock and advanceClock answer the new time", async () => {
    const set = await control.setClock("2027-01-01T00:00:00.000Z");
    expect(Date.parse(set) - Date.parse("2027-01-01T00:00:00.000Z")).toBeLessThan(1000);
    const advanced = await control.advanceClock(60_000);
    expect(Date.parse(advanced) - Date.parse(set)).toBeGreaterThanOrEqual(60_000);
  });

  it("throws a clear error when the server refuses", async () => {
    await expect(control.settle("TW-000000")).rejects.toThrow(
      "POST /control/orders/TW-000000/settle failed with HTTP 404: no order TW-000000",
    );
    await expect(control.setClock("soon")).rejects.toThrow(/HTTP 400/);
  });
});
