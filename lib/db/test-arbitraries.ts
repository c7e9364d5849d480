/**
 * Test support only: fast-check arbitraries of stored trades, a seeded generator of large
 * ledgers, and the run settings every *.fuzz.test.ts shares. CI runs a few hundred cases per
 * property with a fixed seed; `npm run fuzz` sets FUZZ_RUNS for a long run.
 */
import * as fc from "fast-check";
import { ADAPTER_IDS } from "../capture/adapters/types";
import { tradeKey } from "../domain/trade-key";
import {
  COMMAND_NAMES,
  DELIVERY_STATUSES,
  HISTORY_KINDS,
  INTENTS,
  PAYMENT_STATUSES,
  PERSONAL_FIELDS,
  RETURN_STATUSES,
  SHOP_OUTCOMES,
  SHOP_STATUSES,
  SOURCES,
  TRADE_STATES,
  WARNING_CODES,
  type Lifecycle,
  type Money,
  type OrderItem,
  type ReturnRequest,
  type SourceState,
  type Trade,
} from "../domain/types";
import type { StatusReportInput } from "../protocol/status-report";

export const FUZZ_SEED = 20261122;

/** Per-test time limit: generous for CI's few hundred runs, unbounded in practice for a long run. */
export const FUZZ_TIMEOUT_MS = process.env.FUZZ_RUNS ? 3_600_000 : 60_000;

/** fast-check parameters: the fixed seed, and `ciRuns` runs unless FUZZ_RUNS asks for more. */
export function fuzzParams(ciRuns = 200): { seed: number; numRuns: number } {
  const requested = Number(process.env.FUZZ_RUNS);
  return { seed: FUZZ_SEED, numRuns: Number.isSafeInteger(requested) && requested > 0 ? requested : ciRuns };
}

/** Text a hostile page or endpoint might send, mixed into generated strings. */
export const HOSTILE_TEXT = [
  '<img src=x onerror="globalThis.__twPwned=1" class="tw-injected">',
  "<script>globalThis.__twPwned=1</script>",
  "__proto__",
  "constructor",
  "\u202eevil\u202c",
  "\u0000",
  "'; DROP TABLE trades; --",
  "{{constructor.constructor('return 1')()}}",
];

export const textArb = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT.filter((s) => s.length >= minLength && s.length <= maxLength)) },
  );

export const instantArb: fc.Arbitrary<string> = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T23:59:59Z"), noInvalidDate: true })
  .map((date) => date.toISOString());

const CURRENCIES = ["EUR", "USD", "JPY", "GBP", "CHF", "BHD", "SEK"] as const;

export const moneyArb: fc.Arbitrary<Money> = fc.record({
  minor: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constant(0), fc.constant(Number.MAX_SAFE_INTEGER)),
  currency: fc.constantFrom(...CURRENCIES),
});

const originArb = fc.oneof(
  fc.domain().map((host) => `https://${host}`),
  fc.constantFrom("https://green-leaf.example", "http://127.0.0.1:4101", "https://xn--bcher-kva.example"),
);

const itemArb: fc.Arbitrary<OrderItem> = fc.record({
  name: textArb(40, 1),
  sku: fc.option(textArb(40)),
  quantity: fc.integer({ min: 1, max: 1_000_000 }),
  unitPrice: fc.option(moneyArb),
});

const endpointArb = fc.option(fc.webUrl({ validSchemes: ["https", "http"], withQueryParameters: true }));

function sourceStateArb(statuses: readonly string[]): fc.Arbitrary<SourceState> {
  const status = fc.constantFrom(...statuses) as fc.Arbitrary<SourceState["status"] & string>;
  return fc.record({
    status: fc.option(status),
    completedAt: fc.option(instantArb),
    scheduledAt: fc.option(instantArb),
    amountCharged: fc.option(moneyArb),
    itemsDelivered: fc.option(
      fc.array(fc.record({ sku: fc.option(textArb(40)), name: fc.option(textArb(80)), quantity: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 4 }),
    ),
    trackingNumber: fc.option(textArb(40)),
    asOf: fc.option(instantArb),
    lastCheckedAt: fc.option(instantArb),
    lastError: fc.option(fc.record({ message: textArb(80), at: instantArb })),
    foreignTradingId: fc.option(textArb(40, 1)),
    nextCheckAt: fc.option(instantArb),
    failures: fc.nat(50),
    unchanged: fc.nat(50),
    lastChangedAt: fc.option(instantArb),
    etag: fc.option(fc.string({ maxLength: 40 })),
    lastModified: fc.option(fc.constant("Wed, 21 Oct 2026 07:28:00 GMT")),
    charges: fc.option(fc.array(moneyArb, { maxLength: 3 })),
    refunds: fc.option(fc.array(fc.record({ amount: moneyArb, at: instantArb }), { maxLength: 3 })),
    reportedItems: fc.option(fc.array(itemArb, { maxLength: 3 })),
    reportedTotal: fc.option(moneyArb),
    carrier: fc.option(textArb(40)),
    regressedFrom: fc.option(status),
    outcome: fc.option(fc.constantFrom(...SHOP_OUTCOMES)),
  });
}

const commandsArb = fc.option(
  fc.record({
    url: fc.webUrl({ validSchemes: ["https"] }),
    supports: fc.uniqueArray(fc.constantFrom(...COMMAND_NAMES), { minLength: 1 }),
  }),
);

/** A lifecycle that ends where its last transition led, finalising with what it waits for. */
const lifecycleArb = (capturedAt: string): fc.Arbitrary<Lifecycle> =>
  fc.record({ state: fc.constantFrom(...TRADE_STATES), at: instantArb, overdue: fc.option(instantArb), intent: fc.constantFrom(...INTENTS), text: textArb(60) }).map(
    ({ state, at, overdue, intent, text }) => ({
      state,
      since: state === "open" ? capturedAt : at,
      pending: state === "finalising" ? { intent, by: "user", commandedAt: at, commandKey: "key-000001", collectiveId: null, deadline: at, resends: 0 } : null,
      overdueSince: state === "open" ? overdue : null,
      transitions: [
        { at: capturedAt, from: null, to: "open", cause: "captured", text: "Captured" },
        ...(state === "open" ? [] : [{ at, from: "open" as const, to: state, cause: "status" as const, text }]),
      ],
    }),
  );

const returnArb: fc.Arbitrary<ReturnRequest> = fc.record({
  key: fc.uuid(),
  shopReturnId: fc.option(textArb(20, 1)),
  requestedAt: instantArb,
  items: fc.array(fc.record({ sku: fc.option(textArb(40)), name: textArb(40, 1), quantity: fc.integer({ min: 1, max: 100 }) }), { minLength: 1, maxLength: 3 }),
  reason: textArb(80, 1),
  status: fc.constantFrom(...RETURN_STATUSES),
  refundDueBy: fc.option(instantArb),
  refundAmount: fc.option(moneyArb),
  message: fc.option(textArb(80)),
});

const sourceArb = fc.constantFrom(...SOURCES);
const warningCodeArb = fc.constantFrom(...WARNING_CODES);

/** A stored trade: every field as the domain writes it, id and nextCheckAt consistent. */
export const tradeArb: fc.Arbitrary<Trade> = fc
  .record({
    tradingId: textArb(60, 1),
    origin: originArb,
    shopName: textArb(80),
    orderDate: instantArb,
    items: fc.array(itemArb, { minLength: 1, maxLength: 5 }),
    total: moneyArb,
    endpoints: fc.record({ shop: endpointArb, payment: endpointArb, delivery: endpointArb }),
    path: fc.webPath(),
    capturedAt: instantArb,
    shop: sourceStateArb(SHOP_STATUSES),
    payment: sourceStateArb(PAYMENT_STATUSES),
    delivery: sourceStateArb(DELIVERY_STATUSES),
    warnings: fc.array(
      fc.record({ code: warningCodeArb, source: sourceArb, message: textArb(80, 1), firstSeenAt: instantArb, acknowledgedAt: fc.option(instantArb) }),
      { maxLength: 3 },
    ),
    history: fc.array(
      fc.record({ at: instantArb, kind: fc.constantFrom(...HISTORY_KINDS), source: fc.option(sourceArb), code: fc.option(warningCodeArb), text: textArb(80) }),
      { maxLength: 3 },
    ),
    commands: commandsArb,
    returns: fc.array(returnArb, { maxLength: 2 }),
    disclosures: fc.array(
      fc.record({
        at: instantArb,
        fields: fc.uniqueArray(fc.constantFrom(...PERSONAL_FIELDS), { minLength: 1 }),
        command: fc.constantFrom("confirm" as const, "commit" as const),
        collectiveId: fc.option(fc.uuid()),
      }),
      { maxLength: 2 },
    ),
    reorderOf: fc.option(textArb(60, 1)),
    adapter: fc.constantFrom(...ADAPTER_IDS),
    protocol: fc.constantFrom("tradewatch" as const, "vendure" as const),
    notice: fc.option(textArb(80, 1)),
  })
  .chain((r) => lifecycleArb(r.capturedAt).map((lifecycle) => ({ ...r, lifecycle })))
  .map((r) => {
    const trade: Trade = {
      id: tradeKey(r.origin, r.tradingId),
      info: {
        tradingId: r.tradingId,
        shop: { name: r.shopName, origin: r.origin },
        orderDate: r.orderDate,
        items: r.items,
        total: r.total,
        endpoints: r.endpoints,
        commands: r.commands,
        adapter: r.adapter,
        protocol: r.protocol,
        pageUrl: new URL(`${r.origin}${r.path}`).href,
        capturedAt: r.capturedAt,
      },
      processing: { shop: r.shop, payment: r.payment, delivery: r.delivery },
      warnings: r.warnings,
      history: r.history,
      lifecycle: r.lifecycle,
      returns: r.returns,
      disclosures: r.disclosures.map((d) => ({ ...d, to: r.origin })),
      reorderOf: r.reorderOf,
      notice: r.notice,
    };
    const earliest = SOURCES.map((source) => trade.processing[source].nextCheckAt)
      .filter((at): at is string => at !== null)
      .sort()[0];
    if (earliest !== undefined) trade.nextCheckAt = earliest;
    return trade;
  });

/**
 * Status documents as an endpoint writes them (before validation fills defaults): valid for
 * their source, about one of `tradingIds`, as of a time in `asOfs`' range.
 */
export function reportInputArb(
  tradingIds: readonly string[],
  asOf: fc.Arbitrary<string> = instantArb,
  money: fc.Arbitrary<Money> = moneyArb,
): fc.Arbitrary<StatusReportInput> {
  const common = {
    tradewatch: fc.constant(1 as const),
    tradingId: fc.constantFrom(...tradingIds),
    asOf,
    completedAt: fc.option(asOf),
    scheduledAt: fc.option(asOf),
    message: fc.option(textArb(100)),
  };
  const items = fc.array(itemArb, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    fc.record({ ...common, source: fc.constant("shop" as const), status: fc.constantFrom(...SHOP_STATUSES), items: fc.option(items), total: fc.option(money) }),
    fc.record({
      ...common,
      source: fc.constant("payment" as const),
      status: fc.constantFrom(...PAYMENT_STATUSES),
      amountCharged: fc.option(money),
      charges: fc.option(fc.array(money, { maxLength: 3 })),
      refunds: fc.option(fc.array(fc.record({ amount: money, at: asOf }), { maxLength: 2 })),
    }),
    fc.record({
      ...common,
      source: fc.constant("delivery" as const),
      status: fc.constantFrom(...DELIVERY_STATUSES),
      itemsDelivered: fc.option(fc.array(fc.record({ sku: fc.option(textArb(20)), name: fc.option(textArb(40)), quantity: fc.nat(5) }), { maxLength: 3 })),
      trackingNumber: fc.option(fc.oneof(textArb(30), fc.constantFrom("1Z999AA10123456784", "JD014600006281430913"))),
      carrier: fc.option(fc.oneof(textArb(30), fc.constantFrom("UPS", "DHL Express"))),
    }),
  );
}

/** `count` distinct trades, the same for the same seed (trading ids are made unique by their index). */
export function generateLedger(count: number, seed = FUZZ_SEED): Trade[] {
  return fc.sample(tradeArb, { numRuns: count, seed }).map((trade, index) => {
    const tradingId = `${trade.info.tradingId.slice(0, 50)} #${index}`;
    return { ...trade, id: tradeKey(trade.info.shop.origin, tradingId), info: { ...trade.info, tradingId } };
  });
}
