import type { CommandName, Money, ShopStatus, Source } from "../lib/domain/types";
import { minorToDecimal } from "../lib/domain/money";
import { COMMANDS_ACTION_NAME, COMMANDS_SUPPORTED_PROPERTY } from "../lib/protocol/commands";
import { PRODUCTS } from "./catalog";
import { MAX_QUANTITY, lineTotal, orderTotal, quantityField } from "./checkout";
import { COMMANDS_PATH } from "./command-endpoint";
import { displayMoney, escapeHtml, page, scriptSafeJson } from "./html";
import type { OrderLine, ShopOrder } from "./store";

export type ServerUrls = Record<Source, string>;

export function storefrontPage(shopName: string): string {
  const products = PRODUCTS.map((product) => {
    const field = quantityField(product.sku);
    return `<li class="card product">
  <h2>${escapeHtml(product.name)}</h2>
  <p><span class="muted">SKU <code>${escapeHtml(product.sku)}</code></span> · <strong>${escapeHtml(displayMoney(product.unitPrice))}</strong></p>
  <label for="${escapeHtml(field)}">Quantity of ${escapeHtml(product.name)}</label>
  <input type="number" id="${escapeHtml(field)}" name="${escapeHtml(field)}" value="0" min="0" max="${MAX_QUANTITY}" step="1" inputmode="numeric">
</li>`;
  }).join("\n");
  return page(
    shopName,
    shopName,
    `<h1>Tea things</h1>
<form method="post" action="/checkout/review">
<ul class="products" style="list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem">
${products}
</ul>
<button type="submit">Review order</button>
</form>`,
  );
}

export function checkoutErrorPage(shopName: string, message: string): string {
  return page(
    `Order not placed – ${shopName}`,
    shopName,
    `<div class="card error" role="alert">
<h1>Your order was not placed</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">Back to the shop</a></p>
</div>`,
  );
}

export function notFoundPage(shopName: string, message: string): string {
  return page(`Not found – ${shopName}`, shopName, `<div class="card"><h1>Not found</h1><p>${escapeHtml(message)}</p></div>`);
}

/** schema.org's OrderStatus values for the shop's own vocabulary. */
const SCHEMA_ORDER_STATUS: Record<ShopStatus, string> = {
  received: "OrderProcessing",
  processing: "OrderProcessing",
  shipped: "OrderInTransit",
  delivered: "OrderDelivered",
  cancelled: "OrderCancelled",
};

function trackAction(name: string, endpoint: string) {
  return { "@type": "TrackAction", name, target: `${endpoint}/api/status` };
}

/** The command endpoint and the commands the shop accepts (docs/protocol.md, "Commands"). */
function commandsAction(shopUrl: string, commands: readonly CommandName[]) {
  return {
    "@type": "Action",
    name: COMMANDS_ACTION_NAME,
    target: `${shopUrl}${COMMANDS_PATH}`,
    [COMMANDS_SUPPORTED_PROPERTY]: [...commands],
  };
}

function decimal(minor: number, currency: string) {
  return { price: minorToDecimal(minor, currency), priceCurrency: currency };
}

/** What was (or would be) bought, for how much, from whom: shared by the checkout and confirmation documents. */
function orderContents(lines: readonly OrderLine[], total: Money, shopName: string) {
  return {
    seller: { "@type": "Organization", name: shopName },
    ...decimal(total.minor, total.currency),
    acceptedOffer: lines.map((line) => ({
      "@type": "Offer",
      itemOffered: { "@type": "Product", name: line.name, sku: line.sku },
      ...decimal(line.unitPrice.minor, line.unitPrice.currency),
      eligibleQuantity: { "@type": "QuantitativeValue", value: line.quantity },
    })),
  };
}

/**
 * The confirmation page's JSON-LD Order (docs/protocol.md): the trading information of claim
 * 15, and the command endpoint unless the shop accepts no commands.
 */
export function confirmationDocument(
  order: ShopOrder,
  status: ShopStatus,
  shopName: string,
  urls: ServerUrls,
  commands: readonly CommandName[],
) {
  const track = trackAction("Order status", urls.shop);
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: order.tradingId,
    orderDate: order.orderDate,
    orderStatus: `https://schema.org/${SCHEMA_ORDER_STATUS[status]}`,
    ...orderContents(order.lines, order.total, shopName),
    potentialAction: commands.length === 0 ? track : [track, commandsAction(urls.shop, commands)],
    partOfInvoice: {
      "@type": "Invoice",
      paymentDueDate: order.paymentDueAt,
      totalPaymentDue: { "@type": "PriceSpecification", ...decimal(order.total.minor, order.total.currency) },
      potentialAction: trackAction("Payment status", urls.payment),
    },
    orderDelivery: {
      "@type": "ParcelDelivery",
      expectedArrivalUntil: order.expectedDeliveryAt,
      potentialAction: trackAction("Delivery status", urls.delivery),
    },
  };
}

/**
 * The checkout page's JSON-LD Order: payment due on an order that does not exist yet, so no
 * orderNumber and no status endpoints; a client may compare the total with its spending limits.
 */
export function checkoutDocument(lines: readonly OrderLine[], shopName: string) {
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderStatus: "https://schema.org/OrderPaymentDue",
    ...orderContents(lines, orderTotal(lines), shopName),
  };
}

function displayDate(iso: string): string {
  const text = new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)} UTC</time>`;
}

function linesTable(lines: readonly OrderLine[], total: Money, caption: string): string {
  const rows = lines
    .map(
      (line) => `<tr>
  <td>${escapeHtml(line.name)}</td>
  <td><code>${escapeHtml(line.sku)}</code></td>
  <td class="num">${line.quantity}</td>
  <td class="num">${escapeHtml(displayMoney(line.unitPrice))}</td>
  <td class="num">${escapeHtml(displayMoney(lineTotal(line)))}</td>
</tr>`,
    )
    .join("\n");
  return `<table>
<caption class="muted" style="text-align:left">${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Product</th><th scope="col">SKU</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="4">Total</th><td class="num"><strong>${escapeHtml(displayMoney(total))}</strong></td></tr></tfoot>
</table>`;
}

function jsonLdScript(document: object): string {
  return `<script type="application/ld+json">
${scriptSafeJson(document)}
</script>`;
}

/** The step before ordering: the lines and total, and the same quantities sent on to `POST /checkout`. */
export function reviewPage(lines: readonly OrderLine[], shopName: string): string {
  const fields = lines
    .map((line) => `<input type="hidden" name="${escapeHtml(quantityField(line.sku))}" value="${line.quantity}">`)
    .join("\n");
  return page(
    `Review your order – ${shopName}`,
    shopName,
    `<div class="card">
<h1>Review your order</h1>
<p>Nothing has been ordered yet. Check the lines and the total, then place the order.</p>
${linesTable(lines, orderTotal(lines), "What you are about to order")}
<form method="post" action="/checkout">
${fields}
<p><button type="submit">Place order</button></p>
</form>
</div>
<p><a href="/">Back to the shop</a></p>
${jsonLdScript(checkoutDocument(lines, shopName))}`,
  );
}

export function confirmationPage(
  order: ShopOrder,
  status: ShopStatus,
  shopName: string,
  urls: ServerUrls,
  commands: readonly CommandName[],
): string {
  return page(
    `Order ${order.tradingId} – ${shopName}`,
    shopName,
    `<div class="card">
<h1>Thank you for your order</h1>
<p>Your order number is <strong id="order-number">${escapeHtml(order.tradingId)}</strong>, placed on ${displayDate(order.orderDate)}.</p>
<p>Status: <strong>${escapeHtml(status)}</strong></p>
${linesTable(order.lines, order.total, "What you ordered")}
<p>Payment is due by ${displayDate(order.paymentDueAt)}. Expected delivery by ${displayDate(order.expectedDeliveryAt)}.</p>
</div>
<p><a href="/">Continue shopping</a></p>
${jsonLdScript(confirmationDocument(order, status, shopName, urls, commands))}`,
  );
}
