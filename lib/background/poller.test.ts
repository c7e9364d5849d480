import { beforeEach, describe, expect, it } from "vitest";
import { saveCaptured, listTrades } from "../db/trades";
import { useFreshDb } from "../db/test-db";
import { aCapturedOrder, NOW, plusMinutes } from "../domain/test-trades";
import type { StatusReport } from "../protocol/status-report";
import { checkAllNow, pollDue } from "./poller";
import type { FetchOutcome } from "./status-fetch";

beforeEach(useFreshDb);

const report = (source: StatusReport["source"], extra: Record<string, unknown> = {}): StatusReport =>
  ({
    tradewatch: 1,
    tradingId: "GL-1001",
    asOf: NOW,
    completedAt: null,
    scheduledAt: null,
    message: null,
    source,
    ...(source === "shop" && { status: "processing" }),
    ...(source === "payment" && { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } }),
    ...(source === "delivery" && { status: "in_transit", itemsDelivered: null, trackingNumber: "T1" }),
    ...extra,
  }) as StatusReport;

function server(answers: Partial<Record<string, FetchOutcome>>) {
  const asked: string[] = [];
  return {
    asked,
    fetchStatus: async (url: string): Promise<FetchOutcome> => {
      asked.push(url);
      const key = Object.keys(answers).find((k) => url.startsWith(k));
      return (key && answers[key]) || { ok: false, message: "could not be reached" };
    },
  };
}

describe("pollDue", () => {
  it("asks each due endpoint by trading identifier and time, and merges what matches", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server({
      "https://green-leaf.example": { ok: true, report: report("shop") },
      "https://pay.example": { ok: true, report: report("payment") },
      "https://parcel.example": { ok: true, report: report("delivery") },
    });
    const asked = await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus });
    expect(asked).toBe(3);
    expect(s.asked).toContain(`https://pay.example/tradewatch?tradingId=GL-1001&at=${encodeURIComponent(NOW)}`);
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBe("settled");
    expect(trade?.processing.delivery.trackingNumber).toBe("T1");
    expect(trade?.processing.shop.status).toBe("processing");
    expect(trade?.nextCheckAt! > NOW).toBe(true);
    expect(await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus })).toBe(0);
  });

  it("records failures on the trade and leaves stored data untouched", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server({ "https://pay.example": { ok: true, report: report("payment") } });
    await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus });
    const before = (await listTrades())[0]!;
    await pollDue({ now: () => plusMinutes(NOW, 60 * 24), fetchStatus: server({}).fetchStatus });
    const after = (await listTrades())[0]!;
    expect(after.info).toEqual(before.info);
    expect(after.processing.payment.status).toBe("settled");
    expect(after.processing.shop.lastError).toEqual({ message: "could not be reached", at: plusMinutes(NOW, 60 * 24) });
  });

  it("refuses an answer from the wrong kind of service", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server({ "https://pay.example": { ok: true, report: report("delivery") } });
    await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus });
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBeNull();
    expect(trade?.processing.payment.lastError?.message).toBe("answered as a delivery status, not a payment status");
  });

  it("keeps a status for another trading identifier out of the record and warns", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server({ "https://pay.example": { ok: true, report: report("payment", { tradingId: "GL-9999" }) } });
    await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus });
    const [trade] = await listTrades();
    expect(trade?.processing.payment.status).toBeNull();
    expect(trade?.warnings.map((w) => w.code)).toContain("trading-id-mismatch");
  });

  it("check now makes every unfinished trade due at once", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    const s = server({});
    await pollDue({ now: () => NOW, fetchStatus: s.fetchStatus });
    s.asked.length = 0;
    const later = plusMinutes(NOW, 0.5);
    expect(await pollDue({ now: () => later, fetchStatus: s.fetchStatus })).toBe(0);
    expect(await checkAllNow({ now: () => later, fetchStatus: s.fetchStatus })).toBe(3);
  });
});
