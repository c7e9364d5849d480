import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announced, deliveryDay, pickupSlot } from "./announcements";
import { createControlClient, type ControlClient } from "./control-client";
import { startReferenceServers, type ReferenceServers } from "./index";
import type { DeliveryState, ShopState } from "./store";
import { FREE_PORTS, placeOrder, START, status } from "./test-helpers";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("what the reference servers announce", () => {
  it("ships with the same day's pickup when paid before 14:00, else with the next day's", () => {
    expect(pickupSlot(at("2026-11-22T13:59:00Z"))).toEqual({ from: "2026-11-22T16:00:00.000Z", until: "2026-11-22T18:00:00.000Z" });
    expect(pickupSlot(at("2026-11-22T14:00:00Z"))).toEqual({ from: "2026-11-23T16:00:00.000Z", until: "2026-11-23T18:00:00.000Z" });
  });

  it("delivers the day after the pickup scan, 08:00 to 20:00", () => {
    expect(deliveryDay(at("2026-11-22T17:10:00Z"))).toEqual({ from: "2026-11-23T08:00:00.000Z", until: "2026-11-23T20:00:00.000Z" });
  });

  const inTransit: DeliveryState = {
    source: "delivery",
    status: "in_transit",
    completedAt: null,
    scheduledAt: null,
    itemsDelivered: null,
    trackingNumber: null,
    carrier: null,
    message: null,
    nextChange: { status: "delivered", ...deliveryDay(at("2026-11-22T17:10:00Z")) },
  };

  it("names the hour of delivery from 07:00 that morning, the same hour every time, and says when it did", () => {
    const scanned = at("2026-11-22T17:10:00Z");
    expect(announced("delivery", "TW-1", inTransit, scanned, at("2026-11-23T06:59:00Z"))).toEqual({ state: inTransit, changedAt: scanned });
    const morning = announced("delivery", "TW-1", inTransit, scanned, at("2026-11-23T07:00:00Z"));
    const hour = morning.state.nextChange!;
    expect(at(hour.until) - at(hour.from)).toBe(HOUR);
    expect(at(hour.from)).toBeGreaterThanOrEqual(at("2026-11-23T09:00:00Z"));
    expect(at(hour.until)).toBeLessThanOrEqual(at("2026-11-23T19:00:00Z"));
    expect(morning.changedAt).toBe(at("2026-11-23T07:00:00Z"));
    expect(announced("delivery", "TW-1", inTransit, scanned, at("2026-11-23T12:00:00Z")).state).toEqual(morning.state);
    const hours = new Set(Array.from({ length: 40 }, (_, i) => announced("delivery", `TW-${i}`, inTransit, scanned, at("2026-11-23T08:00:00Z")).state.nextChange!.from));
    expect(hours.size).toBeGreaterThan(3);
  });

  it("withdraws an announcement once its status is reached or the source is final", () => {
    const shipped: ShopState = {
      source: "shop",
      status: "shipped",
      completedAt: null,
      scheduledAt: null,
      items: null,
      total: null,
      outcome: null,
      returns: null,
      message: null,
      nextChange: { status: "shipped", ...pickupSlot(at("2026-11-22T10:00:00Z")) },
    };
    expect(announced("shop", "TW-1", shipped, 0, 0).state.nextChange).toBeNull();
    const cancelled: ShopState = { ...shipped, status: "cancelled" };
    expect(announced("shop", "TW-1", cancelled, 0, 0).state.nextChange).toBeNull();
    expect(announced("delivery", "TW-1", { ...inTransit, status: "returned" }, 0, at("2026-11-23T12:00:00Z")).state.nextChange).toBeNull();
  });
});

describe("announcements over HTTP", () => {
  let servers: ReferenceServers;
  let control: ControlClient;

  beforeAll(async () => {
    servers = await startReferenceServers({ ports: FREE_PORTS, startAt: START });
    control = createControlClient(servers.urls.shop);
  });
  afterAll(() => servers.close());

  it("follows an order: the pickup once paid, the day at the scan, the hour that morning, nothing once delivered", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    expect((await status(servers, "shop", tradingId)).nextChange ?? null).toBeNull();

    await control.authorize(tradingId);
    expect((await status(servers, "shop", tradingId)).nextChange).toEqual({ status: "shipped", ...pickupSlot(at(START)) });

    await control.setClock("2026-11-22T16:40:00.000Z");
    await control.ship(tradingId);
    expect((await status(servers, "shop", tradingId)).nextChange ?? null).toBeNull();
    const day = { status: "delivered", ...deliveryDay(at("2026-11-22T16:40:00Z")) };
    expect((await status(servers, "delivery", tradingId)).nextChange).toEqual(day);

    await control.setClock("2026-11-23T07:30:00.000Z");
    const hour = (await status(servers, "delivery", tradingId)).nextChange!;
    expect(at(hour.until) - at(hour.from)).toBe(HOUR);
    // Asked as of the evening before, the carrier still names only the day.
    expect((await status(servers, "delivery", tradingId, "2026-11-22T20:00:00.000Z")).nextChange).toEqual(day);

    await control.deliver(tradingId);
    expect((await status(servers, "delivery", tradingId)).nextChange ?? null).toBeNull();
  });

  it("answers a conditional request with the narrowed hour, not 304, once the morning came", async () => {
    const { tradingId } = await placeOrder(servers, { "qty-TEA-GREEN": 1 });
    await control.authorize(tradingId);
    await control.ship(tradingId);
    const url = `${servers.urls.delivery}/api/status?tradingId=${tradingId}`;
    const first = await fetch(url);
    const lastModified = first.headers.get("last-modified")!;
    const nextMorning = new Date(at((await first.json()).nextChange.from) - HOUR).toISOString();
    expect((await fetch(url, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    await control.setClock(nextMorning);
    expect((await fetch(url, { headers: { "If-Modified-Since": lastModified } })).status).toBe(200);
  });
});
