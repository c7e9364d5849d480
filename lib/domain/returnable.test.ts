import { describe, expect, it } from "vitest";
import { returnableItems } from "./returnable";
import { aDeliveredOrder, aReturn, GREEN_TEA, STONEWARE_MUG } from "./test-trades";
import type { ReturnItem } from "./types";

describe("returnableItems", () => {
  it("offers nothing before delivery, nor for a parcel sent back", () => {
    expect(returnableItems(aDeliveredOrder({ delivery: { status: "in_transit" } }))).toEqual([]);
    expect(returnableItems(aDeliveredOrder({ shop: { status: "delivered" }, delivery: { status: "returned" } }))).toEqual([]);
  });

  it("offers what was ordered, lines of one item added up, when delivered without a count", () => {
    const expected: ReturnItem[] = [
      { ...GREEN_TEA, quantity: 3 },
      { ...STONEWARE_MUG, quantity: 1 },
    ];
    expect(returnableItems(aDeliveredOrder())).toEqual(expected);
    expect(returnableItems(aDeliveredOrder({ delivery: { status: null }, shop: { status: "delivered" } }))).toEqual(expected);
  });

  it("offers what the carrier counted, matching by sku or else by name", () => {
    const counted = aDeliveredOrder({
      delivery: {
        status: "delivered",
        itemsDelivered: [
          { sku: "GT-1", name: null, quantity: 2 },
          { sku: null, name: "stoneware MUG", quantity: 0 },
        ],
      },
    });
    expect(returnableItems(counted)).toEqual([{ ...GREEN_TEA, quantity: 2 }]);
  });

  it("leaves out what open or refunded returns cover, but not refused or failed ones", () => {
    const returns = [
      aReturn({ items: [{ ...GREEN_TEA, quantity: 1 }], status: "accepted" }),
      aReturn({ key: "k2", items: [{ ...GREEN_TEA, quantity: 1 }], status: "refunded" }),
      aReturn({ key: "k3", items: [{ ...STONEWARE_MUG, quantity: 1 }], status: "refused" }),
      aReturn({ key: "k4", items: [{ ...STONEWARE_MUG, quantity: 1 }], status: "failed" }),
    ];
    expect(returnableItems(aDeliveredOrder({ returns }))).toEqual([
      { ...GREEN_TEA, quantity: 1 },
      { ...STONEWARE_MUG, quantity: 1 },
    ]);
  });
});
