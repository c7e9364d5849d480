import type {
  AnyStatus,
  ChangeKind,
  DeliveryStatus,
  PaymentStatus,
  PersonalField,
  ReturnStatus,
  Severity,
  ShopStatus,
  Source,
  TradeState,
} from "../lib/domain/types";
import { listFormat, numberFormat } from "../lib/domain/intl-cache";
import type { MessageKey } from "../lib/i18n/catalog";
import { t, uiLocale } from "../lib/i18n/t";
import type { LimitPeriod } from "../lib/settings/schema";

// Words are looked up when shown, never at import: the messages come from the browser at run time.

const SOURCE_KEYS: Record<Source, MessageKey> = {
  shop: "label_sourceShop",
  payment: "label_sourcePayment",
  delivery: "label_sourceDelivery",
};

export function sourceLabel(source: Source): string {
  return t(SOURCE_KEYS[source]);
}

// One table per source: "pending" and "delivered" mean different things to different sources.
const SHOP_KEYS: Record<ShopStatus, MessageKey> = {
  received: "label_shopReceived",
  processing: "label_shopProcessing",
  shipped: "label_shopShipped",
  delivered: "label_shopDelivered",
  cancelled: "label_shopCancelled",
};

const PAYMENT_KEYS: Record<PaymentStatus, MessageKey> = {
  pending: "label_paymentPending",
  authorized: "label_paymentAuthorized",
  settled: "label_paymentSettled",
  failed: "label_paymentFailed",
  refunded: "label_paymentRefunded",
};

const DELIVERY_KEYS: Record<DeliveryStatus, MessageKey> = {
  pending: "label_deliveryPending",
  in_transit: "label_deliveryInTransit",
  delivered: "label_deliveryDelivered",
  returned: "label_deliveryReturned",
};

const STATUS_KEYS: Record<Source, Partial<Record<AnyStatus, MessageKey>>> = {
  shop: SHOP_KEYS,
  payment: PAYMENT_KEYS,
  delivery: DELIVERY_KEYS,
};

/** Words for a source's status; null means the source has not answered yet, or cannot be asked at all. */
export function statusLabel(source: Source, status: AnyStatus | null, hasEndpoint: boolean): string {
  if (status === null) return t(hasEndpoint ? "label_statusNotAsked" : "label_statusNoAddress");
  const key = STATUS_KEYS[source][status];
  // A status from another source's vocabulary is a stored-data slip; showing the raw word beats hiding it.
  return key === undefined ? status : t(key);
}

/** How a status chip is styled; the chip always carries its words too. */
export type StatusTone = "done" | "progress" | "attention" | "none";

const ATTENTION: ReadonlySet<AnyStatus> = new Set<AnyStatus>(["cancelled", "failed", "refunded", "returned"]);
const DONE: ReadonlySet<AnyStatus> = new Set<AnyStatus>(["delivered", "settled"]);

export function statusTone(status: AnyStatus | null): StatusTone {
  if (status === null) return "none";
  if (ATTENTION.has(status)) return "attention";
  return DONE.has(status) ? "done" : "progress";
}

const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  critical: "label_severityCritical",
  warning: "label_severityWarning",
  notice: "label_severityNotice",
};

/** Severity in words, so a warning's weight never rests on its colour alone. */
export function severityLabel(severity: Severity): string {
  return t(SEVERITY_KEYS[severity]);
}

const PERIOD_KEYS: Record<LimitPeriod, MessageKey> = {
  none: "label_periodNone",
  "calendar-month": "label_periodCalendarMonth",
  "rolling-30-days": "label_periodRolling30Days",
  "calendar-week": "label_periodCalendarWeek",
};

/** A limit's period as the options page offers it. */
export function periodLabel(period: LimitPeriod): string {
  return t(PERIOD_KEYS[period]);
}

const TRADE_STATE_KEYS: Record<TradeState, MessageKey> = {
  open: "label_stateOpen",
  finalising: "label_stateFinalising",
  completed: "label_stateCompleted",
  failed: "label_stateFailed",
};

/** The four lifecycle states (seed 000 claim 1) as the trade card's chip says them. */
export function tradeStateLabel(state: TradeState): string {
  return t(TRADE_STATE_KEYS[state]);
}

export const TRADE_STATE_TONES: Record<TradeState, StatusTone> = {
  open: "none",
  finalising: "progress",
  completed: "done",
  failed: "attention",
};

const RETURN_STATUS_KEYS: Record<ReturnStatus, MessageKey> = {
  requesting: "label_returnRequesting",
  accepted: "label_returnAccepted",
  refused: "label_returnRefused",
  received: "label_returnReceived",
  refunded: "label_returnRefunded",
  failed: "label_returnFailed",
};

export function returnStatusLabel(status: ReturnStatus): string {
  return t(RETURN_STATUS_KEYS[status]);
}

export const RETURN_STATUS_TONES: Record<ReturnStatus, StatusTone> = {
  requesting: "progress",
  accepted: "progress",
  refused: "attention",
  received: "progress",
  refunded: "done",
  failed: "attention",
};

const PERSONAL_FIELD_KEYS: Record<PersonalField, MessageKey> = {
  name: "label_fieldName",
  address: "label_fieldAddress",
  email: "label_fieldEmail",
};

/** A personal detail as it reads inside a sentence ("name", "e-mail"). */
export function personalFieldLabel(field: PersonalField): string {
  return t(PERSONAL_FIELD_KEYS[field]);
}

const CHANGE_KIND_KEYS: Record<ChangeKind, MessageKey> = {
  warning: "label_changeWarning",
  failed: "label_changeFailed",
  completed: "label_changeCompleted",
  delivered: "label_changeDelivered",
  settled: "label_changeSettled",
  refunded: "label_changeRefunded",
  returned: "label_changeReturned",
};

/** "Since your last visit" groups, in the order they are listed. */
export const LISTED_CHANGE_KINDS = Object.keys(CHANGE_KIND_KEYS) as ChangeKind[];

export function changeKindLabel(kind: ChangeKind): string {
  return t(CHANGE_KIND_KEYS[kind]);
}

/** A count or quantity with the UI language's digits and grouping ("1,234", "1.234"). */
export function formatNumber(value: number): string {
  return numberFormat(uiLocale(), {}).format(value);
}

/** "a, b and c", "a, b or c", or a plain "a, b, c", in the words and punctuation of the UI's language. */
export function listOf(words: readonly string[], kind: "and" | "or" | "unit" = "and"): string {
  const type = kind === "and" ? "conjunction" : kind === "or" ? "disjunction" : "unit";
  return listFormat(uiLocale(), { type, style: kind === "unit" ? "short" : "long" }).format(words);
}

// A private-use character: no message or substitution contains it.
const SLOT = "\u{E000}";

/** A message whose one placeholder is an element (a button, a link): its text before and after the element. */
export function textAround(key: MessageKey): [before: string, after: string] {
  const [before = "", after = ""] = t(key, SLOT).split(SLOT);
  return [before, after];
}
