/**
 * A real Vendure shop for the end-to-end tests: the Vendure server (server.ts, in a child
 * process, its own package under test/vendure), a tiny storefront in front of it that places
 * guest orders through Vendure's Shop API the way the Remix storefront starter does, and admin
 * helpers that move an order along through Vendure's Admin API. Everything listens on
 * 127.0.0.1 on free ports. This module imports nothing from Vendure, so the root typecheck
 * covers it without test/vendure installed.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { escapeHtml, displayMoney, page } from "../../servers/html";
import { listener, readBody, redirect, sendHtml } from "../../servers/http";

export interface VendureShopOptions {
  /**
   * How long a guest may read an order by its code after placing it (`ms` syntax: "2h", "5s");
   * Vendure's default is 2 hours. Default here: a day, longer than any test.
   */
  guestWindow?: string;
  /** How long Vendure may take to start (default 90 s: a cold start on a busy CI machine). */
  startTimeoutMs?: number;
}

export interface OrderLineInput {
  sku: string;
  quantity: number;
}

/**
 * How the test card declines (the dummy payment handler's metadata):
 * - "at-capture": authorised at checkout, declined when the shop settles (`shouldErrorOnSettle`),
 *   so `settle` leaves the payment in Vendure's "Error" state;
 * - "first-card": the first card is declined at checkout (`shouldDecline`) and a second one is
 *   authorised, as a customer would retry.
 * A card declined at checkout with no retry leaves the order unplaced, and Vendure shows no guest
 * an unplaced order: there is nothing to track then.
 */
export type Decline = "at-capture" | "first-card";

export interface PlacedOrder {
  code: string;
  /** The storefront's confirmation page for it. */
  confirmationUrl: string;
}

export interface VendureShop {
  storefrontUrl: string;
  shopApiUrl: string;
  /** Places a guest order through the Shop API, as the storefront's checkout does. */
  placeOrder(lines: OrderLineInput[], options?: { decline?: Decline }): Promise<PlacedOrder>;
  /** Settles the order's authorised payment; resolves to the payment's state after it ("Settled", or "Error" when declined). */
  settle(code: string): Promise<string>;
  /** Fulfils every line with this tracking code (method "Parcel Post") and marks it Shipped. */
  ship(code: string, trackingCode: string): Promise<void>;
  /** Marks the order's fulfilment Delivered. */
  deliver(code: string): Promise<void>;
  /** Refunds the settled payment in full (the refund settled) and cancels the order. */
  cancelAndRefund(code: string): Promise<void>;
  close(): Promise<void>;
}

const SHOP_NAME = "Vendure Tea House";
const SHIPPING_METHOD_NAME = "Parcel Post";
const ADMIN = { username: "superadmin", password: "superadmin" };
const SERVER = fileURLToPath(new URL("./server.ts", import.meta.url));
const HERE = fileURLToPath(new URL(".", import.meta.url));

export async function startVendureShop(options: VendureShopOptions = {}): Promise<VendureShop> {
  const vendure = await startServer(options.guestWindow ?? "1d", options.startTimeoutMs ?? 90_000);
  try {
    const base = `http://127.0.0.1:${vendure.port}`;
    const shopApiUrl = `${base}/shop-api`;
    const admin = await adminClient(`${base}/admin-api`);
    const products = await listProducts(shopApiUrl);
    const placeOrder = (lines: OrderLineInput[], decline: Decline | null) => placeGuestOrder(shopApiUrl, products, lines, decline);
    const storefront = await startStorefront(shopApiUrl, products, placeOrder);
    const confirmationUrl = (code: string) => `${storefront.url}/checkout/confirmation/${encodeURIComponent(code)}`;
    return {
      storefrontUrl: storefront.url,
      shopApiUrl,
      async placeOrder(lines, { decline = null } = {}) {
        const code = await placeOrder(lines, decline);
        return { code, confirmationUrl: confirmationUrl(code) };
      },
      settle: (code) => settle(admin, code),
      ship: (code, trackingCode) => ship(admin, code, trackingCode),
      deliver: (code) => deliver(admin, code),
      cancelAndRefund: (code) => cancelAndRefund(admin, code),
      async close() {
        await storefront.close();
        await vendure.stop();
      },
    };
  } catch (error) {
    await vendure.stop();
    throw error;
  }
}

interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts server.ts with the root's tsx and waits for the line with its port; fails with Vendure's own words. */
function startServer(guestWindow: string, timeoutMs: number): Promise<RunningServer> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, JSON.stringify({ guestWindow })], {
    cwd: HERE,
    env: { ...process.env, VENDURE_DISABLE_TELEMETRY: "true" },
    // stdin stays open: server.ts exits when it closes, so a test runner that dies takes Vendure with it.
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() =>
        reject(
          new Error(
            `The Vendure test shop could not start: ${why}. Is test/vendure installed (npm ci --prefix test/vendure)?` +
              (stderr.trim() ? `\nVendure said:\n${stderr.trim()}` : ""),
          ),
        ),
      );
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    const exitedEarly = (code: number | null, signal: string | null) => fail(`it exited (${signal ?? `code ${code}`})`);
    child.once("error", (error) => fail(error.message));
    child.once("exit", exitedEarly);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const port = /^\{"port":(\d+)\}$/.exec(line)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      child.off("exit", exitedEarly);
      resolve({ port: Number(port), stop });
    });
  });
}

// --- GraphQL --------------------------------------------------------------------------------

interface GraphQlClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** A GraphQL client that keeps the session token Vendure hands out (bearer tokens). */
function graphQlClient(url: string, token: string | null = null): GraphQlClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      });
      token = response.headers.get("vendure-auth-token") ?? token;
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || body.data === undefined) {
        throw new Error(`Vendure refused ${query.trim().split(/\s+/).slice(0, 2).join(" ")}: ${JSON.stringify(body.errors)}`);
      }
      return body.data;
    },
  };
}

/** Vendure answers expected failures as ErrorResult members of a union: this turns them into errors. */
function expectType<T extends { __typename: string }>(result: T, typename: string, what: string): T {
  if (result.__typename !== typename) throw new Error(`Vendure could not ${what}: ${JSON.stringify(result)}`);
  return result;
}

const ERROR_RESULT = "... on ErrorResult { errorCode message }";

// --- Shop API: the guest's checkout ---------------------------------------------------------

interface Product {
  name: string;
  sku: string;
  /** Unit price with tax, in Vendure's hundredths. */
  priceWithTax: number;
  currencyCode: string;
  variantId: string;
}

async function listProducts(shopApiUrl: string): Promise<Product[]> {
  const { products } = await graphQlClient(shopApiUrl).request<{
    products: { items: { name: string; variants: { id: string; sku: string; priceWithTax: number; currencyCode: string }[] }[] };
  }>(`query { products { items { name variants { id sku priceWithTax currencyCode } } } }`);
  const list = products.items.flatMap(({ name, variants }) =>
    variants.map(({ id, sku, priceWithTax, currencyCode }) => ({ name, sku, priceWithTax, currencyCode, variantId: id })),
  );
  if (list.length === 0) throw new Error("The Vendure test shop has no products: populate() did not import products.csv");
  return list;
}

async function placeGuestOrder(
  shopApiUrl: string,
  products: Product[],
  lines: OrderLineInput[],
  decline: Decline | null,
): Promise<string> {
  const guest = graphQlClient(shopApiUrl);
  for (const { sku, quantity } of lines) {
    const variant = products.find((product) => product.sku === sku);
    if (!variant) throw new Error(`The Vendure test shop sells no ${sku}`);
    const { addItemToOrder } = await guest.request<{ addItemToOrder: { __typename: string } }>(
      `mutation($id: ID!, $quantity: Int!) { addItemToOrder(productVariantId: $id, quantity: $quantity) { __typename ${ERROR_RESULT} } }`,
      { id: variant.variantId, quantity },
    );
    expectType(addItemToOrder, "Order", `add ${sku}`);
  }
  const { setCustomerForOrder } = await guest.request<{ setCustomerForOrder: { __typename: string } }>(
    `mutation { setCustomerForOrder(input: { firstName: "Ada", lastName: "Guest", emailAddress: "ada.guest@example.com" }) { __typename ${ERROR_RESULT} } }`,
  );
  expectType(setCustomerForOrder, "Order", "set the customer");
  const { setOrderShippingAddress } = await guest.request<{ setOrderShippingAddress: { __typename: string } }>(
    `mutation { setOrderShippingAddress(input: { fullName: "Ada Guest", streetLine1: "Teestraße 1", city: "Berlin", postalCode: "10115", countryCode: "DE" }) { __typename ${ERROR_RESULT} } }`,
  );
  expectType(setOrderShippingAddress, "Order", "set the shipping address");
  const { eligibleShippingMethods } = await guest.request<{ eligibleShippingMethods: { id: string }[] }>(
    `query { eligibleShippingMethods { id } }`,
  );
  const { setOrderShippingMethod } = await guest.request<{ setOrderShippingMethod: { __typename: string } }>(
    `mutation($ids: [ID!]!) { setOrderShippingMethod(shippingMethodId: $ids) { __typename ${ERROR_RESULT} } }`,
    { ids: eligibleShippingMethods.slice(0, 1).map(({ id }) => id) },
  );
  expectType(setOrderShippingMethod, "Order", "set the shipping method");
  const { transitionOrderToState } = await guest.request<{ transitionOrderToState: { __typename: string } }>(
    `mutation { transitionOrderToState(state: "ArrangingPayment") { __typename ${ERROR_RESULT} ... on OrderStateTransitionError { transitionError } } }`,
  );
  expectType(transitionOrderToState, "Order", "move to payment");
  const { eligiblePaymentMethods } = await guest.request<{ eligiblePaymentMethods: { code: string }[] }>(
    `query { eligiblePaymentMethods { code } }`,
  );
  const pay = async (metadata: Record<string, boolean>) => {
    const { addPaymentToOrder } = await guest.request<{ addPaymentToOrder: { __typename: string; code?: string } }>(
      `mutation($method: String!, $metadata: JSON!) { addPaymentToOrder(input: { method: $method, metadata: $metadata }) { __typename ... on Order { code } ${ERROR_RESULT} } }`,
      { method: eligiblePaymentMethods[0]?.code ?? "", metadata },
    );
    return addPaymentToOrder;
  };
  if (decline === "first-card") expectType(await pay({ shouldDecline: true }), "PaymentDeclinedError", "decline the first card");
  const placed = await pay(decline === "at-capture" ? { shouldErrorOnSettle: true } : {});
  return expectType(placed, "Order", "take the payment").code ?? "";
}

// --- Admin API: the shop's side -------------------------------------------------------------

async function adminClient(adminApiUrl: string): Promise<GraphQlClient> {
  const admin = graphQlClient(adminApiUrl);
  const { login } = await admin.request<{ login: { __typename: string } }>(
    `mutation($username: String!, $password: String!) { login(username: $username, password: $password) { __typename ${ERROR_RESULT} } }`,
    ADMIN,
  );
  expectType(login, "CurrentUser", "log in as the superadmin");
  return admin;
}

interface AdminOrder {
  id: string;
  lines: { id: string; quantity: number }[];
  payments: { id: string; state: string; amount: number }[];
  fulfillments: { id: string; state: string }[];
}

async function findOrder(admin: GraphQlClient, code: string): Promise<AdminOrder> {
  const { orders } = await admin.request<{ orders: { items: AdminOrder[] } }>(
    `query($code: String!) { orders(options: { filter: { code: { eq: $code } } }) { items { id lines { id quantity } payments { id state amount } fulfillments { id state } } } }`,
    { code },
  );
  const order = orders.items[0];
  if (!order) throw new Error(`The Vendure test shop has no order ${code}`);
  return order;
}

function paymentIn(order: AdminOrder, state: string, code: string) {
  const payment = order.payments.find((each) => each.state === state);
  if (!payment) throw new Error(`Order ${code} has no ${state} payment`);
  return payment;
}

async function settle(admin: GraphQlClient, code: string): Promise<string> {
  const payment = paymentIn(await findOrder(admin, code), "Authorized", code);
  await admin.request(`mutation($id: ID!) { settlePayment(id: $id) { __typename ${ERROR_RESULT} } }`, { id: payment.id });
  // A declined capture is answered as an error and leaves the payment in "Error": read where it is.
  return (await findOrder(admin, code)).payments.find((each) => each.id === payment.id)?.state ?? "unknown";
}

async function ship(admin: GraphQlClient, code: string, trackingCode: string): Promise<void> {
  const order = await findOrder(admin, code);
  const { addFulfillmentToOrder } = await admin.request<{ addFulfillmentToOrder: { __typename: string; id?: string } }>(
    `mutation($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) { __typename ... on Fulfillment { id } ${ERROR_RESULT} } }`,
    {
      input: {
        lines: order.lines.map(({ id, quantity }) => ({ orderLineId: id, quantity })),
        handler: {
          code: "manual-fulfillment",
          arguments: [
            { name: "method", value: SHIPPING_METHOD_NAME },
            { name: "trackingCode", value: trackingCode },
          ],
        },
      },
    },
  );
  await transitionFulfillment(admin, expectType(addFulfillmentToOrder, "Fulfillment", `fulfil ${code}`).id ?? "", "Shipped");
}

async function deliver(admin: GraphQlClient, code: string): Promise<void> {
  const fulfillment = (await findOrder(admin, code)).fulfillments.find((each) => each.state === "Shipped");
  if (!fulfillment) throw new Error(`Order ${code} has no shipped fulfilment`);
  await transitionFulfillment(admin, fulfillment.id, "Delivered");
}

async function transitionFulfillment(admin: GraphQlClient, id: string, state: string): Promise<void> {
  const { transitionFulfillmentToState } = await admin.request<{ transitionFulfillmentToState: { __typename: string } }>(
    `mutation($id: ID!, $state: String!) { transitionFulfillmentToState(id: $id, state: $state) { __typename ${ERROR_RESULT} } }`,
    { id, state },
  );
  expectType(transitionFulfillmentToState, "Fulfillment", `move fulfilment ${id} to ${state}`);
}

async function cancelAndRefund(admin: GraphQlClient, code: string): Promise<void> {
  const order = await findOrder(admin, code);
  const payment = paymentIn(order, "Settled", code);
  // Vendure 3.7 with SQLite needs the deprecated lines, shipping and adjustment alongside amount.
  const { refundOrder } = await admin.request<{ refundOrder: { __typename: string; id?: string; state?: string } }>(
    `mutation($input: RefundOrderInput!) { refundOrder(input: $input) { __typename ... on Refund { id state } ${ERROR_RESULT} } }`,
    { input: { paymentId: payment.id, amount: payment.amount, lines: [], shipping: 0, adjustment: 0, reason: "Out of stock" } },
  );
  const refund = expectType(refundOrder, "Refund", `refund ${code}`);
  if (refund.state === "Pending") {
    const { settleRefund } = await admin.request<{ settleRefund: { __typename: string } }>(
      `mutation($id: ID!) { settleRefund(input: { id: $id, transactionId: "test-refund" }) { __typename ${ERROR_RESULT} } }`,
      { id: refund.id },
    );
    expectType(settleRefund, "Refund", `settle the refund of ${code}`);
  }
  const { cancelOrder } = await admin.request<{ cancelOrder: { __typename: string } }>(
    `mutation($id: ID!) { cancelOrder(input: { orderId: $id, reason: "Out of stock", cancelShipping: true }) { __typename ${ERROR_RESULT} } }`,
    { id: order.id },
  );
  expectType(cancelOrder, "Order", `cancel ${code}`);
}

// --- The storefront -------------------------------------------------------------------------

interface Storefront {
  url: string;
  close(): Promise<void>;
}

const CONFIRMATION = /^\/checkout\/confirmation\/([^/]+)$/;

async function startStorefront(
  shopApiUrl: string,
  products: Product[],
  placeOrder: (lines: OrderLineInput[], decline: Decline | null) => Promise<string>,
): Promise<Storefront> {
  const server: Server = createServer(
    listener(async (req, res, url) => {
      if (req.method === "GET" && url.pathname === "/") return sendHtml(res, 200, catalogPage(shopApiUrl, products));
      if (req.method === "POST" && url.pathname === "/checkout") {
        const form = new URLSearchParams(await readBody(req));
        const lines = products
          .map(({ sku }) => ({ sku, quantity: Number(form.get(`quantity-${sku}`) ?? 0) }))
          .filter(({ quantity }) => Number.isInteger(quantity) && quantity > 0);
        const code = await placeOrder(lines, form.get("card") === "declined-at-capture" ? "at-capture" : null);
        return redirect(res, `/checkout/confirmation/${encodeURIComponent(code)}`);
      }
      // Held open: storefront.close() ends it.
      if (req.method === "GET" && url.pathname === "/survey") return;
      const code = CONFIRMATION.exec(url.pathname)?.[1];
      if (req.method === "GET" && code !== undefined) {
        const html = await confirmationPage(shopApiUrl, decodeURIComponent(code));
        return sendHtml(res, html === null ? 404 : 200, html ?? storefrontPage(shopApiUrl, "Not found", "<p>No such order.</p>"));
      }
      sendHtml(res, 404, storefrontPage(shopApiUrl, "Not found", "<p>Not found.</p>"));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Chromium keeps connections open; they must not hold the test run.
        server.closeAllConnections();
      }),
  };
}

/**
 * Every page names the Shop API in its head, as the Remix starter's root layout does, so a
 * confirmation drawn in place of the catalog has it too.
 */
function storefrontPage(shopApiUrl: string, title: string, body: string): string {
  // page() writes no head of its own: the meta goes in before the title.
  return page(title, SHOP_NAME, body).replace("<title>", `<meta name="vendure:shop-api" content="${escapeHtml(shopApiUrl)}">\n<title>`);
}

/**
 * The catalog places the order as the Remix starter does with script on: without leaving the
 * page, which then moves on to the confirmation's address (history.pushState) and draws it, or
 * says in the form that the order was not placed. Without script the form posts and the browser
 * loads the confirmation. The view drawn in the page embeds a survey frame that loads until the
 * storefront closes, as confirmations embed third parties' frames: the tab counts as loading
 * meanwhile, though the view is drawn.
 */
const PLACE_ORDER_IN_PAGE = `<script>
document.querySelector("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const response = await fetch("/checkout", { method: "POST", body: new URLSearchParams(new FormData(event.target)) });
  if (!response.ok) {
    const alert = document.createElement("p");
    alert.setAttribute("role", "alert");
    alert.textContent = "The order was not placed (" + response.status + "): " + (await response.text());
    return event.target.append(alert);
  }
  const confirmation = new DOMParser().parseFromString(await response.text(), "text/html");
  history.pushState(null, "", new URL(response.url).pathname);
  document.title = confirmation.title;
  document.querySelector("main").replaceWith(confirmation.querySelector("main"));
  document.querySelector("main").insertAdjacentHTML("beforeend", '<iframe src="/survey" title="How was your checkout?"></iframe>');
});
</script>`;

function catalogPage(shopApiUrl: string, products: Product[]): string {
  const rows = products
    .map(
      ({ name, sku, priceWithTax, currencyCode }) => `<tr><td>${escapeHtml(name)}</td><td class="num">${displayMoney({ minor: priceWithTax, currency: currencyCode })}</td>
<td><input type="number" min="0" value="0" name="quantity-${escapeHtml(sku)}" aria-label="Quantity of ${escapeHtml(name)}"></td></tr>`,
    )
    .join("\n");
  return storefrontPage(
    shopApiUrl,
    SHOP_NAME,
    `<form method="post" action="/checkout" class="card">
<table><thead><tr><th>Product</th><th class="num">Price</th><th>Quantity</th></tr></thead><tbody>${rows}</tbody></table>
<p><label>Card <select name="card"><option value="good">Test card</option><option value="declined-at-capture">Test card, declined at capture</option></select></label></p>
<button type="submit">Place order</button>
</form>
${PLACE_ORDER_IN_PAGE}`,
  );
}

interface ConfirmedOrder {
  code: string;
  totalWithTax: number;
  currencyCode: string;
  lines: { quantity: number; productVariant: { name: string } }[];
}

/** The Remix starter's confirmation page reads the order with orderByCode, as a guest; so does this one. */
async function confirmationPage(shopApiUrl: string, code: string): Promise<string | null> {
  let order: ConfirmedOrder | null;
  try {
    ({ orderByCode: order } = await graphQlClient(shopApiUrl).request<{ orderByCode: ConfirmedOrder | null }>(
      `query($code: String!) { orderByCode(code: $code) { code totalWithTax currencyCode lines { quantity productVariant { name } } } }`,
      { code },
    ));
  } catch {
    return null;
  }
  if (order === null) return null;
  const lines = order.lines.map(({ quantity, productVariant }) => `<li>${quantity} × ${escapeHtml(productVariant.name)}</li>`).join("");
  const total = displayMoney({ minor: order.totalWithTax, currency: order.currencyCode });
  return storefrontPage(
    shopApiUrl,
    `Order ${order.code} — ${SHOP_NAME}`,
    `<h1>Thank you for your order</h1>
<p>Your order number is <strong data-vendure-order-code>${escapeHtml(order.code)}</strong>.</p>
<ul>${lines}</ul>
<p>Total: ${total}</p>`,
  );
}
