import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { carrierFor } from "./carriers";

/** Property-based fuzzing of the tracking-number reader: a carrier's own text never becomes a link elsewhere. */

const numberArb = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("1Z999AA10123456784", "JD014600006281430913", "9400111899223197428490", "RR123456785GB", "<script>", "javascript:alert(1)"),
  fc.stringMatching(/^[A-Z0-9 ]{8,30}$/),
);

describe("carrierFor under fuzzing", () => {
  it("never throws, and links only to an https page of a known carrier", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(numberArb, fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("UPS", "DHL Express", "FedEx", "usps", "Evil <b>Post</b>"))), (number, carrier) => {
        const info = carrierFor(number, carrier);
        if (info === null) return;
        expect(typeof info.name).toBe("string");
        if (info.trackingUrl !== null) {
          const url = new URL(info.trackingUrl);
          expect(url.protocol).toBe("https:");
          expect(info.code).not.toBeNull();
          expect(info.valid).toBe(true);
        }
      }),
      fuzzParams(500),
    );
  });
});
