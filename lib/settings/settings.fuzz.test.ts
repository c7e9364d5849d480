import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { settingsSchema } from "./schema";
import { loadSettings, SettingsError } from "./store";

/** Property-based fuzzing of stored settings: anything stored is read as valid settings or reported, never reset. */

const limitArb = fc.record({
  id: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.anything()),
  amount: fc.oneof(fc.record({ minor: fc.oneof(fc.nat(), fc.double()), currency: fc.constantFrom("EUR", "JPY", "XXX") }), fc.anything()),
  shopOrigin: fc.oneof(fc.constant(null), fc.webUrl(), fc.anything()),
  period: fc.oneof(fc.constantFrom("none", "calendar-month", "rolling-30-days", "calendar-week", "forever"), fc.anything()),
});

const storedArb = fc.oneof(
  fc.anything(),
  fc.record({
    version: fc.oneof(fc.constant(1), fc.anything()),
    limits: fc.oneof(fc.array(limitArb, { maxLength: 3 }), fc.anything()),
    notifications: fc.oneof(fc.record({ warnings: fc.boolean(), deliveries: fc.boolean(), payments: fc.boolean() }), fc.anything()),
  }),
);

describe("stored settings under fuzzing", () => {
  it("are read as valid settings or reported as unreadable, and never rewritten", { timeout: FUZZ_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(storedArb, async (stored) => {
        fakeBrowser.reset();
        await fakeBrowser.storage.local.set({ settings: stored });
        const before = await fakeBrowser.storage.local.get("settings");
        try {
          const settings = await loadSettings();
          expect(settingsSchema.safeParse(settings).success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(SettingsError);
        }
        expect(await fakeBrowser.storage.local.get("settings")).toEqual(before);
      }),
      fuzzParams(300),
    );
  });
});
