import { describe, expect, it } from "vitest";
import {
  acknowledgedEntry,
  appendHistory,
  capturedEntry,
  errorEntry,
  HISTORY_LIMIT,
  itemsText,
  returnEntry,
  statusEntry,
  warningEntries,
} from "./history";
import { aReturn, aTrade, aTradingInfo, aWarning, NOW } from "./test-trades";
import type { HistoryEntry } from "./types";

function entry(text: string): HistoryEntry {
  return { at: NOW, kind: "status", source: "shop", code: null, text };
}

describe("appendHistory", () => {
  it("appends entries after the existing ones", () => {
    const trade = aTrade({ history: [entry("a")] });
    expect(appendHistory(trade, [entry("b"), entry("c")]).history.map((e) => e.text)).toEqual(["a", "b", "c"]);
    expect(trade.history).toHaveLength(1);
  });

  it("returns the trade itself when there is nothing to add", () => {
    const trade = aTrade();
    expect(appendHistory(trade, [])).toBe(trade);
  });

  it("keeps only the newest entries beyond the limit", () => {
    const full = aTrade({ history: Array.from({ length: HISTORY_LIMIT }, (_, i) => entry(`old ${i}`)) });
    const next = appendHistory(full, [entry("new 1"), entry("new 2")]);
    expect(next.history).toHaveLength(HISTORY_LIMIT);
    expect(next.history[0]?.text).toBe("old 2");
    expect(next.history.at(-1)?.text).toBe("new 2");
  });
});

describe("entries", () => {
  it("describe a capture, a status, an error and an acknowledgement", () => {
    expect(capturedEntry(aTradingInfo(), NOW)).toEqual({
      at: NOW,
      kind: "captured",
      source: null,
      code: null,
      text: "Order GL-1001 captured at Green Leaf Tea",
    });
    expect(statusEntry("delivery", "in_transit", "delivered", NOW).text).toBe(
      "The carrier reports delivered (was in transit)",
    );
    expect(statusEntry("payment", null, "settled", NOW)).toEqual({
      at: NOW,
      kind: "status",
      source: "payment",
      code: null,
      text: "The payment service reports settled",
    });
    expect(errorEntry("shop", "HTTP 503", NOW)).toMatchObject({
      kind: "error",
      source: "shop",
      text: "The shop could not be asked: HTTP 503",
    });
    const warning = aWarning({ code: "amount-mismatch", message: "Charged €65.00" });
    expect(acknowledgedEntry(warning, NOW)).toEqual({
      at: NOW,
      kind: "acknowledged",
      source: "payment",
      code: "amount-mismatch",
      text: "Charged €65.00",
    });
  });
});

describe("itemsText", () => {
  it("names up to two items, then the first and how many others", () => {
    const tea = { name: "Green tea", quantity: 3 };
    const mug = { name: "Mug", quantity: 1 };
    expect(itemsText([tea])).toBe("Green tea ×3");
    expect(itemsText([tea, mug])).toBe("Green tea ×3, Mug ×1");
    expect(itemsText([tea, mug, mug])).toBe("Green tea ×3 and 2 other items");
  });
});

describe("returnEntry", () => {
  it("says where a return has got, with the shop's words", () => {
    const texts = (["requesting", "accepted", "refused", "received", "refunded", "failed"] as const).map(
      (status) => returnEntry(aReturn({ status, message: status === "received" ? null : "Thanks" }), NOW).text,
    );
    expect(texts).toEqual([
      "Return of Green tea ×1 requested: Too bitter",
      "The shop accepted the return of Green tea ×1: Thanks",
      "The shop refused the return of Green tea ×1: Thanks",
      "The shop received the returned Green tea ×1",
      "The shop refunded the return of Green tea ×1",
      "The return of Green tea ×1 could not be requested: Thanks",
    ]);
    expect(returnEntry(aReturn(), NOW)).toMatchObject({ at: NOW, kind: "return", source: "shop", code: null });
  });
});

describe("warningEntries", () => {
  it("records resolved warnings with their last message and new ones, matching by code and source", () => {
    const overdue = aWarning({ code: "payment-overdue", source: "payment", message: "was due" });
    const mismatch = aWarning({ code: "trading-id-mismatch", source: "shop", message: "shop answered" });
    const otherSource = aWarning({ code: "trading-id-mismatch", source: "delivery", message: "carrier answered" });
    const kept = { ...mismatch, message: "a newer message" };
    expect(warningEntries([overdue, mismatch], [kept, otherSource], NOW)).toEqual([
      { at: NOW, kind: "resolved", source: "payment", code: "payment-overdue", text: "was due" },
      { at: NOW, kind: "warning", source: "delivery", code: "trading-id-mismatch", text: "carrier answered" },
    ]);
  });

  it("records nothing when the same warnings hold", () => {
    const warnings = [aWarning()];
    expect(warningEntries(warnings, [aWarning({ message: "reworded" })], NOW)).toEqual([]);
  });
});
