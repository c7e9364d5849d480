/**
 * A real Vendure server for TradeWatch's end-to-end tests, run as a child process by shop.ts
 * (Vendure is heavy and keeps process-wide state; a child is started and stopped cleanly).
 * Fresh in-memory SQLite (sql.js) on every start, bound to 127.0.0.1 on a free port,
 * seeded with populate(): one zone, a 20% tax, one shipping method, the dummy payment
 * handler without automatic settlement, and the products of products.csv.
 *
 * Argument: JSON {"guestWindow": "<ms duration>"}. Prints one line `{"port": N}` once it listens.
 */
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import {
  bootstrap,
  DefaultLogger,
  DefaultOrderByCodeAccessStrategy,
  dummyPaymentHandler,
  LanguageCode,
  LogLevel,
  type InitialData,
  type VendureConfig,
} from "@vendure/core";
import { populate } from "@vendure/core/cli";

const { guestWindow } = JSON.parse(process.argv[2] ?? "{}") as { guestWindow: string };

const config: VendureConfig = {
  apiOptions: { hostname: "127.0.0.1", port: 0, shopApiPath: "shop-api", adminApiPath: "admin-api" },
  authOptions: {
    tokenMethod: "bearer",
    superadminCredentials: { identifier: "superadmin", password: "superadmin" },
  },
  dbConnectionOptions: { type: "sqljs", synchronize: true, logging: false },
  orderOptions: { orderByCodeAccessStrategy: new DefaultOrderByCodeAccessStrategy(guestWindow) },
  paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
  logger: new DefaultLogger({ level: LogLevel.Error }),
};

const initialData: InitialData = {
  defaultLanguage: LanguageCode.en,
  defaultZone: "Europe",
  countries: [{ name: "Germany", code: "DE", zone: "Europe" }],
  taxRates: [{ name: "Standard Tax", percentage: 20 }],
  shippingMethods: [{ name: "Standard Shipping", price: 500 }],
  paymentMethods: [
    {
      name: "Test card",
      handler: { code: dummyPaymentHandler.code, arguments: [{ name: "automaticSettle", value: "false" }] },
    },
  ],
  collections: [],
};

const products = fileURLToPath(new URL("./products.csv", import.meta.url));
const app = await populate(() => bootstrap(config), initialData, products);
const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ port })}\n`);

// The test runner holds our stdin: when it goes away, so does Vendure.
process.stdin.on("close", () => process.exit(0)).resume();
