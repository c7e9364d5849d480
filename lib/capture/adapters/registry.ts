import { readSafely } from "./reading";
import { schemaOrgJsonLdAdapter } from "./schema-org-json-ld-page";
import { schemaOrgMicrodataAdapter } from "./schema-org-microdata-page";
import { shopifyAdapter } from "./shopify-page";
import { MAX_READING_CHARS, MAX_READINGS, type AdapterId, type PageAdapter, type PageData, type PageReading } from "./types";
import { vendureAdapter } from "./vendure-page";
import { woocommerceAdapter } from "./woocommerce-page";

/**
 * Every platform adapter's page side, standards first: the capture script runs PAGE_ADAPTERS
 * through readPage; the background interprets each reading with INTERPRETERS (interpreters.ts).
 */

export const PAGE_ADAPTERS: readonly PageAdapter[] = [
  schemaOrgJsonLdAdapter,
  schemaOrgMicrodataAdapter,
  shopifyAdapter,
  woocommerceAdapter,
  vendureAdapter,
];

export interface ReadPageOptions {
  /** Adapters the user switched off (settings.disabledAdapters): they do not read the page. */
  disabled: readonly AdapterId[];
  /** Adapters whose signs the page showed (in its markup or its address): only they read the page. */
  signs: readonly AdapterId[];
  /** The extension's version, written into diagnostics (the manifest's). */
  version?: string;
}

/**
 * What the adapters whose signs were seen, and that are switched on, read on the page, in
 * PAGE_ADAPTERS order. Never throws. Bounded like the capture message: at most MAX_READINGS
 * readings and MAX_READING_CHARS characters of JSON (a reading that would pass it is left out,
 * later smaller ones still fit), so a page cannot get its capture message refused.
 */
export function readPage(doc: Document, pageData: PageData | null, options: ReadPageOptions): PageReading[] {
  const readings: PageReading[] = [];
  let chars = 2;
  for (const adapter of PAGE_ADAPTERS) {
    if (!options.signs.includes(adapter.id) || options.disabled.includes(adapter.id)) continue;
    for (const reading of readSafely(adapter.id, doc, () => adapter.read(doc, pageData))) {
      const stamped = reading.kind === "broken" && options.version ? { ...reading, diagnostic: { ...reading.diagnostic, version: options.version } } : reading;
      const size = jsonLength(stamped) + 1;
      if (readings.length === MAX_READINGS) return readings;
      if (chars + size > MAX_READING_CHARS) continue;
      chars += size;
      readings.push(stamped);
    }
  }
  return readings;
}

/** The reading's JSON length; a reading that cannot be written as JSON (a cycle) is left out. */
function jsonLength(reading: PageReading): number {
  try {
    return JSON.stringify(reading).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
