import { minorToDecimal } from "../../domain/money";
import { MICRODATA_ORDER } from "../detector";
import { parsePriceText } from "../price-text";
import { findOrders, hasType, prop, type JsonObject } from "../schema-org-json";
import { countMatches, MAX_TEXT, readSafely } from "./reading";
import { schemaOrgReadings } from "./schema-org-json-ld-page";
import type { PageAdapter, PageReading } from "./types";

/**
 * schema.org Orders in HTML microdata (`itemscope`/`itemtype`/`itemprop`): nested Order →
 * OrderItem/Offer → Product, ParcelDelivery, Invoice, several Orders on one page. Each Order
 * is read into the plain JSON-LD shape and interpreted exactly like JSON-LD (one
 * interpretation for both forms, schema-org-json-ld.ts). Prices may be shown as text in the
 * page's locale ("1.234,56 €"): they are turned into plain decimals here. Dates must be
 * machine-readable (`<time datetime>` or `content`), as schema.org asks. `itemref` is followed.
 */

export const MICRODATA_PROPERTY = "[itemprop]";

/** Nesting beyond this is not an order (Order → Offer → Product → Offer is four). */
const MAX_DEPTH = 8;
/** Elements looked at per item, so a huge page cannot make reading slow. */
const MAX_ELEMENTS = 20_000;
const MAX_ORDERS = 50;

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;
const SCHEMA_ORG_PROPERTY = /^https?:\/\/schema\.org\//i;

export const schemaOrgMicrodataAdapter: PageAdapter = {
  id: "schema-org-microdata",
  read: (doc) => readSafely("schema-org-microdata", doc, () => readMicrodata(doc)),
};

function readMicrodata(doc: Document): PageReading[] {
  const elements = [...doc.querySelectorAll(MICRODATA_ORDER)].slice(0, MAX_ORDERS);
  if (elements.length === 0) return [];
  const locale = doc.documentElement.lang || null;
  const nodes = elements.map((element) => ({ "@context": "https://schema.org", ...itemObject(element, 0, locale) }));
  const orders = nodes.flatMap((node) => findOrders(node));
  return schemaOrgReadings("schema-org-microdata", doc, orders, countMatches(doc, { MICRODATA_ORDER, MICRODATA_PROPERTY }), { orderTexts: true });
}

/** An item as a JSON-LD node: its type, and each property's value (a list when it has several). */
function itemObject(item: Element, depth: number, locale: string | null): JsonObject {
  const node: JsonObject = {};
  const type = item.getAttribute("itemtype")?.trim().split(/\s+/)[0];
  if (type) node["@type"] = type;
  for (const element of properties(item)) {
    const value = element.hasAttribute("itemscope")
      ? depth < MAX_DEPTH
        ? itemObject(element, depth + 1, locale)
        : undefined
      : propertyValue(element);
    if (value === undefined) continue;
    for (const name of (element.getAttribute("itemprop") ?? "").trim().split(/\s+/)) {
      const key = name.replace(SCHEMA_ORG_PROPERTY, "");
      if (key === "" || key.startsWith("@")) continue;
      const existing = prop(node, key);
      node[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  }
  return withPlainPrices(node, locale);
}

/**
 * The elements carrying the item's properties, in document order: its descendants and the
 * elements its `itemref` names, without looking inside nested items (their properties are theirs).
 */
function properties(item: Element): Element[] {
  const found: Element[] = [];
  const referenced = (item.getAttribute("itemref") ?? "")
    .split(/\s+/)
    .map((id) => (id ? item.ownerDocument.getElementById(id) : null))
    .filter((element): element is HTMLElement => element !== null);
  const stack: Element[] = [...referenced, ...item.children].reverse();
  for (let seen = 0; stack.length > 0 && seen < MAX_ELEMENTS; seen++) {
    const element = stack.pop() as Element;
    if (element.hasAttribute("itemprop")) found.push(element);
    if (!element.hasAttribute("itemscope")) stack.push(...[...element.children].reverse());
  }
  return found;
}

/** Where the microdata spec takes an element's value from, by element name (elsewhere: its text). */
const VALUE_ATTRIBUTES: Record<string, string> = {
  meta: "content",
  a: "href",
  area: "href",
  link: "href",
  audio: "src",
  embed: "src",
  iframe: "src",
  img: "src",
  source: "src",
  video: "src",
  object: "data",
  data: "value",
  meter: "value",
};

/** A property's value as the microdata spec says, except that a `content` attribute wins on any element (common practice). */
function propertyValue(element: Element): string {
  const tag = element.localName;
  const attribute = element.hasAttribute("content")
    ? "content"
    : tag === "time" && element.hasAttribute("datetime")
      ? "datetime"
      : Object.hasOwn(VALUE_ATTRIBUTES, tag)
        ? VALUE_ATTRIBUTES[tag]
        : undefined;
  const value = attribute === undefined ? element.textContent : element.getAttribute(attribute);
  return (value ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
}

/**
 * Prices shown as text become plain decimals with their currency, as JSON-LD writes them:
 * an Offer's or PriceSpecification's price, a MonetaryAmount's value, and a total given as
 * bare text. Text that does not read as one price is left for readOrders to name in its reason.
 */
function withPlainPrices(node: JsonObject, locale: string | null): JsonObject {
  const [amountKey, currencyKey] = hasType(node, "MonetaryAmount") ? ["value", "currency"] : ["price", "priceCurrency"];
  const amount = prop(node, amountKey);
  if (typeof amount === "string" && !PLAIN_DECIMAL.test(amount)) {
    const price = priceFrom(amount, prop(node, currencyKey), locale);
    if (price !== null) {
      node[amountKey] = price.price;
      node[currencyKey] = price.priceCurrency;
    }
  }
  const total = prop(node, "totalPaymentDue");
  const price = typeof total === "string" ? priceFrom(total, prop(node, "priceCurrency"), locale) : null;
  if (price !== null) node.totalPaymentDue = { "@type": "PriceSpecification", ...price };
  return node;
}

/** A price text as a plain decimal and its currency, unless it names another currency than the one declared. */
function priceFrom(text: string, declared: unknown, locale: string | null): { price: string; priceCurrency: string } | null {
  const currency = typeof declared === "string" && declared.trim() !== "" ? declared.trim().toUpperCase() : null;
  const price = parsePriceText(text, { currency, locale });
  if (price === null || (currency !== null && currency !== price.currency)) return null;
  return { price: minorToDecimal(price.minor, price.currency), priceCurrency: price.currency };
}
