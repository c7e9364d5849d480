import { describe, it, expect } from "vitest";
import { statusReportSchema } from "../lib/protocol/status-report";
import { ReferenceStore, Timeline, type ShopState } from "./store";

const received: ShopState = {
  source: "shop",
  status: "received",
  completedAt: null,
  scheduledAt: null,
  items: [{ sku: "TEA-GREEN", name: "Green tea", quantity: 1, unitPrice: { minor: 1250, currency: "EUR" } }],
  total: { minor: 1250, currency: "EUR" },
  outcome: null,
  returns: [],
  message: null,
};

describe("Timeline", () => {
  it("has no state before it was created", () => {
    const timeline = new Timeline(1000, received);
    expect(timeline.stateAt(999)).toBeNull();
    expect(timeline.stateAt(1000)?.status).toBe("received");
    expect(timeline.record(500, (s) => ({ ...s, status: "cancelled" }))).toBeNull();
    expect(timeline.stateAt(2000)?.status).toBe("received");
  });

  it("answers the latest event at or before the time asked", () => {
    const timeline = new Timeline(1000, received);
    timeline.record(2000, (s) => ({ ...s, status: "processing" }));
    timeline.record(3000, (s) => ({ ...s, status: "shipped" }));
    expect(timeline.stateAt(1999)?.status).toBe("received");
    expect(timeline.stateAt(2000)?.status).toBe("processing");
    expect(timeline.stateAt(2999)?.status).toBe("processing");
    expect(timeline.stateAt(9999)?.status).toBe("shipped");
  });

  it("tells when the state in force was recorded", () => {
    const timeline = new Timeline(1000, received);
    timeline.record(2000, (s) => ({ ...s, status: "processing" }));
    expect(timeline.eventAt(1500)?.at).toBe(1000);
    expect(timeline.eventAt(2500)).toMatchObject({ at: 2000, state: { status: "processing" } });
    expect(timeline.eventAt(999)).toBeNull();
  });

  it("prefers the event recorded last of two at the same time", () => {
    const timeline = new Timeline(1000, received);
    timeline.record(2000, (s) => ({ ...s, status: "processing" }));
    timeline.record(2000, (s) => ({ ...s, status: "cancelled" }));
    expect(timeline.stateAt(2000)?.status).toBe("cancelled");
  });

  it("slots an event recorded after the clock moved back into its place, derived from the state then", () => {
    const timeline = new Timeline(1000, received);
    timeline.record(3000, (s) => ({ ...s, status: "shipped" }));
    timeline.record(2000, (s) => ({ ...s, scheduledAt: "2026-11-25T10:00:00.000Z" }));
    expect(timeline.stateAt(2500)).toMatchObject({ status: "received", scheduledAt: "2026-11-25T10:00:00.000Z" });
    expect(timeline.stateAt(3000)).toMatchObject({ status: "shipped", scheduledAt: null });
  });
});

describe("ReferenceStore", () => {
  it("numbers trading identifiers from TW-100001", () => {
    const store = new ReferenceStore();
    expect([store.nextTradingId(), store.nextTradingId()]).toEqual(["TW-100001", "TW-100002"]);
  });

  it("reports a known record as a valid status report, and tells unknown from not-yet", () => {
    const store = new ReferenceStore();
    store.payments.set("TW-1", {
      tradingId: "TW-1",
      amount: { minor: 500, currency: "EUR" },
      dueAt: "2026-11-23T10:00:00.000Z",
      timeline: new Timeline(1000, {
        source: "payment",
        status: "pending",
        completedAt: null,
        scheduledAt: "2026-11-23T10:00:00.000Z",
        amountCharged: null,
        charges: [],
        refunds: [],
        message: null,
      }),
    });
    const lookup = store.report("payment", "TW-1", 1000, "2026-11-22T10:00:00.000Z");
    expect("found" in lookup && statusReportSchema.parse(lookup.found)).toMatchObject({
      tradewatch: 1,
      source: "payment",
      tradingId: "TW-1",
      asOf: "2026-11-22T10:00:00.000Z",
      status: "pending",
    });
    expect("found" in lookup && lookup.changedAt).toBe(1000);
    expect(store.report("payment", "TW-1", 999, "x")).toEqual({ missing: "not-yet" });
    expect(store.report("delivery", "TW-1", 1000, "x")).toEqual({ missing: "unknown" });
  });

  it("keeps faults per order and source", () => {
    const store = new ReferenceStore();
    store.setFault("TW-1", "payment", { kind: "slow", delayMs: 10 });
    expect(store.fault("TW-1", "payment")).toEqual({ kind: "slow", delayMs: 10 });
    expect(store.fault("TW-1", "shop")).toBeUndefined();
    expect(store.fault("TW-2", "payment")).toBeUndefined();
    store.setFault("TW-1", "payment", null);
    expect(store.fault("TW-1", "payment")).toBeUndefined();
  });

  it("counts status requests per order and source, and the 304s among them", () => {
    const store = new ReferenceStore();
    store.stats.request("payment", "TW-1");
    store.stats.request("payment", "TW-1");
    store.stats.notModified("payment", "TW-1");
    store.stats.request("shop", "TW-2");
    const stats = store.stats.snapshot();
    expect(stats.total).toEqual({ requests: 3, notModified: 1 });
    expect(stats.bySource).toEqual({
      shop: { requests: 1, notModified: 0 },
      payment: { requests: 2, notModified: 1 },
      delivery: { requests: 0, notModified: 0 },
    });
    expect(stats.byOrder["TW-1"]?.payment).toEqual({ requests: 2, notModified: 1 });
    expect(stats.byOrder["TW-2"]?.payment).toEqual({ requests: 0, notModified: 0 });
    // A snapshot is a copy: later requests do not change it.
    store.stats.request("payment", "TW-1");
    expect(stats.byOrder["TW-1"]?.payment.requests).toBe(2);
  });
});
