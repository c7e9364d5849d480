/**
 * Records real Shop API answers to TradeWatch's order query, for the unit tests of the Vendure
 * adapter (test/fixtures/adapters/vendure/shop-api/*.json). Walks orders of the test shop
 * through Vendure's states and saves what a guest's orderByCode answers at each step.
 *
 *   npx tsx test/vendure/record-answers.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { VENDURE_ORDER_QUERY } from "../../lib/capture/adapters/vendure";
import { startVendureShop } from "./shop";

const OUT = fileURLToPath(new URL("../fixtures/adapters/vendure/shop-api/", import.meta.url));

const shop = await startVendureShop();
try {
  await mkdir(OUT, { recursive: true });
  const record = async (name: string, code: string) => {
    const response = await fetch(shop.shopApiUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: VENDURE_ORDER_QUERY, variables: { code } }),
    });
    await writeFile(`${OUT}${name}.json`, `${JSON.stringify(await response.json(), null, 2)}\n`);
  };

  const walk = await shop.placeOrder([
    { sku: "TEA-SENCHA", quantity: 2 },
    { sku: "MUG-STONE", quantity: 1 },
  ]);
  await record("authorized", walk.code);
  await shop.settle(walk.code);
  await record("settled", walk.code);
  await shop.ship(walk.code, "1Z999AA10123456784");
  await record("shipped", walk.code);
  await shop.deliver(walk.code);
  await record("delivered", walk.code);

  const declined = await shop.placeOrder([{ sku: "POT-IRON", quantity: 1 }], { decline: "at-capture" });
  await shop.settle(declined.code);
  await record("declined-at-capture", declined.code);

  const retried = await shop.placeOrder([{ sku: "POT-IRON", quantity: 1 }], { decline: "first-card" });
  await record("first-card-declined", retried.code);

  const refunded = await shop.placeOrder([{ sku: "MUG-STONE", quantity: 3 }]);
  await shop.settle(refunded.code);
  await shop.cancelAndRefund(refunded.code);
  await record("refunded-cancelled", refunded.code);

  // Vendure answers the same for a code it does not know and for an order past the guest window.
  await record("forbidden", "NOSUCHORDER00000");
} finally {
  await shop.close();
}
