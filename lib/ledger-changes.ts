/**
 * The background tells open extension pages that the ledger changed, over a BroadcastChannel:
 * a module of its own, so that a page following the ledger does not load the code that writes it.
 */
const CHANNEL = "tradewatch-trades";

export function announceLedgerChange(): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage("changed");
  channel.close();
}

/** Extension pages call this to re-read the ledger whenever the background changed it. */
export function onLedgerChange(listener: () => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => listener();
  return () => channel.close();
}
