import { describe, expect, it } from "vitest";
import { SEVERITY } from "./severity";
import { WARNING_CODES } from "./types";

describe("SEVERITY", () => {
  it("rates money at risk critical and a quiet source a notice", () => {
    expect(Object.keys(SEVERITY).sort()).toEqual([...WARNING_CODES].sort());
    expect(SEVERITY["charged-twice"]).toBe("critical");
    expect(SEVERITY["refund-missing"]).toBe("critical");
    expect(SEVERITY["return-refund-overdue"]).toBe("critical");
    expect(SEVERITY["trading-id-mismatch"]).toBe("critical");
    expect(SEVERITY["tracking-invalid"]).toBe("warning");
    expect(SEVERITY["paid-not-shipped"]).toBe("warning");
    expect(SEVERITY.stale).toBe("notice");
  });
});
