import * as z from "zod";
import { SOURCES, type AnyStatus, type Money, type Source } from "../lib/domain/types";
import { moneySchema } from "../lib/protocol/status-report";

/**
 * The control interface of the reference servers (on the shop server): request bodies and
 * answers, shared by the server and the control client.
 */

export const FAULT_KINDS = ["none", "wrong-id", "malformed", "http-500", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Real milliseconds a "slow" answer waits when no delay is given: longer than a client should wait. */
export const DEFAULT_SLOW_MS = 15_000;

const isoDateTime = z.iso.datetime({ offset: true });

export const deliveredItemSchema = z.strictObject({
  sku: z.string().min(1).max(200),
  quantity: z.int().min(0).max(1_000_000),
});
export type DeliveredItem = z.infer<typeof deliveredItemSchema>;

/** One action on one order; `action` comes from the route, the rest from the JSON body. */
export const controlActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("authorize") }),
  z.strictObject({ action: z.literal("settle"), amount: moneySchema.optional() }),
  z.strictObject({ action: z.literal("fail-payment") }),
  z.strictObject({ action: z.literal("refund") }),
  z.strictObject({ action: z.literal("ship"), trackingNumber: z.string().min(1).max(100).optional() }),
  z.strictObject({ action: z.literal("deliver"), items: z.array(deliveredItemSchema).min(1).max(1000).optional() }),
  z.strictObject({ action: z.literal("return") }),
  z.strictObject({ action: z.literal("cancel") }),
  z.strictObject({ action: z.literal("schedule"), source: z.enum(SOURCES), scheduledAt: isoDateTime }),
  z
    .strictObject({
      action: z.literal("fault"),
      source: z.enum(SOURCES),
      kind: z.enum(FAULT_KINDS),
      delayMs: z.int().min(0).max(600_000).optional(),
    })
    .refine((body) => body.delayMs === undefined || body.kind === "slow", {
      error: "delayMs only applies to the slow fault",
      path: ["delayMs"],
    }),
]);
export type ControlAction = z.infer<typeof controlActionSchema>;
export type ControlActionName = ControlAction["action"];

export const CONTROL_ACTIONS: readonly ControlActionName[] = controlActionSchema.options.map(
  (option) => option.shape.action.value,
);

export const clockBodySchema = z.union([
  z.strictObject({ now: isoDateTime }),
  z.strictObject({ advanceMs: z.int().min(-1e12).max(1e12) }),
]);
export type ClockBody = z.infer<typeof clockBodySchema>;

/** One order as the control interface lists it: each server's current status (null: it has no record). */
export interface ControlOrder {
  tradingId: string;
  orderDate: string;
  total: Money;
  status: Record<Source, AnyStatus | null>;
  faults: Record<Source, FaultKind>;
}

export interface ClockAnswer {
  now: string;
}
