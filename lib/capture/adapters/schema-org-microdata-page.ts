import { minorToDecimal } from "../../domain/money";
import { MICRODATA_ORDER } from "../detector";
import { parsePriceText } from "../price-text";
import { findOrders, hasType, prop, type JsonObject } from "../schema-org-json";
import { brokenReading, countMatches, MAX_TEXT, readSafely } from "./reading";
import { schemaOrgReadings } from "./schema-org-json-ld-page";
import type { PageAdapter, PageReading } from "./types";

/**
 * schema.org Orders in HTML microdata (`itemscope`/`itemtype`/`itemprop`): nested Order →
 * OrderItem/Offer → Product, ParcelDelivery, Invoice, several Orders on one page. Each Order
 * is read into the plain JSON-LD shape and interpreted exactly like JSON-LD (one
 * interpretation for both forms, schema-org-json-ld.ts). Prices may be shown as text in the
 * page's locale ("1.234,56 €"): they are turned into plain decimals here; only a `content`,
 * `value` or `datetime` attribute is taken as a plain decimal already. Dates must be
 * machine-readable (`<time datetime>` or `content`), as schema.org asks. `itemref` is followed,
 * each element once per item and never back into an item being read (a cycle).
 */

export const MICRODATA_PROPERTY = "[itemprop]";

/** Nesting beyond this is not an order (Order → Offer → Product → Offer is four). */
const MAX_DEPTH = 8;
/**
 * Elements looked at in one read, so a huge page (or itemrefs naming the same elements from
 * many items) cannot make reading slow; a page needing more is reported broken, not half read.
 */
const MAX_ELEMENTS = 50_000;
const MAX_ORDERS = 50;

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;
const SCHEMA_ORG_PROPERTY = /^https?:\/\/schema\.org\//i;

export const schemaOrgMicrodataAdapter: PageAdapter = {
  id: "schema-org-microdata",
  read: (doc) => readSafely("schema-org-microdata", doc, () => readMicrodata(doc)),
};

/**
 * One read of a page: its locale, the items being read (outermost first), the elements left
 * to look at, whether it ran out, and the property texts read so far (an element many items
 * itemref is read once).
 */
interface Read {
  locale: string | null;
  path: Set<Element>;
  elementsLeft: number;
  cut: boolean;
  texts: Map<Element, string>;
}

function readMicrodata(doc: Document): PageReading[] {
  const elements = [...doc.querySelectorAll(MICRODATA_ORDER)].slice(0, MAX_ORDERS);
  if (elements.length === 0) return [];
  const read: Read = { locale: doc.documentElement.lang || null, path: new Set(), elementsLeft: MAX_ELEMENTS, cut: false, texts: new Map() };
  const nodes = elements.map((element) => ({ "@context": "https://schema.org", ...itemObject(element, read) }));
  const matched = countMatches(doc, { MICRODATA_ORDER, MICRODATA_PROPERTY });
  if (read.cut) return [brokenReading("schema-org-microdata", doc, matched, ["page"])];
  const orders = nodes.flatMap((node) => findOrders(node));
  return schemaOrgReadings("schema-org-microdata", doc, orders, matched, { orderTexts: true });
}

/** An item as a JSON-LD node: its type, and each property's value (a list when it has several). */
function itemObject(item: Element, read: Read): JsonObject {
  read.path.add(item);
  const node: JsonObject = {};
  const machineReadable = new Set<string>();
  const type = item.getAttribute("itemtype")?.trim().split(/\s+/)[0];
  if (type) node["@type"] = type;
  for (const element of properties(item, read)) {
    let value: JsonObject | string;
    let fromAttribute = false;
    if (element.hasAttribute("itemscope")) {
      // An item already being read is a cycle (itemref back to itself or an outer item).
      if (read.path.size > MAX_DEPTH || read.path.has(element)) continue;
      value = itemObject(element, read);
    } else {
      const attribute = valueAttribute(element);
      value = read.texts.get(element) ?? propertyValue(element, attribute);
      read.texts.set(element, value);
      fromAttribute = attribute !== undefined && MACHINE_ATTRIBUTES.has(attribute);
    }
    for (const name of (element.getAttribute("itemprop") ?? "").trim().split(/\s+/)) {
      const key = name.replace(SCHEMA_ORG_PROPERTY, "");
      if (key === "" || key.startsWith("@")) continue;
      const existing = prop(node, key);
      node[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      if (fromAttribute) machineReadable.add(key);
    }
  }
  read.path.delete(item);
  return withPlainPrices(node, machineReadable, read.locale);
}

/**
 * The elements carrying the item's properties, in document order: its descendants and the
 * elements its `itemref` names, each once, without looking inside nested items (their
 * properties are theirs). Every element looked at counts against the read's budget.
 */
function properties(item: Element, read: Read): Element[] {
  const found: Element[] = [];
  const seen = new Set<Element>([item]);
  // A stack, so the itemref'd elements (looked at first) go on last, the last one first.
  const stack: Element[] = [];
  pushChildren(item, stack, read);
  const ids = [...new Set((item.getAttribute("itemref") ?? "").split(/\s+/))].filter((id) => id !== "");
  for (const id of ids.reverse()) {
    const element = item.ownerDocument.getElementById(id);
    if (element === null || !lookAt(read)) continue;
    stack.push(element);
  }
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    if (seen.has(element)) continue;
    seen.add(element);
    if (element.hasAttribute("itemprop")) found.push(element);
    if (!element.hasAttribute("itemscope")) pushChildren(element, stack, read);
  }
  return found;
}

/** Puts an element's children on the stack, the last first, as far as the read's budget goes. */
function pushChildren(parent: Element, stack: Element[], read: Read): void {
  for (let child = parent.lastElementChild; child !== null && lookAt(read); child = child.previousElementSibling) stack.push(child);
}

/** Counts one more element looked at; false (and the read cut) once the budget is spent. */
function lookAt(read: Read): boolean {
  if (read.elementsLeft === 0) {
    read.cut = true;
    return false;
  }
  read.elementsLeft--;
  return true;
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

/** The attributes schema.org's machine-readable values are written in: a plain decimal there is one. */
const MACHINE_ATTRIBUTES = new Set(["content", "value", "datetime"]);

/** Where the microdata spec takes the value from, except that a `content` attribute wins on any element (common practice); undefined: the text. */
function valueAttribute(element: Element): string | undefined {
  const tag = element.localName;
  if (element.hasAttribute("content")) return "content";
  if (tag === "time" && element.hasAttribute("datetime")) return "datetime";
  return Object.hasOwn(VALUE_ATTRIBUTES, tag) ? VALUE_ATTRIBUTES[tag] : undefined;
}

function propertyValue(element: Element, attribute: string | undefined): string {
  const value = attribute === undefined ? element.textContent : element.getAttribute(attribute);
  return (value ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
}

/**
 * Prices shown as text become plain decimals with their currency, as JSON-LD writes them:
 * an Offer's or PriceSpecification's price, a MonetaryAmount's value, and a total given as
 * bare text. Only a machine-readable attribute's "2.990" is the decimal 2.99: shown on a page
 * it is read in the page's locale like any price text (2,990 in euros). Text that does not
 * read as one price is left for readOrders to name in its reason.
 */
function withPlainPrices(node: JsonObject, machineReadable: ReadonlySet<string>, locale: string | null): JsonObject {
  const [amountKey, currencyKey] = hasType(node, "MonetaryAmount") ? ["value", "currency"] : ["price", "priceCurrency"];
  const amount = prop(node, amountKey);
  // A bare number shown without a currency is left for readOrders to put in the Order's currency.
  const plain = typeof amount === "string" && PLAIN_DECIMAL.test(amount) && (machineReadable.has(amountKey) || prop(node, currencyKey) === undefined);
  if (typeof amount === "string" && !plain) {
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
