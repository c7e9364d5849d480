import { sumByCurrency } from "./money";
import type { Money, SourceState, Trade } from "./types";

/** The sum of the amounts in one currency, ignoring the others. */
export function sumIn(currency: string, amounts: readonly Money[]): number {
  return amounts.reduce((sum, amount) => (amount.currency === currency ? sum + amount.minor : sum), 0);
}

/** The sum of the charges; null without any, or when they mix currencies (no sum to compare then). */
export function chargedInAll(charges: readonly Money[] | null): Money | null {
  if (charges === null || charges.length === 0) return null;
  const sums = sumByCurrency(charges);
  const sum = sums.length === 1 ? sums[0] : undefined;
  // A sum past what integers hold exactly is no amount to compare or store.
  return sum !== undefined && Number.isSafeInteger(sum.minor) ? sum : null;
}

/**
 * What was paid: the sum of the charges when the payment service lists them, otherwise the
 * amount charged once the payment settled (or was refunded after settling). Null when
 * nothing is known to be paid.
 */
export function amountPaid(payment: SourceState): Money | null {
  if (payment.charges !== null && payment.charges.length > 0) return chargedInAll(payment.charges);
  if (payment.status === "settled" || payment.status === "refunded") return payment.amountCharged;
  return null;
}

/** What was paid back, in the currency paid; "refunded" without itemised refunds means all of it. */
export function amountRefunded(payment: SourceState, paid: Money): number {
  if (payment.refunds === null) return payment.status === "refunded" ? paid.minor : 0;
  return sumIn(paid.currency, payment.refunds.map((refund) => refund.amount));
}

/**
 * Money is owed back: the order was cancelled or the parcel returned, and less was refunded
 * than was paid. Until then the payment service still has something to say.
 */
export function refundOwed(trade: Trade): boolean {
  const { shop, delivery, payment } = trade.processing;
  if (shop.status !== "cancelled" && delivery.status !== "returned") return false;
  const paid = amountPaid(payment);
  return paid !== null && amountRefunded(payment, paid) < paid.minor;
}
