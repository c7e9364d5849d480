/**
 * Test support only: builders of plain domain data for the unit tests. Not used by the product.
 * Defaults describe one order of 3 × Green tea at €19.99 (total €59.97) with all three endpoints.
 */
import type { DeliveryReport, PaymentReport, ShopReport } from "../protocol/status-report";
import { emptyState, tradeKey } from "./trade";
import { SOURCES } from "./types";
import type { CapturedOrder, HistoryEntry, Source, SourceState, Trade, TradingInfo, Warning } from "./types";

/** The clock of most tests. */
export const NOW = "2026-11-20T10:00:00.000Z";
export const ORDER_DATE = "2026-11-16T09:30:00.000Z";
export const ORIGIN = "https://green-leaf.example";

export function aTradingInfo(overrides: Partial<TradingInfo> = {}): TradingInfo {
  return {
    tradingId: "GL-1001",
    shop: { name: "Green Leaf Tea", origin: ORIGIN },
    orderDate: ORDER_DATE,
    items: [{ name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: { minor: 1999, currency: "EUR" } }],
    total: { minor: 5997, currency: "EUR" },
    endpoints: {
      shop: `${ORIGIN}/tradewatch/shop`,
      payment: "https://pay.example/tradewatch",
      delivery: "https://parcel.example/tradewatch",
    },
    pageUrl: `${ORIGIN}/order/confirmation`,
    capturedAt: ORDER_DATE,
    ...overrides,
  };
}

export function aCapturedOrder(
  overrides: Partial<Omit<CapturedOrder, "info">> & { info?: Partial<TradingInfo> } = {},
): CapturedOrder {
  return {
    paymentDueAt: null,
    expectedDeliveryAt: null,
    ...overrides,
    info: aTradingInfo(overrides.info),
  };
}

export function aSourceState(overrides: Partial<SourceState> = {}): SourceState {
  return { ...emptyState(null, null), ...overrides };
}

export interface TradeOverrides {
  info?: Partial<TradingInfo>;
  shop?: Partial<SourceState>;
  payment?: Partial<SourceState>;
  delivery?: Partial<SourceState>;
  warnings?: Warning[];
  history?: HistoryEntry[];
  nextCheckAt?: string;
}

/** A trade as stored, built directly (not through newTrade) so tests control every field. */
export function aTrade(overrides: TradeOverrides = {}): Trade {
  const info = aTradingInfo(overrides.info);
  const processing = {} as Record<Source, SourceState>;
  for (const source of SOURCES) processing[source] = aSourceState(overrides[source]);
  const trade: Trade = {
    id: tradeKey(info.shop.origin, info.tradingId),
    info,
    processing,
    warnings: overrides.warnings ?? [],
    history: overrides.history ?? [],
  };
  if (overrides.nextCheckAt !== undefined) trade.nextCheckAt = overrides.nextCheckAt;
  return trade;
}

const reportCommon = {
  tradewatch: 1 as const,
  tradingId: "GL-1001",
  asOf: NOW,
  completedAt: null,
  scheduledAt: null,
  message: null,
};

/** A warning as stored: first seen at NOW, not acknowledged. */
export function aWarning(overrides: Partial<Warning> = {}): Warning {
  return {
    code: "payment-overdue",
    source: "payment",
    message: "Payment was due on 19 Nov 2026 and is still pending",
    firstSeenAt: NOW,
    acknowledgedAt: null,
    ...overrides,
  };
}

export function aShopReport(overrides: Partial<ShopReport> = {}): ShopReport {
  return { ...reportCommon, source: "shop", status: "processing", items: null, total: null, ...overrides };
}

export function aPaymentReport(overrides: Partial<PaymentReport> = {}): PaymentReport {
  return {
    ...reportCommon,
    source: "payment",
    status: "authorized",
    amountCharged: null,
    charges: null,
    refunds: null,
    ...overrides,
  };
}

export function aDeliveryReport(overrides: Partial<DeliveryReport> = {}): DeliveryReport {
  return {
    ...reportCommon,
    source: "delivery",
    status: "in_transit",
    itemsDelivered: null,
    trackingNumber: null,
    carrier: null,
    ...overrides,
  };
}

/** `iso` moved by whole minutes, as the ISO string the domain writes. */
export function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}
