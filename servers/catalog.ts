import type { Money } from "../lib/domain/types";

export interface Product {
  sku: string;
  name: string;
  unitPrice: Money;
}

/** The reference shop sells in one currency, so an order total is a plain sum. */
export const SHOP_CURRENCY = "EUR";

export const PRODUCTS: readonly Product[] = [
  { sku: "TEA-GREEN", name: "Green tea", unitPrice: { minor: 1250, currency: SHOP_CURRENCY } },
  { sku: "MUG-STONE", name: "Stoneware mug", unitPrice: { minor: 990, currency: SHOP_CURRENCY } },
  { sku: "TEAPOT-IRON", name: "Cast-iron teapot", unitPrice: { minor: 3400, currency: SHOP_CURRENCY } },
  { sku: "KETTLE-STEEL", name: "Steel kettle", unitPrice: { minor: 5900, currency: SHOP_CURRENCY } },
];

