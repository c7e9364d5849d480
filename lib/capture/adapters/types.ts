/**
 * The contract of the platform adapters (issue 5). An adapter has two halves in two files:
 * `read` (`<adapter>-page.ts`) runs in the capture script on the page (DOM only, never throws,
 * returns plain JSON-serialisable data, no zod: the capture script must stay small), and
 * `interpret` (`<adapter>.ts`) runs in the background, where everything read is validated with
 * zod and turned into a CapturedOrder or status reports (the two schema.org adapters share
 * schema-org-json-ld.ts). Cheap signs decide whether the adapters run at all: the always-on
 * detector's in the page's markup (lib/capture/detector-script.ts) and the background's in its
 * address (lib/capture/path-signs.ts).
 */
import type { CapturedOrder } from "../../domain/types";
import type { StatusReport } from "../../protocol/status-report";

export const ADAPTER_IDS = ["schema-org-json-ld", "schema-org-microdata", "shopify", "woocommerce", "vendure"] as const;
export type AdapterId = (typeof ADAPTER_IDS)[number];

/** Names people know the adapters by, for messages ("TradeWatch recognised a Shopify order page…"). */
export const ADAPTER_NAMES: Record<AdapterId, string> = {
  "schema-org-json-ld": "schema.org (JSON-LD)",
  "schema-org-microdata": "schema.org (microdata)",
  shopify: "Shopify",
  woocommerce: "WooCommerce",
  vendure: "Vendure",
};

/**
 * Privacy-safe facts about a page an adapter recognised but could not read: which of its named
 * selectors matched how often and which required fields were missing. Never text from the
 * page, never the query string (it may carry an order key or an e-mail address).
 */
export interface Diagnostic {
  adapter: AdapterId;
  /** The page's origin and path only. */
  page: string;
  /** Selector constant name → number of elements it matched. */
  matched: Record<string, number>;
  /** Required fields that could not be read, e.g. ["total"]. */
  missing: string[];
  /** The TradeWatch version that read it (from the manifest). */
  version: string;
}

/** The most adapter readings one capture message carries, and the most characters of their JSON (lib/messages/schema.ts enforces both). */
export const MAX_READINGS = 20;
export const MAX_READING_CHARS = 256_000;

/** What an adapter read from one page (content side). `raw` is checked by the adapter's interpret. */
export type PageReading =
  /** A confirmation (or order detail) page: an order to capture. */
  | { adapter: AdapterId; kind: "order"; raw: unknown }
  /** An order status page: statuses to merge like a poll result (passive status capture). */
  | { adapter: AdapterId; kind: "status"; raw: unknown }
  /** The platform's page, recognised, but a required field could not be read. */
  | { adapter: AdapterId; kind: "broken"; diagnostic: Diagnostic };

/** What the page's own scripts know that a content script cannot see (read in the page's world by the background). */
export interface PageData {
  /** A copy of selected fields of `window.Shopify.checkout`, when the page has it. */
  shopifyCheckout: unknown;
}

export interface PageAdapter {
  id: AdapterId;
  /** Reads the page. Never throws: a strange page gives [] ("not mine") or a "broken" reading. */
  read(doc: Document, pageData: PageData | null): PageReading[];
}

export type Interpreted =
  | { kind: "order"; order: CapturedOrder }
  /** Reports to merge into the trade `tradingId` at the page's origin (zero extra requests). */
  | { kind: "status"; tradingId: string; reports: StatusReport[] }
  /**
   * The page only names the order; its contents come from the shop's own API (Vendure:
   * `orderByCode` on its Shop API), which the background asks once at capture.
   */
  | { kind: "fetch-order"; protocol: "vendure"; shopApi: string; code: string }
  | { kind: "invalid"; reason: string };

export interface AdapterInterpreter {
  id: AdapterId;
  /**
   * Validates a reading (untrusted: it came from a page) and turns it into domain data. Never
   * throws. `timeZone` is the user's: it says which instant a calendar day the page gives stands for.
   */
  interpret(reading: Extract<PageReading, { kind: "order" | "status" }>, page: URL, now: string, timeZone: string): Interpreted;
}
