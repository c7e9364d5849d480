import type { IncomingMessage, ServerResponse } from "node:http";
import { CONTROL_ACTIONS, clockBodySchema, controlActionSchema, type ClockAnswer } from "./control-api";
import { applyControl, controlOrder, listOrders } from "./control";
import { controlPanelPage } from "./control-panel";
import { orderTotal, parseCheckoutForm } from "./checkout";
import { HttpError, postJson, readBody, readJson, redirect, sendHtml, sendJson, type Handler } from "./http";
import {
  PAYMENTS_PATH,
  SHIPMENTS_PATH,
  type PaymentInstruction,
  type ShipmentInstruction,
} from "./providers";
import { checkoutErrorPage, confirmationPage, notFoundPage, reviewPage, storefrontPage, type ServerUrls } from "./shop-pages";
import { handleStatus, STATUS_PATH, type StatusDeps } from "./status-endpoint";
import { Timeline, type OrderLine, type ShopOrder } from "./store";

const DAY_MS = 86_400_000;
const PAYMENT_DUE_MS = DAY_MS;
const DELIVERY_EXPECTED_MS = 3 * DAY_MS;

export interface ShopDeps extends StatusDeps {
  shopName: string;
  /** The three servers' base URLs, known once they listen. */
  urls: () => ServerUrls;
}

/** The shop server: storefront, checkout review, checkout, confirmation pages, its status endpoint and the control interface. */
export function shopHandler(deps: ShopDeps): Handler {
  return async (req, res, url) => {
    const path = url.pathname;
    const get = req.method === "GET";
    const post = req.method === "POST";
    if (path === STATUS_PATH) return handleStatus("shop", deps, req, res, url);
    if (path === "/" && get) return sendHtml(res, 200, storefrontPage(deps.shopName));
    if (path === "/checkout/review" && post) return review(deps, req, res);
    if (path === "/checkout" && post) return checkout(deps, req, res);
    const orderPage = /^\/orders\/([^/]+)$/.exec(path);
    if (orderPage && get) return confirmation(deps, res, segment(orderPage[1]));
    if (path === "/control" && get) {
      const now = deps.clock.now();
      const orders = listOrders(deps.store, now.getTime());
      return sendHtml(res, 200, controlPanelPage(deps.shopName, orders, now.toISOString(), deps.store.stats.snapshot()));
    }
    if (path === "/control/orders" && get) return sendJson(res, 200, listOrders(deps.store, deps.clock.now().getTime()));
    if (path === "/control/stats" && get) return sendJson(res, 200, deps.store.stats.snapshot());
    const control = /^\/control\/orders\/([^/]+)\/([^/]+)$/.exec(path);
    if (control && post) return controlAction(deps, req, res, segment(control[1]), segment(control[2]));
    if (path === "/control/clock" && post) return setClock(deps, req, res);
    throw new HttpError(404, `no route ${req.method} ${path}`);
  };
}

function segment(text: string | undefined): string {
  try {
    return decodeURIComponent(text ?? "");
  } catch {
    throw new HttpError(400, `badly encoded path segment ${text}`);
  }
}

/** The order form's lines; null once a page saying what is wrong with the form has been sent. */
async function readOrderForm(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<OrderLine[] | null> {
  if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    sendHtml(res, 415, checkoutErrorPage(deps.shopName, "The order form must be sent as a web form."));
    return null;
  }
  const form = parseCheckoutForm(await readBody(req));
  if ("error" in form) {
    sendHtml(res, 400, checkoutErrorPage(deps.shopName, form.error));
    return null;
  }
  return form.lines;
}

/** The checkout page: what would be ordered, before any order exists. */
async function review(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lines = await readOrderForm(deps, req, res);
  if (lines !== null) sendHtml(res, 200, reviewPage(lines, deps.shopName));
}

/** Order acceptance (claims 15, 28): records the order, then instructs the payment and delivery servers. */
async function checkout(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lines = await readOrderForm(deps, req, res);
  if (lines === null) return;
  const now = deps.clock.now().getTime();
  const tradingId = deps.store.nextTradingId();
  const expectedDeliveryAt = new Date(now + DELIVERY_EXPECTED_MS).toISOString();
  const total = orderTotal(lines);
  const order: ShopOrder = {
    tradingId,
    orderDate: new Date(now).toISOString(),
    lines,
    total,
    paymentDueAt: new Date(now + PAYMENT_DUE_MS).toISOString(),
    expectedDeliveryAt,
    timeline: new Timeline(now, {
      source: "shop",
      status: "received",
      completedAt: null,
      scheduledAt: expectedDeliveryAt,
      items: lines,
      total,
      message: null,
    }),
  };
  const urls = deps.urls();
  const payment: PaymentInstruction = { tradingId, amount: order.total, dueAt: order.paymentDueAt };
  const shipment: ShipmentInstruction = {
    tradingId,
    items: order.lines.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
    expectedAt: expectedDeliveryAt,
  };
  try {
    await Promise.all([postJson(urls.payment + PAYMENTS_PATH, payment), postJson(urls.delivery + SHIPMENTS_PATH, shipment)]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return sendHtml(res, 502, checkoutErrorPage(deps.shopName, `The payment or delivery service did not take the order: ${reason}`));
  }
  deps.store.orders.set(tradingId, order);
  redirect(res, `/orders/${encodeURIComponent(tradingId)}`);
}

function confirmation(deps: ShopDeps, res: ServerResponse, tradingId: string): void {
  const order = deps.store.orders.get(tradingId);
  const status = order?.timeline.stateAt(deps.clock.now().getTime())?.status;
  if (order === undefined || status === undefined) {
    return sendHtml(res, 404, notFoundPage(deps.shopName, `There is no order ${tradingId}.`));
  }
  sendHtml(res, 200, confirmationPage(order, status, deps.shopName, deps.urls()));
}

async function controlAction(deps: ShopDeps, req: IncomingMessage, res: ServerResponse, tradingId: string, name: string) {
  if (!(CONTROL_ACTIONS as readonly string[]).includes(name)) throw new HttpError(404, `no control action ${name}`);
  const order = deps.store.orders.get(tradingId);
  if (order === undefined) throw new HttpError(404, `no order ${tradingId}`);
  const action = await readJson(req, controlActionSchema, { action: name });
  const now = deps.clock.now().getTime();
  applyControl(deps.store, order, action, now);
  sendJson(res, 200, controlOrder(deps.store, order, now));
}

async function setClock(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req, clockBodySchema);
  if ("now" in body) deps.clock.set(body.now);
  else deps.clock.advance(body.advanceMs);
  sendJson(res, 200, { now: deps.clock.now().toISOString() } satisfies ClockAnswer);
}
