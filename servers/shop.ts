import type { IncomingMessage, ServerResponse } from "node:http";
import type { CommandName } from "../lib/domain/types";
import { handleCommand, COMMANDS_PATH } from "./command-endpoint";
import { applyCommandControl } from "./commands";
import { CONTROL_ACTIONS, clockBodySchema, controlActionSchema, isCommandControl, type ClockAnswer } from "./control-api";
import { applyControl, controlOrder, listOrders } from "./control";
import { controlPanelPage } from "./control-panel";
import { parseCheckoutForm } from "./checkout";
import { HttpError, readBody, readJson, redirect, sendHtml, sendJson, type Handler } from "./http";
import { createOrder } from "./orders";
import { checkoutErrorPage, confirmationPage, notFoundPage, reviewPage, storefrontPage, type ServerUrls } from "./shop-pages";
import { handleStatus, STATUS_PATH, type StatusDeps } from "./status-endpoint";
import type { OrderLine, ShopOrder } from "./store";

export interface ShopDeps extends StatusDeps {
  shopName: string;
  /** The three servers' base URLs, known once they listen. */
  urls: () => ServerUrls;
  /** The commands the shop announces and accepts (docs/protocol.md, "Commands"). */
  commands: readonly CommandName[];
}

/** The shop server: storefront, checkout review, checkout, confirmation pages, its status endpoint and the control interface. */
export function shopHandler(deps: ShopDeps): Handler {
  return async (req, res, url) => {
    const path = url.pathname;
    const get = req.method === "GET";
    const post = req.method === "POST";
    if (path === STATUS_PATH) return handleStatus("shop", deps, req, res, url);
    if (path === COMMANDS_PATH) return handleCommand(deps, req, res);
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
    if (control && get && control[2] === "commands") return sendJson(res, 200, orderOf(deps, segment(control[1])).received);
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

/** Order acceptance: the order page's form; the order is created as a reorder's is. */
async function checkout(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lines = await readOrderForm(deps, req, res);
  if (lines === null) return;
  let order: ShopOrder;
  try {
    order = await createOrder(deps, lines);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return sendHtml(res, 502, checkoutErrorPage(deps.shopName, `The payment or delivery service did not take the order: ${reason}`));
  }
  redirect(res, `/orders/${encodeURIComponent(order.tradingId)}`);
}

function confirmation(deps: ShopDeps, res: ServerResponse, tradingId: string): void {
  const order = deps.store.orders.get(tradingId);
  const status = order?.timeline.stateAt(deps.clock.now().getTime())?.status;
  if (order === undefined || status === undefined) {
    return sendHtml(res, 404, notFoundPage(deps.shopName, `There is no order ${tradingId}.`));
  }
  sendHtml(res, 200, confirmationPage(order, status, deps.shopName, deps.urls(), deps.commands));
}

function orderOf(deps: ShopDeps, tradingId: string): ShopOrder {
  const order = deps.store.orders.get(tradingId);
  if (order === undefined) throw new HttpError(404, `no order ${tradingId}`);
  return order;
}

async function controlAction(deps: ShopDeps, req: IncomingMessage, res: ServerResponse, tradingId: string, name: string) {
  if (!(CONTROL_ACTIONS as readonly string[]).includes(name)) throw new HttpError(404, `no control action ${name}`);
  const order = orderOf(deps, tradingId);
  const action = await readJson(req, controlActionSchema, { action: name });
  const now = deps.clock.now().getTime();
  if (isCommandControl(action)) await applyCommandControl(deps, order, action, now);
  else applyControl(deps.store, order, action, now);
  sendJson(res, 200, controlOrder(deps.store, order, deps.clock.now().getTime()));
}

async function setClock(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req, clockBodySchema);
  if ("now" in body) deps.clock.set(body.now);
  else deps.clock.advance(body.advanceMs);
  sendJson(res, 200, { now: deps.clock.now().toISOString() } satisfies ClockAnswer);
}
