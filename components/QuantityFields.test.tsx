import { describe, expect, it } from "vitest";
import { readQuantities, type QuantityItem } from "./QuantityFields";

const ITEMS: QuantityItem[] = [
  { name: "Green tea", max: 3, hint: "up to 3" },
  { name: "Tea pot", max: 1, hint: "up to 1" },
];

describe("readQuantities", () => {
  it("reads whole numbers from 0 to each item's max, spaces around them allowed", () => {
    expect(readQuantities([" 3 ", "0"], ITEMS)).toEqual({ quantities: [3, 0] });
  });

  it("flags each field that is not a whole number within its item's bounds, and only those", () => {
    expect(readQuantities(["4", "1"], ITEMS)).toEqual({ errors: ["Enter a whole number from 0 to 3.", null] });
    expect(readQuantities(["", "-1"], ITEMS)).toEqual({
      errors: ["Enter a whole number from 0 to 3.", "Enter a whole number from 0 to 1."],
    });
    expect(readQuantities(["1e0", "0x1"], ITEMS)).toEqual({
      errors: ["Enter a whole number from 0 to 3.", "Enter a whole number from 0 to 1."],
    });
  });
});
