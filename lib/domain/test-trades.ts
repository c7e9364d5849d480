/**
 * Test support only: builders of plain domain data for the unit tests. Not used by the product.
 * Defaults describe one order of 3 × Green tea at €19.99 (total €59.97) with all three endpoints.
 */
import type { DeliveryReport, PaymentReport, ShopReport } from "../protocol/status-report";
import { advanceLifecycle, initialLifecycle } from "./lifecycle";
import { emptyState } from "./trade";
import { tradeKey } from "./trade-key";
import { COMMAND_NAMES, SOURCES } from "./types";
import type {
  CapturedOrder,
  CommandName,
  Disclosure,
  HistoryEntry,
  Lifecycle,
  ReturnRequest,
  ShopCommands,
  Source,
  SourceState,
  Trade,
  TradingInfo,
  Warning,
} from "./types";

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
    commands: null,
    adapter: "schema-org-json-ld",
    protocol: "tradewatch",
    pageUrl: `${ORIGIN}/order/confirmation`,
    capturedAt: ORDER_DATE,
    ...overrides,
  };
}

/** A shop's announced command endpoint; every command of the protocol unless told otherwise. */
export function shopCommands(supports: readonly CommandName[] = COMMAND_NAMES): ShopCommands {
  return { url: `${ORIGIN}/tradewatch/commands`, supports: [...supports] };
}

/** A return as requested: 1 × Green tea (GT-1), waiting for the shop's answer. */
export function aReturn(overrides: Partial<ReturnRequest> = {}): ReturnRequest {
  return {
    key: "return-key-0001",
    shopReturnId: null,
    requestedAt: NOW,
    items: [{ sku: "GT-1", name: "Green tea", quantity: 1 }],
    reason: "Too bitter",
    status: "requesting",
    refundDueBy: null,
    refundAmount: null,
    message: null,
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
  lifecycle?: Partial<Lifecycle>;
  returns?: ReturnRequest[];
  disclosures?: Disclosure[];
  reorderOf?: string | null;
  nextCheckAt?: string;
}

/**
 * A trade as stored, built directly (not through newTrade) so tests control every field. Without
 * a `lifecycle` override it is in the state its statuses call for, reached at capture.
 */
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
    lifecycle: { ...initialLifecycle(info.capturedAt), ...overrides.lifecycle },
    returns: overrides.returns ?? [],
    disclosures: overrides.disclosures ?? [],
    reorderOf: overrides.reorderOf ?? null,
    notice: null,
  };
  if (overrides.nextCheckAt !== undefined) trade.nextCheckAt = overrides.nextCheckAt;
  return overrides.lifecycle === undefined ? advanceLifecycle(trade, info.capturedAt, "status") : trade;
}

const reportCommon = {
  tradewatch: 1 as const,
  tradingId: "GL-1001",
  asOf: NOW,
  completedAt: null,
  scheduledAt: null,
  message: null,
};

export const GREEN_TEA = { sku: "GT-1", name: "Green tea" };
export const STONEWARE_MUG = { sku: null, name: "Stoneware mug" };

/** Ordered: 3 × Green tea in two lines, 1 × Stoneware mug (no sku); delivered and paid, so completed. */
export function aDeliveredOrder(overrides: TradeOverrides = {}): Trade {
  return aTrade({
    delivery: { status: "delivered" },
    payment: { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } },
    ...overrides,
    info: {
      commands: shopCommands(),
      items: [
        { ...GREEN_TEA, quantity: 2, unitPrice: null },
        { ...GREEN_TEA, quantity: 1, unitPrice: null },
        { ...STONEWARE_MUG, quantity: 1, unitPrice: null },
      ],
      ...overrides.info,
    },
  });
}

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
  return {
    ...reportCommon,
    source: "shop",
    status: "processing",
    items: null,
    total: null,
    outcome: null,
    returns: null,
    ...overrides,
  };
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
