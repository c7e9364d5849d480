import type { ShopStatus, Source } from "../lib/domain/types";
import { minorToDecimal } from "../lib/domain/money";
import { PRODUCTS } from "./catalog";
import { MAX_QUANTITY, lineTotal, quantityField } from "./checkout";
import { displayMoney, escapeHtml, page, scriptSafeJson } from "./html";
import type { ShopOrder } from "./store";

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
<form method="post" action="/checkout">
<ul class="products" style="list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem">
${products}
</ul>
<button type="submit">Place order</button>
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

function decimal(minor: number, currency: string) {
  return { price: minorToDecimal(minor, currency), priceCurrency: currency };
}

/** The confirmation page's JSON-LD Order (docs/protocol.md): the trading information of claim 15. */
export function confirmationDocument(order: ShopOrder, status: ShopStatus, shopName: string, urls: ServerUrls) {
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: order.tradingId,
    orderDate: order.orderDate,
    orderStatus: `https://schema.org/${SCHEMA_ORDER_STATUS[status]}`,
    seller: { "@type": "Organization", name: shopName },
    ...decimal(order.total.minor, order.total.currency),
    acceptedOffer: order.lines.map((line) => ({
      "@type": "Offer",
      itemOffered: { "@type": "Product", name: line.name, sku: line.sku },
      ...decimal(line.unitPrice.minor, line.unitPrice.currency),
      eligibleQuantity: { "@type": "QuantitativeValue", value: line.quantity },
    })),
    potentialAction: trackAction("Order status", urls.shop),
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

function displayDate(iso: string): string {
  const text = new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)} UTC</time>`;
}

export function confirmationPage(order: ShopOrder, status: ShopStatus, shopName: string, urls: ServerUrls): string {
  const rows = order.lines
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
  return page(
    `Order ${order.tradingId} – ${shopName}`,
    shopName,
    `<div class="card">
<h1>Thank you for your order</h1>
<p>Your order number is <strong id="order-number">${escapeHtml(order.tradingId)}</strong>, placed on ${displayDate(order.orderDate)}.</p>
<p>Status: <strong>${escapeHtml(status)}</strong></p>
<table>
<caption class="muted" style="text-align:left">What you ordered</caption>
<thead><tr><th scope="col">Product</th><th scope="col">SKU</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="4">Total</th><td class="num"><strong>${escapeHtml(displayMoney(order.total))}</strong></td></tr></tfoot>
</table>
<p>Payment is due by ${displayDate(order.paymentDueAt)}. Expected delivery by ${displayDate(order.expectedDeliveryAt)}.</p>
</div>
<p><a href="/">Continue shopping</a></p>
<script type="application/ld+json">
${scriptSafeJson(confirmationDocument(order, status, shopName, urls))}
</script>`,
  );
}
