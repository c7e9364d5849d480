import * as z from "zod";
import { decimalToMinor, isCurrencyCode, minorDigits } from "../domain/money";
import { COMMANDS_ACTION_NAME, COMMANDS_SUPPORTED_PROPERTY } from "../protocol/commands";
import { COMMAND_NAMES, type CapturedOrder, type Money, type OrderItem, type ShopCommands } from "../domain/types";
import { webPageUrl } from "../web-page";
import { endOfDay, orderDayInstant } from "../domain/calendar-day";
import { MAX_ITEMS } from "./adapters/reading";
import { acceptEndpoint } from "./endpoint-policy";
import {
  declaresOrder,
  findOrders,
  first,
  firstObject,
  hasType,
  isCheckoutOrder,
  isObject,
  list,
  MAX_ORDERS,
  nameOf,
  parseJson,
  prop,
  type JsonObject,
} from "./schema-org-json";

/**
 * Reads schema.org Orders from the JSON-LD of an order confirmation page (seed 002: the
 * trading information the client captures at order time). Runs in the background on the
 * text the content script collected; every value comes from the page and is untrusted.
 */

export type CaptureOutcome =
  | { kind: "order"; order: CapturedOrder }
  | { kind: "invalid"; reason: string };

const MAX_QUANTITY = 1_000_000;
const MAX_ID = 200;
const MAX_NAME = 500;
const MAX_SKU = 200;
/** Far beyond any price; keeps the reason-building regex below cheap. */
const MAX_AMOUNT_CHARS = 32;

type Issue = z.core.$ZodIssue;
type RefinementCtx = z.core.$RefinementCtx;

/**
 * One outcome per distinct Order on the page (the first valid one of each order number);
 * [] when the page holds no schema.org Order or is not an http(s) page. A checkout's pending
 * Order (see isCheckoutOrder) is not an order yet: it gives no outcome. Never throws.
 * `timeZone` is the user's: it says which instants the calendar days an Order gives stand for.
 */
export function readOrders(blocks: string[], page: { url: string }, now: string, timeZone: string): CaptureOutcome[] {
  const pageUrl = webPageUrl(page.url);
  if (!pageUrl) return [];
  // A fragment only jumps within the page: the trade keeps the page's address without it.
  pageUrl.hash = "";
  const read: ReadOrder[] = [];
  for (const block of blocks) {
    if (read.length >= MAX_ORDERS) break;
    const json = parseJson(block);
    if (json !== undefined) {
      const orders = findOrders(json).filter((order) => !isCheckoutOrder(order));
      read.push(...orders.map((order) => readOrder(order, pageUrl, now, timeZone)));
    } else if (declaresOrder(block)) read.push(unreadable(block));
  }
  return distinct(read.slice(0, MAX_ORDERS));
}

interface ReadOrder {
  /** The order number, when it could be read: duplicates are merged on it. */
  id: string | null;
  outcome: CaptureOutcome;
}

/** The Order's total wherever schema.org lets a shop put it, or null when there is none that reads as money. */
export function readTotal(order: JsonObject): Money | null {
  const parsed = totalSchema.safeParse(totalDraft(order, firstObject(prop(order, "partOfInvoice"))));
  if (!parsed.success) return null;
  const total = toMoney(parsed.data.amount, parsed.data.currency);
  return typeof total === "string" ? null : total;
}

/** The seller's (or merchant's) name, when the Order gives a usable one. */
export function readShopName(order: JsonObject): string | null {
  const parsed = shopNameSchema.safeParse(sellerName(order));
  return parsed.success ? parsed.data : null;
}

/** The order number of a block that is not JSON, so that its reason can name the order. */
const ORDER_NUMBER_TEXT = /"orderNumber"\s*:\s*(?:"([^"\\]{1,200})"|(\d{1,200}))/;

function unreadable(block: string): ReadOrder {
  const match = ORDER_NUMBER_TEXT.exec(block);
  const id = orderNumberSchema.safeParse(match?.[1] ?? match?.[2]);
  return id.success
    ? { id: id.data, outcome: invalid(`Order ${id.data}: the page's JSON-LD is not valid JSON`) }
    : { id: null, outcome: invalid("An Order on this page is not valid JSON") };
}

function invalid(reason: string): CaptureOutcome {
  return { kind: "invalid", reason };
}

/** Same order number twice: keep the first valid reading, else the first reading. */
function distinct(read: ReadOrder[]): CaptureOutcome[] {
  const outcomes: CaptureOutcome[] = [];
  const slots = new Map<string, number>();
  for (const { id, outcome } of read) {
    const slot = id === null ? undefined : slots.get(id);
    if (slot === undefined) {
      if (id !== null) slots.set(id, outcomes.length);
      outcomes.push(outcome);
    } else if (outcome.kind === "order" && outcomes[slot]?.kind === "invalid") {
      outcomes[slot] = outcome;
    }
  }
  return outcomes;
}

function readOrder(order: JsonObject, page: URL, now: string, timeZone: string): ReadOrder {
  const id = orderNumberSchema.safeParse(prop(order, "orderNumber"));
  if (!id.success) return { id: null, outcome: invalid(`An Order on this page ${firstMessage(id.error.issues)}`) };
  const tradingId = id.data;
  const parsed = orderSchema.safeParse(draft(order, now, timeZone));
  if (!parsed.success) return { id: tradingId, outcome: invalid(reasonFor(tradingId, parsed.error.issues)) };
  const { shopName, orderDate, total, items, paymentDueAt, expectedDeliveryAt } = parsed.data;
  const dateProblem = orderDateProblem(tradingId, orderDate, now);
  if (dateProblem !== null) return { id: tradingId, outcome: invalid(dateProblem) };
  const pageUrl = page.href;
  const endpoints = {
    shop: trackEndpoint(order, pageUrl),
    payment: trackEndpoint(firstObject(prop(order, "partOfInvoice")), pageUrl),
    delivery: trackEndpoint(firstObject(prop(order, "orderDelivery")), pageUrl),
  };
  const info = {
    tradingId,
    // The origin is the page's own: page data must not claim to be another shop.
    shop: { name: shopName ?? page.hostname, origin: page.origin },
    orderDate,
    items,
    total,
    endpoints,
    commands: shopCommands(order, pageUrl),
    adapter: "schema-org-json-ld",
    protocol: "tradewatch" as const,
    pageUrl,
    capturedAt: now,
  };
  return { id: tradingId, outcome: { kind: "order", order: { info, paymentDueAt, expectedDeliveryAt } } };
}

function firstMessage(issues: Issue[]): string {
  return issues[0]?.message ?? "could not be read";
}

/** Issue messages are clauses ("has no total", "total has 3 decimals…"); the first one becomes the reason. */
function reasonFor(tradingId: string, issues: Issue[]): string {
  const [field, index] = issues[0]?.path ?? [];
  const message = firstMessage(issues);
  const clause = field === "items" && typeof index === "number" ? `item ${index + 1} ${message}` : message;
  return clause.startsWith("has ") ? `Order ${tradingId} ${clause}` : `Order ${tradingId}: ${clause}`;
}

/** The first TrackAction target of a node that the endpoint policy accepts. */
function trackEndpoint(node: JsonObject | undefined, pageUrl: string): string | null {
  for (const action of actions(node)) {
    if (!hasType(action, "TrackAction")) continue;
    const endpoint = actionTarget(action, pageUrl);
    if (endpoint) return endpoint;
  }
  return null;
}

function actions(node: JsonObject | undefined): JsonObject[] {
  return list(node && prop(node, "potentialAction")).filter(isObject);
}

/** An action's first target (a URL, or an EntryPoint's urlTemplate or url) that the endpoint policy accepts. */
function actionTarget(action: JsonObject, pageUrl: string): string | null {
  for (const target of list(prop(action, "target"))) {
    const raw = isObject(target) ? (prop(target, "urlTemplate") ?? prop(target, "url")) : target;
    const endpoint = acceptEndpoint(raw, pageUrl);
    if (endpoint) return endpoint;
  }
  return null;
}

/**
 * The command endpoint the Order announces (docs/protocol.md, "Commands"): the first action
 * named COMMANDS_ACTION_NAME with an accepted target and at least one known command. Names
 * this version does not know are left out, so a newer shop still works with what both know.
 */
function shopCommands(order: JsonObject, pageUrl: string): ShopCommands | null {
  for (const action of actions(order)) {
    if (prop(action, "name") !== COMMANDS_ACTION_NAME) continue;
    const announced = list(prop(action, COMMANDS_SUPPORTED_PROPERTY));
    const supports = COMMAND_NAMES.filter((name) => announced.includes(name));
    const url = actionTarget(action, pageUrl);
    if (url && supports.length > 0) return { url, supports };
  }
  return null;
}

/**
 * Gathers what the Order says from wherever schema.org lets a shop put it into one fixed
 * shape for orderSchema. Page objects are only read (own properties), never copied. A delivery
 * window's start alone (expectedArrivalFrom) is no deadline: the parcel is not late after it.
 */
function draft(order: JsonObject, now: string, timeZone: string) {
  const invoice = firstObject(prop(order, "partOfInvoice"));
  const delivery = firstObject(prop(order, "orderDelivery"));
  const offers = list(prop(order, "acceptedOffer"));
  const items = offers.length > 0 ? offers.map(offerItem) : list(prop(order, "orderedItem")).map(orderedItem);
  return {
    shopName: sellerName(order),
    orderDate: dayAs(prop(order, "orderDate"), (day) => orderDayInstant(day, now, timeZone)),
    total: totalDraft(order, invoice),
    items: items.slice(0, MAX_ITEMS + 1),
    paymentDueAt: dayAs(invoice && prop(invoice, "paymentDueDate"), (day) => endOfDay(day, timeZone)),
    expectedDeliveryAt: dayAs(delivery && prop(delivery, "expectedArrivalUntil"), (day) => endOfDay(day, timeZone)),
  };
}

/**
 * A schema.org Date (a calendar day) as the instant that stands for it in its use
 * (calendar-day.ts), else the value as it is, a DateTime or not a date at all.
 */
function dayAs(value: unknown, instant: (day: string) => string | null): unknown {
  if (typeof value !== "string" || !ISO_DATE.safeParse(value.trim()).success) return value;
  return instant(value.trim()) ?? value;
}

function sellerName(order: JsonObject): unknown {
  return nameOf(first(prop(order, "seller") ?? prop(order, "merchant")));
}

function totalDraft(order: JsonObject, invoice: JsonObject | undefined): unknown {
  // Gmail's order markup puts the total on the Order itself.
  return prop(order, "price") !== undefined
    ? { amount: prop(order, "price"), currency: prop(order, "priceCurrency") }
    : priceOf(first(prop(order, "totalPaymentDue") ?? (invoice && prop(invoice, "totalPaymentDue"))));
}

/** PriceSpecification (price, priceCurrency) or MonetaryAmount (value, currency). */
function priceOf(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  return {
    amount: prop(spec, "price") ?? prop(spec, "value"),
    currency: prop(spec, "priceCurrency") ?? prop(spec, "currency"),
  };
}

function offerItem(offer: unknown) {
  const fields = isObject(offer) ? offer : {};
  const product = first(prop(fields, "itemOffered"));
  return {
    name: nameOf(product),
    sku: isObject(product) ? prop(product, "sku") : undefined,
    quantity: quantityOf(prop(fields, "eligibleQuantity")),
    amount: prop(fields, "price"),
    currency: prop(fields, "priceCurrency"),
  };
}

function orderedItem(entry: unknown) {
  const fields = isObject(entry) ? entry : {};
  // schema.org also allows a bare Product in place of an OrderItem.
  const product = Object.hasOwn(fields, "orderedItem") ? first(prop(fields, "orderedItem")) : entry;
  const offer = isObject(product) ? firstObject(prop(product, "offers")) : undefined;
  return {
    name: nameOf(product),
    sku: isObject(product) ? prop(product, "sku") : undefined,
    quantity: quantityOf(prop(fields, "orderQuantity")),
    amount: offer && prop(offer, "price"),
    currency: offer && prop(offer, "priceCurrency"),
  };
}

/** A QuantitativeValue's value, or the plain number schema.org allows in its place. */
function quantityOf(quantity: unknown): unknown {
  return isObject(quantity) ? prop(quantity, "value") : quantity;
}

/** A page value as it may appear in a reason: short, and never a whole page object. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "[…]" : "{…}";
}

const orderNumberSchema = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? "has no order number" : "has an order number that is not text"),
  })
  .transform((id) => String(id).trim())
  .pipe(
    z
      .string()
      .min(1, { error: "has an empty order number" })
      .max(MAX_ID, { error: `has an order number longer than ${MAX_ID} characters` }),
  );

const ISO_DATE = z.iso.date();
const ZONED_DATE_TIME = z.iso.datetime({ offset: true });
/** ISO 8601 (schema.org's DateTime) lets a time with an offset end at the minute, unlike RFC 3339. */
const ZONED_MINUTE = z.iso.datetime({ offset: true, precision: -1 });
const LOCAL_DATE_TIME = z.iso.datetime({ local: true });

/**
 * A schema.org DateTime as a full ISO instant in UTC, or null. A Date is read by `dayAs` first;
 * one it cannot place in a time zone (year 0000) is read at midnight UTC, to be judged as a date.
 */
function toInstant(raw: string): string | null {
  const text = raw.trim();
  let date: Date;
  if (ISO_DATE.safeParse(text).success || ZONED_DATE_TIME.safeParse(text).success || ZONED_MINUTE.safeParse(text).success) date = new Date(text);
  // A date-time without an offset names no instant; reading it as UTC keeps capture deterministic.
  else if (LOCAL_DATE_TIME.safeParse(text).success) date = new Date(`${text}Z`);
  else return null;
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Orders are placed online after the web shops began and not later than tomorrow (time zones). */
const EARLIEST_ORDER_DATE = Date.parse("1994-01-01T00:00:00Z");
const ORDER_DATE_AHEAD_MS = 36 * 3_600_000;

/** Why an order's date cannot be right ("Order X: order date … is not plausible"), or null when it can. */
export function orderDateProblem(tradingId: string, orderDate: string, now: string): string | null {
  const at = Date.parse(orderDate);
  const plausible = at >= EARLIEST_ORDER_DATE && at <= Date.parse(now) + ORDER_DATE_AHEAD_MS;
  return plausible ? null : `Order ${tradingId}: order date ${orderDate.slice(0, 10)} is not plausible`;
}

const orderDateSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "has no order date" : "order date is not text") })
  .transform((text, ctx) => toInstant(text) ?? reject(ctx, `order date ${shown(text)} is not a date`));

/** Dates announced for later checks: useful when valid, never a reason to drop the order. */
const optionalDateSchema = z.unknown().transform((value) => (typeof value === "string" ? toInstant(value) : null));

function amountSchema(what: string) {
  return z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? `${what} has no amount` : `${what} ${shown(issue.input)} is not an amount`),
    })
    .transform((amount) => String(amount).trim())
    .pipe(z.string().max(MAX_AMOUNT_CHARS, { error: (issue) => `${what} ${shown(issue.input)} is not an amount` }));
}

function currencySchema(what: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} has no currency` : `${what} currency ${shown(issue.input)} is not text`),
    })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { error: (issue) => `${what} currency ${shown(issue.input)} is not an ISO 4217 code` });
}

function quantityError(issue: { input?: unknown }): string {
  return `quantity ${shown(issue.input)} is not a whole number from 1 to ${MAX_QUANTITY.toLocaleString("en")}`;
}

const quantitySchema = z
  .union([z.number(), z.string().trim().regex(/^\d{1,7}$/).transform(Number)], { error: quantityError })
  .pipe(z.int({ error: quantityError }).min(1, { error: quantityError }).max(MAX_QUANTITY, { error: quantityError }))
  .default(1);

const itemSchema = z.object({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? "has no name" : "name is not text") })
    .trim()
    .min(1, { error: "has no name" })
    .max(MAX_NAME, { error: `name is longer than ${MAX_NAME} characters` }),
  sku: z
    .union([z.string(), z.number()], { error: "sku is not text" })
    .transform((sku) => String(sku).trim())
    .pipe(z.string().max(MAX_SKU, { error: `sku is longer than ${MAX_SKU} characters` }))
    .optional()
    .transform((sku) => sku || null),
  quantity: quantitySchema,
  amount: amountSchema("price").optional(),
  currency: currencySchema("price").optional(),
});

const shopNameSchema = z.string().trim().min(1).max(MAX_NAME);

const totalSchema = z.object(
  { amount: amountSchema("total"), currency: currencySchema("total") },
  { error: (issue) => (issue.input === undefined ? "has no total" : "total is not a price") },
);

const orderSchema = z
  .object({
    // The shop's name is for people only; a missing or odd one must not cost the order.
    shopName: shopNameSchema.nullable().catch(null),
    orderDate: orderDateSchema,
    total: totalSchema,
    items: z
      .array(itemSchema)
      .min(1, { error: "has no items" })
      .max(MAX_ITEMS, { error: `has more than ${MAX_ITEMS.toLocaleString("en")} items` }),
    paymentDueAt: optionalDateSchema,
    expectedDeliveryAt: optionalDateSchema,
  })
  .transform((order, ctx) => {
    const total = toMoney(order.total.amount, order.total.currency);
    if (typeof total === "string") return reject(ctx, `total ${total}`);
    const items: OrderItem[] = [];
    for (const [index, item] of order.items.entries()) {
      let unitPrice: Money | null = null;
      if (item.amount !== undefined) {
        // A price without its own currency is in the order's.
        const currency = item.currency ?? total.currency;
        if (currency !== total.currency) {
          return reject(ctx, `mixed currencies (total in ${total.currency}, item ${index + 1} in ${currency})`);
        }
        const price = toMoney(item.amount, currency);
        if (typeof price === "string") return reject(ctx, `price ${price}`, ["items", index]);
        unitPrice = price;
      }
      items.push({ name: item.name, sku: item.sku, quantity: item.quantity, unitPrice });
    }
    const { shopName, orderDate, paymentDueAt, expectedDeliveryAt } = order;
    return { shopName, orderDate, total, items, paymentDueAt, expectedDeliveryAt };
  });

function reject(ctx: RefinementCtx, message: string, path: PropertyKey[] = []): never {
  ctx.issues.push({ code: "custom", message, input: undefined, path });
  return z.NEVER;
}

/** Significant fraction digits of a plain decimal, to say why an amount has too many. */
const FRACTION = /^-?\d+\.(\d*[1-9])0*$/;

/** Money, or why the amount is not one in this currency. */
function toMoney(amount: string, currency: string): Money | string {
  const minor = decimalToMinor(amount, currency);
  if (minor === null) {
    const decimals = FRACTION.exec(amount)?.[1]?.length ?? 0;
    const allowed = minorDigits(currency);
    if (decimals <= allowed) return `${shown(amount)} is not an amount`;
    return `has ${decimals} ${decimals === 1 ? "decimal" : "decimals"}, ${currency} allows ${allowed}`;
  }
  return amount.startsWith("-") ? `${shown(amount)} is negative` : { minor, currency };
}
