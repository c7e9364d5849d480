import { sumByCurrency } from "../lib/domain/money";
import type { Money } from "../lib/domain/types";
import type { PaymentState } from "./store";

/** How a payment record changes: shared by the control actions and the shop's instructions to the payment server. */

export function settled(state: PaymentState, amount: Money, at: string): PaymentState {
  return { ...state, status: "settled", completedAt: at, amountCharged: amount, charges: [...(state.charges ?? []), amount], message: null };
}

/**
 * Pays back `amount`, or by default everything paid and not yet refunded (one refund per
 * currency); null when there is nothing left to pay back. The payment is "refunded" only
 * once the refunds cover every charge.
 */
export function refunded(state: PaymentState, amount: Money | undefined, at: string): PaymentState | null {
  const paid = sumByCurrency(state.charges ?? []);
  const before = state.refunds ?? [];
  const amounts = amount === undefined ? outstanding(paid, before.map((r) => r.amount)) : [amount];
  if (amounts.length === 0) return null;
  const refunds = [...before, ...amounts.map((back) => ({ amount: back, at }))];
  const covered = outstanding(paid, refunds.map((r) => r.amount)).length === 0;
  return { ...state, status: paid.length > 0 && covered ? "refunded" : state.status, refunds, message: null };
}

/** What of `paid` the `refunded` amounts do not cover yet, per currency. */
function outstanding(paid: readonly Money[], back: readonly Money[]): Money[] {
  const sums = sumByCurrency(back);
  return paid
    .map(({ minor, currency }) => ({ minor: minor - (sums.find((r) => r.currency === currency)?.minor ?? 0), currency }))
    .filter((money) => money.minor > 0);
}
