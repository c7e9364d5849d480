import { describe, expect, it } from "vitest";
import { tradeKey } from "./trade-key";

describe("tradeKey", () => {
  it("joins origin and trading identifier, so shops reusing an identifier stay apart", () => {
    expect(tradeKey("https://a.example", "1001")).toBe("https://a.example 1001");
    expect(tradeKey("https://a.example", "1001")).not.toBe(tradeKey("https://b.example", "1001"));
  });
});
