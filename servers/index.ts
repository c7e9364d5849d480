import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { COMMAND_NAMES, SOURCES, type CommandName, type Source } from "../lib/domain/types";
import { createServerClock, type ServerClock } from "./clock";
import { listener, Waits } from "./http";
import { deliveryHandler, paymentHandler } from "./providers";
import { shopHandler } from "./shop";
import type { ServerUrls } from "./shop-pages";
import { DEFAULT_TRADING_ID_PREFIX, ReferenceStore } from "./store";

export type { ServerClock } from "./clock";
export type { ServerUrls } from "./shop-pages";

export interface ReferenceServers {
  /** Base URLs without a trailing slash, e.g. "http://127.0.0.1:4101". */
  urls: ServerUrls;
  clock: ServerClock;
  close(): Promise<void>;
}

export interface ReferenceServerOptions {
  /** 0 picks any free port. */
  ports?: Partial<Record<Source, number>>;
  shopName?: string;
  /** Starts every trading identifier ("TW-" by default), so two shops' orders differ: "GL-" gives GL-100001. */
  tradingIdPrefix?: string;
  /** The commands the shop announces and accepts; all of them by default, none turns the command endpoint off. */
  commands?: readonly CommandName[];
  /** The clock's initial time (ISO-8601); real time when left out. */
  startAt?: string;
}

export const DEFAULT_PORTS: Readonly<Record<Source, number>> = { shop: 4101, payment: 4102, delivery: 4103 };
export const DEFAULT_SHOP_NAME = "Reference Shop";
/** Loopback only: these servers have no authentication and a control interface. */
const HOST = "127.0.0.1";

/** Starts the shop, payment and delivery servers in this process, sharing one store and one clock. */
export async function startReferenceServers(options: ReferenceServerOptions = {}): Promise<ReferenceServers> {
  const clock = createServerClock(options.startAt);
  const deps = { store: new ReferenceStore(options.tradingIdPrefix ?? DEFAULT_TRADING_ID_PREFIX), clock, waits: new Waits() };
  const shop = {
    ...deps,
    shopName: options.shopName ?? DEFAULT_SHOP_NAME,
    urls: () => urlsOf(servers),
    commands: COMMAND_NAMES.filter((name) => (options.commands ?? COMMAND_NAMES).includes(name)),
  };
  const servers: Record<Source, Server> = {
    shop: createServer(listener(shopHandler(shop))),
    payment: createServer(listener(paymentHandler(deps))),
    delivery: createServer(listener(deliveryHandler(deps))),
  };
  const close = async () => {
    deps.waits.cancelAll();
    await Promise.all(Object.values(servers).map(stop));
  };
  const started = await Promise.allSettled(
    SOURCES.map((source) => listen(servers[source], options.ports?.[source] ?? DEFAULT_PORTS[source])),
  );
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { urls: urlsOf(servers), clock, close };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function urlsOf(servers: Record<Source, Server>): ServerUrls {
  const url = (server: Server) => `http://${HOST}:${(server.address() as AddressInfo).port}`;
  return { shop: url(servers.shop), payment: url(servers.payment), delivery: url(servers.delivery) };
}
