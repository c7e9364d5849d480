import * as z from "zod";
import { moneySchema } from "../protocol/status-report";

/** Settings as stored in extension storage. Bump `version` with a migration step, never in place. */
export const SETTINGS_VERSION = 1;

export const settingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  /** Spending limit on the unsettled total, one per currency (seed 002 claim 8). */
  limits: z
    .array(moneySchema)
    .max(200)
    .refine((limits) => new Set(limits.map((l) => l.currency)).size === limits.length, {
      error: "Each currency can have only one limit.",
    }),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { version: SETTINGS_VERSION, limits: [] };
