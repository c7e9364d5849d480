import { COMMAND_NAMES, SOURCES, type CommandName, type Source } from "../lib/domain/types";
import type { CommandCounts, RequestCounts, StatusStats } from "./control-api";

/**
 * Counts the status requests the servers received, per source and trading identifier, so
 * an end-to-end test or a benchmark can show how many requests a client made and how many
 * of them its validators turned into `304 Not Modified`; and the command requests, per
 * command and idempotency key, so a test can tell a command sent once from one sent again.
 */
export class RequestStats {
  private readonly byOrder = new Map<string, Record<Source, RequestCounts>>();
  private readonly commands = Object.fromEntries(COMMAND_NAMES.map((name) => [name, noCommands()])) as Record<CommandName, CommandCounts>;

  /** A status request about `tradingId` arrived at `source`. */
  request(source: Source, tradingId: string): void {
    this.countsOf(tradingId)[source].requests += 1;
  }

  /** That request was answered `304 Not Modified`. */
  notModified(source: Source, tradingId: string): void {
    this.countsOf(tradingId)[source].notModified += 1;
  }

  /** A valid command request arrived; `answer` says how it was answered. */
  command(command: CommandName, key: string, answer: "answered" | "replayed" | "failed"): void {
    const counts = this.commands[command];
    counts.received += 1;
    if (answer === "replayed") counts.replayed += 1;
    if (answer === "failed") counts.failed += 1;
    counts.byKey[key] = (counts.byKey[key] ?? 0) + 1;
  }

  snapshot(): StatusStats {
    const total = zero();
    const bySource = perSource();
    const byOrder: StatusStats["byOrder"] = {};
    for (const [tradingId, counts] of this.byOrder) {
      byOrder[tradingId] = structuredClone(counts);
      for (const source of SOURCES) {
        add(total, counts[source]);
        add(bySource[source], counts[source]);
      }
    }
    return { total, bySource, byOrder, commands: structuredClone(this.commands) };
  }

  private countsOf(tradingId: string): Record<Source, RequestCounts> {
    let counts = this.byOrder.get(tradingId);
    if (counts === undefined) {
      counts = perSource();
      this.byOrder.set(tradingId, counts);
    }
    return counts;
  }
}

function zero(): RequestCounts {
  return { requests: 0, notModified: 0 };
}

function perSource(): Record<Source, RequestCounts> {
  return { shop: zero(), payment: zero(), delivery: zero() };
}

function add(into: RequestCounts, counts: RequestCounts): void {
  into.requests += counts.requests;
  into.notModified += counts.notModified;
}

function noCommands(): CommandCounts {
  return { received: 0, replayed: 0, failed: 0, byKey: {} };
}
