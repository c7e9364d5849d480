import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControlClient, type ControlClient } from "./control-client";
import { startReferenceServers, type ReferenceServers } from "./index";
import { FREE_PORTS, placeOrder, START, status } from "./test-helpers";

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
    expect(Date.parse(report.completedAt ?? "")).toBeGreaterThanOrEqual(before);
    expect((await status(servers, "shop", tradingId)).status).toBe("processing");
  });

  it("settle with an amount charges that amount", async () => {
    const tradingId = await newOrder();
    await control.settle(tradingId, { minor: 4490, currency: "EUR" });
    expect((await status(servers, "payment", tradingId)).amountCharged).toEqual({ minor: 4490, currency: "EUR" });
  });

  it("failPayment: payment failed with a message; refund: refunded", async () => {
    const tradingId = await newOrder();
    await control.failPayment(tradingId);
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "failed", message: "The payment was declined." });
    await control.settle(tradingId);
    await control.refund(tradingId);
    expect(await status(servers, "payment", tradingId)).toMatchObject({ status: "refunded", message: null });
  });

  it("ship: delivery in transit with the tracking number, shop shipped", async () => {
    const tradingId = await newOrder();
    const answer = await control.ship(tradingId, "1Z999AA10123456784");
    expect(answer.status.shop).toBe("shipped");
    expect(await status(servers, "delivery", tradingId)).toMatchObject({
      status: "in_transit",
      trackingNumber: "1Z999AA10123456784",
    });
    const other = await newOrder();
    await control.ship(other);
    expect((await status(servers, "delivery", other)).trackingNumber).toBe(`TRK-${other}`);
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
