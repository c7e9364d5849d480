/** Primary key of a trade: two shops may reuse the same trading identifier. */
export function tradeKey(origin: string, tradingId: string): string {
  return `${origin} ${tradingId}`;
}
