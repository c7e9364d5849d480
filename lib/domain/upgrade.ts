import { advanceLifecycle, initialLifecycle } from "./lifecycle";
import { SOURCES } from "./types";
import type { Source, SourceState, Trade, TradingInfo } from "./types";

/** A trade as IndexedDB schema version 1 stored it, before the transaction manager. */
export type TradeV1 = Omit<Trade, "lifecycle" | "returns" | "disclosures" | "reorderOf" | "notice" | "info" | "processing"> & {
  info: Omit<TradingInfo, "commands" | "adapter" | "protocol">;
  processing: Record<Source, Omit<SourceState, "outcome">>;
};

/**
 * A version-1 trade as version 2 stores it (lib/db/schema.ts migration): no commands announced,
 * no shop outcome, no returns, disclosures or reorder link, and the lifecycle its statuses call
 * for — captured open at capture time and, when they make it final, moved there by "upgrade"
 * at the latest status time (or `now` when no source ever answered).
 */
export function upgradeTradeToV2(trade: TradeV1, now: string): Trade {
  const processing = {} as Record<Source, SourceState>;
  for (const source of SOURCES) processing[source] = { ...trade.processing[source], outcome: null };
  const upgraded: Trade = {
    ...trade,
    info: { ...trade.info, commands: null, adapter: "schema-org-json-ld", protocol: "tradewatch" },
    processing,
    lifecycle: initialLifecycle(trade.info.capturedAt),
    returns: [],
    disclosures: [],
    reorderOf: null,
    notice: null,
  };
  return advanceLifecycle(upgraded, latestStatusAt(upgraded) ?? now, "upgrade");
}

function latestStatusAt(trade: Trade): string | null {
  const times = SOURCES.map((source) => trade.processing[source].asOf).filter((asOf) => asOf !== null);
  return times.reduce<string | null>((latest, at) => (latest === null || Date.parse(at) > Date.parse(latest) ? at : latest), null);
}
