import { describe, expect, it } from "vitest";
import { MAX_REORDER_QUANTITY, reorderItems } from "./reorder";
import { aTrade } from "./test-trades";

const trade = aTrade({
  info: {
    items: [
      { name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: null },
      { name: "Stoneware mug", sku: null, quantity: 1, unitPrice: null },
    ],
  },
});

describe("reorderItems", () => {
  it("takes part of the items with new quantities, named as on the order, matching by sku or else by name", () => {
    const picks = [
      { sku: null, name: " stoneware MUG", quantity: 4 },
      { sku: "GT-1", name: "Tea", quantity: 1 },
    ];
    expect(reorderItems(trade, picks)).toEqual([
      { sku: null, name: "Stoneware mug", quantity: 4 },
      { sku: "GT-1", name: "Green tea", quantity: 1 },
    ]);
  });

  it.each([
    ["nothing", [], "Choose at least one item to order again"],
    ["an item not on the order", [{ sku: "GT-2", name: "Green tea", quantity: 1 }], "Green tea is not an item of order GL-1001"],
    ["an item twice", [{ sku: "GT-1", name: "Green tea", quantity: 1 }, { sku: null, name: "Green tea", quantity: 2 }], "Green tea is chosen twice"],
    ["no quantity", [{ sku: "GT-1", name: "Green tea", quantity: 0 }], "Choose between 1 and 999 × Green tea"],
    ["too many", [{ sku: "GT-1", name: "Green tea", quantity: MAX_REORDER_QUANTITY + 1 }], "Choose between 1 and 999 × Green tea"],
    ["a fraction", [{ sku: "GT-1", name: "Green tea", quantity: 1.5 }], "Choose between 1 and 999 × Green tea"],
  ])("refuses %s", (_, picks, error) => {
    expect(reorderItems(trade, picks)).toEqual({ error });
  });

  it("accepts the largest quantity", () => {
    expect(reorderItems(trade, [{ sku: "GT-1", name: "Green tea", quantity: 999 }])).toEqual([
      { sku: "GT-1", name: "Green tea", quantity: 999 },
    ]);
  });
});
