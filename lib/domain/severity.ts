import type { Severity, WarningCode } from "./types";

/** Money at risk is critical; something to look at is a warning; a quiet source is only a notice. */
export const SEVERITY: Record<WarningCode, Severity> = {
  "trading-id-mismatch": "critical",
  "amount-mismatch": "critical",
  "currency-mismatch": "critical",
  "charged-twice": "critical",
  "refund-missing": "critical",
  "refund-short": "critical",
  "refund-above-paid": "critical",
  "shipped-but-declined": "critical",
  "delivered-but-cancelled": "critical",
  "return-refund-overdue": "critical",
  "quantity-mismatch": "warning",
  "unordered-items": "warning",
  "contents-changed": "warning",
  "payment-overdue": "warning",
  "delivery-overdue": "warning",
  "paid-not-shipped": "warning",
  "status-backwards": "warning",
  "tracking-invalid": "warning",
  stale: "notice",
};
