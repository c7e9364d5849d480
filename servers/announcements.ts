import { unitHash } from "../lib/domain/schedule";
import { deliveryDay as deliveryDayOf, FIRST_SLOT_HOUR, pickupSlot as pickupOf, SLOT_MS, SLOT_STARTS } from "../lib/domain/simulation";
import { isFinalStatus } from "../lib/domain/views";
import type { Source } from "../lib/domain/types";
import type { SourceRecordState } from "./store";

/**
 * What the reference servers announce about their next status change (docs/protocol.md,
 * `nextChange`), as real shops and carriers do: the shop the carrier's daily pickup once the
 * order is paid, the carrier the day of delivery at the pickup scan, narrowed to a one-hour slot
 * on that morning (as DPD's Predict does). They are promises: the control panel may ship or
 * deliver at any other time, and then the announcement was wrong. Times are UTC.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The carrier names the hour of delivery at this time that morning. */
const SLOT_ANNOUNCED_HOUR = 7;

export interface Window {
  from: string;
  until: string;
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const isoWindow = ({ from, until }: { from: number; until: number }): Window => ({
  from: new Date(from).toISOString(),
  until: new Date(until).toISOString(),
});

/** The shop's "ships between": the pickup an order paid at `paidAt` leaves with. */
export function pickupSlot(paidAt: number): Window {
  return isoWindow(pickupOf(paidAt));
}

/** The carrier's day of delivery, announced at the pickup scan at `scannedAt`: the next day. */
export function deliveryDay(scannedAt: number): Window {
  return isoWindow(deliveryDayOf(dayOf(scannedAt) + DAY_MS));
}

/**
 * The state a source reports as of `at`, with its announcement as it stands then: none once its
 * status is reached or the source is final; a carrier's day narrowed to its hour from that
 * morning on (the hour follows from the trading identifier, so it does not move). `changedAt` is
 * when the report last changed: the state's own time, or the morning the hour was announced.
 */
export function announced<S extends SourceRecordState>(
  source: Source,
  tradingId: string,
  state: S,
  stateAt: number,
  at: number,
): { state: S; changedAt: number } {
  const next = state.nextChange ?? null;
  if (next === null) return { state, changedAt: stateAt };
  if (next.status === state.status || isFinalStatus(source, state.status)) return { state: { ...state, nextChange: null }, changedAt: stateAt };
  const day = dayOf(Date.parse(next.from));
  const morning = day + SLOT_ANNOUNCED_HOUR * HOUR_MS;
  if (source !== "delivery" || at < morning) return { state, changedAt: stateAt };
  // The suffix spreads identifiers that differ only in their last digit over the hours.
  const from = day + (FIRST_SLOT_HOUR + Math.floor(unitHash(`${tradingId}|delivery hour`) * SLOT_STARTS)) * HOUR_MS;
  const slot = isoWindow({ from, until: from + SLOT_MS });
  return { state: { ...state, nextChange: { ...next, ...slot } }, changedAt: Math.max(stateAt, morning) };
}
