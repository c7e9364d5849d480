import { useEffect, useState } from "preact/hooks";
import { carrierFor, type CarrierInfo } from "../lib/domain/carriers";

/**
 * What the tracking number says about its carrier (`carrierFor`), worked out after the card's
 * first render: identifying a number tries every format of every carrier and no count or list
 * needs it, so the card first shows the number as it is (undefined here) and the carrier's name,
 * link and check a moment later.
 */
export function useCarrier(trackingNumber: string, carrierName: string | null): Readonly<CarrierInfo> | null | undefined {
  const key = `${trackingNumber} ${carrierName ?? ""}`;
  const [found, setFound] = useState<{ key: string; info: Readonly<CarrierInfo> | null } | null>(null);
  useEffect(() => setFound({ key, info: carrierFor(trackingNumber, carrierName) }), [key]);
  // A card whose number changed shows the number alone until the new one is identified.
  return found?.key === key ? found.info : undefined;
}
