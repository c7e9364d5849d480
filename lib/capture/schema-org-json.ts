/**
 * Plain helpers for schema.org JSON-LD, shared by the capture script (which finds Orders on the
 * page) and the background (which validates them, lib/capture/schema-org-order.ts). No zod here:
 * the capture script must stay small (issue 7), and nothing it finds is trusted anyway.
 */

/** How deep arrays and @graph may nest around an Order; real pages use one or two levels. */
const MAX_DEPTH = 8;
/** A confirmation page has one Order; more than this is a page trying to flood the ledger. */
export const MAX_ORDERS = 50;

export type JsonObject = { [key: string]: unknown };

/** JSON has no undefined, so undefined marks text that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own properties only, so "constructor" and friends never come from Object.prototype; JSON-LD null means absent. */
export function prop(node: JsonObject, key: string): unknown {
  const value = Object.hasOwn(node, key) ? node[key] : undefined;
  return value === null ? undefined : value;
}

/** JSON-LD lets any property hold one value or a list. */
export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function first(value: unknown): unknown {
  return list(value)[0];
}

export function firstObject(value: unknown): JsonObject | undefined {
  const entry = first(value);
  return isObject(entry) ? entry : undefined;
}

const SCHEMA_ORG_IRI = /^https?:\/\/schema\.org\/?$/i;
const SCHEMA_ORG_TYPE = /^(?:schema:|https?:\/\/schema\.org\/)?(\w+)$/i;

/** A schema.org type or enumeration member's name ("https://schema.org/OrderCancelled" → "OrderCancelled"); "" for anything else. */
export function schemaOrgName(value: unknown): string {
  return typeof value === "string" ? (SCHEMA_ORG_TYPE.exec(value.trim())?.[1] ?? "") : "";
}

function isSchemaOrgIri(value: unknown): boolean {
  return typeof value === "string" && SCHEMA_ORG_IRI.test(value.trim());
}

function isSchemaOrgContext(context: unknown): boolean {
  return list(context).some((entry) => isSchemaOrgIri(entry) || (isObject(entry) && isSchemaOrgIri(prop(entry, "@vocab"))));
}

export function hasType(node: JsonObject, type: string): boolean {
  return list(prop(node, "@type")).some((entry) => schemaOrgName(entry) === type);
}

/** Orders at the top level, in a top-level array or in @graph; nodes inherit their document's @context. */
export function findOrders(value: unknown, found: JsonObject[] = [], schemaOrg = false, depth = 0): JsonObject[] {
  if (depth > MAX_DEPTH || found.length >= MAX_ORDERS) return found;
  if (Array.isArray(value)) {
    for (const entry of value) findOrders(entry, found, schemaOrg, depth + 1);
  } else if (isObject(value)) {
    const context = prop(value, "@context");
    const inSchemaOrg = context === undefined ? schemaOrg : isSchemaOrgContext(context);
    if (inSchemaOrg && hasType(value, "Order")) found.push(value);
    findOrders(prop(value, "@graph"), found, inSchemaOrg, depth + 1);
  }
  return found;
}

/**
 * A checkout (review) page's Order: payment due and no order number yet, because the order
 * is not placed. With an order number it is a confirmation, even of an order not paid yet.
 */
export function isCheckoutOrder(order: JsonObject): boolean {
  return prop(order, "orderNumber") === undefined && schemaOrgName(first(prop(order, "orderStatus"))) === "OrderPaymentDue";
}

/** A block that is not JSON but declares an Order deserves a reason rather than silence. */
const DECLARES_ORDER = /"@type"\s*:\s*(?:\[[^\]]{0,200})?"(?:schema:|https?:\/\/schema\.org\/)?Order"/;

/** Whether text that is not JSON still declares a schema.org Order (it then deserves a reason). */
export function declaresOrder(block: string): boolean {
  return DECLARES_ORDER.test(block);
}

/** A Thing's name, or the plain string schema.org allows in its place. */
export function nameOf(thing: unknown): unknown {
  return isObject(thing) ? prop(thing, "name") : thing;
}
