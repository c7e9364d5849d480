import type { AdapterId, PageReading } from "./types";

/**
 * What every adapter's content side shares: element text, named selector counts, and the
 * "broken" reading with its privacy-safe diagnostic. DOM only; never throws.
 */

/** Adapters do not know the extension's version; readPage stamps it (lib/capture/adapters/registry.ts). */
export const UNKNOWN_VERSION = "unknown";

/** Longer text is not a name, number or price; it is cut so a page cannot bloat a reading. */
export const MAX_TEXT = 500;
/** The most items an order may have: one more is read, so that the interpreter refuses the order rather than a cut list. */
export const MAX_ITEMS = 1000;
/** The most matches counted per selector (the message schema's bound). */
const MAX_COUNT = 100_000;
/** Path segments with a digit or this long may be an order's number or secret token (Shopify's order status URL). */
const MAX_PLAIN_SEGMENT = 24;

/** An element's text with runs of spaces collapsed, cut to `max`; null when there is no element or no text. */
export function textOf(element: Element | null | undefined, max = MAX_TEXT): string | null {
  const text = element?.textContent?.replace(/\s+/g, " ").trim().slice(0, max);
  return text ? text : null;
}

/** How many elements each named selector matches: the only page facts a diagnostic carries. */
export function countMatches(root: ParentNode, selectors: Record<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, selector] of Object.entries(selectors)) counts[name] = Math.min(root.querySelectorAll(selector).length, MAX_COUNT);
  return counts;
}

/**
 * The page as a diagnostic names it: origin and path, never the query string (order keys,
 * e-mail addresses), with segments that may be an order number or token masked as ":id".
 */
export function diagnosticPage(doc: Document): string {
  try {
    const url = new URL(doc.URL);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    const path = url.pathname
      .split("/")
      .map((segment) => (/\d/.test(segment) || segment.length > MAX_PLAIN_SEGMENT ? ":id" : segment))
      .join("/");
    return `${url.origin}${path}`.slice(0, 2000);
  } catch {
    return "";
  }
}

/** The platform's page, recognised, with required fields missing: said loudly, nothing captured. */
export function brokenReading(adapter: AdapterId, doc: Document, matched: Record<string, number>, missing: string[]): PageReading {
  return { adapter, kind: "broken", diagnostic: { adapter, page: diagnosticPage(doc), matched, missing, version: UNKNOWN_VERSION } };
}

/**
 * Runs an adapter's read so that it never throws: a throw is a bug meeting a page nobody
 * foresaw, so it is reported like a page the adapter could not read rather than swallowed.
 */
export function readSafely(adapter: AdapterId, doc: Document, read: () => PageReading[]): PageReading[] {
  try {
    return read();
  } catch {
    return [brokenReading(adapter, doc, {}, ["page"])];
  }
}
