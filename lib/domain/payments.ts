import { sumByCurrency } from "./money";
import { isCancelled } from "./views";
import type { Money, SourceState, Trade } from "./types";

/**
 * The sum of the amounts in one currency, ignoring the others; null when it is past what
 * integers hold exactly, as no inexact sum may raise or silence a warning.
 */
export function sumIn(currency: string, amounts: readonly Money[]): number | null {
  const sum = amounts.reduce((total, amount) => (amount.currency === currency ? total + amount.minor : total), 0);
  return Number.isSafeInteger(sum) ? sum : null;
}

/** The sum of the charges; null without any, or when they mix currencies (no sum to compare then). */
export function chargedInAll(charges: readonly Money[] | null): Money | null {
  if (charges === null || charges.length === 0) return null;
  const sums = sumByCurrency(charges);
  const sum = sums.length === 1 ? sums[0] : undefined;
  // A sum past what integers hold exactly is no amount to compare or store.
  return sum !== undefined && Number.isSafeInteger(sum.minor) ? sum : null;
}

/** What was charged, one entry per charge: the charges the payment service lists, otherwise the amount charged. */
export function chargesTaken(payment: SourceState): Money[] {
  if (payment.charges !== null && payment.charges.length > 0) return payment.charges;
  return payment.amountCharged === null ? [] : [payment.amountCharged];
}

/**
 * What was paid in `currency` (the order's): the charges in it when the payment service lists
 * them, otherwise the amount charged once the payment settled (or was refunded after settling).
 * Charges in other currencies cannot be added to it (currencyMismatch warns about them). Null
 * when nothing is known to be paid in it.
 */
export function amountPaid(payment: SourceState, currency: string): Money | null {
  const listed = payment.charges !== null && payment.charges.length > 0;
  if (!listed && payment.status !== "settled" && payment.status !== "refunded") return null;
  const taken = chargesTaken(payment);
  return chargedInAll(taken.filter((amount) => amount.currency === currency));
}

/**
 * What was paid back, in the currency paid; "refunded" without itemised refunds means all of
 * it. Null when the refunds add up past what integers hold exactly.
 */
export function amountRefunded(payment: SourceState, paid: Money): number | null {
  if (payment.refunds === null) return payment.status === "refunded" ? paid.minor : 0;
  return sumIn(paid.currency, payment.refunds.map((refund) => refund.amount));
}

/**
 * Money is owed back: the order was cancelled or the parcel returned, and less was refunded
 * than was paid. Until then the payment service still has something to say.
 */
export function refundOwed(trade: Trade): boolean {
  const { delivery, payment } = trade.processing;
  if (!isCancelled(trade) && delivery.status !== "returned") return false;
  const paid = amountPaid(payment, trade.info.total.currency);
  if (paid === null) return false;
  const refunded = amountRefunded(payment, paid);
  // Refunds past an exact sum are more than any amount paid, so nothing is owed.
  return refunded !== null && refunded < paid.minor;
}
