import { deleteDB, openDB, type IDBPDatabase } from "idb";
import { MAX_BATCH } from "../background/poller";
import { openTradeDb } from "../db/schema";
import { clearTrades, putTrade, updateTrades, writeLedger } from "../db/trades";
import { acknowledgeWarning, applyReport } from "../domain/reconcile";
import { seededRandom } from "../domain/seeded-random";
import { generateTimelines, type TradeTimeline } from "../domain/simulation";
import { newTrade } from "../domain/trade";
import type { CapturedOrder, Money, OrderItem, Source, Trade } from "../domain/types";
import { SOURCES } from "../domain/types";
import type { StatusReport } from "../protocol/status-report";

/**
 * Ledgers for the benchmarks (scripts/bench, through the bench-only extension page), written
 * through the product's own paths into the extension's IndexedDB: captured orders made trades
 * by newTrade, their statuses merged by applyReport, stored by putTrade in batches.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A busy shopper: an order every 12 hours on average, so ten thousand orders are some 14 years of history. */
const ORDER_EVERY_MS = 12 * HOUR_MS;
/** Older orders are finished: their parcels arrived or the shop cancelled them. */
const FINISHED_AFTER_MS = 60 * DAY_MS;

const SHOPS = ["Green Leaf Tea", "Northwind Outdoor", "Kissa Kōbō", "Papeterie Lumière", "Bits & Bytes", "Atelier Nord", "Fahrradladen Süd", "Hobby Hub"];
const PRODUCTS = ["Green tea", "Rain jacket", "Matcha whisk", "Notebook A5", "USB-C cable", "Wool scarf", "Bike light", "Paint set", "Coffee beans", "Phone case"];
/** Currencies with their share of orders and a typical item price in minor units. */
const CURRENCIES: { currency: string; share: number; price: number }[] = [
  { currency: "EUR", share: 0.6, price: 2499 },
  { currency: "USD", share: 0.2, price: 1999 },
  { currency: "GBP", share: 0.1, price: 1499 },
  { currency: "JPY", share: 0.1, price: 2800 },
];

interface Order {
  timeline: TradeTimeline;
  /** The timeline moved to when this order was placed. */
  shiftMs: number;
}

/**
 * `count` orders, newest first, the i-th placed about i × 12 hours before `nowMs`: each a
 * simulated timeline (lib/domain/simulation.ts) with its own shop, items and currency. Orders
 * older than FINISHED_AFTER_MS take timelines that finish (a lost parcel has long been settled).
 */
function orders(count: number, seed: number, nowMs: number): Order[] {
  const random = seededRandom(seed);
  // Twice as many timelines as orders: enough finishing ones for the old orders.
  const timelines = generateTimelines(2 * count, seed, 0, 30 * DAY_MS);
  const finishing = timelines.filter(finishes);
  const picked: Order[] = [];
  for (let index = 0; index < count; index++) {
    const placedAt = nowMs - index * ORDER_EVERY_MS - Math.floor(random() * ORDER_EVERY_MS);
    const pool = nowMs - placedAt > FINISHED_AFTER_MS ? finishing : timelines;
    const timeline = pool[index % pool.length] as TradeTimeline;
    picked.push({ timeline: { ...timeline, captured: varied(timeline.captured, index, random) }, shiftMs: placedAt - timeline.capturedAt });
  }
  return picked;
}

function finishes(timeline: TradeTimeline): boolean {
  const last = (source: Source) => timeline.steps[source].at(-1)?.status;
  return last("delivery") === "delivered" || last("shop") === "cancelled";
}

/** The simulated order with a shop, items and currency of its own; its trading identifier unique by index. */
function varied(captured: CapturedOrder, index: number, random: () => number): CapturedOrder {
  const shop = Math.floor(random() * SHOPS.length);
  const origin = `https://shop-${shop}.example`;
  let pick = random();
  const money = CURRENCIES.find((entry) => (pick -= entry.share) < 0) ?? (CURRENCIES[0] as (typeof CURRENCIES)[number]);
  const items: OrderItem[] = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, n) => ({
    name: PRODUCTS[(index + n * 3) % PRODUCTS.length] as string,
    sku: `SKU-${(index + n) % 97}`,
    quantity: 1 + Math.floor(random() * 3),
    unitPrice: { minor: Math.round(money.price * (0.5 + random())), currency: money.currency },
  }));
  const total: Money = { currency: money.currency, minor: items.reduce((sum, item) => sum + item.quantity * (item.unitPrice?.minor ?? 0), 0) };
  const tradingId = `B-${index}`;
  return {
    ...captured,
    info: {
      ...captured.info,
      tradingId,
      shop: { name: SHOPS[shop] as string, origin },
      items,
      total,
      endpoints: { shop: `${origin}/tradewatch/status`, payment: "https://pay.example/tradewatch", delivery: "https://parcel.example/tradewatch" },
      pageUrl: `${origin}/order/${tradingId}`,
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What a source's endpoint answers about `trade` for one step of its timeline (the amount charged is the order's total). */
function reportOf(trade: Trade, source: Source, status: string, atMs: number, scheduledAt: number | null, completedAt: number | null): StatusReport {
  const common = {
    tradewatch: 1 as const,
    tradingId: trade.info.tradingId,
    asOf: iso(atMs),
    completedAt: completedAt === null ? null : iso(completedAt),
    scheduledAt: scheduledAt === null ? null : iso(scheduledAt),
    message: null,
  };
  switch (source) {
    case "shop":
      return { ...common, source, status: status as never, items: null, total: null, outcome: null, returns: null };
    case "payment":
      return { ...common, source, status: status as never, amountCharged: status === "settled" ? trade.info.total : null, charges: null, refunds: null };
    case "delivery": {
      const delivered = status === "delivered" ? trade.info.items.map(({ sku, name, quantity }) => ({ sku, name, quantity })) : null;
      return { ...common, source, status: status as never, itemsDelivered: delivered, trackingNumber: status === "pending" ? null : "1Z999AA10123456784", carrier: null };
    }
  }
}

/** The order as its confirmation page showed it, at the time it was placed. */
function capturedOf({ timeline, shiftMs }: Order): CapturedOrder {
  const shifted = (at: string | null) => (at === null ? null : iso(Date.parse(at) + shiftMs));
  const placedAt = iso(timeline.capturedAt + shiftMs);
  return {
    ...timeline.captured,
    info: { ...timeline.captured.info, orderDate: placedAt, capturedAt: placedAt },
    paymentDueAt: shifted(timeline.captured.paymentDueAt),
    expectedDeliveryAt: shifted(timeline.captured.expectedDeliveryAt),
  };
}

/**
 * The trade as it stands at `nowMs`: captured, then every step of its timeline until then merged
 * in the order they happened. Every 40th recent order was charged more than its total (a warning
 * left open), every 80th's warning acknowledged.
 */
function tradeAt(order: Order, index: number, nowMs: number): Trade {
  const { timeline, shiftMs } = order;
  const capturedAt = timeline.capturedAt + shiftMs;
  const steps = SOURCES.flatMap((source) => timeline.steps[source].map((step) => ({ source, step, at: step.at + shiftMs })))
    .filter(({ at }) => at <= nowMs)
    .sort((a, b) => a.at - b.at);
  const overcharged = index % 40 === 7 && nowMs - capturedAt < FINISHED_AFTER_MS;
  let trade = newTrade(capturedOf(order), iso(capturedAt));
  for (const { source, step, at } of steps) {
    const shift = (ms: number | null) => (ms === null ? null : ms + shiftMs);
    let report = reportOf(trade, source, step.status, at, shift(step.scheduledAt), shift(step.completedAt));
    if (overcharged && report.source === "payment" && report.amountCharged !== null) {
      report = { ...report, amountCharged: { ...report.amountCharged, minor: report.amountCharged.minor + 500 } };
    }
    trade = applyReport(trade, report, iso(at));
  }
  const warning = trade.warnings[0];
  if (index % 80 === 7 && warning !== undefined) trade = acknowledgeWarning(trade, warning.code, warning.source, iso(nowMs));
  return trade;
}

/** Writes `trades` as new ones, MAX_BATCH to a transaction (the poller's batch size). */
async function storeNew(trades: readonly Trade[], now: string): Promise<void> {
  for (let start = 0; start < trades.length; start += MAX_BATCH) {
    await writeLedger(async (tx) => {
      await Promise.all(trades.slice(start, start + MAX_BATCH).map((trade) => putTrade(tx, trade, null, now)));
    });
  }
}

async function clearLedger(): Promise<void> {
  await writeLedger(clearTrades);
}

/**
 * Deletes every trade and writes `count` realistic trades through the real write path
 * (batched): an order every 12 hours or so going back from now (so a hundred trades are the
 * last seven weeks and ten thousand some 14 years), in four currencies at eight shops; orders
 * older than 60 days finished, the recent ones at every stage, a few with a warning (one in
 * two of them acknowledged). Deterministic by seed, relative to the current time.
 */
export async function seedLedger(count: number, seed: number): Promise<void> {
  const nowMs = Date.now();
  const trades = orders(count, seed, nowMs).map((order, index) => tradeAt(order, index, nowMs));
  await clearLedger();
  await storeNew(trades, iso(nowMs));
}

export interface Throughput {
  updates: number;
  reconcileMs: number;
  rawPutMs: number;
  /** rawPutMs / reconcileMs: the share of the raw write throughput that reconciling reaches. */
  ratio: number;
}

/** The three updates of the benchmark, in rounds as polling brings them: the shop processing, the payment settled, the parcel on its way. */
const UPDATES: { source: Source; status: string }[] = [
  { source: "shop", status: "processing" },
  { source: "payment", status: "settled" },
  { source: "delivery", status: "in_transit" },
];

/**
 * `trades` freshly captured trades (stored first, not timed) × 3 status updates (shop, payment,
 * delivery) through the real reconcile path (applyReport) and the poller's batched write path
 * (updateTrades, MAX_BATCH answers a transaction) into the ledger; and a raw idb bulk put of the
 * same resulting records, batch by batch, into a fresh store shaped like the ledger's trades
 * store (its key and indexes, copied from it: any trade written there pays for them). Each raw
 * batch is timed right after its reconciled one, so that both see the same load on a busy
 * machine. Leaves the ledger holding those trades.
 */
export async function reconcileThroughput(trades: number, seed: number): Promise<Throughput> {
  const nowMs = Date.now();
  const captured = orders(trades, seed, nowMs).map((order) => newTrade(capturedOf(order), iso(nowMs)));
  await clearLedger();
  await storeNew(captured, iso(nowMs));
  const raw = await rawStore();
  let updates = 0;
  let reconcileMs = 0;
  let rawPutMs = 0;
  try {
    for (const [round, { source, status }] of UPDATES.entries()) {
      const at = nowMs + (round + 1) * HOUR_MS;
      for (let start = 0; start < captured.length; start += MAX_BATCH) {
        const batch = captured.slice(start, start + MAX_BATCH).map((trade) => ({
          id: trade.id,
          change: (stored: Trade) => applyReport(stored, reportOf(stored, source, status, at, null, null), iso(at)),
        }));
        let started = performance.now();
        const changed = await updateTrades(batch, iso(at));
        reconcileMs += performance.now() - started;
        updates += changed.length;
        started = performance.now();
        const tx = raw.transaction("trades", "readwrite");
        await Promise.all([...changed.map(({ after }) => tx.store.put(after)), tx.done]);
        rawPutMs += performance.now() - started;
      }
    }
  } finally {
    raw.close();
    await deleteDB(RAW_DB);
  }
  return { updates, reconcileMs, rawPutMs, ratio: rawPutMs / reconcileMs };
}

const RAW_DB = "tradewatch-bench-raw";

/** A scratch database with one empty store with the key and indexes of the ledger's trades store. */
async function rawStore(): Promise<IDBPDatabase> {
  const ledger = (await openTradeDb()).transaction("trades").store;
  const indexes = [...ledger.indexNames].map((name) => ledger.index(name));
  await deleteDB(RAW_DB);
  return openDB(RAW_DB, 1, {
    upgrade: (db) => {
      const store = db.createObjectStore("trades", { keyPath: ledger.keyPath });
      for (const { name, keyPath, unique, multiEntry } of indexes) store.createIndex(name, keyPath, { unique, multiEntry });
    },
  });
}
