import type { Money } from "../lib/domain/types";
import { sumByCurrency } from "../lib/domain/money";
import { PRODUCTS, SHOP_CURRENCY } from "./catalog";
import type { OrderLine } from "./store";

export const MAX_QUANTITY = 99;
const FIELD_PREFIX = "qty-";

export function quantityField(sku: string): string {
  return `${FIELD_PREFIX}${sku}`;
}

export type CheckoutForm = { lines: OrderLine[] } | { error: string };

/** Reads the storefront form (`qty-<SKU>` fields); a missing field means 0. */
export function parseCheckoutForm(body: string): CheckoutForm {
  const form = new URLSearchParams(body);
  for (const name of form.keys()) {
    if (name.startsWith(FIELD_PREFIX) && !PRODUCTS.some((product) => quantityField(product.sku) === name)) {
      return { error: `There is no product ${name.slice(FIELD_PREFIX.length)} in this shop.` };
    }
  }
  const lines: OrderLine[] = [];
  for (const product of PRODUCTS) {
    const values = form.getAll(quantityField(product.sku));
    if (values.length > 1) return { error: `The quantity of ${product.name} was given more than once.` };
    const text = (values[0] ?? "0").trim() || "0";
    const quantity = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(quantity <= MAX_QUANTITY)) {
      return { error: `The quantity of ${product.name} must be a whole number from 0 to ${MAX_QUANTITY}.` };
    }
    if (quantity > 0) lines.push({ sku: product.sku, name: product.name, quantity, unitPrice: product.unitPrice });
  }
  if (lines.length === 0) return { error: "Choose a quantity of at least one product." };
  return { lines };
}

export function lineTotal(line: OrderLine): Money {
  return { minor: line.unitPrice.minor * line.quantity, currency: line.unitPrice.currency };
}

export function orderTotal(lines: readonly OrderLine[]): Money {
  return sumByCurrency(lines.map(lineTotal))[0] ?? { minor: 0, currency: SHOP_CURRENCY };
}
