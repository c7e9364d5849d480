import { useEffect, useState } from "preact/hooks";
import type { CarrierInfo } from "../lib/domain/carriers";

type Carriers = typeof import("../lib/domain/carriers");
let carriers: Promise<Carriers> | null = null;

/**
 * The carriers' formats (ts-tracking-number) are more than half of the popup's script and no
 * count or list needs them: they load once, when a card first shows a tracking number, after
 * the popup's first frame. A failed load is tried again by the next card.
 */
export function loadCarriers(): Promise<Carriers> {
  carriers ??= import("../lib/domain/carriers").catch((error: unknown) => {
    carriers = null;
    throw error;
  });
  return carriers;
}

/**
 * What the tracking number says about its carrier (`carrierFor`), worked out after the card's
 * first render: the card first shows the number as it is (undefined here) and the carrier's
 * name, link and check a moment later. Should the formats fail to load, the number stays as it
 * is (null: not identified).
 */
export function useCarrier(
  trackingNumber: string,
  carrierName: string | null,
  load: () => Promise<Carriers> = loadCarriers,
): Readonly<CarrierInfo> | null | undefined {
  const key = `${trackingNumber} ${carrierName ?? ""}`;
  const [found, setFound] = useState<{ key: string; info: Readonly<CarrierInfo> | null } | null>(null);
  useEffect(() => {
    let current = true;
    load()
      .then(({ carrierFor }) => carrierFor(trackingNumber, carrierName))
      .catch((error: unknown) => {
        console.warn("TradeWatch could not identify a tracking number's carrier:", error);
        return null;
      })
      .then((info) => {
        if (current) setFound({ key, info });
      });
    return () => {
      current = false;
    };
  }, [key]);
  // A card whose number changed shows the number alone until the new one is identified.
  return found?.key === key ? found.info : undefined;
}
