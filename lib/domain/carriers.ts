import { allCouriers, getTracking } from "ts-tracking-number";
import type { TrackingCourier, TrackingNumber } from "ts-tracking-number";

/**
 * Carriers known from their tracking numbers' formats and check digits (ts-tracking-number's
 * data: UPS, FedEx, USPS, DHL, OnTrac, Amazon and S10 postal numbers). Pure: nothing is asked
 * over the network.
 */

export interface CarrierInfo {
  /** The carrier's name as shown to the user. */
  name: string;
  /** The library's courier code ("ups", "fedex"…); null for a carrier it does not know. */
  code: string | null;
  /** The carrier's public tracking page for this number; null when unknown or not https. */
  trackingUrl: string | null;
  /** False when the number is not one of the named carrier's (wrong format or check digit). */
  valid: boolean;
}

/** S10 is the postal standard, not a carrier: name it for what it is. */
const DISPLAY_NAMES: Readonly<Record<string, string>> = { s10: "International post (S10)" };

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== "");
}

/** "DHL Express", "ups", "United States Postal Service" → the library's courier; undefined when unknown. */
function courierNamed(carrierName: string): TrackingCourier | undefined {
  const words = wordsOf(carrierName);
  const compact = words.join("");
  return allCouriers.find(
    (courier) =>
      words.includes(courier.courier_code) ||
      compact === courier.courier_code ||
      compact === wordsOf(courier.name).join(""),
  );
}

/** The library's "…%s…" template filled in; only https pages are linked. */
function trackingUrl(found: TrackingNumber): string | null {
  if (found.trackingUrl === null) return null;
  const url = URL.parse(found.trackingUrl.replace("%s", encodeURIComponent(found.trackingNumber)));
  return url !== null && url.protocol === "https:" ? url.href : null;
}

function describe(found: TrackingNumber): CarrierInfo {
  const { code, name } = found.courier;
  return { name: DISPLAY_NAMES[code] ?? name, code, trackingUrl: trackingUrl(found), valid: true };
}

/**
 * What the tracking number says about its carrier. Without a carrier name, the carrier is
 * detected from the number (null when no known format with a valid check digit matches).
 * With a name the library knows, the number is checked against that carrier only, and an
 * invalid one gets no link. A carrier the library does not know cannot be checked: it is
 * returned as named, valid, without a link.
 */
export function carrierFor(trackingNumber: string, carrierName: string | null): Readonly<CarrierInfo> | null {
  const key = JSON.stringify([trackingNumber, carrierName]);
  const remembered = known.get(key);
  if (remembered !== undefined) return remembered;
  const info = identify(trackingNumber, carrierName);
  if (known.size >= KNOWN_LIMIT) known.delete(known.keys().next().value as string);
  known.set(key, info === null ? null : Object.freeze(info));
  return info;
}

/**
 * Identifying tries the number against every format of every carrier, and the checks ask again
 * after every answer about a trade: the latest answers are kept (frozen, as they are shared),
 * the oldest dropped first.
 */
const KNOWN_LIMIT = 1000;
const known = new Map<string, Readonly<CarrierInfo> | null>();

function identify(trackingNumber: string, carrierName: string | null): CarrierInfo | null {
  if (trackingNumber.trim() === "") return null;
  const named = carrierName === null || carrierName.trim() === "" ? null : courierNamed(carrierName);
  if (named === undefined) return { name: (carrierName ?? "").trim(), code: null, trackingUrl: null, valid: true };
  const found = getTracking(trackingNumber, named === null ? allCouriers : [named]);
  if (found !== undefined) return describe(found);
  const courier = named ?? courierByPrefix(trackingNumber);
  if (courier === undefined) return null;
  const name = DISPLAY_NAMES[courier.courier_code] ?? courier.name;
  return { name, code: courier.courier_code, trackingUrl: null, valid: false };
}

/**
 * With no carrier named, a number that failed every check may still plainly be one carrier's:
 * its format starts with that carrier's own prefix (UPS "1Z") and has a check digit, which then
 * failed. Formats without such a prefix (plain digits) could be any carrier's and are not judged.
 */
function courierByPrefix(trackingNumber: string): TrackingCourier | undefined {
  const number = trackingNumber.trim();
  return allCouriers.find((courier) =>
    courier.tracking_numbers.some((format) => {
      const source = typeof format.regex === "string" ? format.regex : format.regex.join("");
      const prefix = /^[A-Za-z0-9]*/.exec(source.replace(/\\s\*/g, ""))?.[0] ?? "";
      return (
        prefix.length >= 2 && format.validation.checksum !== undefined && new RegExp(`^(?:${source})$`, "i").test(number)
      );
    }),
  );
}
