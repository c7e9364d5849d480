/**
 * Vendure (headless commerce, vendure.io). A Vendure storefront is the shop's own front end, so
 * no markup is standard; what the adapter recognises (docs/adapters.md, "Vendure"):
 *
 * - the order code: an element carrying `data-vendure-order-code` (its value, else its text),
 *   or else the Remix storefront starter's confirmation route `/checkout/confirmation/<code>`;
 *   the route alone counts only with a Vendure sign beside it (the Shop API meta below) or a code
 *   in Vendure's default form (16 capitals and digits), since other shops use the same path;
 * - the Shop API: `<meta name="vendure:shop-api" content="…">`, else `<page origin>/shop-api`,
 *   Vendure's default path behind a storefront that proxies it.
 *
 * The page names the order only. Its contents and statuses come from the Shop API's
 * `orderByCode` (asked by lib/background/vendure-api.ts), which shows an order to guests only
 * for a while after it is placed (2 hours by default) and answers FORBIDDEN after that. This is the
 * page side; vendure.ts interprets what it read and the Shop API's answer, in the background.
 */
import { brokenReading, countMatches, readSafely, textOf } from "./reading";
import type { PageAdapter, PageReading } from "./types";
import { VENDURE_ORDER_CODE } from "../detector";
import { VENDURE_CONFIRMATION_PATH } from "../path-signs";

/** Selectors and routes the adapter reads, by name (diagnostics report them by these names). */
export const SELECTORS = {
  orderCode: VENDURE_ORDER_CODE,
  shopApi: 'meta[name="vendure:shop-api"]',
} as const;

/** Vendure's DefaultOrderCodeStrategy: 16 capitals and digits. */
const DEFAULT_ORDER_CODE = /^[0-9A-Z]{16}$/;
/** Order codes of any OrderCodeStrategy that TradeWatch accepts: short, no spaces or markup. */
export const ORDER_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,99}$/;
export const MAX_SHOP_API_CHARS = 2048;

export interface VendurePageRaw {
  code: string;
  /** The meta's content as written (resolved and checked in the background); null without one. */
  shopApi: string | null;
}

export const vendureAdapter: PageAdapter = {
  id: "vendure",
  read: (doc) => readSafely("vendure", doc, () => readVendurePage(doc)),
};

function readVendurePage(doc: Document): PageReading[] {
  const page = URL.parse(doc.URL);
  if (page === null) return [];
  const element = doc.querySelector(SELECTORS.orderCode);
  const shopApiMeta = doc.querySelector(SELECTORS.shopApi);
  const routeCode = routeSegment(page.pathname);
  const recognised = element !== null || (routeCode !== null && (shopApiMeta !== null || DEFAULT_ORDER_CODE.test(routeCode)));
  if (!recognised) return [];
  const code = element?.getAttribute("data-vendure-order-code")?.trim() || textOf(element) || routeCode || "";
  const shopApi = shopApiMeta?.getAttribute("content")?.trim() ?? null;
  const missing = [
    ...(ORDER_CODE.test(code) ? [] : ["code"]),
    // The shop said where its API is, but not usably: guessing another address would be wrong.
    ...(shopApiMeta !== null && (!shopApi || shopApi.length > MAX_SHOP_API_CHARS) ? ["shopApi"] : []),
  ];
  if (missing.length > 0) {
    const matched = { ...countMatches(doc, SELECTORS), confirmationRoute: routeCode === null ? 0 : 1 };
    return [brokenReading("vendure", doc, matched, missing)];
  }
  const raw: VendurePageRaw = { code, shopApi };
  return [{ adapter: "vendure", kind: "order", raw }];
}

/** The route's last segment, decoded; null off the route or when it does not decode. */
function routeSegment(pathname: string): string | null {
  const segment = VENDURE_CONFIRMATION_PATH.exec(pathname)?.[1];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
